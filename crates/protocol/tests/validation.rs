//! Namespace normalisation and event-name checks, with the messages PHP users will see.

use socketio_protocol::namespace::normalize;
use socketio_protocol::validate::{event_name, server_side_event_name};
use socketio_protocol::ProtocolError;

#[test]
fn namespaces_get_a_leading_slash() {
    assert_eq!(normalize("").unwrap(), "/");
    assert_eq!(normalize("/").unwrap(), "/");
    assert_eq!(normalize("admin").unwrap(), "/admin");
    assert_eq!(normalize("/admin").unwrap(), "/admin");
    assert_eq!(normalize("a/b").unwrap(), "/a/b");
    assert_eq!(normalize("//x").unwrap(), "//x");
    assert_eq!(normalize("é").unwrap(), "/é");
}

#[test]
fn namespace_with_comma_is_refused() {
    let err = normalize("a,b").unwrap_err();
    assert_eq!(err, ProtocolError::InvalidNamespace(r#"namespace "a,b" must not contain ",""#.into()));
    assert_eq!(err.to_string(), r#"namespace "a,b" must not contain ",""#);
    assert!(matches!(normalize("/x,"), Err(ProtocolError::InvalidNamespace(_))));
    assert!(matches!(normalize(","), Err(ProtocolError::InvalidNamespace(_))));
}

/// `check` refuses the empty name and each of `reserved`, with the messages PHP users see.
fn assert_refuses(check: fn(&str) -> Result<(), ProtocolError>, reserved: &[&str]) {
    assert_eq!(check(""), Err(ProtocolError::InvalidEvent("event name must not be empty".into())));
    for name in reserved {
        assert_eq!(
            check(name),
            Err(ProtocolError::InvalidEvent(format!("\"{name}\" is a reserved event name"))),
            "{name}"
        );
    }
}

const SOCKET_RESERVED: [&str; 6] =
    ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

#[test]
fn emit_event_names() {
    for ok in ["hi", "connection", "new_namespace", "Connect", "connect ", "message", "é"] {
        assert_eq!(event_name(ok), Ok(()), "{ok}");
    }
    assert_refuses(event_name, &SOCKET_RESERVED);
    assert_eq!(event_name("connect").unwrap_err().to_string(), r#""connect" is a reserved event name"#);
}

#[test]
fn server_side_event_names() {
    for ok in ["hello", "Connection", "message"] {
        assert_eq!(server_side_event_name(ok), Ok(()), "{ok}");
    }
    assert_refuses(server_side_event_name, &SOCKET_RESERVED);
    assert_refuses(server_side_event_name, &["connection", "new_namespace"]);
}
