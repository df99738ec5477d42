//! Argument checks that behave like an internal function's parameter parsing: the same weak-mode
//! coercions, the same `strict_types` rule and the same `\TypeError` / `\ValueError` wording
//! (`Class::method(): Argument #1 ($event) must ...`), with the function and parameter names
//! taken by the engine from the running frame's arginfo.

use std::borrow::Cow;
use std::ffi::CString;

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, Zval};
use ext_php_rs::zend::{ce, ClassEntry, ExecutorGlobals};
use socketio_protocol::limits;
use socketio_protocol::{Room, RoomSet};

use super::engine::symbols;
use super::initialised::Initialised;
use super::table;

type ArgumentError = unsafe extern "C" fn(u32, *const std::ffi::c_char, ...);

/// Has the engine throw its own argument error; the returned value only makes the method
/// unwind, since `PhpException::throw` leaves a pending exception alone.
fn argument_error(thrower: Option<ArgumentError>, class: &'static ClassEntry, arg: u32, message: &str) -> PhpException {
    if let (Some(f), false) = (thrower, ExecutorGlobals::has_exception()) {
        let msg = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
        // SAFETY: printf-style engine function; the message goes through "%s".
        unsafe { f(arg, c"%s".as_ptr(), msg.as_ptr()) };
    }
    PhpException::new(format!("Argument #{arg} {message}"), 0, class)
}

/// `\ValueError`: "Class::method(): Argument #N ($name) <message>".
pub fn value_error(arg: u32, message: &str) -> PhpException {
    argument_error(symbols().argument_value_error, ce::value_error(), arg, message)
}

/// `\TypeError`: "Class::method(): Argument #N ($name) <message>".
pub fn type_error(arg: u32, message: &str) -> PhpException {
    argument_error(symbols().argument_type_error, ce::type_error(), arg, message)
}

/// PHP's name for a value's type in error messages: `int`, `array`, `null`, or the class name.
pub fn type_name(zv: &Zval) -> String {
    let zv = zv.dereference();
    if let Some(f) = symbols().zval_type_name {
        // SAFETY: returns a static or class-name C string for any initialised zval.
        let p = unsafe { f(std::ptr::from_ref(zv).cast()) };
        if !p.is_null() {
            // SAFETY: NUL-terminated engine string.
            return unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned();
        }
    }
    match zv.get_type() {
        DataType::Long => "int".into(),
        DataType::Double => "float".into(),
        DataType::True | DataType::False | DataType::Bool => "bool".into(),
        DataType::String => "string".into(),
        DataType::Array => "array".into(),
        DataType::Resource => "resource".into(),
        DataType::Object(_) => zv.object().and_then(|o| o.get_class_name().ok()).unwrap_or_else(|| "object".into()),
        _ => "null".into(),
    }
}

/// `ZEND_CALL_HAS_EXTRA_NAMED_PARAMS`
const EXTRA_NAMED_PARAMS: u32 = 1 << 27;

/// `...$args` takes positional arguments only, as internal variadics do: `emit('e', x: 1)` is
/// an error rather than a silently dropped argument.
pub fn no_named_variadics() -> Result<(), PhpException> {
    // SAFETY: the engine's globals (without ext-php-rs's lock: one read); while a method runs,
    // the current frame is its own call frame.
    let named = unsafe {
        let frame = (*ext_php_rs::ffi::ext_php_rs_executor_globals()).current_execute_data;
        frame.as_ref().is_some_and(|ex| ex.This.u1.type_info & EXTRA_NAMED_PARAMS != 0)
    };
    if !named {
        return Ok(());
    }
    if let Some(f) = symbols().unexpected_extra_named_error {
        // SAFETY: throws "Class::method() does not accept unknown named parameters".
        unsafe { f() };
    }
    Err(PhpException::new("unknown named parameters".into(), 0, ce::argument_count_error()))
}

/// Refuses `$obj->__construct(...)` on an object already constructed. Emitter and Binary are
/// immutable, and a constructor run again from PHP code that an emit() calls back into (a
/// jsonSerialize(), a __toString()) would replace the object that very call is reading.
pub fn not_reconstructed<T: RegisteredClass + Initialised>() -> Result<(), PhpException> {
    // SAFETY: the engine's globals, read once; while a constructor runs, the current frame is
    // its own, and its This the object being constructed (a `T` once initialised).
    let constructed = unsafe {
        let frame = (*ext_php_rs::ffi::ext_php_rs_executor_globals()).current_execute_data;
        frame
            .as_ref()
            .and_then(|ex| ex.This.object())
            .and_then(|obj| ZendClassObject::<T>::from_zend_obj(obj))
            .is_some_and(|obj| obj.is_initialised())
    };
    if !constructed {
        return Ok(());
    }
    Err(PhpException::new(
        format!(
            "Cannot call {}::__construct() on an object that is already constructed: it is immutable",
            T::CLASS_NAME
        ),
        0,
        ce::error(),
    ))
}

