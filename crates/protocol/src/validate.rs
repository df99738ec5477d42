//! Event names the servers would misread.
use crate::ProtocolError;

/// For `emit()`: non-empty, not one of connect, connect_error, disconnect, disconnecting,
/// newListener, removeListener.
pub fn event_name(event: &str) -> Result<(), ProtocolError> { todo!() }
/// For `serverSideEmit()`: the above plus the namespace's own events (connection, new_namespace).
pub fn server_side_event_name(event: &str) -> Result<(), ProtocolError> { todo!() }
