//! What gets published: one Redis command, one channel, one payload.

use crate::limits::Format;
use crate::streams::{StreamEntry, StreamTarget};
use crate::{BroadcastOptions, Room, Value};

/// Which Redis command carries the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishCommand {
    /// Classic pub/sub: reaches `createAdapter` servers (and every node of a cluster).
    Publish,
    /// Sharded pub/sub (Redis 7): reaches `createShardedAdapter` servers.
    SPublish,
    /// A stream entry (`@socket.io/redis-streams-adapter`): the message's [`StreamEntry`] holds
    /// the fields between the stream key and the payload.
    XAdd,
}

impl PublishCommand {
    pub fn name(self) -> &'static str {
        match self {
            PublishCommand::Publish => "PUBLISH",
            PublishCommand::SPublish => "SPUBLISH",
            PublishCommand::XAdd => "XADD",
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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AdapterKind {
    /// `@socket.io/redis-adapter` `createAdapter`: msgpack broadcasts, JSON requests (§1, §2).
    #[default]
    Classic,
    /// `createShardedAdapter`: ClusterMessage over SPUBLISH (§3).
    Sharded(SubscriptionMode),
    /// `@socket.io/redis-streams-adapter` 0.2.x/0.3.x: XADD entries (protocol-requests.md §3).
    Streams(StreamTarget),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub command: PublishCommand,
    /// The pub/sub channel, or for [`PublishCommand::XAdd`] the stream key: what a Redis
    /// Cluster routes the command by.
    pub channel: String,
    pub payload: Vec<u8>,
    /// XADD only: the entry's other fields.
    pub entry: Option<StreamEntry>,
}

impl Message {
    /// The whole Redis command, name first: `PUBLISH <channel> <payload>`, or
    /// `XADD <stream> MAXLEN ~ <maxLen> * uid emitter nsp <nsp> type <n> data <payload>`.
    /// The routing key is always the second argument.
    pub fn args(&self) -> Vec<&[u8]> {
        let mut args: Vec<&[u8]> = Vec::with_capacity(14);
        args.push(self.command.name().as_bytes());
        args.push(self.channel.as_bytes());
        if let Some(entry) = &self.entry {
            entry.fields_before_data(&mut args);
        }
        args.push(&self.payload);
        args
    }
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
            AdapterKind::Streams(ref target) => crate::streams::broadcast(self, target, opts, event, args),
        }
    }

    pub fn sockets_join(&self, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::sockets_join(self, opts, rooms),
            AdapterKind::Sharded(_) => crate::sharded::sockets_join(self, opts, rooms),
            AdapterKind::Streams(ref target) => crate::streams::sockets_join(self, target, opts, rooms),
        }
    }

    pub fn sockets_leave(&self, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::sockets_leave(self, opts, rooms),
            AdapterKind::Sharded(_) => crate::sharded::sockets_leave(self, opts, rooms),
            AdapterKind::Streams(ref target) => crate::streams::sockets_leave(self, target, opts, rooms),
        }
    }

    pub fn disconnect_sockets(&self, opts: &BroadcastOptions, close: bool) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::disconnect_sockets(self, opts, close),
            AdapterKind::Sharded(_) => crate::sharded::disconnect_sockets(self, opts, close),
            AdapterKind::Streams(ref target) => crate::streams::disconnect_sockets(self, target, opts, close),
        }
    }

    /// How [`Scope::server_side_emit`] writes `Value::Binary` arguments: as a JSON Buffer
    /// (about 4 bytes per byte) in the classic adapter's requests, as msgpack bin otherwise
    /// (base64 of msgpack in a stream entry).
    /// Broadcasts always write bytes as msgpack.
    pub fn server_side_emit_bytes_format(&self) -> Format {
        match self.adapter {
            AdapterKind::Classic => Format::Json,
            AdapterKind::Sharded(_) | AdapterKind::Streams(_) => Format::Msgpack,
        }
    }

    /// The event name must already be validated with [`crate::validate::server_side_event_name`].
    pub fn server_side_emit(&self, event: &str, args: &[Value]) -> Message {
        match self.adapter {
            AdapterKind::Classic => crate::classic::server_side_emit(self, event, args),
            AdapterKind::Sharded(_) => crate::sharded::server_side_emit(self, event, args),
            AdapterKind::Streams(ref target) => crate::streams::server_side_emit(self, target, event, args),
        }
    }
}
