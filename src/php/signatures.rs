//! Gives the registered methods the signatures of the public API, as Reflection shows them.
//!
//! ext-php-rs can declare neither union types (`string|int|array $rooms`), nor `int|false`,
//! nor a default like `[]`; the parameters are raw zvals (`mixed`). After registration we
//! rewrite the engine's copy of each method's arginfo: type masks of the pure (non-class)
//! types, and default-value literals. Calls are unaffected: internal functions check their
//! own arguments.

use std::ffi::CStr;
use std::ptr::NonNull;

use ext_php_rs::ffi::{zend_function, zend_hash_str_find_ptr_lc, zend_internal_arg_info};
use ext_php_rs::types::ZendStr;
use ext_php_rs::zend::ClassEntry;

use super::engine::symbols;

const NULL: u32 = 1 << 1;
const FALSE: u32 = 1 << 2;
const TRUE: u32 = 1 << 3;
const LONG: u32 = 1 << 4;
const DOUBLE: u32 = 1 << 5;
const STRING: u32 = 1 << 6;
const ARRAY: u32 = 1 << 7;
const CALLABLE: u32 = 1 << 12;
const BOOL: u32 = FALSE | TRUE;
const ROOMS: u32 = STRING | LONG | ARRAY;
/// A receiver count (a stream entry's id with the streams adapter); false after a reported
/// connection error (`on_error`); null when no count is known yet (queued in a batch).
const PUBLISHED: u32 = LONG | STRING | FALSE | NULL;
/// Bits of `zend_type.type_mask` above the type bits (by-reference, variadic, ...): kept.
const EXTRA_FLAGS: u32 = !((1 << 25) - 1);

struct Param {
    index: usize,
    mask: u32,
    default: Option<&'static CStr>,
}

const fn param(index: usize, mask: u32) -> Param {
    Param { index, mask, default: None }
}

const fn optional(index: usize, mask: u32, default: &'static CStr) -> Param {
    Param { index, mask, default: Some(default) }
}

struct Method {
    name: &'static str,
    returns: Option<u32>,
    params: &'static [Param],
}

const fn method(name: &'static str, returns: Option<u32>, params: &'static [Param]) -> Method {
    Method { name, returns, params }
}

const OPERATOR_METHODS: [Method; 15] = [
    method("to", None, &[param(0, ROOMS)]),
    method("in", None, &[param(0, ROOMS)]),
    method("except", None, &[param(0, ROOMS)]),
    method("compress", None, &[optional(0, BOOL, c"true")]),
    method("emit", Some(PUBLISHED), &[param(0, STRING)]),
    method("socketsjoin", Some(PUBLISHED), &[param(0, ROOMS)]),
    method("socketsleave", Some(PUBLISHED), &[param(0, ROOMS)]),
    method("disconnectsockets", Some(PUBLISHED), &[optional(0, BOOL, c"false")]),
    method("__debuginfo", Some(ARRAY), &[]),
    method("volatile", None, &[]),
    method("servercount", Some(LONG), &[]),
    method("timeout", None, &[param(0, DOUBLE)]),
    method("fetchsockets", Some(ARRAY), &[]),
    method("serversideemitwithack", Some(ARRAY), &[param(0, STRING)]),
    method("emitwithack", Some(ARRAY), &[param(0, STRING)]),
];

const EMITTER_METHODS: [Method; 4] = [
    method("batch", Some(ARRAY | FALSE), &[param(0, CALLABLE)]),
    method("__construct", None, &[optional(0, STRING | ARRAY | NULL, c"null"), optional(1, ARRAY, c"[]")]),
    method("of", None, &[param(0, STRING)]),
    method("serversideemit", Some(PUBLISHED), &[param(0, STRING)]),
];

const BINARY_METHODS: [Method; 2] =
    [method("__construct", None, &[param(0, STRING)]), method("getbytes", Some(STRING), &[])];

const TOKEN_METHODS: [Method; 2] = [
    method(
        "issue",
        Some(STRING),
        &[
            param(0, STRING | LONG),
            param(1, ARRAY),
            optional(2, LONG, c"300"),
            optional(3, ARRAY, c"[]"),
            optional(4, STRING | NULL, c"null"),
            optional(5, STRING | NULL, c"null"),
        ],
    ),
    method("verify", Some(ARRAY), &[param(0, STRING), optional(1, STRING | NULL, c"null")]),
];

