//! `new SocketIO\Emitter($url, $options)`: the constructor's arguments and the php.ini defaults,
//! resolved once into what every later emit needs.
//!
//! Messages name the option and never echo a credential. An option set to `null` means "not
//! given" (the php.ini default applies), so config arrays can pass optional values through.

use std::time::Duration;

use ext_php_rs::exception::PhpException;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ce;
use socketio_protocol::streams::StreamTarget;
use socketio_protocol::{AdapterKind, SubscriptionMode};
use socketio_redis::{ConnectOptions, Secret, Target, TlsOptions};

use super::{args, ini, table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    Exception,
    Warning,
    /// Written to PHP's error log (never raised: frameworks turn warnings into exceptions);
    /// the call returns false.
    Log,
}

/// Everything an Emitter needs, decided at construction.
pub struct Settings {
    pub target: Target,
    pub connect: ConnectOptions,
    pub on_error: OnError,
    /// false: emits do not wait for the reply (`wait` option, `socketio.wait`).
    pub wait: bool,
    pub key: String,
    pub adapter: AdapterKind,
}

/// The kinds of setting that both options and php.ini accept, checked the same way.
#[derive(Debug, Clone, Copy)]
pub enum Setting {
    Seconds,
    OnError,
    Count,
    Adapter,
    SubscriptionMode,
}

/// The reason a value is refused, phrased to follow the setting's name.
pub fn validate_setting(setting: Setting, value: &str) -> Result<(), String> {
    match setting {
        Setting::Seconds => parse_seconds_str(value).map(|_| ()),
        Setting::OnError => parse_on_error(value).map(|_| ()),
        Setting::Count => match value.trim().parse::<u32>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("must be a non-negative integer, got {}", quote(value))),
        },
        Setting::Adapter => parse_adapter(value, SubscriptionMode::Dynamic).map(|_| ()),
        Setting::SubscriptionMode => parse_mode(value).map(|_| ()),
    }
}

fn parse_seconds_str(value: &str) -> Result<Duration, String> {
    let n: Option<f64> = value.trim().parse().ok().filter(|_| !value.trim().is_empty() && is_decimal(value.trim()));
    n.and_then(seconds).ok_or_else(|| format!("must be a non-negative number, got {}", quote(value)))
}

/// PHP numeric strings, not Rust's wider float syntax ("inf", "NaN").
fn is_decimal(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
}

/// About 31 years: longer than any process waits. Larger values mean the same in practice,
/// but the core adds durations to `Instant::now()`, which panics on overflow (`PHP_INT_MAX`
/// seconds does), so they are capped here rather than refused.
const MAX_SECONDS: f64 = 1e9;

/// Zero is "no limit"; any positive value, however small, is a limit: one below a nanosecond
/// becomes a nanosecond rather than rounding down to zero (which would mean "wait forever").
fn seconds(n: f64) -> Option<Duration> {
    if n.is_finite() && n >= 0.0 {
        let d = Duration::try_from_secs_f64(n.min(MAX_SECONDS)).ok()?;
        Some(if n > 0.0 && d.is_zero() { Duration::from_nanos(1) } else { d })
    } else {
        None
    }
}

fn parse_on_error(value: &str) -> Result<OnError, String> {
    match value {
        "exception" => Ok(OnError::Exception),
        "warning" => Ok(OnError::Warning),
        "log" => Ok(OnError::Log),
        _ => Err(format!("must be \"exception\", \"warning\" or \"log\", got {}", quote(value))),
    }
}

fn parse_adapter(value: &str, mode: SubscriptionMode) -> Result<AdapterKind, String> {
    match value {
        "redis" => Ok(AdapterKind::Classic),
        "sharded" => Ok(AdapterKind::Sharded(mode)),
        "streams" => Ok(AdapterKind::Streams(StreamTarget::default())),
        _ => Err(format!("must be \"redis\", \"sharded\" or \"streams\", got {}", quote(value))),
    }
}

