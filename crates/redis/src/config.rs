//! Where to connect and how: parsed from `redis://`, `rediss://`, `unix://` URLs plus options.
pub use crate::sentinel::Sentinel;
use crate::{ErrorKind, RedisError, Secret};
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
    /// `redis+sentinel://`: `endpoints` are the sentinels, asked for this master; `username`
    /// and `password` are the master's.
    pub sentinel: Option<Sentinel>,
}

pub const DEFAULT_PORT: u16 = 6379;

impl Target {
    /// Parses one URL (`redis://[user[:password]@]host[:port]`, `rediss://…`,
    /// `unix:///path`, `unix://:pw@/path`), percent-decoding user and password.
    /// Errors never contain the password.
    pub fn parse(url: &str) -> Result<Target, RedisError> {
        let (scheme, rest) = match url.find("://") {
            Some(i) => (url[..i].to_ascii_lowercase(), &url[i + 3..]),
            None => return Err(config_error("a Redis URL must start with redis://, rediss:// or unix://")),
        };
        if let Some(tls) = crate::sentinel::scheme_tls(&scheme) {
            return crate::sentinel::parse_url(rest, tls);
        }
        let (endpoint, userinfo) = match scheme.as_str() {
            "redis" | "rediss" => parse_tcp(rest, scheme == "rediss")?,
            "unix" => parse_unix(rest)?,
            _ => {
                // The scheme is shown only when it is short and plain: a garbled URL could have
                // anything (a password) before its "://".
                let shown = if scheme.len() <= 10 && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+') {
                    format!(" '{scheme}'")
                } else {
                    String::new()
                };
                return Err(config_error(format!(
                    "unsupported URL scheme{shown}: expected redis://, rediss://, unix:// or redis+sentinel://"
                )));
            }
        };
        let (username, password) = match userinfo {
            Some(info) => parse_userinfo(info)?,
            None => (None, None),
        };
        Ok(Target {
            endpoints: vec![endpoint],
            cluster: false,
            username,
            password,
            tls: TlsOptions::default(),
            sentinel: None,
        })
    }

    /// Finding the server to publish to takes a step before the publish (a cluster's topology,
    /// a sentinel's answer): its time budget is that of a cluster.
    pub fn discovers(&self) -> bool {
        self.cluster || self.sentinel.is_some()
    }

    /// Several seed URLs: a cluster. Credentials come from the first URL that has them.
    pub fn parse_cluster(urls: &[&str]) -> Result<Target, RedisError> {
        if urls.is_empty() {
            return Err(config_error("a Redis Cluster needs at least one seed URL"));
        }
        let mut target: Option<Target> = None;
        for url in urls {
            let seed = Target::parse(url)?;
            if seed.sentinel.is_some() {
                return Err(config_error(
                    "a Redis Cluster seed must be a redis:// or rediss:// URL, not redis+sentinel://",
                ));
            }
            if matches!(seed.endpoints[0].addr, ServerAddr::Unix { .. }) {
                // Cluster nodes announce each other by IP and port; a unix socket seed could never
                // be matched with the topology it returns.
                return Err(config_error("a Redis Cluster seed must be a redis:// or rediss:// URL, not unix://"));
            }
            match target.as_mut() {
                None => target = Some(seed),
                Some(t) => {
                    if t.username.is_none() && t.password.is_none() {
                        t.username = seed.username;
                        t.password = seed.password;
                    }
                    if !t.endpoints.contains(&seed.endpoints[0]) {
                        t.endpoints.push(seed.endpoints.into_iter().next().unwrap());
                    }
                }
            }
        }
        let mut target = target.unwrap();
        target.cluster = true;
        Ok(target)
    }

    /// Human description without secrets, e.g. `redis://alice@127.0.0.1:6379` or
    /// `cluster(redis://a:7000,redis://b:7000)`; used in messages and phpinfo.
    pub fn describe(&self) -> String {
        if self.cluster {
            let seeds: Vec<String> = self.endpoints.iter().map(|e| self.describe_endpoint(e)).collect();
            return format!("cluster({})", seeds.join(","));
        }
        if let Some(sentinel) = &self.sentinel {
            return sentinel.describe(self);
        }
        match self.endpoints.first() {
            Some(e) => self.describe_endpoint(e),
            None => "redis://(no endpoint)".to_string(),
        }
    }

    /// One server of this target as it appears in messages: scheme, user, address.
    pub fn describe_endpoint(&self, endpoint: &Endpoint) -> String {
        endpoint.describe(self.username.as_deref())
    }
}

