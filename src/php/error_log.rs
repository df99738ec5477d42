//! Writes a line to PHP's error log the way the engine logs errors (`php_log_err`): to the
//! `error_log` file when one is set, else to the SAPI's log (php-fpm's worker log, Apache's
//! error log, stderr for the CLI). No error is raised, so no error handler runs: this is what
//! `on_error => 'log'` needs under frameworks that turn every warning into an exception.

use std::ffi::{c_int, CString};

use super::engine::symbols;
use super::exceptions::printable;

/// syslog's LOG_NOTICE, the severity the engine's own `php_log_err()` uses.
const LOG_NOTICE: c_int = 5;

pub fn write(message: &str) {
    let Some(log) = symbols().log_err_with_severity else { return };
    let line = CString::new(printable(message.to_owned())).unwrap_or_default();
    // SAFETY: a NUL-terminated message the engine only reads (and copies) during the call.
    unsafe { log(line.as_ptr(), LOG_NOTICE) };
}
