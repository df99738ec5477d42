//! The streams adapter's XADD entries: the vectors of protocol-requests.md §3.2 (captured from
//! @socket.io/redis-streams-adapter 0.3.1 and accepted by 0.2.3), checked for the whole command.

use socketio_protocol::streams::{stream_name, StreamTarget};
use socketio_protocol::{AdapterKind, BroadcastOptions, Message, PublishCommand, Room, Scope, Value};

fn scope(nsp: &str, target: StreamTarget) -> Scope {
    Scope { key: "socket.io".into(), nsp: nsp.into(), adapter: AdapterKind::Streams(target) }
}

fn root() -> Scope {
    scope("/", StreamTarget::default())
}

fn r(v: &str) -> Room {
    Room::Str(v.into())
}

fn to(rooms: &[Room]) -> BroadcastOptions {
    let mut o = BroadcastOptions::default();
    o.rooms.extend(rooms.iter().cloned());
    o
}

/// The command as MONITOR shows it: every argument, `data` last.
fn command(m: &Message) -> Vec<String> {
    m.args().into_iter().map(|a| String::from_utf8(a.to_vec()).unwrap()).collect()
}

#[track_caller]
fn assert_entry(m: &Message, stream: &str, nsp: &str, kind: &str, data: &str) {
    assert_eq!(m.command, PublishCommand::XAdd);
    let expected: Vec<String> =
        ["XADD", stream, "MAXLEN", "~", "10000", "*", "uid", "emitter", "nsp", nsp, "type", kind, "data", data]
            .iter()
            .map(|s| s.to_string())
            .collect();
    assert_eq!(command(m), expected);
}

#[test]
fn emit_to_all() {
    let m = root().broadcast(&BroadcastOptions::default(), "hi", &[Value::Str("x".into())]);
    assert_entry(
        &m,
        "socket.io",
        "/",
        "3",
        r#"{"packet":{"type":2,"data":["hi","x"]},"opts":{"rooms":[],"except":[],"flags":{}}}"#,
    );
}

#[test]
fn emit_to_a_room() {
    let m = root().broadcast(&to(&[r("r1")]), "hi", &[Value::Str("r1-only".into())]);
    assert_entry(
        &m,
        "socket.io",
        "/",
        "3",
        r#"{"packet":{"type":2,"data":["hi","r1-only"]},"opts":{"rooms":["r1"],"except":[],"flags":{}}}"#,
    );
}

#[test]
fn binary_emit_is_base64_msgpack_of_the_data_map() {
    let m = root().broadcast(&BroadcastOptions::default(), "bin", &[Value::Binary(vec![1, 2, 3].into())]);
    assert_entry(
        &m,
        "socket.io",
        "/",
        "3",
        "gqZwYWNrZXSCpHR5cGUCpGRhdGGSo2JpbsQDAQIDpG9wdHODpXJvb21zkKZleGNlcHSQpWZsYWdzgA==",
    );
}

#[test]
fn sockets_join_leave_disconnect() {
    let sc = root();
    assert_entry(
        &sc.sockets_join(&to(&[r("r1")]), &[r("r9")]),
        "socket.io",
        "/",
        "4",
        r#"{"opts":{"rooms":["r1"],"except":[],"flags":{}},"rooms":["r9"]}"#,
    );
    assert_entry(
        &sc.sockets_leave(&BroadcastOptions::default(), &[r("r9")]),
        "socket.io",
        "/",
        "5",
        r#"{"opts":{"rooms":[],"except":[],"flags":{}},"rooms":["r9"]}"#,
    );
    assert_entry(
        &sc.disconnect_sockets(&to(&[r("r2")]), false),
        "socket.io",
        "/",
        "6",
        r#"{"opts":{"rooms":["r2"],"except":[],"flags":{}},"close":false}"#,
    );
}

#[test]
fn server_side_emit_plain_and_binary() {
    let sc = root();
    assert_entry(
        &sc.server_side_emit("sse-plain", &[Value::Str("via-stream".into())]),
        "socket.io",
        "/",
        "9",
        r#"{"packet":["sse-plain","via-stream"]}"#,
    );
    // {packet: ["b", bin 01 02]} as msgpack, then base64.
    let m = sc.server_side_emit("b", &[Value::Binary(vec![1, 2].into())]);
    assert_eq!(socketio_protocol::base64::decode(&m.payload).unwrap(), b"\x81\xa6packet\x92\xa1b\xc4\x02\x01\x02");
}

#[test]
fn flags_volatile_only_as_true_and_int_rooms_stay_numbers() {
    let mut o = to(&[Room::Int(42)]);
    o.except.insert(r("x"));
    o.flags.set_compress(false);
    o.flags.set_volatile();
    let m = root().broadcast(&o, "e", &[]);
    assert_eq!(
        std::str::from_utf8(&m.payload).unwrap(),
        r#"{"packet":{"type":2,"data":["e"]},"opts":{"rooms":[42],"except":["x"],"flags":{"compress":false,"volatile":true}}}"#
    );
    let plain = root().broadcast(&to(&[]), "e", &[]);
    assert!(!std::str::from_utf8(&plain.payload).unwrap().contains("volatile"));
}

#[test]
fn stream_count_and_options_pick_the_stream_and_trim() {
    let target = StreamTarget { name: "app".into(), max_len: 500, count: 4 };
    let m = scope("/notifications", target.clone()).broadcast(&BroadcastOptions::default(), "e", &[]);
    assert_eq!(m.channel, "app--3");
    let args = command(&m);
    assert_eq!(&args[..6], ["XADD", "app--3", "MAXLEN", "~", "500", "*"]);
    assert_eq!(&args[8..12], ["nsp", "/notifications", "type", "3"]);
    let admin = scope("/admin", target).sockets_join(&BroadcastOptions::default(), &[r("a")]);
    assert_eq!(admin.channel, "app-0");
    assert_eq!(stream_name("socket.io", 3, "/"), "socket.io-2");
    // hashCode("/dashboard") = -1694060731: JavaScript's % keeps the sign, so with two streams
    // the servers write (and read) "socket.io--1", a stream of its own.
    assert_eq!(stream_name("socket.io", 2, "/dashboard"), "socket.io--1");
    assert_eq!(stream_name("socket.io", 4, "/dashboard"), "socket.io--3");
}

#[test]
fn server_count_asks_the_public_channel() {
    let q = root().server_count_query();
    assert_eq!((q.subcommand(), q.channel.as_str()), ("NUMSUB", "socket.io#/#"));
}