impl Endpoint {
    /// `redis://alice@[::1]:6379`, `rediss://host:6380`, `unix:///tmp/r.sock`.
    pub fn describe(&self, username: Option<&str>) -> String {
        let user = match username {
            Some(u) => format!("{}@", percent_encode_user(u)),
            None => String::new(),
        };
        match &self.addr {
            ServerAddr::Tcp { host, port } => {
                let scheme = if self.tls { "rediss" } else { "redis" };
                if host.contains(':') {
                    format!("{scheme}://{user}[{host}]:{port}")
                } else {
                    format!("{scheme}://{user}{host}:{port}")
                }
            }
            ServerAddr::Unix { path } => format!("unix://{user}{}", path.display()),
        }
    }
}

pub(crate) fn config_error(message: impl Into<String>) -> RedisError {
    RedisError::new(ErrorKind::Config, message)
}

/// `[userinfo@]host[:port][/db]`. The userinfo ends at the LAST `@`, so a password holding an
/// unencoded `@`, `/` or `:` still parses. Messages quote no part of the URL: without an `@`,
/// `redis://user:secret` reads as host `user`, port `secret`.
fn parse_tcp(rest: &str, tls: bool) -> Result<(Endpoint, Option<&str>), RedisError> {
    let (userinfo, hostpart) = match rest.rfind('@') {
        Some(i) => (Some(&rest[..i]), &rest[i + 1..]),
        None => (None, rest),
    };
    if hostpart.contains('?') || hostpart.contains('#') {
        return Err(config_error(
            "query parameters are not supported in a Redis URL: pass timeouts, TLS and the database as options",
        ));
    }
    let (authority, path) = match hostpart.find('/') {
        Some(i) => (&hostpart[..i], &hostpart[i + 1..]),
        None => (hostpart, ""),
    };
    // A database number is accepted for compatibility with URLs users already have, and
    // ignored: pub/sub channels are server-wide, not per database.
    if !path.is_empty() && !path.bytes().all(|b| b.is_ascii_digit()) {
        return Err(config_error("unexpected path in Redis URL: only a database number may follow the host"));
    }
    Ok((parse_authority(authority, DEFAULT_PORT, tls)?, userinfo))
}

/// `host[:port]` or `[v6][:port]`, `default_port` when none is given.
pub(crate) fn parse_authority(authority: &str, default_port: u16, tls: bool) -> Result<Endpoint, RedisError> {
    let (host, port) = if let Some(after) = authority.strip_prefix('[') {
        let end =
            after.find(']').ok_or_else(|| config_error("unterminated IPv6 address in Redis URL (missing ']')"))?;
        let host = &after[..end];
        let tail = &after[end + 1..];
        let port = match tail {
            "" => None,
            t if t.starts_with(':') => Some(&t[1..]),
            _ => return Err(config_error("unexpected text after the IPv6 address in Redis URL (expected ]:port)")),
        };
        if host.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(config_error("invalid IPv6 address in Redis URL"));
        }
        (host, port)
    } else {
        match authority.rfind(':') {
            Some(i) if authority[..i].contains(':') => {
                return Err(config_error(
                    "invalid host in Redis URL (write IPv6 addresses in brackets: redis://[::1]:6379)",
                ))
            }
            Some(i) => (&authority[..i], Some(&authority[i + 1..])),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(config_error("missing host in Redis URL"));
    }
    let port = match port {
        None => default_port,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => return Err(config_error("invalid port in Redis URL (expected a number from 1 to 65535)")),
        },
    };
    Ok(Endpoint { addr: ServerAddr::Tcp { host: host.to_string(), port }, tls })
}

