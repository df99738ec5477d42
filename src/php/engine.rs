//! Engine symbols that ext-php-rs does not bind, resolved at run time.
//!
//! Declaring them in an `extern "C"` block would make the .so fail to load inside `cargo php
//! stubs`, which only provides the symbols ext-php-rs binds; the PHP binary exports all of them.

// Engine details the binding hard-codes because bindgen cannot see them (macros and static
// inlines), each checked against the Zend headers of every PHP API number build.rs lists:
// - `ZEND_CALL_HAS_EXTRA_NAMED_PARAMS` = 1 << 27 (zend_compile.h), in `args.rs`;
// - `MAY_BE_*` type bits and `_ZEND_TYPE_EXTRA_FLAGS_SHIFT` = 25 (zend_type_info.h,
//   zend_types.h), in `signatures.rs`; `ZEND_ATTRIBUTE_PERSISTENT` = 1 << 0 and
//   `zend_add_attribute()`'s signature (zend_attributes.h), in `signatures.rs`;
// - `HASH_FLAG_PACKED` = 1 << 2 (zend_hash.h) and packed arrays holding bare zvals (PHP ≥ 8.2),
//   in `table.rs`;
// - an enum case object's `name` and `value` in property slots 0 and 1 (zend_enum.c), in
//   `convert.rs`;
// - `php_log_err()` = `php_log_err_with_severity(msg, LOG_NOTICE)` with LOG_NOTICE = 5 (php.h,
//   syslog.h), in `error_log.rs`.
// Another PHP may move any of them; the build refuses it rather than guess.
#[cfg(not(any(
    socketio_php_api = "20220829",
    socketio_php_api = "20230831",
    socketio_php_api = "20240924",
    socketio_php_api = "20250925"
)))]
compile_error!(
    "socketio is verified against PHP 8.2 to 8.5 (PHP API 20220829, 20230831, 20240924, 20250925) only: \
     build against one of them (PHP=/path/to/php or PHP_CONFIG=/path/to/php-config); \
     the build warning above names the PHP API found"
);

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
    // SAFETY: a null handle is glibc's RTLD_DEFAULT; `name` is NUL-terminated; dlsym only
    // looks the name up.
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
    pub parse_arg_long_slow: Option<unsafe extern "C" fn(*mut zval, *mut i64, u32) -> bool>,
    /// `php_log_err_with_severity(message, syslog_severity)`: what `php_log_err()`, a macro,
    /// calls; writes to the `error_log` file or the SAPI's log without raising anything.
    pub log_err_with_severity: Option<unsafe extern "C" fn(*const c_char, c_int)>,
    pub date_interface_ce: Option<unsafe extern "C" fn() -> *mut zend_class_entry>,
    /// What `json_encode` reads an object's properties through (ArrayObject answers with
    /// its storage, not its declared properties).
    pub get_properties_for: Option<unsafe extern "C" fn(*mut zval, _zend_prop_purpose) -> *mut HashTable>,
    /// `zend_add_attribute(attributes, name, argc, flags, offset, lineno)`, PHP ≥ 8.1's
    /// signature (unchanged through 8.5): what `zend_add_parameter_attribute()`, a static
    /// inline, calls.
    pub add_attribute:
        Option<unsafe extern "C" fn(*mut *mut HashTable, *mut zend_string, u32, u32, u32, u32) -> *mut c_void>,
    spl_runtime_exception: *mut *mut zend_class_entry,
    json_serializable: *mut *mut zend_class_entry,
    closure: *mut *mut zend_class_entry,
}

// SAFETY: only addresses inside the PHP binary, which is loaded for the life of the process.
unsafe impl Send for Symbols {}
// SAFETY: never written after initialisation; the addresses are shared read-only.
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
        parse_arg_long_slow: func!(c"zend_parse_arg_long_slow"),
        log_err_with_severity: func!(c"php_log_err_with_severity"),
        date_interface_ce: func!(c"php_date_get_interface_ce"),
        get_properties_for: func!(c"zend_get_properties_for"),
        add_attribute: func!(c"zend_add_attribute"),
        spl_runtime_exception: lookup(c"spl_ce_RuntimeException").cast(),
        json_serializable: lookup(c"php_json_serializable_ce").cast(),
        closure: lookup(c"zend_ce_closure").cast(),
    })
}

/// Reads a `zend_class_entry *` global; null until the owning extension has started.
///
/// # Safety
/// `slot` must be null or the address of an exported `zend_class_entry *` variable, whose
/// class entry (when set) lives until module shutdown.
unsafe fn global_ce(slot: *mut *mut zend_class_entry) -> Option<&'static zend_class_entry> {
    if slot.is_null() {
        return None;
    }
    // SAFETY: per the contract, `slot` is a readable `zend_class_entry *` variable and a
    // non-null value in it is an internal class entry that outlives every request.
    unsafe { (*slot).as_ref() }
}

pub fn runtime_exception_ce() -> Option<&'static zend_class_entry> {
    // SAFETY: `spl_runtime_exception` is the address of SPL's exported class entry variable.
    unsafe { global_ce(symbols().spl_runtime_exception) }
}

pub fn json_serializable_ce() -> Option<&'static zend_class_entry> {
    // SAFETY: the address of ext/json's exported class entry variable.
    unsafe { global_ce(symbols().json_serializable) }
}

pub fn closure_ce() -> Option<&'static zend_class_entry> {
    // SAFETY: the address of the engine's exported Closure class entry variable.
    unsafe { global_ce(symbols().closure) }
}

/// Whether an exception is pending: one thrown by user code we ran (a `jsonSerialize()`,
/// a `__toString()`, a destructor of a value we released), or the engine's unwind_exit that
/// `exit()` throws since PHP 8.0. Either way the call must stop before anything is sent, and
/// leave that exception to reach the caller as it is.
///
/// Read directly rather than through `ExecutorGlobals::has_exception()`, which takes
/// ext-php-rs's globals lock: this runs once per converted value.
pub fn exception_pending() -> bool {
    // SAFETY: the executor globals exist for the life of the process (per thread under ZTS);
    // `exception` is a plain pointer field, only read here.
    unsafe { !(*ext_php_rs::ffi::ext_php_rs_executor_globals()).exception.is_null() }
}

pub fn date_interface_ce() -> Option<&'static zend_class_entry> {
    let f = symbols().date_interface_ce?;
    // SAFETY: plain getter of ext/date's interface entry.
    unsafe { f().as_ref() }
}

/// Whether PHP runs as the command-line SAPI (`php script.php`, `php -r`), which serves one
/// request per process; not the built-in web server (`cli-server`), php-fpm or embed.
///
/// # Safety
/// Reads the SAPI descriptor's name, a static NUL-terminated string set at startup.
pub unsafe fn sapi_is_cli() -> bool {
    // SAFETY: see the function's contract.
    let name = unsafe { ext_php_rs::ffi::sapi_module.name };
    // SAFETY: non-null, NUL-terminated and static, per the contract.
    !name.is_null() && unsafe { std::ffi::CStr::from_ptr(name) }.to_bytes() == b"cli"
}
