//! Sharded adapter (`createShardedAdapter`): ClusterMessage over SPUBLISH (§3).
use crate::{BroadcastOptions, Message, Room, Scope, SubscriptionMode, Value};

pub(crate) fn broadcast(scope: &Scope, mode: SubscriptionMode, opts: &BroadcastOptions, event: &str, args: &[Value]) -> Message { todo!() }
pub(crate) fn sockets_join(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message { todo!() }
pub(crate) fn sockets_leave(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message { todo!() }
pub(crate) fn disconnect_sockets(scope: &Scope, opts: &BroadcastOptions, close: bool) -> Message { todo!() }
pub(crate) fn server_side_emit(scope: &Scope, event: &str, args: &[Value]) -> Message { todo!() }
