//! The `phpinfo()` / `php --ri socketio` section: version, what this process holds and did,
//! and the settings table. Runs inside an `extern "C"` hook where a panic would abort PHP, so
//! nothing here may panic and the pool is asked inside `catch_unwind`.

use std::ffi::CString;

use ext_php_rs::ffi::{php_info_print_table_end, php_info_print_table_row, php_info_print_table_start};
use ext_php_rs::zend::ModuleEntry;

use super::engine::symbols;

fn row(label: &str, value: &str) {
    let label = CString::new(label.replace('\0', "")).unwrap_or_default();
    let value = CString::new(value.replace('\0', "")).unwrap_or_default();
    // SAFETY: two NUL-terminated strings for a two-column row; the engine escapes them for HTML.
    unsafe { php_info_print_table_row(2, label.as_ptr(), value.as_ptr()) };
}

pub unsafe extern "C" fn module_info(module: *mut ModuleEntry) {
    let stats = std::panic::catch_unwind(socketio_redis::pool::stats).ok();
    // SAFETY: called by the engine while printing module information.
    unsafe { php_info_print_table_start() };
    row("socketio support", "enabled");
    row("Version", env!("CARGO_PKG_VERSION"));
    match stats {
        Some(stats) => {
            row("Open connections (this process)", &stats.open.len().to_string());
            for target in &stats.open {
                row("Connection", target);
            }
            row("Emits (this process)", &stats.publishes.to_string());
            row("Failures (this process)", &stats.failures.to_string());
        }
        None => row("Open connections (this process)", "unavailable"),
    }
    // SAFETY: closes the table opened above.
    unsafe { php_info_print_table_end() };
    if let Some(display) = symbols().display_ini_entries {
        // SAFETY: the engine's own INI table printer, for this module's entries.
        unsafe { display(module) };
    }
}
