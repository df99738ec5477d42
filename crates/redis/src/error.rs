//! Connection-layer errors. Messages are shown to PHP users and never contain a password.

/// What went wrong, so that callers can act on it without reading messages. The binding maps
/// each kind to an exception class and code; [`ErrorKind::outcome_unknown`] tells the kinds
/// after which the command may still have been executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad URL or option, or an unreadable TLS file.
    Config,
    /// Could not connect: refused, unreachable, name not resolved, closed while connecting, or
    /// the server cannot take more clients. Nothing was sent.
    Connect,
    /// Connect, TLS handshake and AUTH did not finish within `connect_timeout`. Nothing was sent.
    ConnectTimeout,
    /// The TLS handshake failed (certificate not trusted, wrong name, protocol alert).
    Tls,
    /// The server refused or requires credentials.
    Auth,
    /// Failing fast: a connect to this target failed less than `backoff` ago.
    Backoff,
    /// `max_connections` reached.
    Limit,
    /// The connection failed before any byte of the command reached it: nothing was sent.
    Io,
    /// The command was written (maybe in part) and no reply came within `timeout`: Redis may
    /// still execute it.
    Timeout,
    /// The connection broke after the command was written (in part or in full) and before its
    /// reply: Redis may have executed it.
    ConnectionLost,
    /// Redis answered with an error reply (NOPERM, CLUSTERDOWN, OOM, ...).
    Server,
    /// The peer does not speak RESP (an HTTP server, a garbled stream), or answered something a
    /// publish never returns.
    Protocol,
}

impl ErrorKind {
    /// True when the command may have reached Redis and so may be delivered although the call
    /// failed: retrying can deliver twice.
    pub fn outcome_unknown(self) -> bool {
        matches!(self, ErrorKind::Timeout | ErrorKind::ConnectionLost)
    }
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

    /// The same message under another kind (e.g. an I/O failure during AUTH is a connect failure).
    pub fn with_kind(self, kind: ErrorKind) -> Self {
        RedisError { kind, ..self }
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
        if is_maxclients(reply) {
            // Sent before any command is read, so nothing was executed; not a credentials problem.
            return RedisError::new(
                ErrorKind::Connect,
                format!("could not connect to {server}: the server has reached its maxclients limit ({reply})"),
            );
        }
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

/// Redis refuses a client over `maxclients` with this reply to whatever it sends first.
pub fn is_maxclients(reply: &str) -> bool {
    reply.starts_with("ERR max number of clients reached")
}

/// `1s`, `0.2s`, `1.5s`, `0.001s`: durations as users write them in php.ini.
pub fn fmt_secs(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms == 0 && !d.is_zero() {
        // Below a millisecond (`timeout => 1e-6`): the nanoseconds, not a misleading "0s".
        let frac = format!("{:09}", d.subsec_nanos());
        return format!("0.{}s", frac.trim_end_matches('0'));
    }
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
        assert_eq!(fmt_secs(Duration::from_nanos(1)), "0.000000001s");
        assert_eq!(fmt_secs(Duration::from_micros(250)), "0.00025s");
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
        let e = RedisError::from_reply(s, "ERR max number of clients reached");
        assert_eq!(e.kind, ErrorKind::Connect);
        assert!(e.message.contains("maxclients") && !e.message.contains("authentication"), "{}", e.message);
    }

    #[test]
    fn only_timeouts_and_lost_connections_leave_the_outcome_unknown() {
        assert!(ErrorKind::Timeout.outcome_unknown());
        assert!(ErrorKind::ConnectionLost.outcome_unknown());
        for k in [ErrorKind::Io, ErrorKind::Connect, ErrorKind::ConnectTimeout, ErrorKind::Server, ErrorKind::Auth] {
            assert!(!k.outcome_unknown(), "{k:?}");
        }
    }
}
