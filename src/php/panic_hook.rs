//! The panic hook. ext-php-rs turns a panic in a method into a PHP `\Error`; the default hook
//! would also print it to stderr, in the middle of the application's output. But the hook is
//! process-wide: replacing it with a silent one would also silence every other Rust extension
//! loaded in the same PHP, and lose their diagnostics.
//!
//! So ours is chained: it stays quiet only for a panic raised while our own code runs, and
//! hands every other panic to the hook that was installed before it. At module shutdown the
//! previous hook is put back, if ours is still the installed one: after that the .so may be
//! unloaded, and a hook pointing into it would crash the next panic.

use std::ffi::CStr;
use std::panic::PanicHookInfo;
use std::sync::{Arc, Mutex};

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

struct Installed {
    previous: Arc<Hook>,
    /// Our hook's address, to recognise it at shutdown.
    ours: usize,
}

static INSTALLED: Mutex<Option<Installed>> = Mutex::new(None);

/// Where our crates' sources are, as panic locations spell them (relative to the workspace).
const OUR_SOURCES: [&str; 4] = ["src/php/", "src/lib.rs", "crates/protocol/src/", "crates/redis/src/"];

/// MINIT.
pub fn install() {
    install_with(raised_by_us);
}

/// Installs our hook, quiet for the panics `ours` recognises.
fn install_with(ours: fn(&PanicHookInfo<'_>) -> bool) {
    let previous: Arc<Hook> = Arc::new(std::panic::take_hook());
    let chained = Arc::clone(&previous);
    let hook: Hook = Box::new(move |info| {
        if !ours(info) {
            chained(info);
        }
    });
    let ours = address(&hook);
    std::panic::set_hook(hook);
    if let Ok(mut slot) = INSTALLED.lock() {
        *slot = Some(Installed { previous, ours });
    }
}

/// MSHUTDOWN: restores the previous hook unless another one was installed over ours since
/// (that one may chain to ours; taking ours out from under it is not ours to do).
pub fn uninstall() {
    let Some(installed) = INSTALLED.lock().ok().and_then(|mut slot| slot.take()) else { return };
    let current = std::panic::take_hook();
    if address(&current) != installed.ours {
        std::panic::set_hook(current);
        return;
    }
    // Ours held the other reference to the previous hook: dropping it leaves this one alone.
    drop(current);
    match Arc::try_unwrap(installed.previous) {
        Ok(previous) => std::panic::set_hook(previous),
        Err(shared) => std::panic::set_hook(Box::new(move |info| shared(info))),
    }
}

fn address(hook: &Hook) -> usize {
    std::ptr::from_ref::<dyn Fn(&PanicHookInfo<'_>) + Sync + Send>(hook.as_ref()).cast::<()>() as usize
}

/// Raised in our own sources, or while PHP is running one of our methods (a panic in a
/// dependency we called, e.g. a capacity overflow in `alloc`). A panic of another Rust
/// extension whose method our code called back into (through a `jsonSerialize()`) is raised
/// while that extension's function is the current frame, so it is not ours.
fn raised_by_us(info: &PanicHookInfo<'_>) -> bool {
    info.location().is_some_and(|l| in_our_sources(l.file())) || current_function_is_ours()
}

fn in_our_sources(file: &str) -> bool {
    OUR_SOURCES.iter().any(|dir| file.starts_with(dir))
}

fn current_function_is_ours() -> bool {
    // SAFETY: the executor globals exist for the life of the process; the current frame and
    // its function are valid while they are current, and an internal function's `module` is
    // its extension's module entry (or null), which outlives every request.
    unsafe {
        let globals = ext_php_rs::ffi::ext_php_rs_executor_globals();
        let Some(frame) = (*globals).current_execute_data.as_ref() else { return false };
        let Some(func) = frame.func.as_ref() else { return false };
        // ZEND_INTERNAL_FUNCTION: only internal functions have a module.
        if u32::from(func.type_) != ext_php_rs::ffi::ZEND_INTERNAL_FUNCTION {
            return false;
        }
        let Some(module) = func.internal_function.module.as_ref() else { return false };
        !module.name.is_null() && CStr::from_ptr(module.name) == c"socketio"
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    static FOREIGN_SEEN: AtomicUsize = AtomicUsize::new(0);

    fn message_says_ours(info: &PanicHookInfo<'_>) -> bool {
        info.payload().downcast_ref::<&str>().is_some_and(|m| m.starts_with("ours"))
    }

    fn panic_with(message: &'static str) {
        let _ = std::panic::catch_unwind(|| std::panic::panic_any(message));
    }

    /// The one test that touches the process-wide hook: ours is quiet only for our panics,
    /// hands the others to the previous hook, and gives that one back at shutdown.
    #[test]
    fn chains_to_the_previous_hook_and_restores_it() {
        std::panic::set_hook(Box::new(|_| {
            FOREIGN_SEEN.fetch_add(1, Ordering::SeqCst);
        }));
        install_with(message_says_ours);
        panic_with("ours: a bug of this extension");
        assert_eq!(FOREIGN_SEEN.load(Ordering::SeqCst), 0, "our panic reached the previous hook");
        panic_with("another extension's panic");
        assert_eq!(FOREIGN_SEEN.load(Ordering::SeqCst), 1, "a foreign panic was silenced");

        uninstall();
        panic_with("ours: after shutdown, the previous hook is back");
        assert_eq!(FOREIGN_SEEN.load(Ordering::SeqCst), 2);

        // A hook installed over ours is left in place.
        install_with(message_says_ours);
        std::panic::set_hook(Box::new(|_| {}));
        uninstall();
        panic_with("another extension's panic, to the hook installed last");
        assert_eq!(FOREIGN_SEEN.load(Ordering::SeqCst), 2);
        drop(std::panic::take_hook());
    }

    #[test]
    fn our_sources_are_the_workspace_crates() {
        assert!(in_our_sources("src/php/convert.rs"));
        assert!(in_our_sources("src/lib.rs"));
        assert!(in_our_sources("crates/protocol/src/msgpack.rs"));
        assert!(in_our_sources("crates/redis/src/pool.rs"));
        assert!(!in_our_sources("/root/.cargo/registry/src/index/ext-php-rs-0.16.4/src/types/zval.rs"));
        assert!(!in_our_sources("/rustc/abc/library/alloc/src/raw_vec.rs"));
    }
}
