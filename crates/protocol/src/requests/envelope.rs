//! The request envelopes, each from one fixed template (a malformed request crashes every
//! classic server: protocol-requests.md §1.7): only the rooms, the event, its arguments and the
//! request id vary, and each has its type checked before it gets here.
use crate::limits::Format;
use crate::parts::{self, PACKET_EVENT, UID};
use crate::sink::{Json, Msgpack, Sink};
use crate::{BroadcastOptions, Scope, Value};

use super::Call;

/// Classic `RequestType` values (§1.3).
const CLASSIC_REMOTE_FETCH: i64 = 5;
const CLASSIC_SERVER_SIDE_EMIT: i64 = 6;
const CLASSIC_BROADCAST: i64 = 7;

/// ClusterAdapter `MessageType` values (§2.2).
const CLUSTER_BROADCAST: i64 = 3;
const CLUSTER_FETCH_SOCKETS: i64 = 7;
const CLUSTER_SERVER_SIDE_EMIT: i64 = 9;

fn has_binary(args: &[Value]) -> bool {
    args.iter().any(Value::has_binary)
}

fn hint(format: Format, call: &Call<'_>) -> usize {
    match call {
        Call::FetchSockets => 160,
        Call::ServerSideEmit { event, args } | Call::Broadcast { event, args } => {
            parts::capacity_hint(format, event, args) + 64
        }
    }
}

/// createAdapter: `{"uid","requestId","type",...}` in the key order the servers' own requests
/// use (§1.9 C3, C5, C6). JSON, except a broadcast whose arguments hold binary: msgpack then
/// (JSON would turn the bytes into a `{"type":"Buffer"}` object; type 7 needs adapter ≥ 7.2,
/// which reads msgpack requests).
pub(crate) fn classic(scope: &Scope, opts: &BroadcastOptions, call: &Call<'_>, request_id: &str) -> Vec<u8> {
    fn write<S: Sink>(mut s: S, scope: &Scope, opts: &BroadcastOptions, call: &Call<'_>, request_id: &str) -> Vec<u8> {
        s.map(4 + usize::from(matches!(call, Call::Broadcast { .. })));
        s.key("uid");
        s.str(UID);
        s.key("requestId");
        s.str(request_id);
        s.key("type");
        match call {
            Call::FetchSockets => {
                s.int(CLASSIC_REMOTE_FETCH);
                s.key("opts");
                target(&mut s, opts, false);
            }
            Call::ServerSideEmit { event, args } => {
                s.int(CLASSIC_SERVER_SIDE_EMIT);
                s.key("data");
                parts::event_data(&mut s, event, args);
            }
            Call::Broadcast { event, args } => {
                s.int(CLASSIC_BROADCAST);
                s.key("packet");
                s.map(3);
                s.key("type");
                s.int(PACKET_EVENT);
                s.key("data");
                parts::event_data(&mut s, event, args);
                s.key("nsp");
                s.str(&scope.nsp);
                s.end_map();
                s.key("opts");
                target(&mut s, opts, false);
            }
        }
        s.end_map();
        s.finish()
    }
    match call {
        Call::Broadcast { args, .. } if has_binary(args) => {
            write(Msgpack::with_capacity(hint(Format::Msgpack, call)), scope, opts, call, request_id)
        }
        _ => write(Json::with_capacity(hint(Format::Json, call)), scope, opts, call, request_id),
    }
}

/// ClusterAdapter (sharded adapter, streams adapter 0.3 over pub/sub): `{type, data, uid, nsp}`
/// with the request id inside `data` (§2.5 S1, S4, S5). JSON unless an argument holds binary;
/// `msgpack_only` (streams 0.3, whose pub/sub channel is decoded as msgpack only) forces msgpack.
pub(crate) fn cluster(
    scope: &Scope,
    opts: &BroadcastOptions,
    call: &Call<'_>,
    request_id: &str,
    msgpack_only: bool,
) -> Vec<u8> {
    fn write<S: Sink>(mut s: S, scope: &Scope, opts: &BroadcastOptions, call: &Call<'_>, request_id: &str) -> Vec<u8> {
        s.map(4);
        s.key("type");
        s.int(cluster_type(call));
        s.key("data");
        cluster_data(&mut s, opts, call, request_id);
        s.key("uid");
        s.str(UID);
        s.key("nsp");
        s.str(&scope.nsp);
        s.end_map();
        s.finish()
    }
    if call_has_binary(call) || msgpack_only {
        write(Msgpack::with_capacity(hint(Format::Msgpack, call)), scope, opts, call, request_id)
    } else {
        write(Json::with_capacity(hint(Format::Json, call)), scope, opts, call, request_id)
    }
}

/// The ClusterAdapter `MessageType` of a request.
pub(crate) fn cluster_type(call: &Call<'_>) -> i64 {
    match call {
        Call::FetchSockets => CLUSTER_FETCH_SOCKETS,
        Call::ServerSideEmit { .. } => CLUSTER_SERVER_SIDE_EMIT,
        Call::Broadcast { .. } => CLUSTER_BROADCAST,
    }
}

/// The `data` map of a ClusterAdapter request: `{opts, requestId}`, `{requestId, packet}` or
/// `{packet, requestId, opts}`, in the order the servers write their own.
pub(crate) fn cluster_data<S: Sink>(s: &mut S, opts: &BroadcastOptions, call: &Call<'_>, request_id: &str) {
    match call {
        Call::FetchSockets => {
            s.map(2);
            s.key("opts");
            target(s, opts, true);
            s.key("requestId");
            s.str(request_id);
            s.end_map();
        }
        Call::ServerSideEmit { event, args } => {
            s.map(2);
            s.key("requestId");
            s.str(request_id);
            s.key("packet");
            parts::event_data(s, event, args);
            s.end_map();
        }
        Call::Broadcast { event, args } => {
            s.map(3);
            s.key("packet");
            s.map(2);
            s.key("type");
            s.int(PACKET_EVENT);
            s.key("data");
            parts::event_data(s, event, args);
            s.end_map();
            s.key("requestId");
            s.str(request_id);
            s.key("opts");
            target(s, opts, true);
            s.end_map();
        }
    }
}

/// Whether the call's arguments hold bytes.
pub(crate) fn call_has_binary(call: &Call<'_>) -> bool {
    match call {
        Call::FetchSockets => false,
        Call::ServerSideEmit { args, .. } | Call::Broadcast { args, .. } => has_binary(args),
    }
}

/// `{rooms, except}` (classic requests carry no flags: the servers ignore them there), or
/// `{rooms, except, flags}` as a ClusterAdapter encodes options.
fn target<S: Sink>(s: &mut S, opts: &BroadcastOptions, flags: bool) {
    s.map(2 + usize::from(flags));
    s.key("rooms");
    parts::rooms(s, opts.rooms.as_slice());
    s.key("except");
    parts::rooms(s, opts.except.as_slice());
    if flags {
        s.key("flags");
        parts::flags(s, &opts.flags);
    }
    s.end_map();
}
