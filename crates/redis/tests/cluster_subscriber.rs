//! The per-request subscriber on a real Redis Cluster: SSUBSCRIBE on the master that owns the
//! channel's slot, following a MOVED when the slot moved since the map was read; classic
//! SUBSCRIBE on any node.
mod cluster_support;

use std::time::Duration;

use socketio_redis::crc16::key_slot;
use socketio_redis::subscriber::Subscriber;
use socketio_redis::{pool, ConnectOptions, Deadline, Target};

fn soon() -> Deadline {
    Deadline::after(Duration::from_secs(10))
}

fn relaxed() -> ConnectOptions {
    ConnectOptions {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(5),
        backoff: Duration::ZERO,
        ..Default::default()
    }
}

#[test]
fn cluster_ssubscribe_on_the_slot_owner_and_after_a_reshard() {
    let _serial = cluster_support::serial();
    let cluster = cluster_support::RedisCluster::start();
    let target = Target::parse_cluster(&[&cluster.seed_url(0)]).unwrap();
    let opts = relaxed();
    let channel = b"socket.io#/#emitter#";
    assert_eq!(key_slot(channel), 10179);
    let mut sub = Subscriber::subscribe(&target, &opts, true, &[channel], soon()).unwrap();
    assert_eq!(pool::publish(&target, &opts, "SPUBLISH", channel, b"a").unwrap(), 1);
    assert_eq!(sub.next(soon()).unwrap().unwrap().payload, b"a");
    drop(sub);

    // Classic SUBSCRIBE: any node; a PUBLISH sent through the pool reaches it.
    let mut classic = Subscriber::subscribe(&target, &opts, false, &[b"socket.io-response#/#"], soon()).unwrap();
    pool::publish(&target, &opts, "PUBLISH", b"socket.io-response#/#", b"c").unwrap();
    assert_eq!(classic.next(soon()).unwrap().unwrap().payload, b"c");

    // The slot moves to another master: the pool's map is stale, SSUBSCRIBE gets a MOVED.
    let owner = cluster.master_of(10179);
    let other = cluster.masters().into_iter().find(|m| m.id != owner.id).unwrap();
    cluster.move_slot(10179, &other);
    let mut sub = Subscriber::subscribe(&target, &opts, true, &[channel], soon()).unwrap();
    assert_eq!(pool::publish(&target, &opts, "SPUBLISH", channel, b"b").unwrap(), 1);
    assert_eq!(sub.next(soon()).unwrap().unwrap().payload, b"b");
}