fn parse_mode(value: &str) -> Result<SubscriptionMode, String> {
    match value {
        "dynamic" => Ok(SubscriptionMode::Dynamic),
        "static" => Ok(SubscriptionMode::Static),
        "dynamic-private" => Ok(SubscriptionMode::DynamicPrivate),
        _ => Err(format!("must be \"dynamic\", \"static\" or \"dynamic-private\", got {}", quote(value))),
    }
}

/// A user string inside a message: quoted, escaped, bounded.
pub fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in value.chars().enumerate() {
        if i == 64 {
            out.push_str("...");
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How a rejected option value is shown: strings quoted, numbers as written, else the type.
fn shown(zv: &Zval) -> String {
    if let Some(s) = zv.zend_str() {
        return quote(&String::from_utf8_lossy(s.as_bytes()));
    }
    if let Some(n) = zv.long() {
        return n.to_string();
    }
    if let Some(f) = zv.double() {
        return f.to_string();
    }
    args::type_name(zv)
}

const PREFIX: &str = "SocketIO\\Emitter::__construct(): ";

fn value_error(message: impl std::fmt::Display) -> PhpException {
    PhpException::new(format!("{PREFIX}{message}"), 0, ce::value_error())
}

fn type_error(message: impl std::fmt::Display) -> PhpException {
    PhpException::new(format!("{PREFIX}{message}"), 0, ce::type_error())
}

/// PHP's own wording for paths and names that reach the OS. A NUL there would be refused
/// only at connect time, in a message that PHP cannot even carry.
const NUL_BYTES: &str = "must not contain any null bytes";

fn option_type_error(name: &str, expected: &str, zv: &Zval) -> PhpException {
    type_error(format!("option \"{name}\" must be of type {expected}, {} given", args::type_name(zv)))
}

/// The option values found in the arguments, by name; `None` also for an explicit null.
#[derive(Default)]
struct Given<'a> {
    key: Option<&'a Zval>,
    connect_timeout: Option<&'a Zval>,
    timeout: Option<&'a Zval>,
    backoff: Option<&'a Zval>,
    on_error: Option<&'a Zval>,
    persistent: Option<&'a Zval>,
    wait: Option<&'a Zval>,
    tcp_keepalive: Option<&'a Zval>,
    idle_timeout: Option<&'a Zval>,
    tls: Option<&'a Zval>,
    cluster: Option<&'a Zval>,
    adapter: Option<&'a Zval>,
    subscription_mode: Option<&'a Zval>,
    stream_name: Option<&'a Zval>,
    max_len: Option<&'a Zval>,
    stream_count: Option<&'a Zval>,
    username: Option<&'a Zval>,
    password: Option<&'a Zval>,
    host: Option<&'a Zval>,
    port: Option<&'a Zval>,
}

impl<'a> Given<'a> {
    fn slot(&mut self, name: &str) -> Option<&mut Option<&'a Zval>> {
        Some(match name {
            "key" => &mut self.key,
            "connect_timeout" => &mut self.connect_timeout,
            "timeout" => &mut self.timeout,
            "backoff" => &mut self.backoff,
            "on_error" => &mut self.on_error,
            "persistent" => &mut self.persistent,
            "wait" => &mut self.wait,
            "tcp_keepalive" => &mut self.tcp_keepalive,
            "idle_timeout" => &mut self.idle_timeout,
            "tls" => &mut self.tls,
            "cluster" => &mut self.cluster,
            "adapter" => &mut self.adapter,
            "subscription_mode" => &mut self.subscription_mode,
            "stream_name" => &mut self.stream_name,
            "max_len" => &mut self.max_len,
            "stream_count" => &mut self.stream_count,
            "username" => &mut self.username,
            "password" => &mut self.password,
            "host" => &mut self.host,
            "port" => &mut self.port,
            _ => return None,
        })
    }

    fn read(&mut self, table: &'a ZendHashTable) -> Result<(), PhpException> {
        for (key, value) in table::entries(table) {
            let name = match key.zend_str() {
                Some(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                None => return Err(value_error(format!("unknown option {}", key.long().unwrap_or_default()))),
            };
            let Some(slot) = self.slot(&name) else {
                return Err(value_error(format!("unknown option {}", quote(&name))));
            };
            let value = value.dereference();
            if value.is_null() {
                continue;
            }
            if slot.is_some() {
                return Err(value_error(format!("option \"{name}\" is given twice")));
            }
            *slot = Some(value);
        }
        Ok(())
    }
}

/// Where the server address comes from.
enum Source<'a> {
    Ini,
    Url(&'a Zval),
    Seeds(Vec<String>),
}

fn is_list(table: &ZendHashTable) -> bool {
    table::entries(table).enumerate().all(|(i, (key, _))| key.long() == Some(i as i64))
}

pub fn resolve(url: Option<&Zval>, options: Option<&Zval>) -> Result<Settings, PhpException> {
    let mut given = Given::default();
    let url = url.map(Zval::dereference).filter(|z| !z.is_null());
    let source = match url {
        None => Source::Ini,
        Some(z) if z.is_string() => Source::Url(z),
        Some(z) => match z.array() {
            Some(t) if t.is_empty() => Source::Ini,
            Some(t) if is_list(t) => Source::Seeds(seed_list(t)?),
            Some(t) => {
                given.read(t)?;
                Source::Ini
            }
            None => {
                return Err(args::type_error(
                    1,
                    &format!("must be of type array|string|null, {} given", args::type_name(z)),
                ))
            }
        },
    };
    if let Some(o) = options {
        given.read(args::array(o, 2)?)?;
    }

    let cluster = match given.cluster {
        Some(z) => Some(bool_option("cluster", z)?),
        None => None,
    };
    let mut target = address(source, &given, cluster)?;

    if let Some(z) = given.username {
        let user = string_option("username", z)?;
        target.username = if user.is_empty() { None } else { Some(user) };
    }
    if let Some(z) = given.password {
        let password = string_option("password", z)?;
        target.password = if password.is_empty() { None } else { Some(Secret::new(password)) };
    }
    if let Some(z) = given.tls {
        target.tls = tls_options(z)?;
    }

    let connect = ConnectOptions {
        connect_timeout: seconds_option("connect_timeout", given.connect_timeout, ini::CONNECT_TIMEOUT)?,
        timeout: seconds_option("timeout", given.timeout, ini::TIMEOUT)?,
        backoff: seconds_option("backoff", given.backoff, ini::BACKOFF)?,
        persistent: match given.persistent {
            Some(z) => bool_option("persistent", z)?,
            None => ini::get_bool(ini::PERSISTENT),
        },
        max_connections: ini::max_connections(),
        tcp_keepalive: seconds_option("tcp_keepalive", given.tcp_keepalive, ini::TCP_KEEPALIVE)?,
        idle_timeout: seconds_option("idle_timeout", given.idle_timeout, ini::IDLE_TIMEOUT)?,
    };

    let on_error = match given.on_error {
        Some(z) => parse_on_error(&string_option("on_error", z)?)
            .map_err(|r| value_error(format!("option \"on_error\" {r}")))?,
        None => parse_on_error(&ini::get(ini::ON_ERROR)).unwrap_or(OnError::Exception),
    };

    let wait = match given.wait {
        Some(z) => bool_option("wait", z)?,
        None => ini::get_bool(ini::WAIT),
    };

    let key = match given.key {
        Some(z) => string_option("key", z)?,
        None => ini::get(ini::KEY),
    };

    let mode = match given.subscription_mode {
        Some(z) => parse_mode(&string_option("subscription_mode", z)?)
            .map_err(|r| value_error(format!("option \"subscription_mode\" {r}")))?,
        None => parse_mode(&ini::get(ini::SUBSCRIPTION_MODE)).unwrap_or_default(),
    };
    let adapter = match given.adapter {
        Some(z) => parse_adapter(&string_option("adapter", z)?, mode)
            .map_err(|r| value_error(format!("option \"adapter\" {r}")))?,
        None => parse_adapter(&ini::get(ini::ADAPTER), mode).unwrap_or_default(),
    };
    let adapter = streams_options(adapter, &given)?;

    Ok(Settings { target, connect, on_error, wait, key, adapter })
}

/// `stream_name`, `max_len` and `stream_count`: the streams adapter's `streamName`, `maxLen` and
/// `streamCount`, which must equal the servers' own (their defaults are the adapter's). Refused
/// with any other adapter, where they would silently do nothing.
fn streams_options(adapter: AdapterKind, given: &Given<'_>) -> Result<AdapterKind, PhpException> {
    let AdapterKind::Streams(mut target) = adapter else {
        let set =
            [("stream_name", given.stream_name), ("max_len", given.max_len), ("stream_count", given.stream_count)];
        if let Some((name, _)) = set.iter().find(|(_, z)| z.is_some()) {
            return Err(value_error(format!("option \"{name}\" only applies with option \"adapter\" => \"streams\"")));
        }
        return Ok(adapter);
    };
    if let Some(z) = given.stream_name {
        let name = string_option("stream_name", z)?;
        if name.is_empty() {
            return Err(value_error("option \"stream_name\" must not be empty"));
        }
        target.name = name;
    }
    if let Some(z) = given.max_len {
        let n = int_option("max_len", z)?;
        target.max_len = u64::try_from(n)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| value_error(format!("option \"max_len\" must be at least 1, got {n}")))?;
    }
    if let Some(z) = given.stream_count {
        let n = int_option("stream_count", z)?;
        target.count = u32::try_from(n).ok().filter(|n| (1..=MAX_STREAM_COUNT).contains(n)).ok_or_else(|| {
            value_error(format!("option \"stream_count\" must be between 1 and {MAX_STREAM_COUNT}, got {n}"))
        })?;
    }
    Ok(AdapterKind::Streams(target))
}

