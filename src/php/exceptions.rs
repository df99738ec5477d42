//! `SocketIO\Exception` and its children, and the code each failure carries.
//!
//! Registered with the low-level `ClassBuilder` and no Rust object behind them, so they keep the
//! engine's exception constructor and object creation: a correct file, line and trace, and
//! `new SocketIO\ConnectionException("...", 3, $previous)` works from PHP.
//!
//! Every exception the extension throws has a code telling its kind, published as constants of
//! `SocketIO\Exception` (so `SocketIO\ConnectionException::TIMEOUT` works too): code can act on
//! the kind without parsing messages. `TimeoutException` (a `ConnectionException`) is the one
//! whose event may still be delivered.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::ConstantFlags;
use ext_php_rs::zend::{ce, ClassEntry};
use socketio_redis::{ErrorKind, RedisError};

use super::engine;

static BASE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static ENCODING: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static CONNECTION: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static TOKEN: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

/// The codes, as the class constants name them. Values are part of the public API: never
/// renumber, only add.
pub mod code {
    /// EncodingException: an argument cannot be sent.
    pub const ENCODING: i32 = 1;
    /// A setting turned out unusable when connecting (an unreadable TLS file).
    pub const CONFIG: i32 = 2;
    /// Could not connect: refused, unreachable, unknown host, or the server is full (maxclients).
    pub const CONNECT: i32 = 3;
    /// Connect, TLS handshake and AUTH did not finish within `connect_timeout`.
    pub const CONNECT_TIMEOUT: i32 = 4;
    /// TLS handshake or session refused (certificate, name, protocol).
    pub const TLS: i32 = 5;
    /// Credentials refused or missing.
    pub const AUTH: i32 = 6;
    /// Not trying: a connect to this server failed less than `backoff` ago.
    pub const BACKOFF: i32 = 7;
    /// `socketio.max_connections` reached.
    pub const LIMIT: i32 = 8;
    /// The connection failed before the command was sent: nothing was published.
    pub const NOT_SENT: i32 = 9;
    /// TimeoutException: sent, no reply within `timeout`; it may still be delivered.
    pub const TIMEOUT: i32 = 10;
    /// TimeoutException: the connection broke after the command was sent, before the reply.
    pub const CONNECTION_LOST: i32 = 11;
    /// Redis answered with an error (NOPERM, CLUSTERDOWN, OOM, ...).
    pub const SERVER: i32 = 12;
    /// The server does not speak Redis's protocol (an HTTP server on the port, a garbled reply).
    pub const PROTOCOL: i32 = 13;

    /// Name and value of every constant, in order.
    pub const ALL: [(&str, i32); 13] = [
        ("ENCODING", ENCODING),
        ("CONFIG", CONFIG),
        ("CONNECT", CONNECT),
        ("CONNECT_TIMEOUT", CONNECT_TIMEOUT),
        ("TLS", TLS),
        ("AUTH", AUTH),
        ("BACKOFF", BACKOFF),
        ("LIMIT", LIMIT),
        ("NOT_SENT", NOT_SENT),
        ("TIMEOUT", TIMEOUT),
        ("CONNECTION_LOST", CONNECTION_LOST),
        ("SERVER", SERVER),
        ("PROTOCOL", PROTOCOL),
    ];
}

fn load(slot: &AtomicPtr<ClassEntry>) -> &'static ClassEntry {
    // SAFETY: set in MINIT before any PHP code runs; class entries live until MSHUTDOWN.
    // \Exception only if registration never happened, which a failed MINIT rules out.
    unsafe { slot.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
}

pub fn base() -> &'static ClassEntry {
    load(&BASE)
}

pub fn connection_ce() -> &'static ClassEntry {
    load(&CONNECTION)
}

fn runtime_exception() -> &'static ClassEntry {
    engine::runtime_exception_ce().unwrap_or_else(ce::exception)
}

