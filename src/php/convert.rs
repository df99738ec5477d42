//! PHP values → `socketio_protocol::Value`, by the rule users know from `json_encode`, plus
//! `SocketIO\Binary` for bytes.
//!
//! A value that cannot be sent is reported as an `EncodingException` whose message starts with
//! where it is (`$args[1]['user']->name`) and then why. The path is built only on failure, on
//! the way back up, so a successful conversion pays nothing for it.

use std::ffi::c_void;
use std::sync::Arc;

use ext_php_rs::exception::PhpException;
use ext_php_rs::ffi::_zend_prop_purpose_ZEND_PROP_PURPOSE_JSON;
use ext_php_rs::flags::{ClassFlags, DataType};
use ext_php_rs::types::{ZendCallable, ZendClassObject, ZendObject, Zval};
use ext_php_rs::zend::{ClassEntry, ExecutorGlobals};
use socketio_protocol::limits::{self, Format};
use socketio_protocol::Value;

use super::binary::Binary;
use super::table::{self, Entries, Key};
use super::{engine, exceptions, ini};

/// As `json_encode`'s default depth: 512 nested arrays/objects are fine, one more is not.
const MAX_DEPTH: usize = 512;
/// Appended to the invalid-UTF-8 reason where bytes can be sent (not in a token's JSON).
const BINARY_HINT: &str = "; wrap bytes in SocketIO\\Binary to send them as binary";
/// Longer paths (only possible for deep nesting) are cut, keeping messages readable.
const MAX_PATH_SEGMENTS: usize = 32;

/// Converts the variadic payload arguments (`...$args`).
///
/// User code may run meanwhile (`jsonSerialize()`, destructors of the values it returned,
/// which the walk releases): once it has thrown or called `exit()`, the conversion stops and
/// fails with that exception pending, so the caller publishes nothing and the user's own
/// exception is what reaches PHP.
///
/// `bytes` is how the message will write `SocketIO\Binary` values (see
/// `Scope::server_side_emit_bytes_format`), for the memory the encoding takes.
pub fn args(values: &[&Zval], bytes: Format) -> Result<Vec<Value>, PhpException> {
    let mut walker = Walker::new(bytes);
    let mut out = Vec::with_capacity(values.len());
    for (i, zv) in values.iter().enumerate() {
        match walker.value(zv, 0) {
            Ok(v) => out.push(v),
            Err(f) => return Err(f.into_exception(i)),
        }
    }
    // The last value's temporaries were released after its own check.
    if engine::exception_pending() {
        return Err(pending());
    }
    Ok(out)
}

/// Converts one value that is not an emit argument, e.g. `Token::issue()`'s `$data` (JSON), as
/// [`args`] converts each argument; a failure is located from `root` (`$data['user']->name`).
pub fn named(value: &Zval, root: &str) -> Result<Value, PhpException> {
    let converted = Walker::new(Format::Json).value(value, 0);
    if engine::exception_pending() {
        return Err(pending());
    }
    converted.map_err(|f| match f.reason {
        Reason::Pending => pending(),
        Reason::Message(reason) => {
            let reason = reason.strip_suffix(BINARY_HINT).unwrap_or(&reason);
            exceptions::encoding(format!("{}: {reason}", render_from(root, &f.path)))
        }
    })
}

/// The error of a call that stops because an exception is already pending: throwing it is a
/// no-op (`PhpException::throw` leaves a pending exception alone), so the pending one, unchanged,
/// is what the caller sees.
pub fn pending() -> PhpException {
    exceptions::encoding(String::new())
}

enum Segment {
    Index(i64),
    Key(Vec<u8>),
    Prop(Vec<u8>),
}

enum Reason {
    Message(String),
    /// A PHP exception (from `jsonSerialize()` or a `DateTime` method) is pending and must
    /// reach the caller unchanged.
    Pending,
}

struct Failure {
    /// Innermost segment first: pushed while unwinding.
    path: Vec<Segment>,
    reason: Reason,
}