/// Each server opens one Redis connection per stream: far below this in any real deployment.
const MAX_STREAM_COUNT: u32 = 65536;

/// An int, or a numeric string as php.ini would give it.
fn int_option(name: &str, z: &Zval) -> Result<i64, PhpException> {
    if let Some(n) = z.long() {
        return Ok(n);
    }
    let Some(s) = z.zend_str() else {
        return Err(option_type_error(name, "int", z));
    };
    std::str::from_utf8(s.as_bytes())
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| value_error(format!("option \"{name}\" must be an integer, got {}", shown(z))))
}

/// The server(s) to reach, from the URL argument, the seed list, the legacy host/port options
/// or php.ini, in that order of precedence.
fn address(source: Source<'_>, given: &Given<'_>, cluster: Option<bool>) -> Result<Target, PhpException> {
    let legacy = given.host.is_some() || given.port.is_some();
    if legacy && !matches!(source, Source::Ini) {
        let name = if given.host.is_some() { "host" } else { "port" };
        return Err(value_error(format!("option \"{name}\" cannot be combined with a URL")));
    }
    match source {
        Source::Url(z) => {
            let url = args::utf8(z, 1)?;
            if url.contains('\0') {
                return Err(args::value_error(1, NUL_BYTES));
            }
            let parsed = if cluster == Some(true) { Target::parse_cluster(&[&url]) } else { Target::parse(&url) };
            parsed.map_err(|e| args::value_error(1, &format!("is not a valid Redis URL: {}", e.message)))
        }
        Source::Seeds(seeds) => {
            if cluster == Some(false) {
                return Err(value_error("option \"cluster\" cannot be false when a list of seed URLs is given"));
            }
            let seeds: Vec<&str> = seeds.iter().map(String::as_str).collect();
            Target::parse_cluster(&seeds)
                .map_err(|e| args::value_error(1, &format!("is not a valid list of Redis URLs: {}", e.message)))
        }
        Source::Ini if legacy => legacy_address(given.host, given.port, cluster),
        Source::Ini => {
            let raw = ini::get(ini::URL);
            let seeds: Vec<&str> = raw.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
            let as_cluster = cluster.unwrap_or_else(|| seeds.len() > 1 || ini::get_bool(ini::CLUSTER));
            let parsed = match seeds.as_slice() {
                [] => Target::parse(""),
                [one] if !as_cluster => Target::parse(one),
                many => Target::parse_cluster(many),
            };
            parsed.map_err(|e| {
                value_error(format!("php.ini setting socketio.url is not a valid Redis URL: {}", e.message))
            })
        }
    }
}

