//! Engine symbols that ext-php-rs does not bind, resolved at run time.
//!
//! Declaring them in an `extern "C"` block would make the .so fail to load inside `cargo php
//! stubs`, which only provides the symbols ext-php-rs binds; the PHP binary exports all of them.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::OnceLock;

use ext_php_rs::ffi::{_zend_prop_purpose, zend_class_entry, zend_module_entry, zend_string, zval, HashTable};

unsafe extern "C" {
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}

/// Null when the running PHP lacks the symbol; callers treat that as "feature unavailable"
/// rather than crash, because each of these exists in every PHP 8 we build for.
pub fn lookup(name: &CStr) -> *mut c_void {
    // RTLD_DEFAULT: search the executable and everything it loaded (libphp under mod_php).
    unsafe { dlsym(std::ptr::null_mut(), name.as_ptr()) }
}

/// Every symbol is looked up once per process; the addresses never change after load.
pub struct Symbols {
    pub ini_string_ex: Option<unsafe extern "C" fn(*const c_char, usize, c_int, *mut bool) -> *mut c_char>,
    pub display_ini_entries: Option<unsafe extern "C" fn(*mut zend_module_entry)>,
    pub unregister_ini_entries: Option<unsafe extern "C" fn(c_int)>,
    /// `zend_argument_value_error(arg_num, format, ...)`: ValueError worded and located
    /// exactly as PHP's own internal functions word theirs.
    pub argument_value_error: Option<unsafe extern "C" fn(u32, *const c_char, ...)>,
    pub argument_type_error: Option<unsafe extern "C" fn(u32, *const c_char, ...)>,
    pub zval_type_name: Option<unsafe extern "C" fn(*const zval) -> *const c_char>,
    pub unexpected_extra_named_error: Option<unsafe extern "C" fn()>,
    /// Weak-mode scalar coercion honouring the caller's `strict_types`, as ZPP does.
    pub parse_arg_str_slow: Option<unsafe extern "C" fn(*mut zval, *mut *mut zend_string, u32) -> bool>,
    pub parse_arg_bool_slow: Option<unsafe extern "C" fn(*const zval, *mut bool, u32) -> bool>,
    pub date_interface_ce: Option<unsafe extern "C" fn() -> *mut zend_class_entry>,
    /// What `json_encode` reads an object's properties through (ArrayObject answers with
    /// its storage, not its declared properties).
    pub get_properties_for: Option<unsafe extern "C" fn(*mut zval, _zend_prop_purpose) -> *mut HashTable>,
    spl_runtime_exception: *mut *mut zend_class_entry,
    json_serializable: *mut *mut zend_class_entry,
    closure: *mut *mut zend_class_entry,
}

// SAFETY: only addresses inside the PHP binary, which is loaded for the life of the process.
unsafe impl Send for Symbols {}
unsafe impl Sync for Symbols {}

macro_rules! func {
    ($name:literal) => {{
        let p = lookup($name);
        // SAFETY: the symbol is the engine function whose C prototype the field spells out.
        #[allow(clippy::missing_transmute_annotations)]
        let f = if p.is_null() { None } else { Some(unsafe { std::mem::transmute::<*mut c_void, _>(p) }) };
        f
    }};
}

pub fn symbols() -> &'static Symbols {
    static SYMBOLS: OnceLock<Symbols> = OnceLock::new();
    SYMBOLS.get_or_init(|| Symbols {
        ini_string_ex: func!(c"zend_ini_string_ex"),
        display_ini_entries: func!(c"display_ini_entries"),
        unregister_ini_entries: func!(c"zend_unregister_ini_entries"),
        argument_value_error: func!(c"zend_argument_value_error"),
        argument_type_error: func!(c"zend_argument_type_error"),
        zval_type_name: func!(c"zend_zval_type_name"),
        unexpected_extra_named_error: func!(c"zend_unexpected_extra_named_error"),
        parse_arg_str_slow: func!(c"zend_parse_arg_str_slow"),
        parse_arg_bool_slow: func!(c"zend_parse_arg_bool_slow"),
        date_interface_ce: func!(c"php_date_get_interface_ce"),
        get_properties_for: func!(c"zend_get_properties_for"),
        spl_runtime_exception: lookup(c"spl_ce_RuntimeException").cast(),
        json_serializable: lookup(c"php_json_serializable_ce").cast(),
        closure: lookup(c"zend_ce_closure").cast(),
    })
}

/// Reads a `zend_class_entry *` global; null until the owning extension has started.
fn global_ce(slot: *mut *mut zend_class_entry) -> Option<&'static zend_class_entry> {
    if slot.is_null() {
        return None;
    }
    // SAFETY: `slot` is the address of an exported `zend_class_entry *` variable; internal
    // class entries live until module shutdown.
    unsafe { (*slot).as_ref() }
}

pub fn runtime_exception_ce() -> Option<&'static zend_class_entry> {
    global_ce(symbols().spl_runtime_exception)
}

pub fn json_serializable_ce() -> Option<&'static zend_class_entry> {
    global_ce(symbols().json_serializable)
}

pub fn closure_ce() -> Option<&'static zend_class_entry> {
    global_ce(symbols().closure)
}

pub fn date_interface_ce() -> Option<&'static zend_class_entry> {
    let f = symbols().date_interface_ce?;
    // SAFETY: plain getter of ext/date's interface entry.
    unsafe { f().as_ref() }
}
