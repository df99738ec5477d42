//! Sharded adapter (`createShardedAdapter`): ClusterMessage over SPUBLISH (§3).
//!
//! No official emitter exists for it; the layouts copy what a sharded server itself publishes
//! (socket.io-adapter `ClusterAdapter`), with our uid. Vectors S1–S6.
use crate::limits::Format;
use crate::parts::{self, PACKET_EVENT, UID};
use crate::sink::{Json, Msgpack, Sink};
use crate::{channel, BroadcastOptions, Message, PublishCommand, Room, Scope, SubscriptionMode, Value};

/// `MessageType` values of socket.io-adapter's ClusterAdapter.
const BROADCAST: i64 = 3;
const SOCKETS_JOIN: i64 = 4;
const SOCKETS_LEAVE: i64 = 5;
const DISCONNECT_SOCKETS: i64 = 6;
const SERVER_SIDE_EMIT: i64 = 9;

/// `data = {packet: {type: 2, data: [ev, ...args]}, opts: {rooms, except, flags}}`; no
/// `requestId`, which would ask for acks.
pub(crate) fn broadcast(
    scope: &Scope,
    mode: SubscriptionMode,
    opts: &BroadcastOptions,
    event: &str,
    args: &[Value],
) -> Message {
    fn data<S: Sink>(s: &mut S, opts: &BroadcastOptions, event: &str, args: &[Value]) {
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
    let payload = if args.iter().any(Value::has_binary) {
        let hint = parts::capacity_hint(Format::Msgpack, event, args) + scope.nsp.len();
        envelope(Msgpack::with_capacity(hint), scope, BROADCAST, |s| data(s, opts, event, args))
    } else {
        let hint = parts::capacity_hint(Format::Json, event, args) + scope.nsp.len();
        envelope(Json::with_capacity(hint), scope, BROADCAST, |s| data(s, opts, event, args))
    };
    Message { command: PublishCommand::SPublish, channel: broadcast_channel(scope, mode, opts), payload }
}

pub(crate) fn sockets_join(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, SOCKETS_JOIN, opts, rooms)
}

pub(crate) fn sockets_leave(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, SOCKETS_LEAVE, opts, rooms)
}

/// `data = {opts, close}`
pub(crate) fn disconnect_sockets(scope: &Scope, opts: &BroadcastOptions, close: bool) -> Message {
    let payload = envelope(Json::with_capacity(128 + scope.nsp.len()), scope, DISCONNECT_SOCKETS, |s| {
        s.map(2);
        s.key("opts");
        target(s, opts);
        s.key("close");
        s.bool(close);
        s.end_map();
    });
    main(scope, payload)
}

/// `data = {packet: [ev, ...args]}`; no `requestId`, so servers don't answer.
pub(crate) fn server_side_emit(scope: &Scope, event: &str, args: &[Value]) -> Message {
    fn data<S: Sink>(s: &mut S, event: &str, args: &[Value]) {
        s.map(1);
        s.key("packet");
        parts::event_data(s, event, args);
        s.end_map();
    }
    let payload = if args.iter().any(Value::has_binary) {
        let hint = parts::capacity_hint(Format::Msgpack, event, args) + scope.nsp.len();
        envelope(Msgpack::with_capacity(hint), scope, SERVER_SIDE_EMIT, |s| data(s, event, args))
    } else {
        let hint = parts::capacity_hint(Format::Json, event, args) + scope.nsp.len();
        envelope(Json::with_capacity(hint), scope, SERVER_SIDE_EMIT, |s| data(s, event, args))
    };
    main(scope, payload)
}

/// `data = {opts, rooms}`. Never binary, so always JSON.
fn membership(scope: &Scope, kind: i64, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    let payload = envelope(Json::with_capacity(128 + scope.nsp.len()), scope, kind, |s| {
        s.map(2);
        s.key("opts");
        target(s, opts);
        s.key("rooms");
        parts::rooms(s, rooms);
        s.end_map();
    });
    main(scope, payload)
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
    Message { command: PublishCommand::SPublish, channel: channel::namespace(&scope.key, &scope.nsp), payload }
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