impl Failure {
    fn new(reason: impl Into<String>) -> Self {
        Failure { path: Vec::new(), reason: Reason::Message(reason.into()) }
    }

    fn at(mut self, segment: Segment) -> Self {
        if !matches!(self.reason, Reason::Pending) {
            self.path.push(segment);
        }
        self
    }

    fn pending() -> Self {
        Failure { path: Vec::new(), reason: Reason::Pending }
    }

    /// A pending exception wins over our own reason: unwinding may have released the last
    /// reference to a value whose destructor threw.
    fn into_exception(self, arg: usize) -> PhpException {
        if engine::exception_pending() {
            return pending();
        }
        match self.reason {
            Reason::Pending => pending(),
            Reason::Message(reason) => exceptions::encoding(format!("{}: {reason}", render_path(arg, &self.path))),
        }
    }
}

fn render_path(arg: usize, path: &[Segment]) -> String {
    render_from(&format!("$args[{arg}]"), path)
}

fn render_from(root: &str, path: &[Segment]) -> String {
    let mut out = root.to_owned();
    for (n, segment) in path.iter().rev().enumerate() {
        if n == MAX_PATH_SEGMENTS {
            out.push_str("...");
            break;
        }
        match segment {
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(k) => {
                out.push_str("['");
                escape_into(&mut out, k, true);
                out.push_str("']");
            }
            Segment::Prop(p) => {
                out.push_str("->");
                escape_into(&mut out, p, false);
            }
        }
    }
    out
}

/// Keys as a PHP single-quoted literal would show them; bytes that are not UTF-8 as `\xNN`.
fn escape_into(out: &mut String, bytes: &[u8], quoted: bool) {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\'' | '\\' if quoted => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
}

/// What one converted value costs at least, besides its bytes: the node, and its key's slot
/// when it sits in a map.
pub(super) const NODE_COST: usize = std::mem::size_of::<Value>() + std::mem::size_of::<String>();

/// Payloads smaller than this are converted without consulting `memory_limit` (no PHP runs
/// with less).
pub(super) const FREE_BYTES: usize = 1 << 20;

/// What a string of `len` bytes costs outside PHP's allocator: its copy in the converted value,
/// then its encoding in the payload, then the payload's copy in the Redis command.
pub(super) fn string_cost(len: usize) -> usize {
    len.saturating_add(limits::encoded_str_len(len).saturating_mul(2))
}

struct Walker {
    /// Arrays and objects on the path from the argument to the current value; meeting one
    /// again means a cycle. Siblings may share a value: that is repetition, not recursion.
    ancestors: Vec<*const c_void>,
    /// Bytes the conversion, the encoding and the Redis command will take, checked against
    /// `memory_limit` as the conversion goes. They live outside PHP's allocator, where
    /// memory_limit does not apply, and sharing makes them exponential in the PHP value's size
    /// (`$a = [$a, $a]` 30 times is 2^30 leaves): json_encode() stops such a value at
    /// memory_limit, so does this.
    spent: usize,
    /// How the message writes bytes (a JSON Buffer takes about 4 bytes per byte).
    bytes_format: Format,
    /// `memory_limit` in bytes and as written; read only once a payload passes `FREE_BYTES`,
    /// so the common small emit never looks up the INI table. `None` until then.
    limit: Option<Option<(usize, String)>>,
    json_serializable: Option<&'static ClassEntry>,
    date: Option<&'static ClassEntry>,
    closure: Option<&'static ClassEntry>,
    resolved: bool,
}

type Converted = Result<Value, Failure>;

impl Walker {
    fn new(bytes_format: Format) -> Self {
        Walker {
            ancestors: Vec::new(),
            spent: 0,
            bytes_format,
            limit: None,
            json_serializable: None,
            date: None,
            closure: None,
            resolved: false,
        }
    }

    fn charge(&mut self, bytes: usize) -> Result<(), Failure> {
        self.spent = self.spent.saturating_add(bytes);
        if self.spent <= FREE_BYTES {
            return Ok(());
        }
        match self.limit.get_or_insert_with(ini::memory_limit) {
            Some((max, text)) if self.spent > *max => Err(Failure::new(format!(
                "payload too large: converting and encoding it takes more than memory_limit ({text})"
            ))),
            _ => Ok(()),
        }
    }

