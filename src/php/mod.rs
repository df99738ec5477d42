//! The PHP binding: turns zvals into the core model, calls the core, maps errors to exceptions.

mod answer;
mod args;
mod batch;
mod batch_exception;
mod binary;
mod broadcast;
mod convert;
mod debug_info;
mod emitter;
mod engine;
pub use engine::sapi_is_cli;
pub mod error_log;
mod exceptions;
pub mod info;
pub mod ini;
mod initialised;
mod operator;
mod options;
pub mod panic_hook;
mod plain_args;
mod requests;
mod sender;
pub use sender::unconfirmed_message;
mod server_count;
mod settings_cache;
mod signatures;
mod table;
mod timeout_exception;
mod token;
mod token_exception;
mod utf8;

use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::class::RegisteredClass;
use ext_php_rs::zend::ClassEntry;

/// Registers a `#[php_class]` the way `ModuleBuilder::class` would, but from our own MINIT,
/// so that its arginfo can be corrected right after (the builder's registration runs last).
fn register_class<T: RegisteredClass>() -> Result<&'static ClassEntry, String> {
    let mut builder = ClassBuilder::new(T::CLASS_NAME);
    for (method, flags) in T::method_builders() {
        builder = builder.method(method, flags);
    }
    for (name, value, docs, flags) in T::constants() {
        builder = builder.dyn_constant(*name, *value, docs, *flags).map_err(|e| format!("{}: {e}", T::CLASS_NAME))?;
    }
    builder
        .flags(T::FLAGS)
        .object_override::<T>()
        .registration(|ce, arg_info| {
            T::get_metadata().set_ce(ce);
            T::get_metadata().set_arg_info(arg_info);
        })
        .docs(T::DOC_COMMENTS)
        .register()
        .map_err(|e| format!("{}: {e}", T::CLASS_NAME))?;
    Ok(T::get_metadata().ce())
}

/// MINIT: the exception hierarchy, then the classes with their public signatures.
pub fn register_classes() -> Result<(), String> {
    exceptions::register()?;
    signatures::apply_binary(register_class::<binary::Binary>()?)?;
    signatures::apply_operator(register_class::<operator::BroadcastOperator>()?)?;
    signatures::apply_emitter(register_class::<emitter::Emitter>()?)?;
    signatures::apply_token(register_class::<token::Token>()?)?;
    Ok(())
}
