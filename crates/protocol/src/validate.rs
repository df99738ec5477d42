//! Event names the servers would misread.
use crate::ProtocolError;

/// Names a `Socket` (and so every client-bound emit) reserves: a server would treat an incoming
/// event of that name as its own lifecycle signal. Same list as the official emitter refuses.
const RESERVED_SOCKET_EVENTS: [&str; 6] =
    ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

/// What a `Namespace` additionally fires itself; a serverSideEmit of one of these would reach
/// server listeners that expect a socket or namespace object as argument.
const RESERVED_NAMESPACE_EVENTS: [&str; 2] = ["connection", "new_namespace"];

/// For `emit()`: non-empty, not one of connect, connect_error, disconnect, disconnecting,
/// newListener, removeListener.
pub fn event_name(event: &str) -> Result<(), ProtocolError> {
    check(event, &[&RESERVED_SOCKET_EVENTS])
}

/// For `serverSideEmit()`: the above plus the namespace's own events (connection, new_namespace).
pub fn server_side_event_name(event: &str) -> Result<(), ProtocolError> {
    check(event, &[&RESERVED_SOCKET_EVENTS, &RESERVED_NAMESPACE_EVENTS])
}

fn check(event: &str, reserved: &[&[&str]]) -> Result<(), ProtocolError> {
    if event.is_empty() {
        return Err(ProtocolError::InvalidEvent("event name must not be empty".to_owned()));
    }
    if reserved.iter().any(|list| list.contains(&event)) {
        return Err(ProtocolError::InvalidEvent(format!("\"{event}\" is a reserved event name")));
    }
    Ok(())
}
