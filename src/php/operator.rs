//! `SocketIO\BroadcastOperator`: an Emitter narrowed to rooms, minus rooms, with flags.
//! Immutable: each step returns a new operator, so `$io->to('a')` alone changes nothing.
//! Only an Emitter creates one; the private constructor makes `new` fail with PHP's own error.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use socketio_protocol::BroadcastOptions;

use super::initialised::{self, Initialised};
use super::sender::Shared;
use super::{broadcast, debug_info};

#[php_class]
#[derive(Clone, Default)]
#[php(name = "SocketIO\\BroadcastOperator")]
#[php(flags = ClassFlags::Final)]
pub struct BroadcastOperator {
    /// `None` for an object no Emitter made (see `initialised`).
    shared: Option<Shared>,
    opts: BroadcastOptions,
}

impl BroadcastOperator {
    pub fn new(shared: Shared, opts: BroadcastOptions) -> Self {
        BroadcastOperator { shared: Some(shared), opts }
    }

    fn shared(&self) -> PhpResult<&Shared> {
        self.shared.as_ref().ok_or_else(initialised::error::<BroadcastOperator>)
    }
}

impl Initialised for BroadcastOperator {
    fn is_initialised(&self) -> bool {
        self.shared.is_some()
    }
}

#[php_impl]
impl BroadcastOperator {
    #[php(vis = "private")]
    pub fn __construct() -> PhpResult<Self> {
        Err("SocketIO\\BroadcastOperator cannot be created directly; use SocketIO\\Emitter::to()".into())
    }

    pub fn to(&self, rooms: &Zval) -> PhpResult<BroadcastOperator> {
        broadcast::to(self.shared()?, &self.opts, rooms)
    }

    #[php(name = "in")]
    pub fn in_(&self, rooms: &Zval) -> PhpResult<BroadcastOperator> {
        broadcast::to(self.shared()?, &self.opts, rooms)
    }

    pub fn except(&self, rooms: &Zval) -> PhpResult<BroadcastOperator> {
        broadcast::except(self.shared()?, &self.opts, rooms)
    }

    pub fn volatile(&self) -> PhpResult<BroadcastOperator> {
        Ok(broadcast::volatile(self.shared()?, &self.opts))
    }

    pub fn compress(&self, compress: Option<&Zval>) -> PhpResult<BroadcastOperator> {
        broadcast::compress(self.shared()?, &self.opts, compress)
    }

    pub fn emit(&self, event: &Zval, args: &[&Zval]) -> PhpResult<Zval> {
        broadcast::emit(self.shared()?, &self.opts, event, args)
    }

    pub fn sockets_join(&self, rooms: &Zval) -> PhpResult<Zval> {
        broadcast::sockets_join(self.shared()?, &self.opts, rooms)
    }

    pub fn sockets_leave(&self, rooms: &Zval) -> PhpResult<Zval> {
        broadcast::sockets_leave(self.shared()?, &self.opts, rooms)
    }

    pub fn disconnect_sockets(&self, close: Option<&Zval>) -> PhpResult<Zval> {
        broadcast::disconnect_sockets(self.shared()?, &self.opts, close)
    }

    /// Socket.IO servers subscribed for this key and namespace (rooms play no part).
    pub fn server_count(&self) -> PhpResult<i64> {
        super::server_count::server_count(self.shared()?)
    }

    /// The bound for the calls below that wait for answers (default 5 s).
    pub fn timeout(&self, seconds: &Zval) -> PhpResult<BroadcastOperator> {
        super::requests::timeout(self.shared()?, &self.opts, seconds)
    }

    pub fn fetch_sockets(&self) -> PhpResult<Zval> {
        super::requests::fetch_sockets(self.shared()?, &self.opts)
    }

    pub fn server_side_emit_with_ack(&self, event: &Zval, args: &[&Zval]) -> PhpResult<Zval> {
        super::requests::server_side_emit_with_ack(self.shared()?, &self.opts, event, args)
    }

    pub fn emit_with_ack(&self, event: &Zval, args: &[&Zval]) -> PhpResult<Zval> {
        super::requests::emit_with_ack(self.shared()?, &self.opts, event, args)
    }

    #[php(name = "__debugInfo")]
    pub fn debug_info(&self) -> PhpResult<ZBox<ZendHashTable>> {
        // Never throws: var_dump() of an object whose constructor never ran shows it empty.
        Ok(debug_info::build(self.shared.as_ref(), Some(&self.opts))?)
    }
}