fn wrong_type(arg: u32, expected: &str, zv: &Zval) -> PhpException {
    type_error(arg, &format!("must be of type {expected}, {} given", type_name(zv)))
}

/// A `string` parameter: bytes as given, or the weak-mode conversion of an int, float, bool,
/// null (deprecated) or Stringable when the caller does not use `strict_types`.
pub fn string(zv: &Zval, arg: u32) -> Result<Cow<'_, [u8]>, PhpException> {
    let zv = zv.dereference();
    if let Some(s) = zv.zend_str() {
        return Ok(Cow::Borrowed(s.as_bytes()));
    }
    if let Some(f) = symbols().parse_arg_str_slow {
        // The engine converts in place, so it works on a copy that owns the result.
        let mut copy = zv.shallow_clone();
        let mut dest: *mut ext_php_rs::ffi::zend_string = std::ptr::null_mut();
        // SAFETY: `copy` is an initialised zval we own; on success `dest` points into it.
        let ok = unsafe { f(std::ptr::from_mut(&mut copy).cast(), &mut dest, arg) };
        if ok && !ExecutorGlobals::has_exception() {
            if let Some(s) = copy.zend_str() {
                return Ok(Cow::Owned(s.as_bytes().to_vec()));
            }
        }
    }
    Err(wrong_type(arg, "string", zv))
}

/// A `string` parameter that must also be UTF-8 (event and namespace names are JS strings).
pub fn utf8(zv: &Zval, arg: u32) -> Result<Cow<'_, str>, PhpException> {
    match string(zv, arg)? {
        Cow::Borrowed(b) => super::utf8::str_of(b).map(Cow::Borrowed).ok_or_else(|| not_utf8(arg)),
        Cow::Owned(v) => String::from_utf8(v).map(Cow::Owned).map_err(|_| not_utf8(arg)),
    }
}

fn not_utf8(arg: u32) -> PhpException {
    value_error(arg, "must be a valid UTF-8 string")
}

/// A `bool` parameter with the engine's weak-mode rules.
pub fn boolean(zv: &Zval, arg: u32) -> Result<bool, PhpException> {
    let zv = zv.dereference();
    if let Some(b) = zv.bool() {
        return Ok(b);
    }
    if let Some(f) = symbols().parse_arg_bool_slow {
        let mut out = false;
        // SAFETY: read-only conversion of an initialised zval.
        let ok = unsafe { f(std::ptr::from_ref(zv).cast(), &mut out, arg) };
        if ok && !ExecutorGlobals::has_exception() {
            return Ok(out);
        }
    }
    Err(wrong_type(arg, "bool", zv))
}

/// An `array` parameter.
pub fn array(zv: &Zval, arg: u32) -> Result<&ZendHashTable, PhpException> {
    let zv = zv.dereference();
    zv.array().ok_or_else(|| wrong_type(arg, "array", zv))
}

/// `string|int|array $rooms`: each room keeps its PHP type, because the server matches rooms
/// with `Map.has` and `42` and `"42"` are different rooms there. No coercion, even in weak
/// mode: a float or bool room is almost certainly a bug.
pub fn rooms(zv: &Zval, arg: u32, mut each: impl FnMut(Room)) -> Result<(), PhpException> {
    let zv = zv.dereference();
    if let Some(list) = zv.array() {
        for (_, item) in table::entries(list) {
            let item = item.dereference();
            match room(item) {
                Some(Ok(r)) => each(r),
                Some(Err(())) => return Err(value_error(arg, "must contain only valid UTF-8 strings and integers")),
                None => {
                    return Err(type_error(
                        arg,
                        &format!("must contain only strings and integers, {} given", type_name(item)),
                    ))
                }
            }
        }
        return Ok(());
    }
    match room(zv) {
        Some(Ok(r)) => {
            each(r);
            Ok(())
        }
        Some(Err(())) => Err(not_utf8(arg)),
        None => Err(wrong_type(arg, "array|string|int", zv)),
    }
}

/// `None`: not a string or int; `Some(Err)`: a string that is not UTF-8 (or longer than one
/// msgpack value carries).
fn room(zv: &Zval) -> Option<Result<Room, ()>> {
    if let Some(n) = zv.long() {
        return Some(Ok(Room::Int(n)));
    }
    let s = zv.zend_str()?;
    if !limits::fits_msgpack(s.len()) {
        return Some(Err(()));
    }
    Some(super::utf8::str_of(s.as_bytes()).map(|s| Room::Str(s.to_owned())).ok_or(()))
}

pub fn room_set(set: &mut RoomSet, zv: &Zval, arg: u32) -> Result<(), PhpException> {
    rooms(zv, arg, |r| set.insert(r))
}

pub fn room_list(zv: &Zval, arg: u32) -> Result<Vec<Room>, PhpException> {
    let mut out = Vec::new();
    rooms(zv, arg, |r| out.push(r))?;
    Ok(out)
}
