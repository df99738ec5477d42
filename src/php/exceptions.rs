//! `SocketIO\Exception` and its children.
//!
//! Registered with the low-level `ClassBuilder` and no Rust object behind them, so they keep the
//! engine's exception constructor and object creation: a correct file, line and trace, and
//! `new SocketIO\ConnectionException("...", 3, $previous)` works from PHP.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::zend::{ce, ClassEntry};

use super::engine;

static BASE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static ENCODING: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static CONNECTION: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static TOKEN: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

fn load(slot: &AtomicPtr<ClassEntry>) -> &'static ClassEntry {
    // SAFETY: set in MINIT before any PHP code runs; class entries live until MSHUTDOWN.
    // \Exception only if registration never happened, which a failed MINIT rules out.
    unsafe { slot.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
}

fn base() -> &'static ClassEntry {
    load(&BASE)
}

fn runtime_exception() -> &'static ClassEntry {
    engine::runtime_exception_ce().unwrap_or_else(ce::exception)
}

/// MINIT. Fails (and so refuses to load the extension) if SPL's RuntimeException is missing.
pub fn register() -> Result<(), String> {
    if engine::runtime_exception_ce().is_none() {
        return Err("spl_ce_RuntimeException is not available".into());
    }
    ClassBuilder::new("SocketIO\\Exception")
        .extends((runtime_exception, "\\RuntimeException"))
        .registration(|ce, _| BASE.store(ce, Ordering::Release))
        .register()
        .map_err(|e| e.to_string())?;
    ClassBuilder::new("SocketIO\\EncodingException")
        .extends((base, "\\SocketIO\\Exception"))
        .registration(|ce, _| ENCODING.store(ce, Ordering::Release))
        .register()
        .map_err(|e| e.to_string())?;
    ClassBuilder::new("SocketIO\\ConnectionException")
        .extends((base, "\\SocketIO\\Exception"))
        .registration(|ce, _| CONNECTION.store(ce, Ordering::Release))
        .register()
        .map_err(|e| e.to_string())?;
    super::token_exception::register(base, |ce, _| TOKEN.store(ce, Ordering::Release))?;
    Ok(())
}

/// A payload value that cannot be sent.
pub fn encoding(message: String) -> PhpException {
    PhpException::new(printable(message), 0, load(&ENCODING))
}

/// Redis unreachable, I/O error, authentication refused.
pub fn connection(message: String) -> PhpException {
    PhpException::new(printable(message), 0, load(&CONNECTION))
}

/// A token refused by `Token::verify()` (or a secret refused by either method), with the
/// reason's `TokenException::*` code.
pub fn token(message: String, code: i32) -> PhpException {
    PhpException::new(printable(message), code, load(&TOKEN))
}

/// The engine takes messages as C strings: one with a NUL byte (from a host name, a socket
/// path, an anonymous class name) could not be thrown or raised as a warning at all.
pub fn printable(message: String) -> String {
    if message.contains('\0') {
        message.replace('\0', "\\0")
    } else {
        message
    }
}
