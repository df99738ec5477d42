//! `new SocketIO\Emitter($url)` runs on every request a php-fpm worker serves, and resolving
//! its settings costs a dozen INI lookups plus number and URL parsing: more than the emit that
//! follows. The result depends only on the URL string and the `socketio.*` settings, so the
//! last one is remembered per thread and reused until any `socketio.*` setting changes. Every
//! change (php.ini, `ini_set`, `ini_restore`, the end-of-request reset) goes through our
//! `on_modify` handlers, which call [`invalidate`].

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use ext_php_rs::exception::PhpResult;
use ext_php_rs::types::Zval;

use super::sender::Shared;

/// Bumped on every change of a `socketio.*` setting, in any thread (ZTS): a cached entry is
/// only trusted while the generation it was built under is current.
static GENERATION: AtomicU64 = AtomicU64::new(0);

struct Entry {
    generation: u64,
    /// `None`: the constructor got no URL (php.ini's `socketio.url`).
    url: Option<Vec<u8>>,
    shared: Shared,
}

thread_local! {
    static LAST: RefCell<Option<Entry>> = const { RefCell::new(None) };
}

pub fn invalidate() {
    GENERATION.fetch_add(1, Ordering::Release);
}

/// The root-namespace `Shared` for these constructor arguments, from the cache when only a
/// URL (or nothing) was given, else built by `build`. Errors are never cached.
pub fn root_shared(
    url: Option<&Zval>,
    options: Option<&Zval>,
    build: impl FnOnce() -> PhpResult<Shared>,
) -> PhpResult<Shared> {
    let Some(key) = cache_key(url, options) else { return build() };
    let generation = GENERATION.load(Ordering::Acquire);
    // Compared borrowed: a hit (every request but a worker's first) copies nothing.
    let hit = LAST.with_borrow(|last| {
        last.as_ref().filter(|e| e.generation == generation && e.url.as_deref() == key).map(|e| e.shared.clone())
    });
    if let Some(shared) = hit {
        return Ok(shared);
    }
    let shared = build()?;
    let url = key.map(<[u8]>::to_vec);
    LAST.with_borrow_mut(|last| *last = Some(Entry { generation, url, shared: shared.clone() }));
    Ok(shared)
}

/// Cacheable calls: `(null|string [, []])`. Arrays of options or seeds take the full path.
fn cache_key<'a>(url: Option<&'a Zval>, options: Option<&Zval>) -> Option<Option<&'a [u8]>> {
    let no_options = options.map(Zval::dereference).is_none_or(|o| o.array().is_some_and(|t| t.is_empty()));
    if !no_options {
        return None;
    }
    match url.map(Zval::dereference).filter(|z| !z.is_null()) {
        None => Some(None),
        Some(z) => z.zend_str().map(|s| Some(s.as_bytes())),
    }
}
