//! `SocketIO\Emitter`: the entry point. Immutable; `of()` and the operator methods return new
//! objects sharing its connection settings.
//!
//! Parameters arrive as raw zvals because ext-php-rs can neither declare their union types nor
//! coerce scalars as internal functions do; `args` does both, and `signatures` fixes the
//! arginfo that Reflection shows.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use socketio_protocol::{namespace, BroadcastOptions};

use super::initialised::{self, Initialised};
use super::operator::BroadcastOperator;
use super::sender::Shared;
use super::{args, broadcast, debug_info, options, settings_cache};

#[php_class]
#[derive(Clone, Default)]
#[php(name = "SocketIO\\Emitter")]
#[php(flags = ClassFlags::Final)]
pub struct Emitter {
    /// `None` until the constructor has run (see `initialised`).
    shared: Option<Shared>,
}

impl Emitter {
    /// The Emitter a `batch()` callback receives.
    pub fn with_shared(shared: Shared) -> Self {
        Emitter { shared: Some(shared) }
    }

    fn shared(&self) -> PhpResult<&Shared> {
        self.shared.as_ref().ok_or_else(initialised::error::<Emitter>)
    }
}

impl Initialised for Emitter {
    fn is_initialised(&self) -> bool {
        self.shared.is_some()
    }
}

/// An Emitter targets the whole namespace; its operator state is always empty.
static NO_OPTIONS: std::sync::LazyLock<BroadcastOptions> = std::sync::LazyLock::new(BroadcastOptions::default);

#[php_impl]
impl Emitter {
    /// Connects lazily: nothing touches the network until the first emit.
    pub fn __construct(url: Option<&Zval>, options: Option<&Zval>) -> PhpResult<Self> {
        args::not_reconstructed::<Emitter>()?;
        let shared = settings_cache::root_shared(url, options, || {
            Ok(Shared::new(options::resolve(url, options)?, "/".to_owned()))
        })?;
        Ok(Emitter { shared: Some(shared) })
    }

    pub fn of(&self, namespace: &Zval) -> PhpResult<Emitter> {
        let shared = self.shared()?;
        let name = args::utf8(namespace, 1)?;
        let nsp = namespace::normalize(&name).map_err(|_| args::value_error(1, "must not contain \",\""))?;
        Ok(Emitter { shared: Some(shared.with_namespace(nsp)) })
    }

    pub fn to(&self, rooms: &Zval) -> PhpResult<BroadcastOperator> {
        broadcast::to(self.shared()?, &NO_OPTIONS, rooms)
    }

    #[php(name = "in")]
    pub fn in_(&self, rooms: &Zval) -> PhpResult<BroadcastOperator> {
        broadcast::to(self.shared()?, &NO_OPTIONS, rooms)
    }

    pub fn except(&self, rooms: &Zval) -> PhpResult<BroadcastOperator> {
        broadcast::except(self.shared()?, &NO_OPTIONS, rooms)
    }

    pub fn volatile(&self) -> PhpResult<BroadcastOperator> {
        Ok(broadcast::volatile(self.shared()?, &NO_OPTIONS))
    }

    pub fn compress(&self, compress: Option<&Zval>) -> PhpResult<BroadcastOperator> {
        broadcast::compress(self.shared()?, &NO_OPTIONS, compress)
    }

    pub fn emit(&self, event: &Zval, args: &[&Zval]) -> PhpResult<Zval> {
        broadcast::emit(self.shared()?, &NO_OPTIONS, event, args)
    }

    pub fn sockets_join(&self, rooms: &Zval) -> PhpResult<Zval> {
        broadcast::sockets_join(self.shared()?, &NO_OPTIONS, rooms)
    }

    pub fn sockets_leave(&self, rooms: &Zval) -> PhpResult<Zval> {
        broadcast::sockets_leave(self.shared()?, &NO_OPTIONS, rooms)
    }

    pub fn disconnect_sockets(&self, close: Option<&Zval>) -> PhpResult<Zval> {
        broadcast::disconnect_sockets(self.shared()?, &NO_OPTIONS, close)
    }

    pub fn server_side_emit(&self, event: &Zval, args: &[&Zval]) -> PhpResult<Zval> {
        broadcast::server_side_emit(self.shared()?, event, args)
    }

    /// Runs `callback` with an Emitter whose emits are queued, then sends them pipelined;
    /// the receiver counts in call order.
    pub fn batch(&self, callback: &Zval) -> PhpResult<Zval> {
        super::batch::batch(self.shared()?, callback)
    }

    /// Socket.IO servers subscribed for this key and namespace (rooms play no part).
    pub fn server_count(&self) -> PhpResult<i64> {
        super::server_count::server_count(self.shared()?)
    }

    /// The bound for the calls below that wait for answers (default 5 s).
    pub fn timeout(&self, seconds: &Zval) -> PhpResult<BroadcastOperator> {
        super::requests::timeout(self.shared()?, &NO_OPTIONS, seconds)
    }

    pub fn fetch_sockets(&self) -> PhpResult<Zval> {
        super::requests::fetch_sockets(self.shared()?, &NO_OPTIONS)
    }

    pub fn server_side_emit_with_ack(&self, event: &Zval, args: &[&Zval]) -> PhpResult<Zval> {
        super::requests::server_side_emit_with_ack(self.shared()?, &NO_OPTIONS, event, args)
    }

    pub fn emit_with_ack(&self, event: &Zval, args: &[&Zval]) -> PhpResult<Zval> {
        super::requests::emit_with_ack(self.shared()?, &NO_OPTIONS, event, args)
    }

    #[php(name = "__debugInfo")]
    pub fn debug_info(&self) -> PhpResult<ZBox<ZendHashTable>> {
        // Never throws: var_dump() of an object whose constructor never ran shows it empty.
        Ok(debug_info::build(self.shared.as_ref(), None)?)
    }
}