/// `[userinfo@]/absolute/path`. The path starts at the last `@/`, the only way to tell it
/// from a password that contains `/` without a percent-encoding.
fn parse_unix(rest: &str) -> Result<(Endpoint, Option<&str>), RedisError> {
    let (userinfo, path) = if rest.starts_with('/') {
        (None, rest)
    } else {
        match rest.rfind("@/") {
            Some(i) => (Some(&rest[..i]), &rest[i + 1..]),
            None if rest.contains('@') => {
                return Err(config_error(
                    "the socket path in a unix:// URL must be absolute (unix://:password@/path/to/redis.sock)",
                ))
            }
            None => {
                return Err(config_error(
                    "the socket path in a unix:// URL must be absolute (unix:///path/to/redis.sock)",
                ))
            }
        }
    };
    if path.len() <= 1 {
        return Err(config_error("missing socket path in unix:// URL"));
    }
    Ok((Endpoint { addr: ServerAddr::Unix { path: PathBuf::from(path) }, tls: false }, userinfo))
}

/// `user:password`, `:password`, `user`; empty parts mean absent.
pub(crate) fn parse_userinfo(info: &str) -> Result<(Option<String>, Option<Secret>), RedisError> {
    let (user, password) = match info.find(':') {
        Some(i) => (&info[..i], Some(&info[i + 1..])),
        None => (info, None),
    };
    let user = if user.is_empty() {
        None
    } else {
        Some(
            percent_decode(user)
                .ok_or_else(|| config_error("invalid percent-encoding in the Redis URL's user name"))?,
        )
    };
    let password = match password {
        Some(p) if !p.is_empty() => Some(Secret::new(
            percent_decode(p).ok_or_else(|| config_error("invalid percent-encoding in the Redis URL's password"))?,
        )),
        _ => None,
    };
    Ok((user, password))
}