    fn value(&mut self, zv: &Zval, depth: usize) -> Converted {
        // Checked before every value: a destructor of what the previous one released may have
        // thrown, and PHP code must not be called again (a `DateTime`'s formatting, another
        // `jsonSerialize()`) with an exception pending.
        if engine::exception_pending() {
            return Err(Failure::pending());
        }
        let zv = zv.dereference();
        self.charge(NODE_COST.saturating_add(zv.zend_str().map_or(0, |s| string_cost(s.len()))))?;
        match zv.get_type() {
            DataType::Null | DataType::Undef => Ok(Value::Null),
            DataType::False => Ok(Value::Bool(false)),
            DataType::True => Ok(Value::Bool(true)),
            DataType::Long => Ok(Value::Int(zv.long().unwrap_or_default())),
            DataType::Double => float(zv.double().unwrap_or_default()),
            DataType::String => string(zv),
            DataType::Array => self.array(zv, depth),
            DataType::Object(_) => match zv.object() {
                Some(obj) => self.object(zv, obj, depth),
                None => Err(Failure::new("object cannot be read")),
            },
            DataType::Resource => Err(Failure::new("resource cannot be sent")),
            other => Err(Failure::new(format!("{other} cannot be sent"))),
        }
    }

    fn enter(&mut self, ptr: *const c_void, depth: usize) -> Result<(), Failure> {
        if depth >= MAX_DEPTH {
            return Err(Failure::new(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        if self.ancestors.contains(&ptr) {
            return Err(Failure::new("recursive reference"));
        }
        self.ancestors.push(ptr);
        Ok(())
    }

    fn leave(&mut self) {
        self.ancestors.pop();
    }

    /// A list (keys 0..n-1 in order) becomes an array, anything else a map with string keys.
    fn array(&mut self, zv: &Zval, depth: usize) -> Converted {
        let entries = table::held_array(zv).ok_or_else(|| Failure::new("array cannot be read"))?;
        self.enter(entries.address(), depth)?;
        let result = self.array_items(entries, depth + 1);
        self.leave();
        result
    }

    fn array_items(&mut self, entries: Entries<'_>, depth: usize) -> Converted {
        let mut list: Vec<Value> = Vec::with_capacity(entries.elements());
        let mut map: Option<Vec<(String, Value)>> = None;
        for (key, item) in entries {
            // Copied out before the value is converted: a jsonSerialize() run by that can
            // remove this very element and free its key, because some tables are written in
            // place even while the walk holds a reference on them (ArrayObject's storage).
            let key = OwnedKey::new(&key);
            let converted = self.value(item, depth).map_err(|f| f.at(key.segment()))?;
            let index = key.index();
            if map.is_none() && index == Some(list.len() as i64) {
                list.push(converted);
                continue;
            }
            let entries = map.get_or_insert_with(|| {
                std::mem::take(&mut list).into_iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect()
            });
            if let OwnedKey::Name(name) = &key {
                limits::check_value_len(name.len()).map_err(|e| Failure::new(format!("array key of {e}")))?;
            }
            let name = match key {
                OwnedKey::Index(i) => i.to_string(),
                OwnedKey::Name(name) => name,
                OwnedKey::Invalid(_) => return Err(Failure::new("array key is not valid UTF-8").at(key.segment())),
            };
            self.charge(string_cost(name.len()))?;
            entries.push((name, converted));
        }
        Ok(match map {
            Some(entries) => Value::object(entries),
            None => Value::Array(list),
        })
    }

    fn resolve_classes(&mut self) {
        if !self.resolved {
            self.json_serializable = engine::json_serializable_ce();
            self.date = engine::date_interface_ce();
            self.closure = engine::closure_ce();
            self.resolved = true;
        }
    }

    fn object(&mut self, zv: &Zval, obj: &ZendObject, depth: usize) -> Converted {
        if let Some(binary) = ZendClassObject::<Binary>::from_zend_obj(obj) {
            let Some(bytes) = binary.bytes() else {
                return Err(Failure::new(
                    "SocketIO\\Binary object is not initialised (its constructor was not called)",
                ));
            };
            limits::check_value_len(bytes.len()).map_err(|e| Failure::new(format!("SocketIO\\Binary of {e}")))?;
            // Shared, not copied: what it costs is the encoding and the command's copy of it.
            self.charge(limits::encoded_bytes_len(self.bytes_format, bytes.len()).saturating_mul(2))?;
            return Ok(Value::Binary(Arc::clone(bytes)));
        }
        self.resolve_classes();
        let ce = obj.get_class_entry();
        if self.closure.is_some_and(|c| std::ptr::eq(c, ce)) {
            return Err(Failure::new("Closure cannot be sent"));
        }
        if ce.flags().contains(ClassFlags::Enum) {
            return enum_value(obj, ce);
        }
        // PHP code that runs below (this jsonSerialize(), or one of a property's value) can
        // drop every other reference to this object, e.g. `$o = null` on the variable behind
        // an `[&$o]` slot. Its declared properties are read through pointers into it, so it is
        // kept alive until the walk is done, as the VM keeps `$this` alive during a call.
        let _alive = zv.shallow_clone();
        self.enter(std::ptr::from_ref(obj).cast(), depth)?;
        let result = if self.json_serializable.is_some_and(|js| ce.instance_of(js)) {
            self.json_serialized(obj, depth + 1)
        } else if self.date.is_some_and(|d| ce.instance_of(d)) {
            date_to_json(zv, ce)
        } else {
            self.properties(zv, depth + 1)
        };
        self.leave();
        result
    }

    /// Like `json_encode`: the method's result is sent in place of the object, and an object
    /// returning itself is sent as its public properties.
    fn json_serialized(&mut self, obj: &ZendObject, depth: usize) -> Converted {
        let result = obj.try_call_method("jsonSerialize", vec![]);
        if engine::exception_pending() {
            return Err(Failure::pending());
        }
        let result = result.map_err(|e| Failure::new(format!("jsonSerialize() could not be called: {e}")))?;
        if let Some(same) = result.object() {
            if std::ptr::eq(same, obj) {
                return self.properties(&result, depth);
            }
        }
        self.value(&result, depth)
    }

    /// Public properties only, read as `json_encode` reads them.
    fn properties(&mut self, zv: &Zval, depth: usize) -> Converted {
        // No table (a WeakMap answers so): no public properties, `{}` as json_encode says.
        let Some(props) = json_properties(zv) else {
            return Ok(Value::object(Vec::new()));
        };
        let mut entries = Vec::with_capacity(props.elements());
        for (key, item) in props {
            let name = match key.zend_str() {
                // "\0*\0name" / "\0Class\0name": protected or private.
                Some(k) if k.as_bytes().first() == Some(&0) => continue,
                Some(k) => match std::str::from_utf8(k.as_bytes()) {
                    Ok(name) => name.to_owned(),
                    Err(_) => return Err(Failure::new("property name is not valid UTF-8").at(prop_segment(&key))),
                },
                None => key.long().unwrap_or_default().to_string(),
            };
            limits::check_value_len(name.len()).map_err(|e| Failure::new(format!("property name of {e}")))?;
            // By the copied name, not `key`: the conversion may run PHP code that frees it.
            let converted = self.value(item, depth).map_err(|f| f.at(Segment::Prop(name.as_bytes().to_vec())))?;
            self.charge(string_cost(name.len()))?;
            entries.push((name, converted));
        }
        Ok(Value::object(entries))
    }
}

/// An array key copied out of its table.
enum OwnedKey {
    Index(i64),
    Name(String),
    /// Not UTF-8: refused, but only once the value is known to be sendable, so that a bad
    /// value is reported first, at its full path.
    Invalid(Vec<u8>),
}

impl OwnedKey {
    fn new(key: &Key) -> Self {
        match key.zend_str() {
            Some(k) => match std::str::from_utf8(k.as_bytes()) {
                Ok(name) => OwnedKey::Name(name.to_owned()),
                Err(_) => OwnedKey::Invalid(k.as_bytes().to_vec()),
            },
            None => OwnedKey::Index(key.long().unwrap_or_default()),
        }
    }

    fn index(&self) -> Option<i64> {
        match self {
            OwnedKey::Index(i) => Some(*i),
            _ => None,
        }
    }

    /// Where a failing element is; only built on failure.
    fn segment(&self) -> Segment {
        match self {
            OwnedKey::Index(i) => Segment::Index(*i),
            OwnedKey::Name(name) => Segment::Key(name.as_bytes().to_vec()),
            OwnedKey::Invalid(bytes) => Segment::Key(bytes.clone()),
        }
    }
}

fn prop_segment(key: &Key) -> Segment {
    match key.zend_str() {
        Some(k) => Segment::Prop(k.as_bytes().to_vec()),
        None => Segment::Prop(key.long().unwrap_or_default().to_string().into_bytes()),
    }
}

/// The properties `json_encode` reads: `zend_get_properties_for(JSON)` (ArrayObject answers with
/// its storage), whose reference the walk gives back when done.
fn json_properties(zv: &Zval) -> Option<Entries<'_>> {
    if let Some(f) = engine::symbols().get_properties_for {
        // SAFETY: `zv` is an object zval; the engine only reads it and returns a table with a
        // reference for us (or null).
        let table = unsafe { f(std::ptr::from_ref(zv).cast_mut().cast(), _zend_prop_purpose_ZEND_PROP_PURPOSE_JSON) };
        // SAFETY: that reference is handed over to the walk.
        return (!table.is_null()).then(|| unsafe { table::adopt(table) });
    }
    zv.object()?.get_properties().ok().map(table::entries)
}

fn float(f: f64) -> Converted {
    if f.is_finite() {
        return Ok(Value::Float(f));
    }
    let name = if f.is_nan() {
        "NAN"
    } else if f > 0.0 {
        "INF"
    } else {
        "-INF"
    };
    Err(Failure::new(format!("float {name} cannot be sent (only finite numbers)")))
}

fn string(zv: &Zval) -> Converted {
    let bytes = zv.zend_str().map(|s| s.as_bytes()).unwrap_or_default();
    limits::check_value_len(bytes.len()).map_err(|e| Failure::new(format!("string of {e}")))?;
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Value::Str(s.to_owned())),
        Err(_) => Err(Failure::new(format!("string is not valid UTF-8{BINARY_HINT}"))),
    }
}

