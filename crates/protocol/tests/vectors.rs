//! The byte-exact vectors of `docs/protocol.md` §6: V1–V18 (classic broadcast, produced by
//! @socket.io/redis-emitter 5.1.0), R1–R5 (classic requests), S1–S6 (sharded), each checked for
//! command, channel and payload.

use socketio_protocol::{AdapterKind, BroadcastOptions, Message, PublishCommand, Room, Scope, SubscriptionMode, Value};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn scope(key: &str, nsp: &str, adapter: AdapterKind) -> Scope {
    Scope { key: key.into(), nsp: nsp.into(), adapter }
}

fn classic(nsp: &str) -> Scope {
    scope("socket.io", nsp, AdapterKind::Classic)
}

fn sharded(mode: SubscriptionMode) -> Scope {
    scope("socket.io", "/", AdapterKind::Sharded(mode))
}

fn s(v: &str) -> Value {
    Value::Str(v.into())
}

fn r(v: &str) -> Room {
    Room::Str(v.into())
}

/// What `to(rooms).except(except)` accumulates.
fn opts(rooms: &[Room], except: &[Room]) -> BroadcastOptions {
    let mut o = BroadcastOptions::default();
    o.rooms.extend(rooms.iter().cloned());
    o.except.extend(except.iter().cloned());
    o
}

fn all() -> BroadcastOptions {
    BroadcastOptions::default()
}

#[track_caller]
fn assert_hex(m: &Message, command: PublishCommand, channel: &str, payload_hex: &str) {
    assert_eq!(m.command, command);
    assert_eq!(m.channel, channel);
    assert_eq!(hex(&m.payload), payload_hex);
}

#[track_caller]
fn assert_text(m: &Message, command: PublishCommand, channel: &str, payload: &str) {
    assert_eq!(m.command, command);
    assert_eq!(m.channel, channel);
    assert_eq!(std::str::from_utf8(&m.payload).unwrap(), payload);
}

const PUB: PublishCommand = PublishCommand::Publish;
const SPUB: PublishCommand = PublishCommand::SPublish;

/// The tail every root-namespace, no-option broadcast ends with: nsp "/", rooms [], flags {}, except [].
const ROOT_TAIL: &str = "a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490";
const HEAD: &str = "93a7656d697474657283a47479706502a464617461";

// ---------------------------------------------------------------- classic broadcast V1–V18

#[test]
fn v1_one_room_uses_room_channel() {
    let m = classic("/").broadcast(&opts(&[r("r1")], &[]), "hi", &[s("x")]);
    assert_hex(&m, PUB, "socket.io#/#r1#",
        "93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a12f83a5726f6f6d7391a27231a5666c61677380a665786365707490");
}

#[test]
fn v2_emit_without_args() {
    let m = classic("/").broadcast(&all(), "hi", &[]);
    assert_hex(
        &m,
        PUB,
        "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490",
    );
}

#[test]
fn v3_emit_with_arg() {
    let m = classic("/").broadcast(&all(), "hi", &[s("x")]);
    assert_hex(&m, PUB, "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490");
}

#[test]
fn v4_two_rooms_except_and_object_arg() {
    let arg = Value::object(vec![("a".into(), Value::Bool(true))]);
    let m = scope("socket.io", "/admin", AdapterKind::Classic).broadcast(
        &opts(&[r("r1"), r("r2")], &[r("r3")]),
        "hi",
        &[Value::Int(1), arg],
    );
    assert_hex(&m, PUB, "socket.io#/admin#",
        "93a7656d697474657283a47479706502a46461746193a268690181a161c3a36e7370a62f61646d696e83a5726f6f6d7392a27231a27232a5666c61677380a665786365707491a27233");
}

#[test]
fn v5_volatile_then_compress_false() {
    let mut o = all();
    o.flags.set_volatile();
    o.flags.set_compress(false);
    let m = classic("/").broadcast(&o, "hi", &[]);
    assert_hex(&m, PUB, "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c2a665786365707490");
}

#[test]
fn v6_binary_is_bin8_and_type_stays_2() {
    let m = classic("/").broadcast(&all(), "bin", &[Value::Binary(vec![1, 2, 3].into())]);
    assert_hex(&m, PUB, "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746192a362696ec403010203a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490");
}

