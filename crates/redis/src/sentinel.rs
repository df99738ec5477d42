//! Redis Sentinel: `redis+sentinel://[user:pass@]host:port[,host:port...]/<master-name>` finds
//! the master by asking the sentinels, and checks that the server it reaches is a master.
//!
//! The sentinels are asked every time a connection to the master is opened (the pool keeps
//! connections across requests, so that is rare), in order, starting with the one that
//! answered last: a sentinel's answer is the only authority on which server is the master
//! after a failover, and an old master restarted by a supervisor calls itself master until
//! the sentinels reconfigure it. The server named is then asked its `ROLE` (or `HELLO`, which
//! needs no ACL permission, when `ROLE` is refused): a demoted master, or a replica that a
//! lagging sentinel still names, is never published to.
//!
//! A failover needs nothing more: the old master's connections break (it died, or the
//! sentinels `CLIENT KILL` them when they demote it), the pool drops them, and the next
//! connection asks the sentinels again. Until a master exists every emit fails fast with a
//! connect error naming the master and what each sentinel said (then `backoff` applies, as
//! for any server that cannot be reached).
//!
//! The last master found is remembered per target and process (plain addresses, harmless
//! across fork): when no sentinel can be reached at all, that master is tried, role-checked
//! like any other.
use crate::config::{config_error, parse_authority, parse_userinfo, percent_decode, percent_encode_user};
use crate::connection::Connection;
use crate::deadline::Deadline;
use crate::resp::Reply;
use crate::{ConnectOptions, Endpoint, ErrorKind, RedisError, Secret, ServerAddr, Target, TlsOptions};
use std::sync::Mutex;

/// The port sentinels listen on by default.
pub const DEFAULT_SENTINEL_PORT: u16 = 26379;

/// How to ask the sentinels: the master's name and the sentinels' own credentials (the
/// target's `username`/`password` are the master's, as in every other URL: they are what a
/// publish uses).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sentinel {
    pub master_name: String,
    /// `?sentinel_username=` (or the `sentinel_username` option).
    pub username: Option<String>,
    /// `?sentinel_password=` (or the `sentinel_password` option).
    pub password: Option<Secret>,
}

/// `redis+sentinel` → plain TCP, `rediss+sentinel` → TLS to sentinels and master alike.
pub fn scheme_tls(scheme: &str) -> Option<bool> {
    match scheme {
        "redis+sentinel" => Some(false),
        "rediss+sentinel" => Some(true),
        _ => None,
    }
}

/// True when `url` starts with a sentinel scheme (such a URL holds a comma-separated list of
/// sentinels: php.ini's `socketio.url` must not split it into cluster seeds).
pub fn is_sentinel_url(url: &str) -> bool {
    let url = url.trim_start();
    url.find("://").is_some_and(|i| scheme_tls(&url[..i].to_ascii_lowercase()).is_some())
}