fn seed_list(table: &ZendHashTable) -> Result<Vec<String>, PhpException> {
    let mut seeds = Vec::with_capacity(table.len());
    for (_, value) in table::entries(table) {
        let value = value.dereference();
        let Some(s) = value.zend_str() else {
            return Err(args::type_error(
                1,
                &format!("must contain only URL strings, {} given", args::type_name(value)),
            ));
        };
        match std::str::from_utf8(s.as_bytes()) {
            Ok(s) if s.contains('\0') => return Err(args::value_error(1, NUL_BYTES)),
            Ok(s) => seeds.push(s.to_owned()),
            Err(_) => return Err(args::value_error(1, "must contain only valid UTF-8 strings")),
        }
    }
    Ok(seeds)
}

/// `['host' => ..., 'port' => ...]` as the old PHP emitters took it; a host starting with '/'
/// is a unix socket path.
fn legacy_address(host: Option<&Zval>, port: Option<&Zval>, cluster: Option<bool>) -> Result<Target, PhpException> {
    let host = match host {
        Some(z) => string_option("host", z)?,
        None => "127.0.0.1".to_owned(),
    };
    let port = match port {
        Some(z) => port_option(z)?,
        None => 6379,
    };
    if host.is_empty() {
        return Err(value_error("option \"host\" must not be empty"));
    }
    if host.contains('\0') {
        return Err(value_error(format!("option \"host\" {NUL_BYTES}")));
    }
    let url = if host.starts_with('/') {
        format!("unix://{host}")
    } else if host.contains(':') && !host.starts_with('[') {
        format!("redis://[{host}]:{port}")
    } else {
        format!("redis://{host}:{port}")
    };
    let parsed = if cluster == Some(true) { Target::parse_cluster(&[&url]) } else { Target::parse(&url) };
    parsed.map_err(|e| {
        value_error(format!("options \"host\" and \"port\" do not form a valid Redis address: {}", e.message))
    })
}

