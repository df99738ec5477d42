//! Where to connect and how: parsed from `redis://`, `rediss://`, `unix://` URLs plus options.
use crate::{RedisError, Secret};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ServerAddr {
    Tcp { host: String, port: u16 },
    Unix { path: PathBuf },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    pub addr: ServerAddr,
    /// `rediss://`
    pub tls: bool,
}

/// PHP's SSL context names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TlsOptions {
    pub cafile: Option<PathBuf>,
    pub verify_peer: bool,
    pub verify_peer_name: bool,
    pub local_cert: Option<PathBuf>,
    pub local_pk: Option<PathBuf>,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions { cafile: None, verify_peer: true, verify_peer_name: true, local_cert: None, local_pk: None }
    }
}

/// What to connect to: one server, or a cluster given by seed nodes. Its `Hash`/`Eq` is the
/// pool identity (credentials included, so two users never share a socket).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    pub endpoints: Vec<Endpoint>,
    pub cluster: bool,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub tls: TlsOptions,
}

impl Target {
    /// Parses one URL (`redis://[user[:password]@]host[:port]`, `rediss://…`,
    /// `unix:///path`, `unix://:pw@/path`), percent-decoding user and password.
    /// Errors never contain the password.
    pub fn parse(url: &str) -> Result<Target, RedisError> { todo!() }

    /// Several seed URLs: a cluster. Credentials come from the first URL that has them.
    pub fn parse_cluster(urls: &[&str]) -> Result<Target, RedisError> { todo!() }

    /// Human description without secrets, e.g. `redis://alice@127.0.0.1:6379` or
    /// `cluster(redis://a:7000,redis://b:7000)`; used in messages and phpinfo.
    pub fn describe(&self) -> String { todo!() }
}

/// Timeouts and behaviour; per call, not part of the pool identity.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectOptions {
    pub connect_timeout: Duration,
    /// Read/write timeout of a command.
    pub timeout: Duration,
    /// After a failed connect, fail at once for this long instead of waiting again.
    pub backoff: Duration,
    /// false: the connection is closed by [`crate::pool::end_request`].
    pub persistent: bool,
    /// Per-process limit on open connections (0 = unlimited).
    pub max_connections: usize,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
            backoff: Duration::from_secs(1),
            persistent: true,
            max_connections: 0,
        }
    }
}