/// What follows `redis+sentinel://`: `[userinfo@]host[:port][,host[:port]...]/name[?query]`.
///
/// In these URLs a `?` `/` or `@` inside a password must be percent-encoded: the query starts
/// at the first `?`, the user info ends at the last `@` before it. Messages quote no part of
/// the URL but the master name.
pub(crate) fn parse_url(rest: &str, tls: bool) -> Result<Target, RedisError> {
    if rest.contains('#') {
        return Err(config_error("unexpected '#' in a redis+sentinel URL (percent-encode it as %23)"));
    }
    let (main, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (userinfo, hostpart) = match main.rfind('@') {
        Some(i) => (Some(&main[..i]), &main[i + 1..]),
        None => (None, main),
    };
    let (hosts, name) = match hostpart.find('/') {
        Some(i) => (&hostpart[..i], &hostpart[i + 1..]),
        None => (hostpart, ""),
    };
    let name = percent_decode(name)
        .ok_or_else(|| config_error("invalid percent-encoding in the master name of a redis+sentinel URL"))?;
    if name.is_empty() {
        return Err(config_error("missing master name in a redis+sentinel URL (redis+sentinel://host:26379/mymaster)"));
    }
    if name.contains('/') || name.chars().any(char::is_control) {
        return Err(config_error("invalid master name in a redis+sentinel URL"));
    }
    let mut endpoints: Vec<Endpoint> = Vec::new();
    for host in hosts.split(',') {
        let host = host.trim();
        if host.is_empty() {
            return Err(config_error("empty sentinel address in a redis+sentinel URL"));
        }
        let endpoint = parse_authority(host, DEFAULT_SENTINEL_PORT, tls)
            .map_err(|e| config_error(format!("{} (in the sentinel list of a redis+sentinel URL)", e.message)))?;
        if !endpoints.contains(&endpoint) {
            endpoints.push(endpoint);
        }
    }
    let (username, password) = match userinfo {
        Some(info) => parse_userinfo(info)?,
        None => (None, None),
    };
    let mut sentinel = Sentinel { master_name: name, username: None, password: None };
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded = || {
            percent_decode(value)
                .ok_or_else(|| config_error(format!("invalid percent-encoding in {key} of a redis+sentinel URL")))
        };
        match key {
            "sentinel_username" => sentinel.username = Some(decoded()?).filter(|v| !v.is_empty()),
            "sentinel_password" => sentinel.password = Some(decoded()?).filter(|v| !v.is_empty()).map(Secret::new),
            // An unknown key is not quoted: with an unencoded '?' in a password, it is a piece of it.
            _ => return Err(config_error(
                "unknown parameter in the query of a redis+sentinel URL (known: sentinel_username, sentinel_password)",
            )),
        }
    }
    Ok(Target { endpoints, cluster: false, username, password, tls: TlsOptions::default(), sentinel: Some(sentinel) })
}

impl Sentinel {
    /// `redis+sentinel://alice@127.0.0.1:26379,127.0.0.1:26380/mymaster` (no password, the
    /// sentinel user name as a query parameter when there is one).
    pub fn describe(&self, target: &Target) -> String {
        let tls = target.endpoints.first().is_some_and(|e| e.tls);
        let scheme = if tls { "rediss+sentinel" } else { "redis+sentinel" };
        let user = match &target.username {
            Some(u) => format!("{}@", percent_encode_user(u)),
            None => String::new(),
        };
        let hosts: Vec<String> = target.endpoints.iter().map(address).collect();
        let query = match &self.username {
            Some(u) => format!("?sentinel_username={}", percent_encode_user(u)),
            None => String::new(),
        };
        format!("{scheme}://{user}{}/{}{query}", hosts.join(","), self.master_name)
    }
}

/// `127.0.0.1:26379`, `[::1]:26379`.
fn address(endpoint: &Endpoint) -> String {
    match &endpoint.addr {
        ServerAddr::Tcp { host, port } if host.contains(':') => format!("[{host}]:{port}"),
        ServerAddr::Tcp { host, port } => format!("{host}:{port}"),
        ServerAddr::Unix { path } => path.display().to_string(),
    }
}

/// What this process learnt about one sentinel target.
struct Known {
    target: Target,
    /// The master the last successful discovery found.
    master: Option<Endpoint>,
    /// Index of the sentinel that answered last (asked first next time).
    first: usize,
}

static KNOWN: Mutex<Vec<Known>> = Mutex::new(Vec::new());

fn remembered(target: &Target) -> (Option<Endpoint>, usize) {
    let known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    known.iter().find(|k| k.target == *target).map_or((None, 0), |k| (k.master.clone(), k.first))
}

fn remember(target: &Target, master: Option<&Endpoint>, first: usize) {
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    let entry = match known.iter().position(|k| k.target == *target) {
        Some(i) => &mut known[i],
        None => {
            known.push(Known { target: target.clone(), master: None, first: 0 });
            known.last_mut().expect("pushed above")
        }
    };
    entry.first = first;
    if let Some(master) = master {
        entry.master = Some(master.clone());
    }
}

/// The master this process last found for `target` (for phpinfo and tests), if any.
pub fn known_master(target: &Target) -> Option<String> {
    remembered(target).0.map(|e| address(&e))
}

