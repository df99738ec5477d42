//! Fragments every envelope shares: the emitter uid, room lists, flags, `[event, ...args]`.
use crate::limits::{self, Format};
use crate::sink::Sink;
use crate::{Flags, Room, Value};

/// Never equals a server uid (6 chars classic, 16 hex chars sharded), and heartbeat-based
/// cluster adapters recognise it as "not a node".
pub(crate) const UID: &str = "emitter";

/// Socket.IO packet type EVENT. Always 2, even with binary arguments: v3/v4 servers upgrade it to
/// BINARY_EVENT themselves and break on a preset 5 (§1.2).
pub(crate) const PACKET_EVENT: i64 = 2;

/// A room list as the server's `new Set(array)` reads it; ints stay numbers so `Map.has(42)`
/// matches a `socket.join(42)` room.
pub(crate) fn rooms<S: Sink>(s: &mut S, rooms: &[Room]) {
    s.array(rooms.len());
    for room in rooms {
        s.item();
        match room {
            Room::Str(name) => s.str(name),
            Room::Int(n) => s.int(*n),
        }
    }
    s.end_array();
}

/// Only the flags that were set, in the order they were first set (§1.2, V5).
pub(crate) fn flags<S: Sink>(s: &mut S, flags: &Flags) {
    s.map(usize::from(flags.volatile) + usize::from(flags.compress.is_some()));
    let compress = |s: &mut S| {
        if let Some(compress) = flags.compress {
            s.key("compress");
            s.bool(compress);
        }
    };
    if flags.compress_first {
        compress(s);
    }
    if flags.volatile {
        s.key("volatile");
        s.bool(true);
    }
    if !flags.compress_first {
        compress(s);
    }
    s.end_map();
}

/// `[event, ...args]`: the packet data of a broadcast, the payload of a serverSideEmit.
pub(crate) fn event_data<S: Sink>(s: &mut S, event: &str, args: &[Value]) {
    s.array(args.len() + 1);
    s.item();
    s.str(event);
    for arg in args {
        s.item();
        s.value(arg);
    }
    s.end_array();
}

/// A first guess at the payload size so large strings and bytes, at any depth, don't make the
/// buffer regrow; the envelope itself stays well under the fixed part.
pub(crate) fn capacity_hint(format: Format, event: &str, args: &[Value]) -> usize {
    let args = args.iter().fold(0usize, |n, arg| n.saturating_add(limits::encoded_len_hint(format, arg)));
    args.saturating_add(128 + event.len())
}
