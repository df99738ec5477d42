//! The `socketio.*` php.ini settings: declaration, validation when they are set, and reading.
//!
//! Values are validated by `on_modify`, so a bad value is refused by `ini_set()` (which returns
//! false) and a bad php.ini line falls back to the default with a warning, as C extensions do;
//! a constructor reading a setting can then trust it. Reading goes through the engine's
//! `zend_ini_string_ex` (one hash lookup), never ext-php-rs's `ini_values()`, which copies every
//! directive into a HashMap.

use std::ffi::{c_int, c_void, CStr};

use ext_php_rs::ffi::{zend_ini_entry, zend_string};
use ext_php_rs::flags::{ErrorType, IniEntryPermission};
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

use super::engine::symbols;
use super::options::{self, Setting};
use super::settings_cache;

pub const URL: &CStr = c"socketio.url";
pub const KEY: &CStr = c"socketio.key";
pub const CONNECT_TIMEOUT: &CStr = c"socketio.connect_timeout";
pub const TIMEOUT: &CStr = c"socketio.timeout";
pub const BACKOFF: &CStr = c"socketio.backoff";
pub const ON_ERROR: &CStr = c"socketio.on_error";
pub const PERSISTENT: &CStr = c"socketio.persistent";
/// `0`: emits write their command and return without waiting for Redis's reply.
pub const WAIT: &CStr = c"socketio.wait";
pub const MAX_CONNECTIONS: &CStr = c"socketio.max_connections";
pub const TCP_KEEPALIVE: &CStr = c"socketio.tcp_keepalive";
pub const IDLE_TIMEOUT: &CStr = c"socketio.idle_timeout";
pub const CLUSTER: &CStr = c"socketio.cluster";
pub const ADAPTER: &CStr = c"socketio.adapter";
pub const SUBSCRIPTION_MODE: &CStr = c"socketio.subscription_mode";
/// The room-token secret. System/per-directory only (php.ini, a pool's php_admin_value,
/// .user.ini), so application code cannot swap it with ini_set().
pub const SECRET: &CStr = c"socketio.secret";

type OnModify =
    unsafe extern "C" fn(*mut zend_ini_entry, *mut zend_string, *mut c_void, *mut c_void, *mut c_void, c_int) -> c_int;
type Displayer = unsafe extern "C" fn(*mut zend_ini_entry, c_int);

const fn entry(
    name: &'static CStr,
    default: &'static CStr,
    perm: IniEntryPermission,
    check: Option<OnModify>,
) -> IniEntryDef {
    let mut def = IniEntryDef::new(name, default, perm);
    def.on_modify = check;
    def
}

const fn with_displayer(mut def: IniEntryDef, displayer: Displayer) -> IniEntryDef {
    def.displayer = Some(displayer);
    def
}

static ENTRIES: IniEntryDefs<16> = IniEntryDefs::new([
    with_displayer(entry(URL, c"redis://127.0.0.1:6379", IniEntryPermission::All, Some(accept)), display_url),
    entry(KEY, c"socket.io", IniEntryPermission::All, Some(accept)),
    entry(CONNECT_TIMEOUT, c"1", IniEntryPermission::All, Some(check_seconds)),
    entry(TIMEOUT, c"1", IniEntryPermission::All, Some(check_seconds)),
    entry(BACKOFF, c"1", IniEntryPermission::All, Some(check_seconds)),
    entry(ON_ERROR, c"exception", IniEntryPermission::All, Some(check_on_error)),
    entry(PERSISTENT, c"1", IniEntryPermission::All, Some(accept)),
    entry(WAIT, c"1", IniEntryPermission::All, Some(accept)),
    entry(MAX_CONNECTIONS, c"0", IniEntryPermission::System, Some(check_count)),
    entry(TCP_KEEPALIVE, c"60", IniEntryPermission::All, Some(check_seconds)),
    entry(IDLE_TIMEOUT, c"300", IniEntryPermission::All, Some(check_seconds)),
    entry(CLUSTER, c"0", IniEntryPermission::All, Some(accept)),
    entry(ADAPTER, c"redis", IniEntryPermission::All, Some(check_adapter)),
    entry(SUBSCRIPTION_MODE, c"dynamic", IniEntryPermission::All, Some(check_mode)),
    with_displayer(
        entry(SECRET, c"", IniEntryPermission::PerDir.union(IniEntryPermission::System), Some(accept)),
        display_secret,
    ),
    IniEntryDef::end(),
]);

