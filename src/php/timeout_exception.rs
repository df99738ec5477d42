//! `SocketIO\TimeoutException`: no reply in time. For the calls that wait for answers
//! (fetchSockets, serverSideEmitWithAck, emitWithAck) it also carries what did arrive
//! (`getPartialResults()`) and how many answers were expected (`getExpectedCount()`); for a
//! publish that timed out both are empty (`[]`, null).
//!
//! The class keeps the engine's exception object (no Rust struct behind it, see exceptions.rs);
//! the two values live in protected properties, written through `zend_update_property` with
//! the class as scope, since the code that throws runs in another class's method.

use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::{ClassBuilder, ClassProperty, FunctionBuilder};
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::ffi::{zend_class_entry, zend_object};
use ext_php_rs::flags::{DataType, MethodFlags, PropertyFlags};
use ext_php_rs::types::{ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::{ClassEntry, ExecuteData};

use super::engine;

static TIMEOUT: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

const PARTIAL: &str = "partialResults";
const EXPECTED: &str = "expectedCount";

/// MINIT, after `SocketIO\ConnectionException` (`parent`) exists.
pub fn register(parent: fn() -> &'static ClassEntry) -> Result<(), String> {
    let mut builder =
        ClassBuilder::new("SocketIO\\TimeoutException").extends((parent, "\\SocketIO\\ConnectionException"));
    for (name, ty) in [(PARTIAL, DataType::Array), (EXPECTED, DataType::Long)] {
        builder = builder.property(ClassProperty {
            name: name.into(),
            flags: PropertyFlags::Protected,
            default: None,
            docs: &[],
            ty: Some(ty),
            nullable: true,
            readonly: false,
            default_stub: None,
        });
    }
    builder = builder
        .method(
            FunctionBuilder::new("getPartialResults", get_partial_results).returns(DataType::Array, false, false),
            MethodFlags::Public,
        )
        .method(
            FunctionBuilder::new("getExpectedCount", get_expected_count).returns(DataType::Long, false, true),
            MethodFlags::Public,
        );
    builder.registration(|ce, _| TIMEOUT.store(ce, Ordering::Release)).register().map_err(|e| e.to_string())
}

pub fn class() -> Option<&'static ClassEntry> {
    // SAFETY: set in MINIT before any PHP code runs; class entries live until MSHUTDOWN.
    unsafe { TIMEOUT.load(Ordering::Acquire).as_ref() }
}

extern "C" fn get_partial_results(ex: &mut ExecuteData, retval: &mut Zval) {
    match read(ex, PARTIAL).filter(Zval::is_array) {
        Some(value) => *retval = value,
        None => retval.set_hashtable(ZendHashTable::new()),
    }
}

extern "C" fn get_expected_count(ex: &mut ExecuteData, retval: &mut Zval) {
    match read(ex, EXPECTED).filter(Zval::is_long) {
        Some(value) => *retval = value,
        None => retval.set_null(),
    }
}

/// The property of `$this`, or None when unset (an exception thrown by a publish, or made by
/// user code).
fn read(ex: &mut ExecuteData, name: &str) -> Option<Zval> {
    let this = ex.get_self()?;
    this.get_property::<&Zval>(name).ok().map(Zval::shallow_clone)
}

type UpdateProperty = unsafe extern "C" fn(*mut zend_class_entry, *mut zend_object, *const c_char, usize, *mut Zval);

/// A TimeoutException with the answers received so far and the number expected.
pub fn with_results(message: String, code: i32, partial: Zval, expected: i64) -> PhpException {
    let Some(class) = class() else {
        return PhpException::new(message, code, super::exceptions::connection_ce());
    };
    match build(class, &message, code, partial, expected) {
        Some(object) => PhpException::new(message, code, class).with_object(object),
        None => PhpException::new(message, code, class),
    }
}

fn build(class: &'static ClassEntry, message: &str, code: i32, mut partial: Zval, expected: i64) -> Option<Zval> {
    let update = engine::lookup(c"zend_update_property");
    if update.is_null() {
        return None;
    }
    // SAFETY: `zend_update_property(scope, object, name, name_length, value)`, PHP 8's prototype.
    let update = unsafe { std::mem::transmute::<*mut c_void, UpdateProperty>(update) };
    let mut object = ZendObject::new(class);
    object.try_call_method("__construct", vec![&message, &i64::from(code)]).ok()?;
    let mut expected = expected.into_zval(false).ok()?;
    let obj: *mut zend_object = std::ptr::from_mut(&mut *object).cast();
    let scope = std::ptr::from_ref(class).cast_mut().cast::<zend_class_entry>();
    // SAFETY: `obj` is a live object of `class`, which declares both properties; the engine
    // copies the values (adding a reference), so ours are released by their own drops.
    unsafe {
        update(scope, obj, PARTIAL.as_ptr().cast(), PARTIAL.len(), &mut partial);
        update(scope, obj, EXPECTED.as_ptr().cast(), EXPECTED.len(), &mut expected);
    }
    object.into_zval(false).ok()
}
