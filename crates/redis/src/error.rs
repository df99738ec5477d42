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
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RedisError {}

impl RedisError {
    /// An error reply (`-ERR …`, `-NOAUTH …`) to a command sent to `server` (a description
    /// without secrets). Authentication problems get their own kind so that users can tell a
    /// configuration mistake from a failing server.
    pub fn from_reply(server: &str, reply: &str) -> RedisError {
        let code = reply.split(' ').next().unwrap_or("");
        match code {
            "NOAUTH" => RedisError::new(
                ErrorKind::Auth,
                format!(
                    "authentication required by {server}: {reply} (give a password in the URL or the password option)"
                ),
            ),
            "WRONGPASS" => RedisError::new(ErrorKind::Auth, format!("authentication failed for {server}: {reply}")),
            _ => RedisError::new(ErrorKind::Server, format!("{server} replied: {reply}")),
        }
    }
}

/// `1s`, `0.2s`, `1.5s`, `0.001s`: durations as users write them in php.ini.
pub fn fmt_secs(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        return format!("{}s", ms / 1000);
    }
    let frac = format!("{:03}", ms % 1000);
    format!("{}.{}s", ms / 1000, frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn seconds_as_written_in_php_ini() {
        assert_eq!(fmt_secs(Duration::from_secs(1)), "1s");
        assert_eq!(fmt_secs(Duration::from_millis(200)), "0.2s");
        assert_eq!(fmt_secs(Duration::from_millis(1500)), "1.5s");
        assert_eq!(fmt_secs(Duration::from_millis(1)), "0.001s");
        assert_eq!(fmt_secs(Duration::from_micros(999_600)), "0.999s");
        assert_eq!(fmt_secs(Duration::ZERO), "0s");
    }

    #[test]
    fn error_replies_by_kind() {
        let s = "redis://alice@127.0.0.1:6390";
        let e = RedisError::from_reply(s, "NOAUTH Authentication required.");
        assert_eq!(e.kind, ErrorKind::Auth);
        assert!(e.message.contains(s) && e.message.contains("NOAUTH"));
        let e = RedisError::from_reply(s, "WRONGPASS invalid username-password pair or user is disabled.");
        assert_eq!(e.kind, ErrorKind::Auth);
        assert!(e.message.starts_with("authentication failed for redis://alice@127.0.0.1:6390: WRONGPASS"));
        let e = RedisError::from_reply(s, "ERR unknown command 'X'");
        assert_eq!(e.kind, ErrorKind::Server);
        assert_eq!(e.message, "redis://alice@127.0.0.1:6390 replied: ERR unknown command 'X'");
    }
}