/// A class's name as PHP's own messages show it: an anonymous class's is cut at its NUL
/// byte (`DateTime@anonymous`), leaving out the file and line.
fn class_name(ce: &ClassEntry, fallback: &str) -> String {
    let name = ce.name().unwrap_or(fallback);
    name.split('\0').next().unwrap_or(name).to_owned()
}

/// A backed enum is sent as its value; a pure enum has none, as `json_encode` says too.
fn enum_value(obj: &ZendObject, ce: &ClassEntry) -> Converted {
    let name = class_name(ce, "enum");
    if ce.enum_backing_type == 0 {
        return Err(Failure::new(format!("non-backed enum {name} cannot be sent")));
    }
    // Enum cases store `name` then `value` in their first two property slots. The struct
    // declares `properties_table` as a one-element array, so the second slot is reached from a
    // raw pointer to the whole object (not from a reference to that array, which covers only
    // the first).
    // SAFETY: `obj` is a live object, so taking its field's address is sound; the engine
    // allocates an enum case object with room for every declared property, and a backed enum's
    // case has both slots (`name`, `value`) initialised for its lifetime, which the borrow of
    // `obj` spans.
    let value: &Zval = unsafe {
        let table = (&raw const (*std::ptr::from_ref(obj)).properties_table).cast::<Zval>();
        &*table.add(1)
    };
    if let Some(n) = value.long() {
        Ok(Value::Int(n))
    } else if let Some(s) = value.zend_str() {
        match std::str::from_utf8(s.as_bytes()) {
            Ok(s) => Ok(Value::Str(s.to_owned())),
            Err(_) => Err(Failure::new(format!("value of enum {name} is not valid UTF-8"))),
        }
    } else {
        Err(Failure::new(format!("enum {name} has no readable value")))
    }
}

