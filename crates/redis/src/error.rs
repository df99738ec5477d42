//! Connection-layer errors. Messages are shown to PHP users and never contain a password.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad URL or option.
    Config,
    /// Could not connect (refused, unreachable, DNS, TLS handshake, connect timeout).
    Connect,
    /// Failing fast: a connect to this target failed less than `backoff` ago.
    Backoff,
    /// AUTH refused.
    Auth,
    /// Read/write timed out or the socket broke mid-command.
    Io,
    /// Redis answered with an error (e.g. CLUSTERDOWN) or something unparseable.
    Server,
    /// `max_connections` reached.
    Limit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisError {
    pub kind: ErrorKind,
    pub message: String,
}

impl RedisError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        RedisError { kind, message: message.into() }
    }
}

impl std::fmt::Display for RedisError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.message) }
}

impl std::error::Error for RedisError {}