/// `%XX` → byte; the result must be UTF-8 (Redis ACL names and passwords are sent as given).
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = (hex[0] as char).to_digit(16)?;
            let lo = (hex[1] as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The user name is shown in descriptions; encode what would make it ambiguous there.
pub(crate) fn percent_encode_user(user: &str) -> String {
    let mut out = String::with_capacity(user.len());
    for b in user.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Timeouts and behaviour; per call, not part of the pool identity.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectOptions {
    /// Bounds opening a connection: TCP connect (every resolved address), TLS handshake and
    /// AUTH, together. Zero means no limit, as in phpredis. Name resolution is the system's and
    /// not bounded by it.
    pub connect_timeout: Duration,
    /// Bounds one command: writing all of it and reading all of its reply, together, whatever
    /// the peer's pace and however many signals arrive. Zero means no limit.
    pub timeout: Duration,
    /// After a failed connect, fail at once for this long instead of waiting again.
    pub backoff: Duration,
    /// false: the connection is closed by [`crate::pool::end_request`].
    pub persistent: bool,
    /// Per-process limit on open connections (0 = unlimited).
    pub max_connections: usize,
    /// TCP keepalive: probes start after the connection has been idle this long (whole
    /// seconds, at least one), so that a NAT or load balancer keeps its state and a peer that
    /// vanished is noticed. Zero turns keepalive off. Not used for unix sockets.
    pub tcp_keepalive: Duration,
    /// A pooled connection unused for longer than this is closed instead of reused. Zero keeps
    /// idle connections for as long as they stay alive.
    pub idle_timeout: Duration,
}

impl ConnectOptions {
    /// The most one publish may take, all attempts included: one connect and one command for a
    /// single server; two of each for a cluster (a topology read, then the publish, through
    /// redirects and retries) or a sentinel target (a sentinel's answer, then the publish):
    /// `discovers` is [`Target::discovers`]. No bound when either timeout is zero (no limit).
    pub fn publish_budget(&self, discovers: bool) -> Duration {
        if self.connect_timeout.is_zero() || self.timeout.is_zero() {
            return Duration::ZERO;
        }
        let one = self.connect_timeout.saturating_add(self.timeout);
        if discovers {
            one.saturating_mul(2)
        } else {
            one
        }
    }
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
            backoff: Duration::from_secs(1),
            persistent: true,
            max_connections: 0,
            tcp_keepalive: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(300),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16, tls: bool) -> Endpoint {
        Endpoint { addr: ServerAddr::Tcp { host: host.into(), port }, tls }
    }

    fn unix(path: &str) -> Endpoint {
        Endpoint { addr: ServerAddr::Unix { path: PathBuf::from(path) }, tls: false }
    }

    fn pw(t: &Target) -> Option<&str> {
        t.password.as_ref().map(Secret::expose)
    }

    #[test]
    fn plain_host_and_port() {
        let t = Target::parse("redis://127.0.0.1:6380").unwrap();
        assert_eq!(t.endpoints, vec![tcp("127.0.0.1", 6380, false)]);
        assert!(!t.cluster);
        assert_eq!((t.username.as_deref(), pw(&t)), (None, None));
        assert_eq!(t.tls, TlsOptions::default());
        assert_eq!(t.describe(), "redis://127.0.0.1:6380");
    }

    #[test]
    fn default_port_and_host_names() {
        let t = Target::parse("redis://redis.internal").unwrap();
        assert_eq!(t.endpoints, vec![tcp("redis.internal", 6379, false)]);
        assert_eq!(t.describe(), "redis://redis.internal:6379");
        assert_eq!(Target::parse("REDIS://localhost").unwrap().endpoints, vec![tcp("localhost", 6379, false)]);
    }

    #[test]
    fn database_path_is_ignored() {
        for url in ["redis://h:1/", "redis://h:1/0", "redis://h:1/15", "redis://h/3"] {
            let t = Target::parse(url).unwrap();
            assert!(matches!(&t.endpoints[0].addr, ServerAddr::Tcp { host, .. } if host == "h"), "{url}");
        }
        assert_eq!(Target::parse("redis://h:1/15").unwrap(), Target::parse("redis://h:1").unwrap());
        assert_eq!(Target::parse("redis://h:1/x").unwrap_err().kind, ErrorKind::Config);
    }

    #[test]
    fn tls_scheme() {
        let t = Target::parse("rediss://cache.example.com:6380").unwrap();
        assert_eq!(t.endpoints, vec![tcp("cache.example.com", 6380, true)]);
        assert_eq!(t.describe(), "rediss://cache.example.com:6380");
    }

    #[test]
    fn ipv6() {
        let t = Target::parse("redis://[::1]:7000").unwrap();
        assert_eq!(t.endpoints, vec![tcp("::1", 7000, false)]);
        assert_eq!(t.describe(), "redis://[::1]:7000");
        let t = Target::parse("redis://u:p@[fe80::1:2]").unwrap();
        assert_eq!(t.endpoints, vec![tcp("fe80::1:2", 6379, false)]);
        assert_eq!(t.describe(), "redis://u@[fe80::1:2]:6379");
        for bad in ["redis://[::1", "redis://[::1]x", "redis://[nothex]:1", "redis://::1:6379"] {
            assert_eq!(Target::parse(bad).unwrap_err().kind, ErrorKind::Config, "{bad}");
        }
    }

    #[test]
    fn credentials() {
        let t = Target::parse("redis://alice:s3cret@127.0.0.1:6379").unwrap();
        assert_eq!((t.username.as_deref(), pw(&t)), (Some("alice"), Some("s3cret")));
        assert_eq!(t.describe(), "redis://alice@127.0.0.1:6379");

        let t = Target::parse("redis://:onlypass@h").unwrap();
        assert_eq!((t.username.as_deref(), pw(&t)), (None, Some("onlypass")));
        assert_eq!(t.describe(), "redis://h:6379");

        let t = Target::parse("redis://bob@h").unwrap();
        assert_eq!((t.username.as_deref(), pw(&t)), (Some("bob"), None));

        let t = Target::parse("redis://bob:@h").unwrap();
        assert_eq!((t.username.as_deref(), pw(&t)), (Some("bob"), None));
    }

    #[test]
    fn percent_decoding() {
        let t = Target::parse("redis://us%40er:p%3Aa%2Fs%40s%25@h:1").unwrap();
        assert_eq!((t.username.as_deref(), pw(&t)), (Some("us@er"), Some("p:a/s@s%")));
        assert_eq!(t.describe(), "redis://us%40er@h:1", "the user name stays unambiguous");
        let t = Target::parse("redis://%C3%A9t%C3%A9:%E2%82%AC@h").unwrap();
        assert_eq!((t.username.as_deref(), pw(&t)), (Some("été"), Some("€")));
        for bad in ["redis://u:%zz@h", "redis://u:%4@h", "redis://u:%ff@h", "redis://%@h"] {
            assert_eq!(Target::parse(bad).unwrap_err().kind, ErrorKind::Config, "{bad}");
        }
    }

    #[test]
    fn unencoded_specials_in_password() {
        // The last '@' ends the user info, so these survive without encoding.
        let t = Target::parse("redis://u:p@ss/w:rd@h:2").unwrap();
        assert_eq!(pw(&t), Some("p@ss/w:rd"));
        assert_eq!(t.endpoints, vec![tcp("h", 2, false)]);
    }

    #[test]
    fn unix_sockets() {
        let t = Target::parse("unix:///var/run/redis/redis.sock").unwrap();
        assert_eq!(t.endpoints, vec![unix("/var/run/redis/redis.sock")]);
        assert_eq!(t.describe(), "unix:///var/run/redis/redis.sock");
        assert_eq!((t.username.as_deref(), pw(&t)), (None, None));

        let t = Target::parse("unix://:pw@/tmp/r.sock").unwrap();
        assert_eq!(t.endpoints, vec![unix("/tmp/r.sock")]);
        assert_eq!((t.username.as_deref(), pw(&t)), (None, Some("pw")));
        assert_eq!(t.describe(), "unix:///tmp/r.sock");

        let t = Target::parse("unix://alice:p%40w@/tmp/r.sock").unwrap();
        assert_eq!((t.username.as_deref(), pw(&t)), (Some("alice"), Some("p@w")));
        assert_eq!(t.describe(), "unix://alice@/tmp/r.sock");

        let t = Target::parse("unix://:a/b@/tmp/x@y.sock").unwrap();
        assert_eq!((pw(&t), &t.endpoints[0]), (Some("a/b"), &unix("/tmp/x@y.sock")));

        for bad in ["unix://", "unix://relative.sock", "unix://:pw@relative.sock", "unix:///"] {
            assert_eq!(Target::parse(bad).unwrap_err().kind, ErrorKind::Config, "{bad}");
        }
    }

    #[test]
    fn malformed_urls() {
        for bad in [
            "",
            "127.0.0.1:6379",
            "http://h:1",
            "redis://",
            "redis://:6379",
            "redis://h:0",
            "redis://h:65536",
            "redis://h:-1",
            "redis://h:+1",
            "redis://h:",
            "redis://h:abc",
            "redis://h:1?timeout=2",
            "redis://h:1#x",
            "redis://u:p@",
        ] {
            let err = Target::parse(bad).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Config, "{bad}");
            assert!(!err.message.is_empty());
        }
        assert!(Target::parse("http://h").unwrap_err().message.contains("'http'"));
        assert!(Target::parse("redis://h:abc").unwrap_err().message.contains("port"));
        assert!(Target::parse("redis://").unwrap_err().message.contains("host"));
    }

    /// Every way a URL can be wrong, with a password in it: no message may show it.
    #[test]
    fn no_password_in_errors() {
        let secret = "Sup3rS3cretPw";
        let urls = [
            format!("redis://user:{secret}"),
            format!("redis://user:{secret}@"),
            format!("redis://user:{secret}@h:badport"),
            format!("redis://user:{secret}@h:1/notadb"),
            format!("redis://user:{secret}@[::1"),
            format!("redis://user:{secret}@h:1?x=1"),
            format!("redis://user:{secret}%zz@h"),
            format!("redis://user:{secret}%ff@h"),
            format!("redis://user:{secret}/x"),
            format!("redis://user:{secret}:x@h:1:2"),
            format!("rediss://:{secret}@"),
            format!("unix://:{secret}@relative"),
            format!("unix://:{secret}"),
            format!("{secret}://h"),
            format!("x{secret}://h"),
            format!("user:{secret}@h:6379"),
        ];
        for url in &urls {
            let err = Target::parse(url).expect_err(url);
            assert!(!err.message.contains(secret), "{url} -> {}", err.message);
            assert!(!format!("{err:?}").contains(secret), "{url}");
            assert!(!err.to_string().contains("Sup3r"), "{url}");
        }
        let err =
            Target::parse_cluster(&[&format!("redis://u:{secret}@h:1"), &format!("unix://:{secret}@/s")]).unwrap_err();
        assert!(!err.message.contains(secret));
    }

    #[test]
    fn no_password_in_describe_or_debug() {
        let secret = "hunter2hunter2";
        for url in [
            format!("redis://alice:{secret}@127.0.0.1:6379"),
            format!("rediss://:{secret}@h"),
            format!("unix://alice:{secret}@/tmp/r.sock"),
        ] {
            let t = Target::parse(&url).unwrap();
            assert_eq!(pw(&t), Some(secret));
            assert!(!t.describe().contains(secret));
            let debug = format!("{t:?} {t:#?}");
            assert!(!debug.contains(secret), "{debug}");
            assert!(debug.contains("<redacted>"));
        }
        let c = Target::parse_cluster(&[&format!("redis://u:{secret}@a:7000"), "redis://b:7001"]).unwrap();
        assert!(!c.describe().contains(secret));
        assert!(!format!("{c:?}").contains(secret));
    }

    #[test]
    fn cluster_seeds() {
        let c =
            Target::parse_cluster(&["redis://a:7000", "redis://alice:pw@b:7001", "redis://bob:other@c:7002"]).unwrap();
        assert!(c.cluster);
        assert_eq!(c.endpoints, vec![tcp("a", 7000, false), tcp("b", 7001, false), tcp("c", 7002, false)]);
        assert_eq!((c.username.as_deref(), pw(&c)), (Some("alice"), Some("pw")), "first URL with credentials");
        assert_eq!(c.describe(), "cluster(redis://alice@a:7000,redis://alice@b:7001,redis://alice@c:7002)");

        let c = Target::parse_cluster(&["redis://a:7000", "redis://b:7001"]).unwrap();
        assert_eq!(c.describe(), "cluster(redis://a:7000,redis://b:7001)");

        let one = Target::parse_cluster(&["rediss://a:7000"]).unwrap();
        assert!(one.cluster && one.endpoints == vec![tcp("a", 7000, true)]);
        assert_ne!(one, Target::parse("rediss://a:7000").unwrap(), "a cluster is another pool identity");

        let dup = Target::parse_cluster(&["redis://a:7000", "redis://a:7000/0"]).unwrap();
        assert_eq!(dup.endpoints.len(), 1);

        assert_eq!(Target::parse_cluster(&[]).unwrap_err().kind, ErrorKind::Config);
        assert_eq!(Target::parse_cluster(&["redis://a:1", "unix:///s"]).unwrap_err().kind, ErrorKind::Config);
        assert_eq!(Target::parse_cluster(&["redis://a:1", "redis://b:x"]).unwrap_err().kind, ErrorKind::Config);
    }

    #[test]
    fn identity_includes_credentials() {
        use std::collections::HashSet;
        let urls =
            ["redis://h:1", "redis://a:x@h:1", "redis://a:y@h:1", "redis://b:x@h:1", "rediss://h:1", "redis://h:2"];
        let set: HashSet<Target> = urls.iter().map(|u| Target::parse(u).unwrap()).collect();
        assert_eq!(set.len(), urls.len());
        let mut tls = Target::parse("rediss://h:1").unwrap();
        tls.tls.verify_peer = false;
        assert_ne!(tls, Target::parse("rediss://h:1").unwrap());
    }
}