/// Asks the sentinels for the master, connects to it (with the target's credentials) and
/// checks its role, all by `overall`; each connect is also bounded by `connect_timeout` and
/// each command by `timeout`. Nothing of a publish is sent here, so every failure leaves the
/// publish unsent.
pub(crate) fn open_master(target: &Target, opts: &ConnectOptions, overall: Deadline) -> Result<Connection, RedisError> {
    let sentinel = target.sentinel.as_ref().ok_or_else(|| config_error("not a redis+sentinel target"))?;
    if target.endpoints.is_empty() {
        return Err(config_error("a redis+sentinel URL needs at least one sentinel"));
    }
    let asking = Target {
        endpoints: Vec::new(),
        cluster: false,
        username: sentinel.username.clone(),
        password: sentinel.password.clone(),
        tls: target.tls.clone(),
        sentinel: None,
    };
    let (cached, first) = remembered(target);
    let count = target.endpoints.len();
    let first = first.min(count - 1);
    let name = &sentinel.master_name;

    // What each sentinel (and each master it named) said, for the error.
    let mut notes: Vec<String> = Vec::new();
    let mut kinds: Vec<ErrorKind> = Vec::new();
    let mut named: Vec<Endpoint> = Vec::new();
    let mut answered = false;
    for step in 0..count {
        let index = (first + step) % count;
        let endpoint = &target.endpoints[index];
        if overall.expired() {
            notes.push(format!("no time left to ask {}", asking.describe_endpoint(endpoint)));
            kinds.push(ErrorKind::ConnectTimeout);
            break;
        }
        let master = match ask(endpoint, &asking, name, opts, overall) {
            Ok(Some(master)) => master,
            Ok(None) => {
                answered = true;
                notes.push(format!("{} knows no master named \"{name}\"", asking.describe_endpoint(endpoint)));
                kinds.push(ErrorKind::Connect);
                continue;
            }
            Err(e) => {
                notes.push(e.message);
                kinds.push(e.kind);
                continue;
            }
        };
        answered = true;
        if named.contains(&master) {
            continue;
        }
        named.push(master.clone());
        match connect_verified(&master, target, name, opts, overall) {
            Ok(conn) => {
                remember(target, Some(&master), index);
                return Ok(conn);
            }
            Err(e) => {
                notes.push(format!("{} named {}: {}", asking.describe_endpoint(endpoint), address(&master), e.message));
                kinds.push(e.kind);
            }
        }
    }
    // No sentinel could be reached at all: the master found last time may still be one.
    if !answered {
        if let Some(master) = cached {
            match connect_verified(&master, target, name, opts, overall) {
                Ok(conn) => return Ok(conn),
                Err(e) => {
                    notes.push(format!("the last known master {}: {}", address(&master), e.message));
                    kinds.push(e.kind);
                }
            }
        }
    }
    // The same failure everywhere (credentials or certificates refused, every answer too slow)
    // keeps its own kind: a configuration mistake is told from servers that are down.
    let kind = match kinds.first() {
        Some(&k @ (ErrorKind::Auth | ErrorKind::Tls | ErrorKind::ConnectTimeout)) if kinds.iter().all(|x| *x == k) => k,
        _ => ErrorKind::Connect,
    };
    Err(RedisError::new(
        kind,
        format!("could not connect to {}: no master \"{name}\" reachable ({})", target.describe(), notes.join("; ")),
    ))
}