/// `Date.prototype.toJSON()`: ISO 8601 in UTC with milliseconds, whatever the object's zone.
///
/// Read through the function `date_format()`, not the `format()` method: a subclass may
/// override that (Carbon does, with a user-settable format function) and answer anything.
/// The method only if `disable_functions` took the function away.
fn date_to_json(zv: &Zval, ce: &ClassEntry) -> Converted {
    let class = || class_name(ce, "DateTimeInterface");
    let function = ZendCallable::try_from_name("date_format").ok();
    let formatted = match &function {
        Some(f) => f.try_call(vec![zv, &"U v"]),
        None => {
            zv.object().map_or(Err(ext_php_rs::error::Error::Callable), |o| o.try_call_method("format", vec![&"U v"]))
        }
    };
    if function.is_none() && engine::exception_pending() {
        return Err(Failure::pending());
    }
    // `value()` saw no exception pending before this date: one now is date_format()'s own.
    if engine::exception_pending() {
        // No user code runs in date_format(): the engine's own Error for an object whose
        // constructor never ran (newInstanceWithoutConstructor(), a subclass skipping
        // parent::__construct()). Reported like any other unsendable value, with its place.
        drop(ExecutorGlobals::take_exception());
        return Err(Failure::new(format!("{} object is not initialised (its constructor was not called)", class())));
    }
    let parsed = formatted.ok().and_then(|z| z.string()).and_then(|s| {
        let (secs, ms) = s.split_once(' ')?;
        Some((secs.parse::<i64>().ok()?, ms.parse::<i64>().ok()?))
    });
    let Some((secs, ms)) = parsed else {
        return Err(Failure::new(format!("{} cannot be read", class())));
    };
    // Beyond ±8.64e15 ms a JavaScript Date is invalid and its toJSON() throws: there is no
    // string the receiving side would read back as this date.
    if (i128::from(secs) * 1000 + i128::from(ms)).abs() > JS_DATE_LIMIT_MS {
        return Err(Failure::new(format!(
            "date {} is outside the range of a JavaScript Date (-271821-04-20 to +275760-09-13)",
            iso8601(secs, ms)
        )));
    }
    Ok(Value::Str(iso8601(secs, ms)))
}

