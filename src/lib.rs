//! The `socketio` PHP extension. Everything PHP-specific lives in `php/`; the protocol and the
//! Redis client are plain Rust crates under `crates/`.

// The code relies on Linux specifics (`POLLRDHUP`, `dlsym(RTLD_DEFAULT)` as a null handle,
// Linux's `sockaddr_un` layout) and calls Zend's ZEND_FASTCALL functions as `extern "C"`,
// which is the same convention only on x86-64 and aarch64 (on 32-bit x86 it is not).
#[cfg(not(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64"))))]
compile_error!(
    "socketio supports Linux on x86_64 and aarch64 only: it uses POLLRDHUP, dlsym(RTLD_DEFAULT), \
     Linux's sockaddr_un layout, and calls ZEND_FASTCALL engine functions as extern \"C\""
);

mod allocator;
mod php;

use ext_php_rs::flags::ErrorType;
use ext_php_rs::prelude::*;

/// MINIT. Classes are registered here rather than through `ModuleBuilder::class`, because
/// their arginfo must be corrected after registration and the builder registers last.
fn startup(_ty: i32, module_number: i32) -> i32 {
    php::panic_hook::install();
    let outcome = std::panic::catch_unwind(|| {
        php::ini::register(module_number);
        php::register_classes()
    });
    match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(reason)) => {
            ext_php_rs::error::php_error(&ErrorType::CoreWarning, &format!("socketio: {reason}"));
            -1
        }
        Err(_) => -1,
    }
}

unsafe extern "C" fn module_shutdown(_ty: i32, module_number: i32) -> i32 {
    // Idle connections are closed here rather than left to process exit (nothing is sent),
    // once the replies still on their way to emits that did not wait are read: what they
    // report goes to the error log.
    let _ = std::panic::catch_unwind(|| {
        socketio_redis::pool::close_idle();
        for u in socketio_redis::pool::take_unconfirmed() {
            let line = format!("socketio: {}", php::unconfirmed_message(&u));
            // Under ZTS the engine's logger opens its file through the virtual working
            // directory, which is already torn down at module shutdown: standard error then.
            #[cfg(socketio_zts)]
            eprintln!("{line}");
            #[cfg(not(socketio_zts))]
            php::error_log::write(&line);
        }
    });
    php::ini::unregister(module_number);
    let _ = std::panic::catch_unwind(php::panic_hook::uninstall);
    0
}

/// Reads the replies of emits that did not wait that have arrived, without waiting for the
/// others (see `socketio_redis::pool::nowait`; what they report goes to the error log: the
/// script has ended, a warning would reach no one), then closes the non-persistent connections
/// this request opened.
unsafe extern "C" fn request_shutdown(_ty: i32, _module_number: i32) -> i32 {
    // SAFETY: the SAPI's name is a static NUL-terminated string set before any request.
    let one_request_per_process = unsafe { php::sapi_is_cli() };
    let _ = std::panic::catch_unwind(|| {
        // The CLI runs one request per process (a script, a queue worker): no later request
        // would read what is still on its way, so its end reads every reply, while the error
        // log can still be written (under ZTS it cannot at module shutdown).
        if one_request_per_process {
            for u in socketio_redis::pool::read_unread_replies() {
                php::error_log::write(&format!("socketio: {}", php::unconfirmed_message(&u)));
            }
        }
        for u in socketio_redis::pool::end_request() {
            php::error_log::write(&format!("socketio: {}", php::unconfirmed_message(&u)));
        }
    });
    0
}

#[php_module]
#[php(startup = startup)]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .name("socketio")
        .version(env!("CARGO_PKG_VERSION"))
        .shutdown_function(module_shutdown)
        .request_shutdown_function(request_shutdown)
        .info_function(php::info::module_info)
}

#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;
