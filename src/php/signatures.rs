//! Gives the registered methods the signatures of the public API, as Reflection shows them.
//!
//! ext-php-rs can declare neither union types (`string|int|array $rooms`), nor `int|false`,
//! nor a default like `[]`; the parameters are raw zvals (`mixed`). After registration we
//! rewrite the engine's copy of each method's arginfo: type masks of the pure (non-class)
//! types, and default-value literals. Calls are unaffected: internal functions check their
//! own arguments.

use std::ffi::{c_void, CStr};

use ext_php_rs::ffi::{zend_function, zend_hash_str_find_ptr_lc, zend_internal_arg_info, zend_string, HashTable};
use ext_php_rs::types::ZendStr;
use ext_php_rs::zend::ClassEntry;

use super::engine::lookup;

const NULL: u32 = 1 << 1;
const FALSE: u32 = 1 << 2;
const TRUE: u32 = 1 << 3;
const LONG: u32 = 1 << 4;
const STRING: u32 = 1 << 6;
const ARRAY: u32 = 1 << 7;
const BOOL: u32 = FALSE | TRUE;
const ROOMS: u32 = STRING | LONG | ARRAY;
const PUBLISHED: u32 = LONG | FALSE;
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

const OPERATOR_METHODS: [Method; 11] = [
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
];

const EMITTER_METHODS: [Method; 3] = [
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
    sensitive(ce, "issue", 4)?;
    sensitive(ce, "verify", 1)
}

pub fn apply_emitter(ce: &ClassEntry) -> Result<(), String> {
    patch(ce, &OPERATOR_METHODS)?;
    patch(ce, &EMITTER_METHODS)
}

pub fn apply_operator(ce: &ClassEntry) -> Result<(), String> {
    patch(ce, &OPERATOR_METHODS)
}

pub fn apply_binary(ce: &ClassEntry) -> Result<(), String> {
    patch(ce, &BINARY_METHODS)
}

/// The engine's (mutable) copy of a method, for MINIT to amend before any PHP code runs.
fn find(ce: &ClassEntry, name: &str) -> Result<*mut zend_function, String> {
    // SAFETY: MINIT, right after registration; the key is a lower-case method name.
    let func = unsafe { zend_hash_str_find_ptr_lc(&raw const ce.function_table, name.as_ptr().cast(), name.len()) }
        .cast::<zend_function>();
    if func.is_null() {
        Err(format!("method {name} not found"))
    } else {
        Ok(func)
    }
}

/// `zend_add_attribute(&attributes, name, argc, flags, offset, lineno)`
type AddAttribute = unsafe extern "C" fn(*mut *mut HashTable, *mut zend_string, u32, u32, u32, u32) -> *mut c_void;
/// `ZEND_ATTRIBUTE_PERSISTENT`: internal functions live in persistent memory.
const ATTRIBUTE_PERSISTENT: u32 = 1;

/// What the engine's `zend_add_parameter_attribute()` (an inline function) does.
fn sensitive(ce: &ClassEntry, method: &str, index: u32) -> Result<(), String> {
    let p = lookup(c"zend_add_attribute");
    if p.is_null() {
        return Err("zend_add_attribute is not available".into());
    }
    // SAFETY: the engine function whose prototype `AddAttribute` spells out.
    let add: AddAttribute = unsafe { std::mem::transmute::<*mut c_void, AddAttribute>(p) };
    let func = find(ce, method)?;
    let mut name = ZendStr::new_interned("SensitiveParameter", true);
    // SAFETY: MINIT, no other thread or PHP code uses the method yet; `func` points into the
    // class's function table. The attribute table is created persistent by the engine on
    // first use; offset is the parameter's index + 1, as the inline helper computes it.
    let attr = unsafe {
        add(
            &raw mut (*func).internal_function.attributes,
            std::ptr::from_mut(&mut *name),
            0,
            ATTRIBUTE_PERSISTENT,
            index + 1,
            0,
        )
    };
    if attr.is_null() {
        return Err(format!("could not mark {method}() parameter {} as sensitive", index + 1));
    }
    Ok(())
}

fn patch(ce: &ClassEntry, methods: &[Method]) -> Result<(), String> {
    for m in methods {
        // SAFETY: MINIT, no other thread or PHP code uses the method yet; non-null (found).
        let func = unsafe { &mut *find(ce, m.name)? };
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