/// MINIT. Fails (and so refuses to load the extension) if SPL's RuntimeException is missing.
pub fn register() -> Result<(), String> {
    if engine::runtime_exception_ce().is_none() {
        return Err("spl_ce_RuntimeException is not available".into());
    }
    let mut builder = ClassBuilder::new("SocketIO\\Exception").extends((runtime_exception, "\\RuntimeException"));
    for (name, value) in code::ALL {
        builder = builder.constant(name, i64::from(value), &[], ConstantFlags::Public).map_err(|e| e.to_string())?;
    }
    builder.registration(|ce, _| BASE.store(ce, Ordering::Release)).register().map_err(|e| e.to_string())?;
    ClassBuilder::new("SocketIO\\EncodingException")
        .extends((base, "\\SocketIO\\Exception"))
        .registration(|ce, _| ENCODING.store(ce, Ordering::Release))
        .register()
        .map_err(|e| e.to_string())?;
    ClassBuilder::new("SocketIO\\ConnectionException")
        .extends((base, "\\SocketIO\\Exception"))
        .registration(|ce, _| CONNECTION.store(ce, Ordering::Release))
        .register()
        .map_err(|e| e.to_string())?;
    super::timeout_exception::register(connection_ce)?;
    super::token_exception::register(base, |ce, _| TOKEN.store(ce, Ordering::Release))?;
    super::batch_exception::register(connection_ce)?;
    Ok(())
}

/// An Emitter from a `batch()` callback used after the callback returned.
pub fn batch_ended() -> PhpException {
    PhpException::new(
        "this Emitter was given to a batch() callback that has returned: its batch was already sent; \
         emit on the Emitter batch() was called on"
            .into(),
        0,
        base(),
    )
}

/// A payload value that cannot be sent.
pub fn encoding(message: String) -> PhpException {
    PhpException::new(printable(message), code::ENCODING, load(&ENCODING))
}

/// Redis unreachable, I/O error, authentication refused, no reply in time: the class and code
/// follow the kind.
pub fn connection(e: RedisError) -> PhpException {
    let class = if e.kind.outcome_unknown() {
        super::timeout_exception::class().unwrap_or_else(connection_ce)
    } else {
        connection_ce()
    };
    let code = code_of(e.kind);
    PhpException::new(connection_message(e), code, class)
}

/// The message of [`connection`], also used for `on_error => 'warning'`. When the outcome is
/// unknown it says so: the caller must not take the failure for "not published".
pub fn connection_message(e: RedisError) -> String {
    if e.kind.outcome_unknown() {
        printable(format!("{}: the event may still be delivered (Redis may have received it)", e.message))
    } else {
        printable(e.message)
    }
}

pub fn code_of(kind: ErrorKind) -> i32 {
    match kind {
        ErrorKind::Config => code::CONFIG,
        ErrorKind::Connect => code::CONNECT,
        ErrorKind::ConnectTimeout => code::CONNECT_TIMEOUT,
        ErrorKind::Tls => code::TLS,
        ErrorKind::Auth => code::AUTH,
        ErrorKind::Backoff => code::BACKOFF,
        ErrorKind::Limit => code::LIMIT,
        ErrorKind::Io => code::NOT_SENT,
        ErrorKind::Timeout => code::TIMEOUT,
        ErrorKind::ConnectionLost => code::CONNECTION_LOST,
        ErrorKind::Server => code::SERVER,
        ErrorKind::Protocol => code::PROTOCOL,
    }
}

/// A token refused by `Token::verify()` (or a secret refused by either method), with the
/// reason's `TokenException::*` code.
pub fn token(message: String, code: i32) -> PhpException {
    PhpException::new(printable(message), code, load(&TOKEN))
}

/// The engine takes messages as C strings: one with a NUL byte (from a host name, a socket
/// path, an anonymous class name) could not be thrown or raised as a warning at all.
pub fn printable(message: String) -> String {
    if message.contains('\0') {
        message.replace('\0', "\\0")
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_code_and_every_code_a_constant() {
        let kinds = [
            ErrorKind::Config,
            ErrorKind::Connect,
            ErrorKind::ConnectTimeout,
            ErrorKind::Tls,
            ErrorKind::Auth,
            ErrorKind::Backoff,
            ErrorKind::Limit,
            ErrorKind::Io,
            ErrorKind::Timeout,
            ErrorKind::ConnectionLost,
            ErrorKind::Server,
            ErrorKind::Protocol,
        ];
        let mut codes: Vec<i32> = kinds.iter().map(|&k| code_of(k)).collect();
        codes.push(code::ENCODING);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "codes must differ");
        for c in codes {
            assert!(code::ALL.iter().any(|&(_, v)| v == c), "code {c} has no constant");
        }
    }

    #[test]
    fn an_unknown_outcome_is_said_in_the_message() {
        let m = connection_message(RedisError::new(ErrorKind::Timeout, "no reply from redis://h:1 within 1s"));
        assert_eq!(
            m,
            "no reply from redis://h:1 within 1s: the event may still be delivered (Redis may have received it)"
        );
        let m = connection_message(RedisError::new(ErrorKind::Connect, "could not connect to redis://h:1: refused"));
        assert_eq!(m, "could not connect to redis://h:1: refused");
    }
}
