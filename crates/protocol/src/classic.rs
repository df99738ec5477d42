//! Classic adapter (`createAdapter`): msgpack broadcasts and JSON requests (§1, §2).
//!
//! Layouts and key orders are those of @socket.io/redis-emitter 5.1.0, so our bytes equal its
//! bytes for the same call (vectors V1–V18, R1–R5).
use crate::limits::Format;
use crate::parts::{self, PACKET_EVENT, UID};
use crate::sink::{Json, Msgpack, Sink};
use crate::{channel, BroadcastOptions, Message, PublishCommand, Room, Scope, Value};

/// Request types of the adapter's `RequestType` enum.
const REMOTE_JOIN: i64 = 2;
const REMOTE_LEAVE: i64 = 3;
const REMOTE_DISCONNECT: i64 = 4;
const SERVER_SIDE_EMIT: i64 = 6;

/// `["emitter", {type, data, nsp}, {rooms, flags, except}]`, published once: on the room's own
/// channel when exactly one room is targeted (servers without that room then skip it before
/// decoding), otherwise on the namespace channel.
pub(crate) fn broadcast(scope: &Scope, opts: &BroadcastOptions, event: &str, args: &[Value]) -> Message {
    let mut s = Msgpack::with_capacity(parts::capacity_hint(Format::Msgpack, event, args) + scope.nsp.len());
    s.array(3);
    s.item();
    s.str(UID);

    s.item();
    s.map(3);
    s.key("type");
    s.int(PACKET_EVENT);
    s.key("data");
    parts::event_data(&mut s, event, args);
    s.key("nsp");
    s.str(&scope.nsp);
    s.end_map();

    s.item();
    s.map(3);
    s.key("rooms");
    parts::rooms(&mut s, opts.rooms.as_slice());
    s.key("flags");
    parts::flags(&mut s, &opts.flags);
    s.key("except");
    parts::rooms(&mut s, opts.except.as_slice());
    s.end_map();
    s.end_array();

    let channel = match opts.rooms.as_slice() {
        [only] => channel::room(&scope.key, &scope.nsp, only),
        _ => channel::namespace(&scope.key, &scope.nsp),
    };
    Message { command: PublishCommand::Publish, channel, payload: s.finish(), entry: None }
}

pub(crate) fn sockets_join(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, REMOTE_JOIN, opts, rooms)
}

pub(crate) fn sockets_leave(scope: &Scope, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    membership(scope, REMOTE_LEAVE, opts, rooms)
}

/// `{"type":4,"opts":{..},"close":b}`
pub(crate) fn disconnect_sockets(scope: &Scope, opts: &BroadcastOptions, close: bool) -> Message {
    let mut s = Json::with_capacity(96);
    s.map(3);
    s.key("type");
    s.int(REMOTE_DISCONNECT);
    s.key("opts");
    target(&mut s, opts);
    s.key("close");
    s.bool(close);
    s.end_map();
    request(scope, s)
}

/// `{"uid":"emitter","type":6,"data":[ev, ...args]}`. No `requestId`: servers then run their
/// listeners without answering.
pub(crate) fn server_side_emit(scope: &Scope, event: &str, args: &[Value]) -> Message {
    let mut s = Json::with_capacity(parts::capacity_hint(Format::Json, event, args));
    s.map(3);
    s.key("uid");
    s.str(UID);
    s.key("type");
    s.int(SERVER_SIDE_EMIT);
    s.key("data");
    parts::event_data(&mut s, event, args);
    s.end_map();
    request(scope, s)
}

/// `{"type":2|3,"opts":{..},"rooms":[..]}`: no uid, as the emitter sends it.
fn membership(scope: &Scope, kind: i64, opts: &BroadcastOptions, rooms: &[Room]) -> Message {
    let mut s = Json::with_capacity(96);
    s.map(3);
    s.key("type");
    s.int(kind);
    s.key("opts");
    target(&mut s, opts);
    s.key("rooms");
    parts::rooms(&mut s, rooms);
    s.end_map();
    request(scope, s)
}

/// Which sockets a request applies to. The emitter leaves flags out of requests; servers would
/// ignore them here anyway.
fn target(s: &mut Json, opts: &BroadcastOptions) {
    s.map(2);
    s.key("rooms");
    parts::rooms(s, opts.rooms.as_slice());
    s.key("except");
    parts::rooms(s, opts.except.as_slice());
    s.end_map();
}

/// Requests are JSON whatever the broadcast parser: every adapter version parses JSON there,
/// while msgpack crashes 6.x servers (§2.1).
fn request(scope: &Scope, s: Json) -> Message {
    Message {
        command: PublishCommand::Publish,
        channel: channel::request(&scope.key, &scope.nsp),
        payload: s.finish(),
        entry: None,
    }
}