/// `SENTINEL get-master-addr-by-name`: the master's address, or None when this sentinel does
/// not monitor `name`.
fn ask(
    endpoint: &Endpoint,
    asking: &Target,
    name: &str,
    opts: &ConnectOptions,
    overall: Deadline,
) -> Result<Option<Endpoint>, RedisError> {
    let mut conn = Connection::open(endpoint, asking, opts, overall).map_err(sentinel_hint)?;
    let deadline = Deadline::after(opts.timeout).earliest(overall);
    let reply = conn
        .command(&[b"SENTINEL", b"get-master-addr-by-name", name.as_bytes()], deadline)
        .map_err(|e| while_connecting(e.into_inner()))?;
    let server = conn.server().to_string();
    let unexpected = |what: &str| {
        RedisError::new(
            ErrorKind::Protocol,
            format!("{server} answered SENTINEL get-master-addr-by-name with {what} instead of an address"),
        )
    };
    match reply {
        Reply::Array(None) | Reply::Bulk(None) => Ok(None),
        Reply::Array(Some(items)) => {
            let [Reply::Bulk(Some(host)), Reply::Bulk(Some(port))] = items.as_slice() else {
                return Err(unexpected("an array of another shape"));
            };
            let host = String::from_utf8(host.clone()).map_err(|_| unexpected("a host that is not UTF-8"))?;
            let port: u16 = std::str::from_utf8(port)
                .ok()
                .and_then(|p| p.parse().ok())
                .filter(|p| *p > 0)
                .ok_or_else(|| unexpected("an invalid port"))?;
            if host.is_empty() {
                return Err(unexpected("an empty host"));
            }
            Ok(Some(Endpoint { addr: ServerAddr::Tcp { host, port }, tls: endpoint.tls }))
        }
        Reply::Error(message) => Err(sentinel_hint(RedisError::from_reply(&server, &message))),
        other => Err(unexpected(other.type_name())),
    }
}

/// A sentinel asking for credentials wants its own, not the master's.
fn sentinel_hint(e: RedisError) -> RedisError {
    let message = e.message.replace(
        "(give a password in the URL or the password option)",
        "(give the sentinels' password as sentinel_password)",
    );
    RedisError { message, ..e }
}

/// Connects to the server a sentinel named and keeps the connection only if it is a master.
fn connect_verified(
    master: &Endpoint,
    target: &Target,
    name: &str,
    opts: &ConnectOptions,
    overall: Deadline,
) -> Result<Connection, RedisError> {
    let mut conn = Connection::open(master, target, opts, overall)?;
    let role = role_of(&mut conn, opts, overall)?;
    if role != "master" {
        return Err(RedisError::new(
            ErrorKind::Connect,
            format!(
                "{} is a {role}, not the master of \"{name}\" (a failover is in progress or the sentinels disagree)",
                conn.server()
            ),
        ));
    }
    Ok(conn)
}

/// `master`, `slave`/`replica`, `sentinel`: from `ROLE`, or from `HELLO 2` when this user may
/// not run `ROLE` (an ACL user allowed only to publish may always say HELLO).
fn role_of(conn: &mut Connection, opts: &ConnectOptions, overall: Deadline) -> Result<String, RedisError> {
    let deadline = Deadline::after(opts.timeout).earliest(overall);
    let reply = conn.command(&[b"ROLE"], deadline).map_err(|e| while_connecting(e.into_inner()))?;
    let role = match reply {
        Reply::Array(Some(items)) => match items.first() {
            Some(Reply::Bulk(Some(role))) => Some(String::from_utf8_lossy(role).into_owned()),
            _ => None,
        },
        Reply::Error(message) if message.starts_with("NOPERM") => {
            let reply = conn.command(&[b"HELLO", b"2"], deadline).map_err(|e| while_connecting(e.into_inner()))?;
            match reply {
                Reply::Array(Some(items)) => items.chunks(2).find_map(|pair| match pair {
                    [Reply::Bulk(Some(key)), Reply::Bulk(Some(value))] if key == b"role" => {
                        Some(String::from_utf8_lossy(value).into_owned())
                    }
                    _ => None,
                }),
                Reply::Error(message) => return Err(RedisError::from_reply(conn.server(), &message)),
                _ => None,
            }
        }
        Reply::Error(message) => return Err(RedisError::from_reply(conn.server(), &message)),
        _ => None,
    };
    role.ok_or_else(|| {
        RedisError::new(ErrorKind::Protocol, format!("{} did not say its role (ROLE, HELLO)", conn.server()))
    })
}