pub fn register(module_number: i32) {
    IniEntryDef::register(ENTRIES.as_slice(), module_number);
}

pub fn unregister(module_number: i32) {
    if let Some(f) = symbols().unregister_ini_entries {
        // SAFETY: MSHUTDOWN of the module that registered them.
        unsafe { f(module_number) };
    }
}

/// The current (request-local) value. Empty if the engine cannot tell, which the callers'
/// parsers then reject with a message naming the setting.
pub fn get(name: &CStr) -> String {
    let Some(f) = symbols().ini_string_ex else { return String::new() };
    let mut exists = false;
    // SAFETY: the name is NUL-terminated; the returned pointer is copied before anything can
    // change the setting.
    let p = unsafe { f(name.as_ptr(), name.count_bytes(), 0, &mut exists) };
    if p.is_null() || !exists {
        return String::new();
    }
    // SAFETY: INI values are NUL-terminated.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// The current value as bytes, unchanged (a secret need not be UTF-8).
pub fn get_bytes(name: &CStr) -> Vec<u8> {
    let Some(f) = symbols().ini_string_ex else { return Vec::new() };
    let mut exists = false;
    // SAFETY: as in `get`.
    let p = unsafe { f(name.as_ptr(), name.count_bytes(), 0, &mut exists) };
    if p.is_null() || !exists {
        return Vec::new();
    }
    // SAFETY: INI values are NUL-terminated.
    unsafe { CStr::from_ptr(p) }.to_bytes().to_vec()
}

/// php.ini booleans as the engine reads them: on/yes/true, else a non-zero number.
pub fn parse_bool(value: &str) -> bool {
    let v = value.trim();
    if ["on", "yes", "true"].iter().any(|t| v.eq_ignore_ascii_case(t)) {
        return true;
    }
    let digits: String = v.chars().take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '+').collect();
    digits.parse::<i64>().map(|n| n != 0).unwrap_or(false)
}

pub fn get_bool(name: &CStr) -> bool {
    parse_bool(&get(name))
}

/// PHP's `memory_limit` in bytes (`128M`, `1G`, `-1`), with its text for messages; `None`
/// when unlimited or unreadable.
pub fn memory_limit() -> Option<(usize, String)> {
    let text = get(c"memory_limit");
    parse_quantity(&text).map(|n| (n, text.trim().to_owned()))
}

/// `[0-9]+[kKmMgG]?`, as php.ini writes sizes; anything else (including -1) is no limit.
fn parse_quantity(value: &str) -> Option<usize> {
    let v = value.trim();
    let (digits, shift) = match v.as_bytes().last()? {
        b'k' | b'K' => (&v[..v.len() - 1], 10),
        b'm' | b'M' => (&v[..v.len() - 1], 20),
        b'g' | b'G' => (&v[..v.len() - 1], 30),
        _ => (v, 0),
    };
    let n: usize = digits.trim().parse().ok()?;
    Some(n.saturating_mul(1 << shift)).filter(|&n| n > 0)
}

pub fn max_connections() -> usize {
    get(MAX_CONNECTIONS).trim().parse().unwrap_or(0)
}

/// An engine string as UTF-8, borrowed for as long as the caller says.
///
/// # Safety
/// `s` must be null or point to a `zend_string` that stays alive and unchanged for `'a`.
unsafe fn zstr<'a>(s: *mut zend_string) -> Option<&'a str> {
    // SAFETY: null or live for 'a, per the contract.
    let s = unsafe { s.as_ref() }?;
    std::str::from_utf8(s.as_bytes()).ok()
}

