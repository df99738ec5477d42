//! `SocketIO\Token`: room tokens issued by PHP and checked by the Socket.IO servers (or by
//! PHP again). The rules live in `socketio-token`; this file turns arguments into claims and
//! the core's refusals into `TokenException`s.
//!
//! The secret comes from the `$secret` argument or the `socketio.secret` setting; it is
//! marked `#[\SensitiveParameter]`, and no message names more than its length.

use std::time::{SystemTime, UNIX_EPOCH};

use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ExecutorGlobals;
use socketio_protocol::{namespace, RoomSet, Value};
use socketio_token::{Claims, ErrorKind, Subject, TokenError, LEEWAY_SECONDS, MIN_SECRET_BYTES};

use super::engine::symbols;
use super::{args, convert, exceptions, ini, token_exception};

#[php_class]
#[php(name = "SocketIO\\Token")]
#[php(flags = ClassFlags::Final)]
pub struct Token;

#[php_impl]
impl Token {
    /// Seconds of clock difference tolerated for `exp`, `iat` and `nbf`.
    pub const LEEWAY: i64 = LEEWAY_SECONDS;
    /// Shortest secret accepted, in bytes.
    pub const MIN_SECRET_BYTES: i64 = MIN_SECRET_BYTES as i64;

    #[php(vis = "private")]
    pub fn __construct() -> PhpResult<Self> {
        Err("SocketIO\\Token cannot be instantiated; call Token::issue() and Token::verify()".into())
    }

    pub fn issue(
        user: &Zval,
        rooms: &Zval,
        ttl: Option<&Zval>,
        data: Option<&Zval>,
        secret: Option<&Zval>,
        nsp: Option<&Zval>,
    ) -> PhpResult<String> {
        let sub = subject(user)?;
        let rooms = room_list(rooms)?;
        let ttl = match ttl {
            Some(z) => long(z, 3)?,
            None => 300,
        };
        socketio_token::claims::check_ttl(ttl).map_err(|r| args::value_error(3, &r))?;
        let data = match data {
            Some(z) => token_data(z)?,
            None => None,
        };
        let secret = secret_bytes(secret, 5)?;
        let nsp = match nsp.map(Zval::dereference).filter(|z| !z.is_null()) {
            Some(z) => Some(
                namespace::normalize(&args::utf8(z, 6)?).map_err(|_| args::value_error(6, "must not contain \",\""))?,
            ),
            None => None,
        };
        let iat = now();
        let claims = Claims { sub, iat, exp: iat + ttl, rooms, nsp, data };
        socketio_token::issue(&claims, &secret).map_err(|e| match e.kind {
            ErrorKind::Secret => token_exception(e),
            _ => args::value_error(4, &format!("is too large: {}", e.message)),
        })
    }

    pub fn verify(token: &Zval, secret: Option<&Zval>) -> PhpResult<ZBox<ZendHashTable>> {
        let token = args::string(token, 1)?;
        let secret = secret_bytes(secret, 2)?;
        let verified = socketio_token::verify(&token, &secret, now()).map_err(token_exception)?;
        match &verified.payload {
            Value::Map(entries) => map_table(entries),
            // Claims::from_value accepted it, so it is an object.
            _ => Err(token_exception(TokenError::malformed("the token payload is not a JSON object"))),
        }
    }
}

