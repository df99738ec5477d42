//! Sharded adapter (`createShardedAdapter`): ClusterMessage over SPUBLISH (§3).
//!
//! No official emitter exists for it; the layouts copy what a sharded server itself publishes
//! (socket.io-adapter `ClusterAdapter`), with our uid. Vectors S1–S6.
use crate::limits::Format;
use crate::parts::{self, PACKET_EVENT, UID};
use crate::sink::{Json, Msgpack, Sink};
use crate::{channel, BroadcastOptions, Message, PublishCommand, Room, Scope, SubscriptionMode, Value};

/// `MessageType` values of socket.io-adapter's ClusterAdapter (the streams adapter's too).
pub(crate) const BROADCAST: i64 = 3;
pub(crate) const SOCKETS_JOIN: i64 = 4;
pub(crate) const SOCKETS_LEAVE: i64 = 5;
pub(crate) const DISCONNECT_SOCKETS: i64 = 6;
pub(crate) const SERVER_SIDE_EMIT: i64 = 9;

/// `data` as [`broadcast_data`] writes it: JSON, or msgpack when an argument holds bytes.
pub(crate) fn broadcast(
    scope: &Scope,
    mode: SubscriptionMode,
    opts: &BroadcastOptions,
    event: &str,
    args: &[Value],
) -> Message {
    let payload = if args.iter().any(Value::has_binary) {
        let hint = parts::capacity_hint(Format::Msgpack, event, args) + scope.nsp.len();
        envelope(Msgpack::with_capacity(hint), scope, BROADCAST, |s| broadcast_data(s, opts, event, args))
    } else {
        let hint = parts::capacity_hint(Format::Json, event, args) + scope.nsp.len();
        envelope(Json::with_capacity(hint), scope, BROADCAST, |s| broadcast_data(s, opts, event, args))
    };
    Message { command: PublishCommand::SPublish, channel: broadcast_channel(scope, mode, opts), payload, entry: None }
}

pub(crate) fn sockets_join(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, SOCKETS_JOIN, opts, rooms)
}

pub(crate) fn sockets_leave(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, SOCKETS_LEAVE, opts, rooms)
}

pub(crate) fn disconnect_sockets(scope: &Scope, opts: &BroadcastOptions, close: bool) -> Message {
    let payload = envelope(Json::with_capacity(128 + scope.nsp.len()), scope, DISCONNECT_SOCKETS, |s| {
        disconnect_data(s, opts, close)
    });
    main(scope, payload)
}

/// `data` as [`server_side_emit_data`] writes it.
pub(crate) fn server_side_emit(scope: &Scope, event: &str, args: &[Value]) -> Message {
    let payload = if args.iter().any(Value::has_binary) {
        let hint = parts::capacity_hint(Format::Msgpack, event, args) + scope.nsp.len();
        envelope(Msgpack::with_capacity(hint), scope, SERVER_SIDE_EMIT, |s| server_side_emit_data(s, event, args))
    } else {
        let hint = parts::capacity_hint(Format::Json, event, args) + scope.nsp.len();
        envelope(Json::with_capacity(hint), scope, SERVER_SIDE_EMIT, |s| server_side_emit_data(s, event, args))
    };
    main(scope, payload)
}

/// `data` as [`membership_data`] writes it. Never binary, so always JSON.
fn membership(scope: &Scope, kind: i64, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    let payload =
        envelope(Json::with_capacity(128 + scope.nsp.len()), scope, kind, |s| membership_data(s, opts, rooms));
    main(scope, payload)
}

// The `data` maps of the ClusterAdapter messages, shared with the streams adapter, whose
// entries carry the same maps (protocol-requests.md §3.2).

/// BROADCAST: `{packet: {type: 2, data: [ev, ...args]}, opts: {rooms, except, flags}}`; no
/// `requestId`, which would ask for acks.
pub(crate) fn broadcast_data<S: Sink>(s: &mut S, opts: &BroadcastOptions, event: &str, args: &[Value]) {
    s.map(2);
    s.key("packet");
    s.map(2);
    s.key("type");
    s.int(PACKET_EVENT);
    s.key("data");
    parts::event_data(s, event, args);
    s.end_map();
    s.key("opts");
    target(s, opts);
    s.end_map();
}

