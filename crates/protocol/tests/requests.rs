//! Requests that get answers: the vectors of protocol-requests.md §1.9 (classic C1–C9) and §2.5
//! (sharded S1–S6), byte for byte for what we publish, decoded for what the servers answer,
//! and the completion rules of §1.6.

use std::sync::Arc;

use socketio_protocol::requests::{
    iso8601, read_answer, read_json, read_msgpack, Answer, Call, Flavour, Kind, Progress,
};
use socketio_protocol::{AdapterKind, BroadcastOptions, PublishCommand, Room, Scope, SubscriptionMode, Value};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn classic() -> Scope {
    Scope { key: "socket.io".into(), nsp: "/".into(), adapter: AdapterKind::Classic }
}

fn sharded() -> Scope {
    Scope { key: "socket.io".into(), nsp: "/".into(), adapter: AdapterKind::Sharded(SubscriptionMode::Dynamic) }
}

fn to(rooms: &[Room]) -> BroadcastOptions {
    let mut o = BroadcastOptions::default();
    o.rooms.extend(rooms.iter().cloned());
    o
}

fn r(v: &str) -> Room {
    Room::Str(v.into())
}

fn s(v: &str) -> Value {
    Value::Str(v.into())
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn c3_classic_fetch_sockets_request() {
    let req = classic().request(&to(&[r("r1")]), Call::FetchSockets, "rq0003");
    assert_eq!(req.message.command, PublishCommand::Publish);
    assert_eq!(req.message.channel, "socket.io-request#/#");
    assert_eq!(
        text(&req.message.payload),
        r#"{"uid":"emitter","requestId":"rq0003","type":5,"opts":{"rooms":["r1"],"except":[]}}"#
    );
    assert_eq!(req.responses, ["socket.io-response#/#", "socket.io-response#/#emitter#"]);
    assert!(!req.sharded_responses);
    assert_eq!((req.count.subcommand(), req.count.channel.as_str()), ("NUMSUB", "socket.io-request#/#"));
    assert!(!req.responses.contains(&req.count.channel), "never subscribe to the counted channel");
}

#[test]
fn c5_classic_server_side_emit_with_ack_request() {
    let args = [s("hello")];
    let req = classic().request(&to(&[]), Call::ServerSideEmit { event: "sse-ack", args: &args }, "rq0004");
    assert_eq!(
        text(&req.message.payload),
        r#"{"uid":"emitter","requestId":"rq0004","type":6,"data":["sse-ack","hello"]}"#
    );
}

#[test]
fn c6_c8_classic_broadcast_with_ack_request() {
    let args = [s("q")];
    let req = classic().request(&to(&[r("r1")]), Call::Broadcast { event: "ask", args: &args }, "rq0005");
    assert_eq!(
        text(&req.message.payload),
        r#"{"uid":"emitter","requestId":"rq0005","type":7,"packet":{"type":2,"data":["ask","q"],"nsp":"/"},"opts":{"rooms":["r1"],"except":[]}}"#
    );
    let req = classic().request(&to(&[Room::Int(42)]), Call::Broadcast { event: "askbin", args: &[] }, "rq0045");
    assert_eq!(
        text(&req.message.payload),
        r#"{"uid":"emitter","requestId":"rq0045","type":7,"packet":{"type":2,"data":["askbin"],"nsp":"/"},"opts":{"rooms":[42],"except":[]}}"#
    );
}

#[test]
fn c7_classic_broadcast_with_binary_is_msgpack_in_the_same_key_order() {
    // C7's layout (uid, requestId, type, packet{type,data,nsp}, opts{rooms,except}) with a bin arg.
    let args = [Value::Binary(Arc::new(vec![1, 2, 3]))];
    let req = classic().request(&to(&[r("r1")]), Call::Broadcast { event: "ask", args: &args }, "rq0025");
    assert_eq!(
        hex(&req.message.payload),
        "85a3756964a7656d6974746572a9726571756573744964a6727130303235a47479706507a67061636b657483a47479706502a46461746192a361736bc403010203a36e7370a12fa46f70747382a5726f6f6d7391a27231a665786365707490"
    );
    // C7 itself (the non-binary request as msgpack) decodes to the JSON we send.
    let c7 = read_msgpack(&unhex("85a3756964a7656d6974746572a9726571756573744964a6727130303235a47479706507a67061636b657483a47479706502a46461746192a361736ba171a36e7370a12fa46f70747382a5726f6f6d7391a27231a665786365707490")).unwrap();
    let ours = classic().request(&to(&[r("r1")]), Call::Broadcast { event: "ask", args: &[s("q")] }, "rq0025");
    assert_eq!(c7, read_json(&ours.message.payload).unwrap());
}

#[test]
fn classic_answers_are_read_by_request_id_and_type() {
    let c = Flavour::Classic;
    let fetch = br#"{"requestId":"rq0003","sockets":[{"id":"KBmLAMgeW97XQAc_AAAA","handshake":{"issued":1795306189971,"auth":{"user":"c1"}},"rooms":["KBmLAMgeW97XQAc_AAAA","r1"],"data":{"user":"c1","port":3451}}]}"#;
    let (uid, answer) = read_answer(c, Kind::FetchSockets, "rq0003", fetch).unwrap();
    assert_eq!(uid, None);
    let Answer::Sockets(list) = answer else { panic!("sockets expected") };
    assert_eq!(list.len(), 1);
    let Value::Map(entry) = &list[0] else { panic!() };
    let keys: Vec<_> = entry.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["id", "handshake", "rooms", "data"]);
    assert!(read_answer(c, Kind::FetchSockets, "other", fetch).is_none(), "another request's answer");
    assert!(read_answer(c, Kind::ServerSideEmit, "rq0003", fetch).is_none(), "not what was asked");

    let sse = br#"{"type":6,"requestId":"rq0004","data":{"port":3451,"got":["hello"]}}"#;
    assert_eq!(
        read_answer(c, Kind::ServerSideEmit, "rq0004", sse).unwrap().1,
        Answer::ServerAck(Value::Map(vec![
            ("port".into(), Value::Int(3451)),
            ("got".into(), Value::Array(vec![s("hello")]))
        ]))
    );
    // A callback called without an argument: JSON.stringify leaves `data` out.
    assert_eq!(
        read_answer(c, Kind::ServerSideEmit, "x", br#"{"type":6,"requestId":"x"}"#).unwrap().1,
        Answer::ServerAck(Value::Null)
    );

    let count = br#"{"type":8,"requestId":"rq0005","clientCount":1}"#;
    assert_eq!(read_answer(c, Kind::Broadcast, "rq0005", count).unwrap().1, Answer::ClientCount(1));
    let ack = unhex("83a47479706509a9726571756573744964a6727130303035a67061636b6574a7706f6e672d6331");
    assert_eq!(read_answer(c, Kind::Broadcast, "rq0005", &ack).unwrap().1, Answer::ClientAck(s("pong-c1")));
    let bin = unhex("83a47479706509a9726571756573744964a6727130303435a67061636b6574c403010203");
    assert_eq!(
        read_answer(c, Kind::Broadcast, "rq0045", &bin).unwrap().1,
        Answer::ClientAck(Value::Binary(Arc::new(vec![1, 2, 3])))
    );
    assert!(read_answer(c, Kind::Broadcast, "rq0005", b"{not json").is_none());
    assert!(read_answer(c, Kind::Broadcast, "rq0005", b"").is_none());
}

#[test]
fn s1_s4_s5_sharded_requests() {
    let req = sharded().request(&to(&[r("r1")]), Call::FetchSockets, "rq0007");
    assert_eq!(req.message.command, PublishCommand::SPublish);
    assert_eq!(req.message.channel, "socket.io#/#");
    assert_eq!(
        text(&req.message.payload),
        r#"{"type":7,"data":{"opts":{"rooms":["r1"],"except":[],"flags":{}},"requestId":"rq0007"},"uid":"emitter","nsp":"/"}"#
    );
    assert_eq!(req.responses, ["socket.io#/#emitter#"]);
    assert!(req.sharded_responses);
    assert_eq!((req.count.subcommand(), req.count.channel.as_str()), ("SHARDNUMSUB", "socket.io#/#"));

    let args = [s("hello")];
    let req = sharded().request(&to(&[]), Call::ServerSideEmit { event: "sse-ack", args: &args }, "rq0009");
    assert_eq!(
        text(&req.message.payload),
        r#"{"type":9,"data":{"requestId":"rq0009","packet":["sse-ack","hello"]},"uid":"emitter","nsp":"/"}"#
    );
    let args = [s("q")];
    let req = sharded().request(&to(&[r("r1")]), Call::Broadcast { event: "ask", args: &args }, "rq0003");
    assert_eq!(
        text(&req.message.payload),
        r#"{"type":3,"data":{"packet":{"type":2,"data":["ask","q"]},"requestId":"rq0003","opts":{"rooms":["r1"],"except":[],"flags":{}}},"uid":"emitter","nsp":"/"}"#
    );
}

#[test]
fn s3_msgpack_fetch_decodes_like_ours() {
    let s3 = read_msgpack(&unhex("84a47479706507a46461746182a46f70747382a5726f6f6d7391a27231a665786365707490a9726571756573744964a6727130303437a3756964a7656d6974746572a36e7370a12f")).unwrap();
    let Value::Map(m) = s3 else { panic!() };
    assert_eq!(m.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["type", "data", "uid", "nsp"]);
}

#[test]
fn sharded_answers_carry_the_responder_uid() {
    let c = Flavour::Cluster;
    let sse = br#"{"type":10,"data":{"requestId":"rq0009","packet":{"port":3451,"got":["hello"]}},"uid":"e08e55cbb6ba271d","nsp":"/"}"#;
    let (uid, answer) = read_answer(c, Kind::ServerSideEmit, "rq0009", sse).unwrap();
    assert_eq!(uid.as_deref(), Some("e08e55cbb6ba271d"));
    assert!(matches!(answer, Answer::ServerAck(Value::Map(_))));
    let count = br#"{"type":11,"data":{"requestId":"rq0003","clientCount":1},"uid":"5684a931830f5299","nsp":"/"}"#;
    assert_eq!(read_answer(c, Kind::Broadcast, "rq0003", count).unwrap().1, Answer::ClientCount(1));
    let s6 = unhex("84a4747970650ca46461746182a9726571756573744964a6727130303133a67061636b6574c403010203a3756964b065303865353563626236626132373164a36e7370a12f");
    let (uid, answer) = read_answer(c, Kind::Broadcast, "rq0013", &s6).unwrap();
    assert_eq!(uid.as_deref(), Some("e08e55cbb6ba271d"));
    assert_eq!(answer, Answer::ClientAck(Value::Binary(Arc::new(vec![1, 2, 3]))));
    // The streams 0.3 serverSideEmit response of §3.3 (msgpack, uint16 port).
    let st = unhex("84a4747970650aa46461746182a9726571756573744964a6727173303039a67061636b657482a4706f7274cd0d7ba3676f7491a568656c6c6fa3756964b034373030366533386564616331333531a36e7370a12f");
    let (uid, answer) = read_answer(c, Kind::ServerSideEmit, "rqs009", &st).unwrap();
    assert_eq!(uid.as_deref(), Some("47006e38edac1351"));
    assert_eq!(
        answer,
        Answer::ServerAck(Value::Map(vec![
            ("port".into(), Value::Int(3451)),
            ("got".into(), Value::Array(vec![s("hello")]))
        ]))
    );
    // A classic-shaped answer is not a ClusterAdapter one.
    assert!(read_answer(c, Kind::Broadcast, "rq0005", br#"{"type":8,"requestId":"rq0005","clientCount":1}"#).is_none());
}

#[test]
fn msgpack_dates_read_as_the_json_path_writes_them() {
    // `when: new Date(0)` as a timestamp32 (§3.3) and a timestamp96 before 1970.
    assert_eq!(read_msgpack(&unhex("d6ff00000000")).unwrap(), s("1970-01-01T00:00:00.000Z"));
    let ts64 = ((5_000_000u64) << 34) | 1_700_000_000; // 5 ms
    let mut bytes = vec![0xd7, 0xff];
    bytes.extend_from_slice(&ts64.to_be_bytes());
    assert_eq!(read_msgpack(&bytes).unwrap(), s("2023-11-14T22:13:20.005Z"));
    let mut ts96 = vec![0xc7, 12, 0xff, 0, 0, 0, 0];
    ts96.extend_from_slice(&(-86_400i64).to_be_bytes());
    assert_eq!(read_msgpack(&ts96).unwrap(), s("1969-12-31T00:00:00.000Z"));
    assert_eq!(iso8601(253_402_300_800, 0), "+010000-01-01T00:00:00.000Z");
    // `issued` as uint64 (S2), a uint64 beyond i64 as a float.
    assert_eq!(read_msgpack(&unhex("cf000001a20098d556")).unwrap(), Value::Int(0x1a20098d556));
    assert_eq!(read_msgpack(&unhex("cfffffffffffffffff")).unwrap(), Value::Float(u64::MAX as f64));
}

#[test]
fn hostile_bytes_are_refused_not_trusted() {
    assert!(read_msgpack(&unhex("dd7fffffff")).is_err(), "an array length beyond the message");
    assert!(read_msgpack(&unhex("c4ff00")).is_err(), "a bin length beyond the message");
    assert!(read_msgpack(&[0x91; 10_000]).is_err(), "nested too deep");
    assert!(read_json(&b"[".repeat(10_000)).is_err(), "nested too deep");
    assert!(read_json(br#"{"a":1}x"#).is_err());
    assert_eq!(read_json(br#""\ud83d\ude00\u00e9""#).unwrap(), s("😀é"));
    assert_eq!(
        read_json(b"[1.5,-3,1e3,92233720368547758070]").unwrap(),
        Value::Array(vec![Value::Float(1.5), Value::Int(-3), Value::Float(1000.0), Value::Float(9.223372036854776e19)])
    );
}

#[test]
fn completion_rules() {
    // Classic: no responder id, N responses.
    let mut p = Progress::new(Flavour::Classic, Kind::FetchSockets, 2);
    assert!(!p.is_complete());
    assert!(p.record(None, &Answer::Sockets(vec![])));
    assert!(!p.is_complete());
    assert!(p.record(None, &Answer::Sockets(vec![])));
    assert!(p.is_complete());

    // Cluster: distinct uids; a repeated uid is dropped.
    let mut p = Progress::new(Flavour::Cluster, Kind::ServerSideEmit, 2);
    assert!(p.record(Some("a"), &Answer::ServerAck(Value::Null)));
    assert!(!p.record(Some("a"), &Answer::ServerAck(Value::Null)));
    assert!(!p.record(None, &Answer::ServerAck(Value::Null)));
    assert!(!p.is_complete());
    assert!(p.record(Some("b"), &Answer::ServerAck(Value::Null)));
    assert!(p.is_complete());

    // Broadcast acks: N counts and as many acks as they add up to, in any order (C6).
    let mut p = Progress::new(Flavour::Classic, Kind::Broadcast, 2);
    p.record(None, &Answer::ClientAck(s("pong-c1")));
    p.record(None, &Answer::ClientCount(1));
    assert!(!p.is_complete(), "one count missing");
    p.record(None, &Answer::ClientCount(2));
    assert!(!p.is_complete(), "2 of 3 acks");
    assert_eq!(p.acks(), (1, 3));
    p.record(None, &Answer::ClientAck(s("pong-c3")));
    p.record(None, &Answer::ClientAck(s("pong-c2")));
    assert!(p.is_complete());

    // C9: two counts of 0 complete the request at once.
    let mut p = Progress::new(Flavour::Classic, Kind::Broadcast, 2);
    p.record(None, &Answer::ClientCount(0));
    p.record(None, &Answer::ClientCount(0));
    assert!(p.is_complete());
    assert_eq!(p.servers_answered(), p.servers_expected());
}

#[test]
fn fetch_answers_can_be_read_one_socket_at_a_time() {
    use socketio_protocol::requests::read_answer_with;
    let classic = br#"{"requestId":"rq1","sockets":[{"id":"a","rooms":["a",1]},{"id":"b","rooms":[]}]}"#;
    let mut seen = Vec::new();
    let (uid, answer) =
        read_answer_with(Flavour::Classic, Kind::FetchSockets, "rq1", classic, Some(&mut |v| seen.push(v))).unwrap();
    assert_eq!((uid, answer), (None, Answer::Sockets(vec![])), "the entries went to the callback");
    let whole = read_answer(Flavour::Classic, Kind::FetchSockets, "rq1", classic).unwrap().1;
    assert_eq!(Answer::Sockets(seen), whole, "the same entries, in order");

    // ClusterAdapter, JSON and msgpack (S2's shape: data.sockets, then uid): the same entries.
    let json = br#"{"type":8,"data":{"requestId":"rq2","sockets":[{"id":"x","data":{"n":[1,{"k":"v"}]}}]},"uid":"u1","nsp":"/"}"#;
    let mut seen = Vec::new();
    let (uid, _) =
        read_answer_with(Flavour::Cluster, Kind::FetchSockets, "rq2", json, Some(&mut |v| seen.push(v))).unwrap();
    assert_eq!(uid.as_deref(), Some("u1"));
    let entry = read_json(br#"{"id":"x","data":{"n":[1,{"k":"v"}]}}"#).unwrap();
    assert_eq!(seen, std::slice::from_ref(&entry));
    let mut mp = Vec::new();
    let map = |n: u8| 0x80 | n;
    let s = |t: &str, out: &mut Vec<u8>| {
        out.push(0xa0 | t.len() as u8);
        out.extend_from_slice(t.as_bytes());
    };
    mp.push(map(4));
    s("type", &mut mp);
    mp.push(8);
    s("data", &mut mp);
    mp.push(map(2));
    s("requestId", &mut mp);
    s("rq2", &mut mp);
    s("sockets", &mut mp);
    mp.push(0xdc); // array16 of 1
    mp.extend_from_slice(&[0, 1]);
    mp.extend_from_slice(&socketio_protocol::msgpack::encode(&entry));
    s("uid", &mut mp);
    s("u2", &mut mp);
    s("nsp", &mut mp);
    s("/", &mut mp);
    let mut seen = Vec::new();
    let (uid, _) =
        read_answer_with(Flavour::Cluster, Kind::FetchSockets, "rq2", &mp, Some(&mut |v| seen.push(v))).unwrap();
    assert_eq!((uid.as_deref(), seen), (Some("u2"), vec![entry]));
    // Another request's answer: read, then refused (the caller drops what it was handed).
    let mut seen = 0;
    assert!(
        read_answer_with(Flavour::Classic, Kind::FetchSockets, "other", classic, Some(&mut |_| seen += 1)).is_none()
    );
    assert_eq!(seen, 2);
}

#[test]
fn streams_0_3_requests_are_the_captured_msgpack_over_pub_sub() {
    let scope = Scope {
        key: "socket.io".into(),
        nsp: "/".into(),
        adapter: AdapterKind::Streams(socketio_protocol::streams::StreamTarget::default()),
    };
    let req = scope.request(&to(&[r("r1")]), Call::FetchSockets, "rqs007");
    assert_eq!((req.message.command, req.message.channel.as_str()), (PublishCommand::Publish, "socket.io#/#"));
    assert_eq!(hex(&req.message.payload), "84a47479706507a46461746182a46f70747383a5726f6f6d7391a27231a665786365707490a5666c61677380a9726571756573744964a6727173303037a3756964a7656d6974746572a36e7370a12f");
    assert_eq!(req.responses, ["socket.io#/#emitter#"]);
    assert!(!req.sharded_responses);
    assert_eq!((req.count.subcommand(), req.count.channel.as_str()), ("NUMSUB", "socket.io#/#"));
    let args = [s("hello")];
    let req = scope.request(&to(&[]), Call::ServerSideEmit { event: "sse-ack", args: &args }, "rqs009");
    assert_eq!(hex(&req.message.payload), "84a47479706509a46461746182a9726571756573744964a6727173303039a67061636b657492a77373652d61636ba568656c6c6fa3756964a7656d6974746572a36e7370a12f");
    let args = [s("q")];
    let req = scope.request(&to(&[r("r1")]), Call::Broadcast { event: "ask", args: &args }, "rqs003");
    assert_eq!(hex(&req.message.payload), "84a47479706503a46461746183a67061636b657482a47479706502a46461746192a361736ba171a9726571756573744964a6727173303033a46f70747383a5726f6f6d7391a27231a665786365707490a5666c61677380a3756964a7656d6974746572a36e7370a12f");
}

#[test]
fn streams_0_2_requests_and_answers_are_stream_entries() {
    use socketio_protocol::requests::streams02::{read_stream_answer, server_uid, stream_request};
    use socketio_protocol::streams::StreamTarget;
    let scope =
        Scope { key: "socket.io".into(), nsp: "/".into(), adapter: AdapterKind::Streams(StreamTarget::default()) };
    let target = StreamTarget::default();
    let args_of =
        |m: &socketio_protocol::Message| m.args().iter().map(|a| text(a).to_owned()).collect::<Vec<_>>().join(" ");
    // §3.3's XADDs, field for field.
    let m = stream_request(&scope, &target, &to(&[r("r1")]), Call::FetchSockets, "rq2007");
    assert_eq!(
        args_of(&m),
        r#"XADD socket.io MAXLEN ~ 10000 * uid emitter nsp / type 7 data {"opts":{"rooms":["r1"],"except":[],"flags":{}},"requestId":"rq2007"}"#
    );
    let hello = [s("hello")];
    let m =
        stream_request(&scope, &target, &to(&[]), Call::ServerSideEmit { event: "sse-ack", args: &hello }, "rq2009");
    assert!(args_of(&m).ends_with(r#"type 9 data {"requestId":"rq2009","packet":["sse-ack","hello"]}"#));
    let q = [s("q")];
    let m = stream_request(&scope, &target, &to(&[r("r1")]), Call::Broadcast { event: "ask", args: &q }, "rq2003");
    assert!(args_of(&m).ends_with(
        r#"type 3 data {"packet":{"type":2,"data":["ask","q"]},"requestId":"rq2003","opts":{"rooms":["r1"],"except":[],"flags":{}}}"#
    ));
    // Binary arguments: base64 msgpack of the same map.
    let bin = [Value::Binary(Arc::new(vec![1]))];
    let m = stream_request(&scope, &target, &to(&[]), Call::Broadcast { event: "b", args: &bin }, "x");
    let decoded = socketio_protocol::base64::decode(&m.payload).unwrap();
    assert!(matches!(read_msgpack(&decoded).unwrap(), Value::Map(_)));

    let entry = |pairs: &[(&str, &str)]| {
        pairs.iter().map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec())).collect::<Vec<_>>()
    };
    let answer = entry(&[
        ("uid", "e9996e18c3ca9bd7"),
        ("nsp", "/"),
        ("type", "8"),
        ("data", r#"{"requestId":"rq2007","sockets":[{"id":"a"}]}"#),
    ]);
    let (uid, got) = read_stream_answer(Kind::FetchSockets, "/", "rq2007", &answer).unwrap();
    assert_eq!(uid.as_deref(), Some("e9996e18c3ca9bd7"));
    assert_eq!(got, Answer::Sockets(vec![Value::Map(vec![("id".into(), s("a"))])]));
    assert!(read_stream_answer(Kind::FetchSockets, "/admin", "rq2007", &answer).is_none(), "another namespace");
    let count =
        entry(&[("uid", "u"), ("nsp", "/"), ("type", "11"), ("data", r#"{"requestId":"rq2003","clientCount":1}"#)]);
    assert_eq!(read_stream_answer(Kind::Broadcast, "/", "rq2003", &count).unwrap().1, Answer::ClientCount(1));
    // Server presence: any entry of the namespace by a uid other than ours.
    let heartbeat = entry(&[("uid", "e9996e18c3ca9bd7"), ("nsp", "/"), ("type", "2")]);
    assert_eq!(server_uid(&heartbeat, "/"), Some(&b"e9996e18c3ca9bd7"[..]));
    assert_eq!(server_uid(&heartbeat, "/admin"), None);
    assert_eq!(server_uid(&entry(&[("uid", "emitter"), ("nsp", "/"), ("type", "3")]), "/"), None);
}