/// Shared body of the validators: accept, or warn naming the setting and refuse.
fn check(entry: *mut zend_ini_entry, value: *mut zend_string, setting: Setting) -> c_int {
    settings_cache::invalidate();
    let outcome = std::panic::catch_unwind(|| {
        // SAFETY: the engine passes the entry being modified and its new value, both alive
        // for this call, which the borrows do not outlive.
        let name = unsafe { entry.as_ref() }.and_then(|e| unsafe { zstr(e.name) }).unwrap_or("socketio setting");
        // SAFETY: as above.
        let raw = unsafe { zstr(value) };
        match raw.map(|v| options::validate_setting(setting, v)) {
            Some(Ok(())) => 0,
            Some(Err(reason)) => {
                ext_php_rs::error::php_error(&ErrorType::Warning, &format!("{name} {reason}"));
                -1
            }
            None => {
                ext_php_rs::error::php_error(&ErrorType::Warning, &format!("{name} must be valid UTF-8"));
                -1
            }
        }
    });
    outcome.unwrap_or(-1)
}

macro_rules! validator {
    ($name:ident, $setting:expr) => {
        unsafe extern "C" fn $name(
            entry: *mut zend_ini_entry,
            value: *mut zend_string,
            _a1: *mut c_void,
            _a2: *mut c_void,
            _a3: *mut c_void,
            _stage: c_int,
        ) -> c_int {
            check(entry, value, $setting)
        }
    };
}

/// For settings any string is valid for (the URL is checked by the constructor, with the
/// parser's message). It must exist anyway: without an `on_modify`, `ini_restore()` refuses
/// to restore a setting at run time.
unsafe extern "C" fn accept(
    _entry: *mut zend_ini_entry,
    _value: *mut zend_string,
    _a1: *mut c_void,
    _a2: *mut c_void,
    _a3: *mut c_void,
    _stage: c_int,
) -> c_int {
    settings_cache::invalidate();
    0
}

validator!(check_seconds, Setting::Seconds);
validator!(check_on_error, Setting::OnError);
validator!(check_count, Setting::Count);
validator!(check_adapter, Setting::Adapter);
validator!(check_mode, Setting::SubscriptionMode);

/// `socketio.url` may hold a password: phpinfo() and `php --ri` show it masked.
unsafe extern "C" fn display_url(entry: *mut zend_ini_entry, kind: c_int) {
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: the engine passes the entry being displayed.
        let Some(e) = (unsafe { entry.as_ref() }) else { return };
        // ZEND_INI_DISPLAY_ORIG = 1: the master value when it was changed at run time.
        let raw = if kind == 1 && e.modified != 0 { e.orig_value } else { e.value };
        // SAFETY: the entry's values live while the engine displays it (this call).
        let shown = match unsafe { zstr(raw) } {
            Some(v) if !v.is_empty() => mask_passwords(v),
            Some(_) => "no value".to_owned(),
            None => "(not valid UTF-8)".to_owned(),
        };
        // SAFETY: reading a plain int of the SAPI descriptor.
        let as_text = unsafe { ext_php_rs::ffi::sapi_module.phpinfo_as_text } != 0;
        let out = if as_text { shown } else { html_escape(&shown) };
        // SAFETY: writes bytes to PHP's output layer.
        unsafe { ext_php_rs::ffi::php_output_write(out.as_ptr().cast(), out.len()) };
    });
}

/// `socketio.secret` is never shown, not even its length: only whether it is set.
unsafe extern "C" fn display_secret(entry: *mut zend_ini_entry, kind: c_int) {
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: the engine passes the entry being displayed.
        let Some(e) = (unsafe { entry.as_ref() }) else { return };
        let raw = if kind == 1 && e.modified != 0 { e.orig_value } else { e.value };
        // SAFETY: engine strings handed to ini callbacks are valid for the call.
        let set = unsafe { raw.as_ref() }.is_some_and(|s| !s.as_bytes().is_empty());
        let out: &[u8] = if set { b"********" } else { b"no value" };
        // SAFETY: writes bytes to PHP's output layer.
        unsafe { ext_php_rs::ffi::php_output_write(out.as_ptr().cast(), out.len()) };
    });
}

