//! Redis Streams adapter (`@socket.io/redis-streams-adapter` 0.2.x and 0.3.x): every message is
//! one stream entry (protocol-requests.md §3.2):
//!
//! ```text
//! XADD <stream> MAXLEN ~ <maxLen> * uid emitter nsp <nsp> type <n> data <data>
//! ```
//!
//! `data` is the ClusterAdapter message's `data` map (the same maps the sharded adapter sends,
//! see [`crate::sharded`]) as JSON text, or, when a type that may carry binary (BROADCAST,
//! SERVER_SIDE_EMIT) holds bytes, as base64 of its msgpack encoding. Servers tell them apart by
//! the first character (`{`). This is what the adapter's own `encode()` writes (0.3.1 and 0.2.3
//! source, `dist/adapter.js`), field order included, so a server reading the stream cannot tell
//! our entries from a server's.
//!
//! Entries written this way take part in connection-state recovery: a server that delivers a
//! BROADCAST entry appends its entry id to the packet (the client's offset), and replays it to
//! a client that reconnects with an older offset (§3.4). `volatile` travels only as `true`: any
//! `volatile` key, even `false`, would keep the server from appending the offset.
//!
//! The stream name ([`stream_name`]) and the hash behind it ([`hash_code`]) are public so that
//! code reading responses (0.2.x requests) finds the same stream.
use crate::limits::Format;
use crate::sharded::{self, BROADCAST, DISCONNECT_SOCKETS, SERVER_SIDE_EMIT, SOCKETS_JOIN, SOCKETS_LEAVE};
use crate::sink::{Json, Msgpack, Sink};
use crate::{base64, parts, BroadcastOptions, Message, PublishCommand, Room, Scope, Value};

/// The adapter's default `streamName`.
pub const DEFAULT_STREAM_NAME: &str = "socket.io";
/// The adapter's default `maxLen`: servers trim the stream to about this many entries.
pub const DEFAULT_MAX_LEN: u64 = 10_000;
/// The adapter's default `streamCount` (0.3.x; 0.2.x always uses one stream).
pub const DEFAULT_STREAM_COUNT: u32 = 1;

/// Where entries go: the adapter options `streamName`, `maxLen` and `streamCount`, which must
/// equal the servers' own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamTarget {
    pub name: String,
    /// `MAXLEN ~` of every XADD: the same value as the servers', since any writer trims the
    /// stream for everyone (a smaller one shortens every client's recovery window).
    pub max_len: u64,
    /// At least 1.
    pub count: u32,
}

impl Default for StreamTarget {
    fn default() -> Self {
        StreamTarget { name: DEFAULT_STREAM_NAME.into(), max_len: DEFAULT_MAX_LEN, count: DEFAULT_STREAM_COUNT }
    }
}

/// The fields of one entry other than `data`, in the order a server writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEntry {
    /// `maxLen` as decimal text.
    pub max_len: String,
    pub nsp: String,
    /// The ClusterAdapter `MessageType` as decimal text (`"3"`): servers `parseInt` it.
    pub kind: &'static str,
}

impl StreamEntry {
    /// `MAXLEN ~ <maxLen> * uid emitter nsp <nsp> type <n> data`: what comes between the stream
    /// key and the payload.
    pub(crate) fn fields_before_data<'a>(&'a self, args: &mut Vec<&'a [u8]>) {
        args.extend_from_slice(&[
            b"MAXLEN",
            b"~",
            self.max_len.as_bytes(),
            b"*",
            b"uid",
            parts::UID.as_bytes(),
            b"nsp",
            self.nsp.as_bytes(),
            b"type",
            self.kind.as_bytes(),
            b"data",
        ]);
    }
}