/// ECMAScript's time value limit: 100 000 000 days either side of the epoch, in ms.
const JS_DATE_LIMIT_MS: i128 = 8_640_000_000_000_000;

/// Unix seconds + milliseconds → `YYYY-MM-DDTHH:MM:SS.mmmZ` (±YYYYYY outside years 0–9999,
/// as JavaScript writes them).
pub fn iso8601(secs: i64, ms: i64) -> String {
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else if y < 0 {
        format!("-{:06}", -y)
    } else {
        format!("+{y:06}")
    };
    format!("{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z", tod / 3600, tod % 3600 / 60, tod % 60)
}

/// Days since 1970-01-01 → proleptic Gregorian (year, month, day) (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_javascript_writes_them() {
        assert_eq!(iso8601(1_700_000_000, 123), "2023-11-14T22:13:20.123Z");
        assert_eq!(iso8601(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(-1, 500), "1969-12-31T23:59:59.500Z");
        assert_eq!(iso8601(951_782_400, 7), "2000-02-29T00:00:00.007Z");
        assert_eq!(iso8601(253_402_300_800, 0), "+010000-01-01T00:00:00.000Z");
    }

    #[test]
    fn paths_quote_keys_like_php_literals() {
        let path = [Segment::Prop(b"p".to_vec()), Segment::Index(3), Segment::Key(b"it's\xff".to_vec())];
        assert_eq!(render_path(1, &path), "$args[1]['it\\'s\\xFF'][3]->p");
    }
}