fn token_exception(e: TokenError) -> PhpException {
    exceptions::token(e.message, token_exception::code(e.kind))
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// `string|int $user`, kept as given: no coercion, as for rooms.
fn subject(zv: &Zval) -> Result<Subject, PhpException> {
    let zv = zv.dereference();
    if let Some(n) = zv.long() {
        return Ok(Subject::Int(n));
    }
    let Some(s) = zv.zend_str() else {
        return Err(args::type_error(1, &format!("must be of type string|int, {} given", args::type_name(zv))));
    };
    let s = std::str::from_utf8(s.as_bytes()).map_err(|_| args::value_error(1, "must be a valid UTF-8 string"))?;
    let sub = Subject::Str(s.to_owned());
    socketio_token::claims::check_subject(&sub).map_err(|r| args::value_error(1, &r))?;
    Ok(sub)
}

/// `array $rooms`, each room checked as `to()` checks them; duplicates dropped, order kept.
fn room_list(zv: &Zval) -> Result<Vec<socketio_protocol::Room>, PhpException> {
    args::array(zv, 2)?;
    let mut set = RoomSet::default();
    args::room_set(&mut set, zv, 2)?;
    Ok(set.as_slice().to_vec())
}

/// `int $ttl` with the engine's weak-mode coercion ("300" from a config file is fine unless
/// the caller uses strict_types).
fn long(zv: &Zval, arg: u32) -> Result<i64, PhpException> {
    let zv = zv.dereference();
    if let Some(n) = zv.long() {
        return Ok(n);
    }
    if let Some(f) = symbols().parse_arg_long_slow {
        // The engine may convert in place, so it works on a copy.
        let mut copy = zv.shallow_clone();
        let mut out = 0i64;
        // SAFETY: `copy` is an initialised zval we own; `out` is written only on success.
        let ok = unsafe { f(std::ptr::from_mut(&mut copy).cast(), &mut out, arg) };
        if ok && !ExecutorGlobals::has_exception() {
            return Ok(out);
        }
    }
    Err(args::type_error(arg, &format!("must be of type int, {} given", args::type_name(zv))))
}

/// `array $data`: converted as emit arguments are; an empty array means no `data` claim.
fn token_data(zv: &Zval) -> Result<Option<Value>, PhpException> {
    let table = args::array(zv, 4)?;
    if table.is_empty() {
        return Ok(None);
    }
    let value = convert::named(zv, "$data")?;
    if value.has_binary() {
        return Err(args::value_error(4, "must not contain SocketIO\\Binary: a token is JSON"));
    }
    Ok(Some(value))
}

/// The argument when given and not empty, else `socketio.secret`; refused when neither is set
/// or when it is too short (the message gives the length, never the bytes).
fn secret_bytes(zv: Option<&Zval>, arg: u32) -> Result<Vec<u8>, PhpException> {
    let given = match zv.map(Zval::dereference).filter(|z| !z.is_null()) {
        Some(z) => args::string(z, arg)?.into_owned(),
        None => Vec::new(),
    };
    let secret = if given.is_empty() { ini::get_bytes(ini::SECRET) } else { given };
    if secret.is_empty() {
        return Err(exceptions::token(
            "no secret: pass $secret or set socketio.secret (php.ini, or your framework's config such as socketio.secret in CodeIgniter's .env)".into(),
            token_exception::code(ErrorKind::Secret),
        ));
    }
    socketio_token::secret::check(&secret).map_err(token_exception)?;
    Ok(secret)
}

/// A verified payload as `json_decode($json, true)` would give it.
fn to_zval(value: &Value) -> Result<Zval, PhpException> {
    let mut out = Zval::new();
    match value {
        Value::Null => out.set_null(),
        Value::Bool(b) => out.set_bool(*b),
        Value::Int(n) => out.set_long(*n),
        Value::Float(f) => out.set_double(*f),
        Value::Str(s) => out.set_string(s, false)?,
        // Never produced by the JSON reader.
        Value::Binary(_) => out.set_null(),
        Value::Array(items) => {
            let mut table = ZendHashTable::with_capacity(items.len().min(u32::MAX as usize) as u32);
            for item in items {
                table.push(to_zval(item)?)?;
            }
            out.set_hashtable(table);
        }
        Value::Map(entries) => out.set_hashtable(map_table(entries)?),
    }
    Ok(out)
}

fn map_table(entries: &[(String, Value)]) -> Result<ZBox<ZendHashTable>, PhpException> {
    let mut table = ZendHashTable::with_capacity(entries.len().min(u32::MAX as usize) as u32);
    for (key, item) in entries {
        match php_int_key(key) {
            Some(n) => table.insert_at_index(n, to_zval(item)?)?,
            None => table.insert(key.as_str(), to_zval(item)?)?,
        }
    }
    Ok(table)
}

/// PHP arrays store a decimal integer key ("7", "-3", not "07" or "-0") as that integer.
fn php_int_key(key: &str) -> Option<i64> {
    let digits = key.strip_prefix('-').unwrap_or(key);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && key != "-0";
    if canonical {
        key.parse().ok()
    } else {
        None
    }
}