/// V7/V7b are JS Dates, which notepack 3 writes as timestamp extensions. Our PHP layer sends a
/// DateTimeInterface as the ISO string `Date.toJSON()` gives instead: that is what clients receive
/// from the server either way, and it also decodes on pre-8.0 adapters (notepack 2), which turn a
/// timestamp extension into `[-1, Buffer]` (§5 pitfall 7). So V7b's data element becomes a
/// 24-byte fixstr (`b8`) here.
#[test]
fn v7_date_travels_as_iso_string() {
    let m = classic("/").broadcast(&all(), "d", &[s("2023-11-14T22:13:20.123Z")]);
    let iso_hex = hex(b"2023-11-14T22:13:20.123Z");
    assert_hex(&m, PUB, "socket.io#/#", &format!("{HEAD}92a164b8{iso_hex}{ROOT_TAIL}"));
}

/// `io.emit("u", undefined, null, {k: undefined, j: 1})`: undefined arguments are nil and
/// undefined properties are absent, so the equivalent Value has Null and no "k".
#[test]
fn v8_undefined_as_null_and_absent_property() {
    let obj = Value::object(vec![("j".into(), Value::Int(1))]);
    let m = classic("/").broadcast(&all(), "u", &[Value::Null, Value::Null, obj]);
    assert_hex(&m, PUB, "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746194a175c0c081a16a01a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490");
}

#[test]
fn v9_numbers_in_smallest_form() {
    let args =
        [Value::Float(1.5), Value::Int(-1), Value::Int(255), Value::Int(65536), Value::Int(-129), Value::Int(1 << 40)];
    let m = classic("/").broadcast(&all(), "n", &args);
    assert_hex(&m, PUB, "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746197a16ecb3ff8000000000000ffccffce00010000d1ff7fcf0000010000000000a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490");
}

#[test]
fn v10_normalised_namespace() {
    let nsp = socketio_protocol::namespace::normalize("admin").unwrap();
    let m = classic(&nsp).broadcast(&all(), "hi", &[]);
    assert_hex(&m, PUB, "socket.io#/admin#",
        "93a7656d697474657283a47479706502a46461746191a26869a36e7370a62f61646d696e83a5726f6f6d7390a5666c61677380a665786365707490");
}

#[test]
fn v11_int_room_stays_int() {
    let m = classic("/").broadcast(&opts(&[Room::Int(42)], &[]), "hi", &[]);
    assert_hex(&m, PUB, "socket.io#/#42#",
        "93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d73912aa5666c61677380a665786365707490");
}

#[test]
fn v12_one_room_rule_ignores_except_and_flags() {
    let mut o = opts(&[r("r1")], &[r("r3")]);
    o.flags.set_volatile();
    let m = classic("/").broadcast(&o, "hi", &[]);
    assert_hex(&m, PUB, "socket.io#/#r1#",
        "93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7391a27231a5666c61677381a8766f6c6174696c65c3a665786365707491a27233");
}

#[test]
fn v13_duplicate_rooms_collapse_to_room_channel() {
    let mut o = opts(&[r("a"), r("a")], &[]);
    o.flags.set_compress(true);
    let m = classic("/").broadcast(&o, "z", &[]);
    assert_hex(&m, PUB, "socket.io#/#a#",
        "93a7656d697474657283a47479706502a46461746191a17aa36e7370a12f83a5726f6f6d7391a161a5666c61677381a8636f6d7072657373c3a665786365707490");
}

#[test]
fn v14_except_only_uses_namespace_channel() {
    let m = classic("/").broadcast(&opts(&[], &[r("r1")]), "hi", &[]);
    assert_hex(&m, PUB, "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707491a27231");
}

#[test]
fn v15_room_in_namespace() {
    let m = classic("/admin").broadcast(&opts(&[r("r1")], &[]), "hi", &[s("x")]);
    assert_hex(&m, PUB, "socket.io#/admin#r1#",
        "93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a62f61646d696e83a5726f6f6d7391a27231a5666c61677380a665786365707490");
}

#[test]
fn v16_custom_key_changes_only_the_channel() {
    let m = scope("myapp", "/", AdapterKind::Classic).broadcast(&all(), "hi", &[]);
    let v2 = classic("/").broadcast(&all(), "hi", &[]);
    assert_eq!(m.channel, "myapp#/#");
    assert_eq!(m.command, PUB);
    assert_eq!(m.payload, v2.payload);
}

#[test]
fn v17_utf8_string_length_in_bytes() {
    let m = classic("/").broadcast(&all(), "s", &[s("é€😀")]);
    assert_hex(&m, PUB, "socket.io#/#", &format!("{HEAD}92a173a9c3a9e282acf09f9880{ROOT_TAIL}"));
}