/// Java's `String.hashCode` as the adapter's `hashCode()` computes it: `h = h * 31 + c` over
/// UTF-16 code units, wrapped to a signed 32-bit integer after every step (JS `hash |= 0`).
/// Can be negative.
pub fn hash_code(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

/// The adapter's `computeStreamName`: `name` with one stream, else `<name>-<i>` with
/// `i = hashCode(nsp) % count`, a JavaScript remainder that keeps the hash's sign. So a
/// namespace with a negative hash maps to a stream such as `socket.io--1` that no server
/// polls (servers read `<name>-0` … `<name>-<count-1>`): its entries reach nobody between
/// servers and cannot be replayed. That is upstream's behaviour, matched byte for byte here so
/// that we write where the servers themselves write; see [`negative_stream_index`].
pub fn stream_name(name: &str, count: u32, nsp: &str) -> String {
    if count == 1 {
        return name.to_string();
    }
    // `count` ≤ u32::MAX fits i64, and so does the remainder.
    let i = i64::from(hash_code(nsp)) % i64::from(count.max(1));
    format!("{name}-{i}")
}

/// True when [`stream_name`] sends `nsp` to a stream no server reads (more than one stream and a
/// negative hash): the caller can warn.
pub fn negative_stream_index(count: u32, nsp: &str) -> bool {
    count > 1 && i64::from(hash_code(nsp)) % i64::from(count) < 0
}

fn entry(scope: &Scope, target: &StreamTarget, kind: i64, payload: Vec<u8>) -> Message {
    let kind = match kind {
        BROADCAST => "3",
        SOCKETS_JOIN => "4",
        SOCKETS_LEAVE => "5",
        DISCONNECT_SOCKETS => "6",
        SERVER_SIDE_EMIT => "9",
        _ => unreachable!("only the types above are written"),
    };
    Message {
        command: PublishCommand::XAdd,
        channel: stream_name(&target.name, target.count, &scope.nsp),
        payload,
        entry: Some(StreamEntry { max_len: target.max_len.to_string(), nsp: scope.nsp.clone(), kind }),
    }
}

/// JSON text of the `data` map, or base64 msgpack when `binary` (the adapter's `hasBinary`).
fn data(
    binary: bool,
    hint: usize,
    write_json: impl FnOnce(&mut Json),
    write_msgpack: impl FnOnce(&mut Msgpack),
) -> Vec<u8> {
    if binary {
        let mut s = Msgpack::with_capacity(hint);
        write_msgpack(&mut s);
        base64::encode(&s.finish())
    } else {
        let mut s = Json::with_capacity(hint);
        write_json(&mut s);
        s.finish()
    }
}

pub(crate) fn broadcast(
    scope: &Scope,
    target: &StreamTarget,
    opts: &BroadcastOptions,
    event: &str,
    args: &[Value],
) -> Message {
    let binary = args.iter().any(Value::has_binary);
    let format = if binary { Format::Msgpack } else { Format::Json };
    let payload = data(
        binary,
        parts::capacity_hint(format, event, args),
        |s| sharded::broadcast_data(s, opts, event, args),
        |s| sharded::broadcast_data(s, opts, event, args),
    );
    entry(scope, target, BROADCAST, payload)
}

pub(crate) fn sockets_join(scope: &Scope, target: &StreamTarget, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, target, SOCKETS_JOIN, opts, rooms)
}

pub(crate) fn sockets_leave(scope: &Scope, target: &StreamTarget, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, target, SOCKETS_LEAVE, opts, rooms)
}

/// Never binary (the adapter would write it as JSON whatever it held).
fn membership(scope: &Scope, target: &StreamTarget, kind: i64, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    let mut s = Json::with_capacity(128);
    sharded::membership_data(&mut s, opts, rooms);
    entry(scope, target, kind, s.finish())
}

pub(crate) fn disconnect_sockets(
    scope: &Scope,
    target: &StreamTarget,
    opts: &BroadcastOptions,
    close: bool,
) -> Message {
    let mut s = Json::with_capacity(128);
    sharded::disconnect_data(&mut s, opts, close);
    entry(scope, target, DISCONNECT_SOCKETS, s.finish())
}

/// No `requestId`: servers run their listeners and answer nothing.
pub(crate) fn server_side_emit(scope: &Scope, target: &StreamTarget, event: &str, args: &[Value]) -> Message {
    let binary = args.iter().any(Value::has_binary);
    let format = if binary { Format::Msgpack } else { Format::Json };
    let payload = data(
        binary,
        parts::capacity_hint(format, event, args),
        |s| sharded::server_side_emit_data(s, event, args),
        |s| sharded::server_side_emit_data(s, event, args),
    );
    entry(scope, target, SERVER_SIDE_EMIT, payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_code_is_javas_string_hash() {
        // protocol-requests.md §3.2, and Java's "hello".hashCode().
        assert_eq!(hash_code(""), 0);
        assert_eq!(hash_code("/"), 47);
        assert_eq!(hash_code("/admin"), 1438238848);
        assert_eq!(hash_code("/notifications"), -1014064871);
        assert_eq!(hash_code("hello"), 99162322);
        // UTF-16 code units: an astral character counts as its two surrogates.
        assert_eq!(hash_code("😀"), 0xD83D * 31 + 0xDE00);
        assert_eq!(hash_code("é"), 0xE9);
    }

    #[test]
    fn stream_names_follow_compute_stream_name() {
        assert_eq!(stream_name("socket.io", 1, "/notifications"), "socket.io");
        assert_eq!(stream_name("socket.io", 4, "/"), "socket.io-3");
        assert_eq!(stream_name("socket.io", 4, "/admin"), "socket.io-0");
        // The upstream negative remainder: a stream no server polls.
        assert_eq!(stream_name("socket.io", 4, "/notifications"), "socket.io--3");
        assert!(negative_stream_index(4, "/notifications"));
        assert!(!negative_stream_index(1, "/notifications"));
        assert!(!negative_stream_index(4, "/admin"));
        assert_eq!(stream_name("s", u32::MAX, "/notifications"), "s--1014064871");
    }

    #[test]
    fn base64_never_starts_with_a_brace() {
        // Readers pick JSON when `data` starts with '{'; base64's alphabet has no '{'.
        assert!(!base64::encode(&[0x7b, 0, 0]).starts_with(b"{"));
    }
}