fn port_option(z: &Zval) -> Result<u16, PhpException> {
    let n = if let Some(n) = z.long() {
        Some(n)
    } else if let Some(s) = z.zend_str() {
        std::str::from_utf8(s.as_bytes()).ok().and_then(|s| s.trim().parse::<i64>().ok())
    } else {
        return Err(option_type_error("port", "int", z));
    };
    n.filter(|n| (1..=65535).contains(n))
        .map(|n| n as u16)
        .ok_or_else(|| value_error(format!("option \"port\" must be between 1 and 65535, got {}", shown(z))))
}

fn string_option(name: &str, z: &Zval) -> Result<String, PhpException> {
    let Some(s) = z.zend_str() else {
        return Err(option_type_error(name, "string", z));
    };
    String::from_utf8(s.as_bytes().to_vec())
        .map_err(|_| value_error(format!("option \"{name}\" must be a valid UTF-8 string")))
}

fn bool_option(name: &str, z: &Zval) -> Result<bool, PhpException> {
    z.bool().ok_or_else(|| option_type_error(name, "bool", z))
}

fn seconds_option(name: &str, z: Option<&Zval>, setting: &std::ffi::CStr) -> Result<Duration, PhpException> {
    let Some(z) = z else {
        // Validated when set; a failure here means the engine could not be asked.
        return parse_seconds_str(&ini::get(setting)).or(Ok(Duration::from_secs(1)));
    };
    let parsed = if let Some(n) = z.long() {
        seconds(n as f64)
    } else if let Some(f) = z.double() {
        seconds(f)
    } else if let Some(s) = z.zend_str() {
        std::str::from_utf8(s.as_bytes()).ok().and_then(|s| parse_seconds_str(s).ok())
    } else {
        return Err(option_type_error(name, "int|float", z));
    };
    parsed.ok_or_else(|| value_error(format!("option \"{name}\" must be a non-negative number, got {}", shown(z))))
}