#[test]
fn v18_typed_array_is_bin() {
    let m = classic("/").broadcast(&all(), "arr", &[Value::Binary(vec![9, 8].into())]);
    assert_hex(&m, PUB, "socket.io#/#", &format!("{HEAD}92a3617272c4020908{ROOT_TAIL}"));
}

// ---------------------------------------------------------------- classic requests R1–R5

#[test]
fn r1_sockets_join() {
    let m = classic("/").sockets_join(&opts(&[r("r1")], &[]), &[r("r2")]);
    assert_text(&m, PUB, "socket.io-request#/#", r#"{"type":2,"opts":{"rooms":["r1"],"except":[]},"rooms":["r2"]}"#);
}

#[test]
fn r2_sockets_leave() {
    let m = classic("/").sockets_leave(&all(), &[r("a"), r("b")]);
    assert_text(&m, PUB, "socket.io-request#/#", r#"{"type":3,"opts":{"rooms":[],"except":[]},"rooms":["a","b"]}"#);
}

#[test]
fn r3_disconnect_sockets_close() {
    let m = classic("/").disconnect_sockets(&opts(&[], &[r("r1")]), true);
    assert_text(&m, PUB, "socket.io-request#/#", r#"{"type":4,"opts":{"rooms":[],"except":["r1"]},"close":true}"#);
}

#[test]
fn r4_disconnect_sockets_default() {
    let m = classic("/").disconnect_sockets(&all(), false);
    assert_text(&m, PUB, "socket.io-request#/#", r#"{"type":4,"opts":{"rooms":[],"except":[]},"close":false}"#);
}

#[test]
fn r5_server_side_emit() {
    let m = classic("/").server_side_emit("hello", &[s("world"), Value::Int(1)]);
    assert_text(&m, PUB, "socket.io-request#/#", r#"{"uid":"emitter","type":6,"data":["hello","world",1]}"#);
}

#[test]
fn requests_keep_int_rooms_numeric_and_ignore_flags() {
    let mut o = opts(&[Room::Int(42), r("42")], &[Room::Int(-7)]);
    o.flags.set_volatile();
    o.flags.set_compress(true);
    let m = scope("k", "/admin", AdapterKind::Classic).sockets_join(&o, &[Room::Int(1), r("x")]);
    assert_text(&m, PUB, "k-request#/admin#", r#"{"type":2,"opts":{"rooms":[42,"42"],"except":[-7]},"rooms":[1,"x"]}"#);
}

#[test]
fn classic_server_side_emit_writes_binary_like_a_node_buffer() {
    let m = classic("/").server_side_emit("b", &[Value::Binary(vec![1, 2, 255].into()), Value::Binary(vec![].into())]);
    assert_text(
        &m,
        PUB,
        "socket.io-request#/#",
        r#"{"uid":"emitter","type":6,"data":["b",{"type":"Buffer","data":[1,2,255]},{"type":"Buffer","data":[]}]}"#,
    );
}

// ---------------------------------------------------------------- sharded S1–S6

#[test]
fn s1_broadcast_to_one_room() {
    let expected = r#"{"type":3,"data":{"packet":{"type":2,"data":["hi","x"]},"opts":{"rooms":["r1"],"except":[],"flags":{}}},"uid":"emitter","nsp":"/"}"#;
    let o = opts(&[r("r1")], &[]);
    let m = sharded(SubscriptionMode::Static).broadcast(&o, "hi", &[s("x")]);
    assert_text(&m, SPUB, "socket.io#/#", expected);
    let m = sharded(SubscriptionMode::Dynamic).broadcast(&o, "hi", &[s("x")]);
    assert_text(&m, SPUB, "socket.io#/#r1#", expected);
    let m = sharded(SubscriptionMode::DynamicPrivate).broadcast(&o, "hi", &[s("x")]);
    assert_text(&m, SPUB, "socket.io#/#r1#", expected);
}

#[test]
fn s2_binary_broadcast_is_msgpack() {
    let m = sharded(SubscriptionMode::Dynamic).broadcast(&all(), "bin", &[Value::Binary(vec![1, 2, 3].into())]);
    assert_hex(&m, SPUB, "socket.io#/#",
        "84a47479706503a46461746182a67061636b657482a47479706502a46461746192a362696ec403010203a46f70747383a5726f6f6d7390a665786365707490a5666c61677380a3756964a7656d6974746572a36e7370a12f");
}

#[test]
fn s3_sockets_join() {
    let m = sharded(SubscriptionMode::Dynamic).sockets_join(&opts(&[r("r1")], &[]), &[r("r2")]);
    assert_text(
        &m,
        SPUB,
        "socket.io#/#",
        r#"{"type":4,"data":{"opts":{"rooms":["r1"],"except":[],"flags":{}},"rooms":["r2"]},"uid":"emitter","nsp":"/"}"#,
    );
}

#[test]
fn s4_sockets_leave() {
    let m = sharded(SubscriptionMode::Dynamic).sockets_leave(&all(), &[r("r2")]);
    assert_text(
        &m,
        SPUB,
        "socket.io#/#",
        r#"{"type":5,"data":{"opts":{"rooms":[],"except":[],"flags":{}},"rooms":["r2"]},"uid":"emitter","nsp":"/"}"#,
    );
}

#[test]
fn s5_disconnect_sockets() {
    let m = sharded(SubscriptionMode::Dynamic).disconnect_sockets(&opts(&[], &[r("r1")]), true);
    assert_text(
        &m,
        SPUB,
        "socket.io#/#",
        r#"{"type":6,"data":{"opts":{"rooms":[],"except":["r1"],"flags":{}},"close":true},"uid":"emitter","nsp":"/"}"#,
    );
}

#[test]
fn s6_server_side_emit() {
    let m = sharded(SubscriptionMode::Dynamic).server_side_emit("hello", &[s("world"), Value::Int(1)]);
    assert_text(
        &m,
        SPUB,
        "socket.io#/#",
        r#"{"type":9,"data":{"packet":["hello","world",1]},"uid":"emitter","nsp":"/"}"#,
    );
}

#[test]
fn sharded_server_side_emit_with_nested_binary_is_msgpack() {
    let arg = Value::object(vec![("blob".into(), Value::Binary(vec![0xde, 0xad].into()))]);
    let m = sharded(SubscriptionMode::Static).server_side_emit("e", &[arg]);
    assert_eq!(m.command, SPUB);
    assert_eq!(m.channel, "socket.io#/#");
    // {type:9, data:{packet:["e",{blob:<de ad>}]}, uid:"emitter", nsp:"/"}
    assert_eq!(
        hex(&m.payload),
        "84a47479706509a46461746181a67061636b657492a16581a4626c6f62c402deada3756964a7656d6974746572a36e7370a12f"
    );
}

#[test]
fn sharded_flags_and_namespace_travel_in_every_message() {
    let mut o = opts(&[r("a"), Room::Int(2)], &[r("b")]);
    o.flags.set_volatile();
    o.flags.set_compress(false);
    let sc = scope("app", "/admin", AdapterKind::Sharded(SubscriptionMode::Dynamic));
    let m = sc.broadcast(&o, "hi", &[Value::Float(0.5)]);
    assert_text(
        &m,
        SPUB,
        "app#/admin#",
        r#"{"type":3,"data":{"packet":{"type":2,"data":["hi",0.5]},"opts":{"rooms":["a",2],"except":["b"],"flags":{"volatile":true,"compress":false}}},"uid":"emitter","nsp":"/admin"}"#,
    );
    let m = sc.disconnect_sockets(&o, false);
    assert_text(
        &m,
        SPUB,
        "app#/admin#",
        r#"{"type":6,"data":{"opts":{"rooms":["a",2],"except":["b"],"flags":{"volatile":true,"compress":false}},"close":false},"uid":"emitter","nsp":"/admin"}"#,
    );
}

// ---------------------------------------------------------------- sharded channel rules (§3.4)

fn sharded_channel(mode: SubscriptionMode, rooms: &[Room]) -> String {
    let m = sharded(mode).broadcast(&opts(rooms, &[]), "e", &[]);
    assert_eq!(m.command, SPUB);
    m.channel
}

#[test]
fn sharded_dynamic_channels() {
    use SubscriptionMode::Dynamic;
    assert_eq!(sharded_channel(Dynamic, &[r("r1")]), "socket.io#/#r1#");
    assert_eq!(sharded_channel(Dynamic, &[Room::Int(42)]), "socket.io#/#42#");
    // Socket ids are 20 chars; dynamic servers don't subscribe to those rooms.
    assert_eq!(sharded_channel(Dynamic, &[r("KBmLAMgeW97XQAc_AAAA")]), "socket.io#/#");
    assert_eq!(sharded_channel(Dynamic, &[r("KBmLAMgeW97XQAc_AAA")]), "socket.io#/#KBmLAMgeW97XQAc_AAA#");
    assert_eq!(sharded_channel(Dynamic, &[r("KBmLAMgeW97XQAc_AAAAA")]), "socket.io#/#KBmLAMgeW97XQAc_AAAAA#");
    // An int with 20 digits' worth is still not a string, so it keeps its channel.
    assert_eq!(sharded_channel(Dynamic, &[Room::Int(i64::MIN)]), "socket.io#/#-9223372036854775808#");
    assert_eq!(sharded_channel(Dynamic, &[r("a"), r("b")]), "socket.io#/#");
    assert_eq!(sharded_channel(Dynamic, &[]), "socket.io#/#");
}

#[test]
fn sharded_dynamic_private_uses_any_single_room() {
    use SubscriptionMode::DynamicPrivate;
    assert_eq!(sharded_channel(DynamicPrivate, &[r("KBmLAMgeW97XQAc_AAAA")]), "socket.io#/#KBmLAMgeW97XQAc_AAAA#");
    assert_eq!(sharded_channel(DynamicPrivate, &[Room::Int(7)]), "socket.io#/#7#");
    assert_eq!(sharded_channel(DynamicPrivate, &[r("a"), r("b")]), "socket.io#/#");
    assert_eq!(sharded_channel(DynamicPrivate, &[]), "socket.io#/#");
}

#[test]
fn sharded_static_always_main_channel() {
    use SubscriptionMode::Static;
    assert_eq!(sharded_channel(Static, &[r("r1")]), "socket.io#/#");
    assert_eq!(sharded_channel(Static, &[Room::Int(42)]), "socket.io#/#");
    assert_eq!(sharded_channel(Static, &[r("a"), r("b")]), "socket.io#/#");
}

#[test]
fn sharded_requests_never_use_room_channels() {
    let sc = sharded(SubscriptionMode::DynamicPrivate);
    let o = opts(&[r("r1")], &[]);
    assert_eq!(sc.sockets_join(&o, &[r("x")]).channel, "socket.io#/#");
    assert_eq!(sc.sockets_leave(&o, &[r("x")]).channel, "socket.io#/#");
    assert_eq!(sc.disconnect_sockets(&o, true).channel, "socket.io#/#");
}

#[test]
fn sharded_binary_broadcast_keeps_room_channel() {
    let m = sharded(SubscriptionMode::Dynamic).broadcast(&opts(&[r("r1")], &[]), "b", &[Value::Binary(vec![1].into())]);
    assert_eq!(m.channel, "socket.io#/#r1#");
    assert_eq!(m.payload[0], 0x84, "msgpack envelope");
}

// ---------------------------------------------------------------- channels

#[test]
fn channel_names() {
    use socketio_protocol::channel;
    assert_eq!(channel::namespace("socket.io", "/"), "socket.io#/#");
    assert_eq!(channel::namespace("myapp", "/admin"), "myapp#/admin#");
    assert_eq!(channel::room("socket.io", "/", &r("r1")), "socket.io#/#r1#");
    assert_eq!(channel::room("socket.io", "/", &Room::Int(-3)), "socket.io#/#-3#");
    assert_eq!(channel::room("k", "/a", &r("")), "k#/a##");
    assert_eq!(channel::request("socket.io", "/"), "socket.io-request#/#");
    assert_eq!(channel::request("myapp", "/admin"), "myapp-request#/admin#");
}

#[test]
fn classic_room_channel_uses_string_of_room() {
    let m = classic("/").broadcast(&opts(&[Room::Int(-12)], &[]), "e", &[]);
    assert_eq!(m.channel, "socket.io#/#-12#");
    let m = classic("/").broadcast(&opts(&[r("a b#c")], &[]), "e", &[]);
    assert_eq!(m.channel, "socket.io#/#a b#c#");
    // The int 42 and the string "42" are two rooms: two rooms, namespace channel.
    let m = classic("/").broadcast(&opts(&[Room::Int(42), r("42")], &[]), "e", &[]);
    assert_eq!(m.channel, "socket.io#/#");
}

/// `io.compress(false).volatile.emit("hi")`: the official emitter's flags object keeps the order
/// in which the flags were set, so compress comes first (checked against @socket.io/redis-emitter 5.1.0).
#[test]
fn flags_follow_call_order_compress_first() {
    let mut o = all();
    o.flags.set_compress(false);
    o.flags.set_volatile();
    let m = classic("/").broadcast(&o, "hi", &[]);
    assert_hex(&m, PUB, "socket.io#/#",
        "93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677382a8636f6d7072657373c2a8766f6c6174696c65c3a665786365707490");
}