/// `#[\SensitiveParameter]` on the secrets: traces show `Object(SensitiveParameterValue)`.
pub fn apply_token(ce: &ClassEntry) -> Result<(), String> {
    patch(ce, &TOKEN_METHODS)?;
    sensitive(ce, "issue", &[4])?;
    sensitive(ce, "verify", &[1])
}

pub fn apply_emitter(ce: &ClassEntry) -> Result<(), String> {
    patch(ce, &OPERATOR_METHODS)?;
    patch(ce, &EMITTER_METHODS)?;
    // The URL and the options carry the Redis password.
    sensitive(ce, "__construct", &[0, 1])
}

pub fn apply_operator(ce: &ClassEntry) -> Result<(), String> {
    patch(ce, &OPERATOR_METHODS)
}

pub fn apply_binary(ce: &ClassEntry) -> Result<(), String> {
    patch(ce, &BINARY_METHODS)
}

/// `zend_add_attribute()`'s flag for an attribute of an internal (persistent) function.
const ATTRIBUTE_PERSISTENT: u32 = 1 << 0;

/// Marks parameters `#[\SensitiveParameter]`, as php-src marks `password_hash()`'s: stack
/// traces (`getTrace()`, `var_dump($e)`, `serialize($e)`, `debug_print_backtrace()`) then show a
/// `SensitiveParameterValue` in their place, even with `zend.exception_ignore_args=0`.
fn sensitive(ce: &ClassEntry, name: &str, params: &[u32]) -> Result<(), String> {
    let add = symbols().add_attribute.ok_or("zend_add_attribute is not available")?;
    let mut func = find(ce, name)?;
    // SAFETY: the class's own internal method, written only here, in MINIT (see `find`).
    let func = unsafe { func.as_mut() };
    // Interned and persistent: the attribute keeps it for the life of the process.
    let attribute = ZendStr::new_interned("SensitiveParameter", true).into_raw();
    for &index in params {
        // SAFETY: MINIT, right after registration; `func` is the class's own internal method,
        // whose attribute table the engine frees with it. Parameter offsets start at 1.
        let added =
            unsafe { add(&raw mut func.common.attributes, attribute.cast(), 0, ATTRIBUTE_PERSISTENT, index + 1, 0) };
        if added.is_null() {
            return Err(format!("cannot mark parameter {} of {name} as sensitive", index + 1));
        }
    }
    Ok(())
}

/// A method of `ce` by its lower-case name: the engine's own copy, which MINIT (one thread, no
/// PHP code running yet) may still write through the returned pointer.
fn find(ce: &ClassEntry, name: &str) -> Result<NonNull<zend_function>, String> {
    // SAFETY: MINIT, right after registration; the key is a lower-case method name and the
    // table holds `zend_function` pointers.
    let func = unsafe { zend_hash_str_find_ptr_lc(&raw const ce.function_table, name.as_ptr().cast(), name.len()) };
    NonNull::new(func.cast::<zend_function>()).ok_or_else(|| format!("method {name} not found"))
}

fn patch(ce: &ClassEntry, methods: &[Method]) -> Result<(), String> {
    for m in methods {
        let mut func = find(ce, m.name)?;
        // SAFETY: the class's own internal method, written only here, in MINIT (see `find`).
        let func = unsafe { func.as_mut() };
        // SAFETY: an internal method; `arg_info` has `num_args` entries preceded by the return
        // type entry, allocated by the engine (or ext-php-rs) for the life of the module.
        unsafe {
            let internal = &mut func.internal_function;
            if internal.arg_info.is_null() {
                return Err(format!("method {} has no arginfo", m.name));
            }
            if let Some(mask) = m.returns {
                set_mask(&mut *internal.arg_info.sub(1), mask);
            }
            for p in m.params {
                if p.index >= internal.num_args as usize {
                    return Err(format!("method {} has no parameter {}", m.name, p.index + 1));
                }
                let info = &mut *internal.arg_info.add(p.index);
                set_mask(info, p.mask);
                if let Some(default) = p.default {
                    info.default_value = default.as_ptr();
                }
            }
        }
    }
    Ok(())
}

fn set_mask(info: &mut zend_internal_arg_info, mask: u32) {
    // Only pure types are rewritten; a class type's pointer is left as registered.
    info.type_.ptr = std::ptr::null_mut();
    info.type_.type_mask = (info.type_.type_mask & EXTRA_FLAGS) | mask;
}