/// A command failing while a connection is being set up: nothing of a publish was sent, so a
/// timeout or a lost connection is a failure to connect, not an unknown outcome.
fn while_connecting(e: RedisError) -> RedisError {
    match e.kind {
        ErrorKind::Timeout => e.with_kind(ErrorKind::ConnectTimeout),
        ErrorKind::ConnectionLost | ErrorKind::Io => e.with_kind(ErrorKind::Connect),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16, tls: bool) -> Endpoint {
        Endpoint { addr: ServerAddr::Tcp { host: host.into(), port }, tls }
    }

    #[test]
    fn sentinels_master_name_and_both_credentials() {
        let t = Target::parse(
            "redis+sentinel://app:p%40ss@10.0.0.1,10.0.0.2:26380,[::1]/my%20master?sentinel_password=s%26pw&sentinel_username=watch",
        )
        .unwrap();
        assert_eq!(
            t.endpoints,
            vec![tcp("10.0.0.1", 26379, false), tcp("10.0.0.2", 26380, false), tcp("::1", 26379, false)]
        );
        assert!(!t.cluster && t.discovers());
        assert_eq!(t.username.as_deref(), Some("app"));
        assert_eq!(t.password.as_ref().map(Secret::expose), Some("p@ss"));
        let s = t.sentinel.as_ref().unwrap();
        assert_eq!(s.master_name, "my master");
        assert_eq!(s.username.as_deref(), Some("watch"));
        assert_eq!(s.password.as_ref().map(Secret::expose), Some("s&pw"));
        assert_eq!(
            t.describe(),
            "redis+sentinel://app@10.0.0.1:26379,10.0.0.2:26380,[::1]:26379/my master?sentinel_username=watch"
        );
        assert!(!format!("{t:?}").contains("s&pw") && !format!("{t:?}").contains("p@ss"));
    }

    #[test]
    fn tls_scheme_and_defaults() {
        let t = Target::parse("rediss+sentinel://h/m").unwrap();
        assert_eq!(t.endpoints, vec![tcp("h", 26379, true)]);
        assert_eq!(t.describe(), "rediss+sentinel://h:26379/m");
        assert_eq!((t.username.as_deref(), t.password.is_none()), (None, true));
        let plain = Target::parse("REDIS+SENTINEL://h:1,h:1/m").unwrap();
        assert_eq!(plain.endpoints.len(), 1, "duplicates dropped");
        assert_ne!(plain, Target::parse("redis+sentinel://h:1/other").unwrap(), "the name is part of the identity");
        assert_ne!(
            Target::parse("redis+sentinel://h:1/m?sentinel_password=a").unwrap(),
            Target::parse("redis+sentinel://h:1/m?sentinel_password=b").unwrap()
        );
        assert!(is_sentinel_url(" rediss+sentinel://h/m") && !is_sentinel_url("redis://h"));
    }

    #[test]
    fn malformed_sentinel_urls() {
        for bad in [
            "redis+sentinel://h:26379",
            "redis+sentinel://h:26379/",
            "redis+sentinel:///m",
            "redis+sentinel://h,,k/m",
            "redis+sentinel://h:0/m",
            "redis+sentinel://h:x/m",
            "redis+sentinel://h/m?timeout=1",
            "redis+sentinel://h/m#x",
            "redis+sentinel://h/a/b",
            "redis+sentinel://h/%zz",
            "redis+sentinel://h/m?sentinel_password=%zz",
        ] {
            let e = Target::parse(bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Config, "{bad}");
        }
        assert!(Target::parse("redis+sentinel://h").unwrap_err().message.contains("master name"));
        let e = Target::parse_cluster(&["redis+sentinel://h/m"]).unwrap_err();
        assert!(e.message.contains("redis+sentinel"), "{}", e.message);
    }

    #[test]
    fn no_password_in_errors() {
        let secret = "Sup3rS3cretPw";
        for url in [
            format!("redis+sentinel://u:{secret}@h:x/m"),
            format!("redis+sentinel://u:{secret}@h"),
            format!("redis+sentinel://u:{secret}?x@h/m"),
            format!("redis+sentinel://h/m?sentinel_password={secret}&{secret}"),
            format!("redis+sentinel://h/m?{secret}=1"),
            format!("redis+sentinel://h/m?sentinel_password={secret}%zz"),
            format!("redis+sentinel://u:{secret}%zz@h/m"),
        ] {
            let e = Target::parse(&url).expect_err(&url);
            assert!(!e.message.contains("Sup3r"), "{url} -> {}", e.message);
        }
    }
}
