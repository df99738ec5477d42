//! The `socketio` PHP extension. Everything PHP-specific lives in `php/`; the protocol and the
//! Redis client are plain Rust crates under `crates/`.
#![cfg_attr(windows, feature(abi_vectorcall))]
mod php;

use ext_php_rs::flags::ErrorType;
use ext_php_rs::prelude::*;

/// MINIT. Classes are registered here rather than through `ModuleBuilder::class`, because
/// their arginfo must be corrected after registration and the builder registers last.
fn startup(_ty: i32, module_number: i32) -> i32 {
    // ext-php-rs turns a panic into a PHP \Error; the default hook would also print it to
    // stderr, in the middle of the application's output.
    std::panic::set_hook(Box::new(|_| {}));
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
    // Idle connections are closed here rather than left to process exit (nothing is sent).
    let _ = std::panic::catch_unwind(socketio_redis::pool::close_idle);
    php::ini::unregister(module_number);
    0
}

/// Closes the non-persistent connections this request opened.
unsafe extern "C" fn request_shutdown(_ty: i32, _module_number: i32) -> i32 {
    let _ = std::panic::catch_unwind(socketio_redis::pool::end_request);
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
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