/// SOCKETS_JOIN / SOCKETS_LEAVE: `{opts, rooms}`.
pub(crate) fn membership_data<S: Sink>(s: &mut S, opts: &BroadcastOptions, rooms: &[Room]) {
    s.map(2);
    s.key("opts");
    target(s, opts);
    s.key("rooms");
    parts::rooms(s, rooms);
    s.end_map();
}

/// DISCONNECT_SOCKETS: `{opts, close}`.
pub(crate) fn disconnect_data<S: Sink>(s: &mut S, opts: &BroadcastOptions, close: bool) {
    s.map(2);
    s.key("opts");
    target(s, opts);
    s.key("close");
    s.bool(close);
    s.end_map();
}

/// SERVER_SIDE_EMIT: `{packet: [ev, ...args]}`; no `requestId`, so servers don't answer.
pub(crate) fn server_side_emit_data<S: Sink>(s: &mut S, event: &str, args: &[Value]) {
    s.map(1);
    s.key("packet");
    parts::event_data(s, event, args);
    s.end_map();
}

/// `{type, data, uid, nsp}` in the order a server writes it (it adds uid and nsp last). `nsp` is
/// mandatory: socket.io-adapter ≥ 2.5.6 drops messages for another (or no) namespace.
fn envelope<S: Sink>(mut s: S, scope: &Scope, kind: i64, data: impl FnOnce(&mut S)) -> Vec<u8> {
    s.map(4);
    s.key("type");
    s.int(kind);
    s.key("data");
    data(&mut s);
    s.key("uid");
    s.str(UID);
    s.key("nsp");
    s.str(&scope.nsp);
    s.end_map();
    s.finish()
}

/// The server's `encodeOptions`: rooms, except, flags (flags included, unlike classic requests).
fn target<S: Sink>(s: &mut S, opts: &BroadcastOptions) {
    s.map(3);
    s.key("rooms");
    parts::rooms(s, opts.rooms.as_slice());
    s.key("except");
    parts::rooms(s, opts.except.as_slice());
    s.key("flags");
    parts::flags(s, &opts.flags);
    s.end_map();
}

fn main(scope: &Scope, payload: Vec<u8>) -> Message {
    Message {
        command: PublishCommand::SPublish,
        channel: channel::namespace(&scope.key, &scope.nsp),
        payload,
        entry: None,
    }
}

/// The adapter's `computeChannel`: a single-room broadcast goes to the room's channel only where
/// servers in this mode subscribe to it; the main channel reaches every server in every mode.
fn broadcast_channel(scope: &Scope, mode: SubscriptionMode, opts: &BroadcastOptions) -> String {
    match (mode, opts.rooms.as_slice()) {
        (SubscriptionMode::Dynamic, [room]) if !looks_like_socket_id(room) => {
            channel::room(&scope.key, &scope.nsp, room)
        }
        (SubscriptionMode::DynamicPrivate, [room]) => channel::room(&scope.key, &scope.nsp, room),
        _ => channel::namespace(&scope.key, &scope.nsp),
    }
}

/// Adapter 8.3.0's `typeof room === "string" && room.length === 20`: `dynamic` servers don't
/// subscribe to socket-id rooms. JS measures length in UTF-16 code units, so do we.
fn looks_like_socket_id(room: &Room) -> bool {
    match room {
        Room::Str(s) => (20..=80).contains(&s.len()) && s.encode_utf16().count() == 20,
        Room::Int(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_id_length_counts_utf16_units_like_javascript() {
        assert!(looks_like_socket_id(&Room::Str("KBmLAMgeW97XQAc_AAAA".into())));
        // 19 BMP chars + one astral char = 21 UTF-16 units: not an id for JS.
        assert!(!looks_like_socket_id(&Room::Str(format!("{}😀", "a".repeat(19)))));
        // 20 two-byte chars: 40 UTF-8 bytes, 20 UTF-16 units.
        assert!(looks_like_socket_id(&Room::Str("é".repeat(20))));
        // 10 astral chars: 20 UTF-16 units.
        assert!(looks_like_socket_id(&Room::Str("😀".repeat(10))));
        assert!(!looks_like_socket_id(&Room::Int(12345678901234567)));
    }
}
