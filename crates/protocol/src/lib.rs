//! The Socket.IO Redis-adapter wire protocol, with no knowledge of PHP or of sockets.
//!
//! Callers build [`Value`]s and a [`Scope`] (key prefix, namespace, adapter flavour), then ask the
//! scope for a [`Message`]: the Redis command, channel and payload bytes to publish. Every byte
//! layout here is pinned by the vectors in `docs/protocol.md` (see `tests/vectors.rs`).

pub mod base64;
pub mod channel;
pub mod classic;
pub mod count;
pub mod error;
pub mod json;
pub mod limits;
pub mod message;
pub mod msgpack;
pub mod namespace;
mod parts;
pub mod requests;
pub mod room;
pub mod sharded;
mod sink;
pub mod streams;
pub mod validate;
pub mod value;

pub use count::CountQuery;
pub use error::ProtocolError;
pub use message::{AdapterKind, Message, PublishCommand, Scope, SubscriptionMode};
pub use room::{BroadcastOptions, Flags, Room, RoomSet};
pub use value::Value;
