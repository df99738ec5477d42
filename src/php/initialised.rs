//! Objects whose constructor never ran. PHP can create them without calling `__construct`: an
//! unserializer that ignores "not serializable" (the msgpack extension's), a `__toString()`
//! that reaches the object under construction through `debug_backtrace()` before the
//! constructor fails. ext-php-rs would leave such an object without its Rust value: `var_dump`
//! becomes a fatal error and every method a plain `\Exception`.
//!
//! So every class implements `Default` as an explicit "not initialised" state, which
//! ext-php-rs's object creation fills in before any constructor runs and the constructor then
//! replaces: `var_dump` shows an empty object, methods throw a clear `\Error`, and an
//! uninitialised `Binary` is refused as a value.

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::exception::PhpException;
use ext_php_rs::zend::ce;

pub trait Initialised {
    /// False for the `Default` value an object holds until its constructor has run.
    fn is_initialised(&self) -> bool;
}

/// `\Error`: "SocketIO\Emitter object is not initialised: its constructor was not called".
pub fn error<T: RegisteredClass>() -> PhpException {
    PhpException::new(
        format!("{} object is not initialised: its constructor was not called", T::CLASS_NAME),
        0,
        ce::error(),
    )
}
