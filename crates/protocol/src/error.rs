//! Errors for input the protocol cannot carry. Messages are shown to PHP users verbatim.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    /// Event name is empty or one the server reserves; the string says which and why.
    InvalidEvent(String),
    /// Namespace that no server can listen on (e.g. contains ',').
    InvalidNamespace(String),
    /// A value or payload over what msgpack or Redis can carry (see [`crate::limits`]).
    TooLarge(String),
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProtocolError::InvalidEvent(m) | ProtocolError::InvalidNamespace(m) | ProtocolError::TooLarge(m) => {
                f.write_str(m)
            }
        }
    }
}

impl std::error::Error for ProtocolError {}
