//! Writes a line to PHP's error log the way the engine logs errors (`php_log_err`): to the
//! `error_log` file when one is set, else to the SAPI's log (php-fpm's worker log, Apache's
//! error log, stderr for the CLI). No error is raised, so no error handler runs: this is what
//! `on_error => 'log'` needs under frameworks that turn every warning into an exception.

use std::ffi::{c_char, c_int, CString};
use std::sync::OnceLock;

use super::engine::lookup;
use super::exceptions::printable;

type LogErr = unsafe extern "C" fn(*const c_char, c_int);

/// syslog's LOG_NOTICE, the severity the engine's own `php_log_err()` uses.
const LOG_NOTICE: c_int = 5;

pub fn write(message: &str) {
    static LOG: OnceLock<Option<LogErr>> = OnceLock::new();
    let log = LOG.get_or_init(|| {
        let p = lookup(c"php_log_err_with_severity");
        // SAFETY: the engine function whose prototype `LogErr` spells out.
        (!p.is_null()).then(|| unsafe { std::mem::transmute::<*mut std::ffi::c_void, LogErr>(p) })
    });
    let Some(log) = log else { return };
    let line = CString::new(printable(message.to_owned())).unwrap_or_default();
    // SAFETY: a NUL-terminated message; the engine copies it.
    unsafe { log(line.as_ptr(), LOG_NOTICE) };
}
