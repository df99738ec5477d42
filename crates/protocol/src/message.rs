//! What gets published: one Redis command, one channel, one payload.

use crate::limits::Format;
use crate::{BroadcastOptions, Room, Value};

/// Which Redis command carries the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishCommand {
    /// Classic pub/sub: reaches `createAdapter` servers (and every node of a cluster).
    Publish,
    /// Sharded pub/sub (Redis 7): reaches `createShardedAdapter` servers.
    SPublish,
}

impl PublishCommand {
    pub fn name(self) -> &'static str {
        match self {
            PublishCommand::Publish => "PUBLISH",
            PublishCommand::SPublish => "SPUBLISH",
        }
    }
}

/// The receiving servers' `subscriptionMode` (sharded adapter only): decides whether a
/// per-room channel has listeners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SubscriptionMode {
    Static,
    #[default]
    Dynamic,
    DynamicPrivate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AdapterKind {
    /// `@socket.io/redis-adapter` `createAdapter`: msgpack broadcasts, JSON requests (§1, §2).
    #[default]
    Classic,
    /// `createShardedAdapter`: ClusterMessage over SPUBLISH (§3).
    Sharded(SubscriptionMode),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub command: PublishCommand,
    pub channel: String,
    pub payload: Vec<u8>,
}

/// Where messages go: key prefix, namespace (already normalised, starts with '/'), adapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub key: String,
    pub nsp: String,
    pub adapter: AdapterKind,
}

impl Scope {
    /// `io.to(..).except(..).emit(event, ...args)`. The event name must already be validated
    /// with [`crate::validate::event_name`].
    pub fn broadcast(&self, opts: &BroadcastOptions, event: &str, args: &[Value]) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::broadcast(self, opts, event, args),
            AdapterKind::Sharded(mode) => crate::sharded::broadcast(self, mode, opts, event, args),
        }
    }

    /// As [`Scope::broadcast`] with `count` arguments that `write` appends to the payload as
    /// msgpack itself (with the `crate::msgpack` writers, so in notepack's forms), straight from
    /// the caller's own values with no [`Value`] built. `write` returns false to give up (a value
    /// it leaves to [`Scope::broadcast`]); the result is then None, as it is for any adapter but
    /// the classic one, whose broadcasts are always msgpack.
    pub fn broadcast_msgpack_args(
        &self,
        opts: &BroadcastOptions,
        event: &str,
        count: usize,
        write: impl FnOnce(&mut Vec<u8>) -> bool,
    ) -> Option<Message> {
        match self.adapter {
            AdapterKind::Classic => crate::classic::broadcast_msgpack_args(self, opts, event, count, write),
            AdapterKind::Sharded(_) => None,
        }
    }

    pub fn sockets_join(&self, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::sockets_join(self, opts, rooms),
            AdapterKind::Sharded(_) => crate::sharded::sockets_join(self, opts, rooms),
        }
    }

    pub fn sockets_leave(&self, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::sockets_leave(self, opts, rooms),
            AdapterKind::Sharded(_) => crate::sharded::sockets_leave(self, opts, rooms),
        }
    }

    pub fn disconnect_sockets(&self, opts: &BroadcastOptions, close: bool) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::disconnect_sockets(self, opts, close),
            AdapterKind::Sharded(_) => crate::sharded::disconnect_sockets(self, opts, close),
        }
    }

    /// How [`Scope::server_side_emit`] writes `Value::Binary` arguments: as a JSON Buffer
    /// (about 4 bytes per byte) in the classic adapter's requests, as msgpack bin otherwise.
    /// Broadcasts always write bytes as msgpack.
    pub fn server_side_emit_bytes_format(&self) -> Format {
        match self.adapter {
            AdapterKind::Classic => Format::Json,
            AdapterKind::Sharded(_) => Format::Msgpack,
        }
    }

    /// The event name must already be validated with [`crate::validate::server_side_event_name`].
    pub fn server_side_emit(&self, event: &str, args: &[Value]) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::server_side_emit(self, event, args),
            AdapterKind::Sharded(_) => crate::sharded::server_side_emit(self, event, args),
        }
    }
}
