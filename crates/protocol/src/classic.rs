//! Classic adapter (`createAdapter`): msgpack broadcasts and JSON requests (§1, §2).
use crate::{BroadcastOptions, Message, Room, Scope, Value};

pub(crate) fn broadcast(scope: &Scope, opts: &BroadcastOptions, event: &str, args: &[Value]) -> Message { todo!() }
pub(crate) fn sockets_join(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message { todo!() }
pub(crate) fn sockets_leave(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message { todo!() }
pub(crate) fn disconnect_sockets(scope: &Scope, opts: &BroadcastOptions, close: bool) -> Message { todo!() }
pub(crate) fn server_side_emit(scope: &Scope, event: &str, args: &[Value]) -> Message { todo!() }