/// `redis://alice:s3cret@host` → `redis://alice:***@host`, for each comma-separated URL.
///
/// A password may itself hold `,` `@` `:` or `/` (`redis://app:Hunter2,Secret@h`), and a
/// malformed URL (`redis:/app:pw@h`, `app:pw@h`) still carries one: when in doubt, everything
/// from the start of the credentials to the last `@` is masked. A piece of the list is shown
/// as written only when it has no `@` and reads as a plain address, or when nothing after it
/// has an `@` (then it carries no credentials at all).
pub fn mask_passwords(urls: &str) -> String {
    if socketio_redis::sentinel::is_sentinel_url(urls) {
        return mask_sentinel(urls);
    }
    let pieces: Vec<&str> = urls.split(',').collect();
    let mut out: Vec<String> = Vec::with_capacity(pieces.len());
    let mut pending: Option<String> = None;
    for (i, piece) in pieces.iter().enumerate() {
        let joined = match pending.take() {
            Some(before) => format!("{before},{piece}"),
            None => (*piece).to_owned(),
        };
        let later_credentials = pieces[i + 1..].iter().any(|p| p.contains('@'));
        let next_continues = pieces.get(i + 1).is_some_and(|next| next.contains('@') && !has_scheme(next));
        if next_continues || (!joined.contains('@') && later_credentials && !plain_address(&joined)) {
            // Possibly the first part of a password with a comma: judged with what follows.
            pending = Some(joined);
            continue;
        }
        out.push(mask_one(&joined));
    }
    if let Some(rest) = pending {
        out.push(mask_one(&rest));
    }
    out.join(",")
}

/// `redis+sentinel://u:pw@h1,h2/name?sentinel_password=spw` (one URL, commas and all):
/// the master's password as in any URL, and the value of `sentinel_password` up to the next
/// `&sentinel_username=` or the end (a password may hold an unencoded `&`).
fn mask_sentinel(url: &str) -> String {
    const KEY: &str = "sentinel_password=";
    let (mut main, mut tail) = (url.to_owned(), String::new());
    if let Some(at) = url.find(KEY) {
        let value_start = at + KEY.len();
        let rest = &url[value_start..];
        let after = rest.find("&sentinel_username=").map_or(String::new(), |i| rest[i..].to_owned());
        main = url[..value_start].to_owned();
        tail = format!("***{after}");
    }
    format!("{}{tail}", mask_one(&main))
}

/// Masks the credentials of one URL: from after `//` (else after the first `:`, which then
/// ends the user name) to the last `@`, keeping the user name when a `:` separates it from the
/// password.
fn mask_one(url: &str) -> String {
    let Some(at) = url.rfind('@') else { return url.to_owned() };
    let head = &url[..at];
    let (start, after_slashes) = match head.find("//") {
        Some(i) => (i + 2, true),
        None => (head.find(':').map_or(0, |i| i + 1), false),
    };
    let userinfo = &head[start..];
    // Only a name that cannot be a piece of a password is kept (after `//`, up to a `:`).
    let user = match userinfo.find(':') {
        Some(colon) if after_slashes && !userinfo[..colon].contains(['@', ',']) => &userinfo[..=colon],
        _ => "",
    };
    format!("{}{user}***{}", &url[..start], &url[at..])
}

/// `scheme://` at the start (spaces around list items are allowed).
fn has_scheme(piece: &str) -> bool {
    let piece = piece.trim_start();
    piece.find("://").is_some_and(|i| {
        i > 0 && piece[..i].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    })
}

