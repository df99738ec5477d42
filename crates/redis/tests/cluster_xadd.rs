//! Stream entries (XADD, the streams adapter's messages) on a real Redis Cluster (3 masters + 3
//! replicas on loopback): routed to the master owning the stream key's slot, and through a slot
//! migration: ASK while the slot is migrating (the source does not hold the new stream), then
//! MOVED once it has moved. Each entry is added exactly once.
mod cluster_support;

use cluster_support::{serial, RawConn, RedisCluster};
use socketio_redis::cluster::ClusterClient;
use socketio_redis::crc16::key_slot;
use socketio_redis::resp::Reply;
use socketio_redis::{ConnectOptions, Deadline, Target};
use std::time::Duration;

fn opts() -> ConnectOptions {
    ConnectOptions {
        connect_timeout: Duration::from_millis(500),
        timeout: Duration::from_millis(500),
        ..Default::default()
    }
}

fn within(o: &ConnectOptions) -> Deadline {
    Deadline::after(o.publish_budget(true))
}

/// `XADD <stream> MAXLEN ~ 100 * uid emitter nsp / type 3 data <data>`.
fn xadd(c: &mut ClusterClient, stream: &str, data: &str) -> String {
    let args: [&[u8]; 14] = [
        b"XADD",
        stream.as_bytes(),
        b"MAXLEN",
        b"~",
        b"100",
        b"*",
        b"uid",
        b"emitter",
        b"nsp",
        b"/",
        b"type",
        b"3",
        b"data",
        data.as_bytes(),
    ];
    c.xadd(&opts(), &args, within(&opts())).expect("XADD")
}

/// XLEN on `port`, asking first (an importing node answers only after ASKING); 0 where the
/// node says the key is elsewhere.
fn xlen(port: u16, stream: &str) -> i64 {
    let mut conn = RawConn::open(port, Duration::from_secs(5)).unwrap();
    assert_eq!(conn.command(&["ASKING"]).unwrap(), Reply::Simple("OK".into()));
    match conn.command(&["XLEN", stream]).unwrap() {
        Reply::Int(n) => n,
        // A node redirects only for keys it does not hold (ASK while migrating, MOVED after).
        Reply::Error(e) if e.starts_with("ASK ") || e.starts_with("MOVED ") => 0,
        other => panic!("XLEN {stream} on {port}: {other:?}"),
    }
}

fn ok(reply: Reply) {
    assert_eq!(reply, Reply::Simple("OK".into()));
}

#[test]
fn xadd_goes_to_the_slot_owner_and_follows_ask_then_moved() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    let target = Target::parse_cluster(&[&cluster.seed_url(0)]).unwrap();
    let mut c = ClusterClient::connect(&target, &opts(), within(&opts())).unwrap();

    // Straight to the owner of the stream's slot; the reply is the entry id.
    let owner = cluster.master_of(key_slot(b"socket.io"));
    let id = xadd(&mut c, "socket.io", "{}");
    let (ms, seq) = id.split_once('-').expect("an entry id");
    assert!(ms.parse::<u64>().is_ok() && seq.parse::<u64>().is_ok(), "{id}");
    assert_eq!(xlen(owner.port, "socket.io"), 1);

    // A stream that does not exist yet, in a slot being migrated: the source answers ASK, the
    // entry is added once, on the importing node.
    let stream = "socket.io-1";
    let slot = key_slot(stream.as_bytes());
    let from = cluster.master_of(slot);
    let to = cluster.masters().into_iter().find(|m| m.id != from.id).unwrap();
    let s = slot.to_string();
    ok(cluster.cmd(to.port, &["CLUSTER", "SETSLOT", &s, "IMPORTING", &from.id]));
    ok(cluster.cmd(from.port, &["CLUSTER", "SETSLOT", &s, "MIGRATING", &to.id]));
    xadd(&mut c, stream, "during");
    assert_eq!(xlen(to.port, stream), 1, "added on the importing node");
    assert_eq!(xlen(from.port, stream), 0, "not on the source");

    // The migration ends: the client still believes `from` owns the slot, gets MOVED and
    // follows it; still one entry per call.
    for m in cluster.masters() {
        ok(cluster.cmd(m.port, &["CLUSTER", "SETSLOT", &s, "NODE", &to.id]));
    }
    xadd(&mut c, stream, "after");
    xadd(&mut c, stream, "remembered");
    assert_eq!(xlen(to.port, stream), 3);
    assert_eq!(xlen(from.port, stream), 0);
}