/// PHP's SSL context option names.
fn tls_options(z: &Zval) -> Result<TlsOptions, PhpException> {
    let Some(table) = z.array() else {
        return Err(option_type_error("tls", "array", z));
    };
    let mut tls = TlsOptions::default();
    for (key, value) in table::entries(table) {
        let value = value.dereference();
        let name = key.zend_str().map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned());
        let Some(name) = name else {
            return Err(value_error(format!("option \"tls\" has an unknown key {}", key.long().unwrap_or_default())));
        };
        if value.is_null() {
            continue;
        }
        let path = |v: &Zval| -> Result<Option<std::path::PathBuf>, PhpException> {
            let s = v.zend_str().ok_or_else(|| option_type_error(&format!("tls.{name}"), "string", v))?;
            let s = std::str::from_utf8(s.as_bytes())
                .map_err(|_| value_error(format!("option \"tls.{name}\" must be a valid UTF-8 string")))?;
            if s.contains('\0') {
                return Err(value_error(format!("option \"tls.{name}\" {NUL_BYTES}")));
            }
            Ok(if s.is_empty() { None } else { Some(s.into()) })
        };
        let flag = |v: &Zval| v.bool().ok_or_else(|| option_type_error(&format!("tls.{name}"), "bool", v));
        match name.as_str() {
            "cafile" => tls.cafile = path(value)?,
            "local_cert" => tls.local_cert = path(value)?,
            "local_pk" => tls.local_pk = path(value)?,
            "verify_peer" => tls.verify_peer = flag(value)?,
            "verify_peer_name" => tls.verify_peer_name = flag(value)?,
            _ => {
                return Err(value_error(format!(
                    "option \"tls\" has an unknown key {} (known: cafile, verify_peer, verify_peer_name, local_cert, local_pk)",
                    quote(&name)
                )))
            }
        }
    }
    Ok(tls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_accept_what_php_ini_users_write() {
        assert!(validate_setting(Setting::Seconds, "0.5").is_ok());
        assert!(validate_setting(Setting::Seconds, "2").is_ok());
        assert!(validate_setting(Setting::Seconds, "0").is_ok());
        assert_eq!(
            validate_setting(Setting::Seconds, "abc").unwrap_err(),
            "must be a non-negative number, got \"abc\""
        );
        assert!(validate_setting(Setting::Seconds, "-1").is_err());
        assert!(validate_setting(Setting::Seconds, "inf").is_err());
        assert!(validate_setting(Setting::Seconds, "NaN").is_err());
        assert!(validate_setting(Setting::Count, "8").is_ok());
        assert!(validate_setting(Setting::Count, "-8").is_err());
        assert!(validate_setting(Setting::OnError, "warning").is_ok());
        assert!(validate_setting(Setting::OnError, "log").is_ok());
        assert!(validate_setting(Setting::Adapter, "sharded").is_ok());
        assert!(validate_setting(Setting::Adapter, "streams").is_ok());
        assert_eq!(
            validate_setting(Setting::Adapter, "stream").unwrap_err(),
            "must be \"redis\", \"sharded\" or \"streams\", got \"stream\""
        );
        assert!(validate_setting(Setting::SubscriptionMode, "dynamic-private").is_ok());
        assert!(validate_setting(Setting::SubscriptionMode, "Dynamic").is_err());
    }

    #[test]
    fn any_positive_number_of_seconds_is_a_limit() {
        assert_eq!(seconds(0.0), Some(Duration::ZERO));
        assert_eq!(seconds(1e-10), Some(Duration::from_nanos(1)));
        assert_eq!(seconds(f64::MIN_POSITIVE), Some(Duration::from_nanos(1)));
        assert_eq!(seconds(0.5), Some(Duration::from_millis(500)));
        assert_eq!(parse_seconds_str("1e-10").unwrap(), Duration::from_nanos(1));
        assert_eq!(seconds(-1e-10), None);
    }

    #[test]
    fn quoted_values_are_bounded_and_escaped() {
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\x0A\"");
        assert_eq!(quote(&"x".repeat(100)).len(), 64 + 2 + 3);
    }
}