/// `[scheme://]host[:port][/db]` or `unix:///path` with no room for a password: a host name
/// or bracketed IPv6 address, a numeric port, a numeric database.
fn plain_address(piece: &str) -> bool {
    let piece = piece.trim();
    let rest = match piece.find("://") {
        Some(i) if has_scheme(piece) => &piece[i + 3..],
        Some(_) => return false,
        None => piece,
    };
    if rest.starts_with('/') {
        return true;
    }
    let (authority, db) = rest.split_once('/').unwrap_or((rest, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, tail)) if addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') => {
                (addr, tail.strip_prefix(':').unwrap_or(tail))
            }
            _ => return false,
        },
        None => authority.split_once(':').unwrap_or((authority, "")),
    };
    !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'))
        && digits(port)
        && digits(db)
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_password_and_keeps_the_rest() {
        assert_eq!(mask_passwords("redis://u:p@h:1"), "redis://u:***@h:1");
        assert_eq!(mask_passwords("unix://:pw@/tmp/r.sock"), "unix://:***@/tmp/r.sock");
        assert_eq!(mask_passwords("redis://a:x@b,redis://c:7000"), "redis://a:***@b,redis://c:7000");
        assert_eq!(mask_passwords("redis://u:p@ss@h"), "redis://u:***@h");
        assert_eq!(mask_passwords("redis://h:6379"), "redis://h:6379");
    }

    /// No shape of URL or list lets a password through: (setting, shown, its secrets).
    #[test]
    fn masks_passwords_with_commas_and_malformed_urls() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("redis://app:Hunter2,Secret@h:1", "redis://app:***@h:1", &["Hunter2", "Secret"]),
            ("redis://app:1234,5678@h", "redis://app:***@h", &["1234", "5678"]),
            ("redis://u:abc,redis://x@h", "redis://u:***@h", &["abc", "//x"]),
            ("redis://c:7000,redis://a:x@b", "redis://c:7000,redis://a:***@b", &[":x"]),
            ("redis://a:x@b, redis://c:y@d", "redis://a:***@b, redis://c:***@d", &[":x", ":y"]),
            ("redis://a:x@b,c:7000", "redis://a:***@b,c:7000", &[":x"]),
            ("redis://u:a,b@c,d@h", "redis://u:***@h", &["a,b", "c,d"]),
            ("a:x@b,c:y@d", "a:***@d", &["x@", "y@"]),
            ("redis:/app:pw@h", "redis:***@h", &["pw"]),
            ("redis://a@b,c:y@d", "redis://***@d", &["a@", "b,", ":y"]),
            ("redis//app:pw@h", "redis//app:***@h", &["pw"]),
            ("app:pw@h", "app:***@h", &["pw"]),
            ("pw@h", "***@h", &["pw"]),
            ("redis://pw@h", "redis://***@h", &["pw"]),
            ("redis://:pw@h", "redis://:***@h", &["pw"]),
            ("rediss://u:p:w/x@h:6380/0", "rediss://u:***@h:6380/0", &["p:w/x"]),
            ("unix://:pw@/tmp/r.sock", "unix://:***@/tmp/r.sock", &["pw"]),
            (
                "redis://[::1]:7000,redis://u:a,b,c@[::1]:7001",
                "redis://[::1]:7000,redis://u:***@[::1]:7001",
                &["a,b,c"],
            ),
            ("redis://h:1/0,redis://h:2", "redis://h:1/0,redis://h:2", &[]),
            ("redis://u:pw", "redis://u:pw", &[]),
            (
                "redis+sentinel://app:p,w@h1:26379,h2:26379/mymaster?sentinel_password=s,p@w&x",
                "redis+sentinel://app:***@h1:26379,h2:26379/mymaster?sentinel_password=***",
                &["p,w", "s,p", "@w&x"],
            ),
            (
                "rediss+sentinel://h1,h2/m?sentinel_password=spw&sentinel_username=watch",
                "rediss+sentinel://h1,h2/m?sentinel_password=***&sentinel_username=watch",
                &["spw"],
            ),
            ("redis+sentinel://h1:26379,h2:26379/m", "redis+sentinel://h1:26379,h2:26379/m", &[]),
            (
                "redis+sentinel://:mpw@h1/m?sentinel_username=w&sentinel_password=spw",
                "redis+sentinel://:***@h1/m?sentinel_username=w&sentinel_password=***",
                &["mpw", "spw"],
            ),
            ("", "", &[]),
        ];
        for (url, shown, secrets) in cases {
            let masked = mask_passwords(url);
            assert_eq!(masked, *shown, "{url}");
            for secret in *secrets {
                assert!(!masked.contains(secret), "{url} shown as {masked}");
            }
        }
    }

    #[test]
    fn reads_memory_limit_like_php_ini() {
        assert_eq!(parse_quantity("128M"), Some(128 << 20));
        assert_eq!(parse_quantity(" 2g "), Some(2 << 30));
        assert_eq!(parse_quantity("512k"), Some(512 << 10));
        assert_eq!(parse_quantity("1000"), Some(1000));
        assert_eq!(parse_quantity("-1"), None);
        assert_eq!(parse_quantity("0"), None);
        assert_eq!(parse_quantity(""), None);
        assert_eq!(parse_quantity("M"), None);
    }

    #[test]
    fn reads_php_ini_booleans_like_the_engine() {
        for t in ["1", "On", "yes", "TRUE", "2"] {
            assert!(parse_bool(t), "{t}");
        }
        for f in ["0", "off", "", "no", "false", "abc"] {
            assert!(!parse_bool(f), "{f}");
        }
    }
}
