//! A batch on a real Redis Cluster (3 masters + 3 replicas on loopback): grouped per node,
//! pipelined per node, and a slot moved under it answered MOVED and sent again, once.
mod cluster_support;

use socketio_redis::crc16::key_slot;
use socketio_redis::pipeline::{publish_batch, Batch};
use socketio_redis::{ConnectOptions, Target};
use std::time::Duration;

fn relaxed() -> ConnectOptions {
    ConnectOptions {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(5),
        backoff: Duration::ZERO,
        ..Default::default()
    }
}

#[test]
fn cluster_batch_across_shards_with_a_moved_slot() {
    let _serial = cluster_support::serial();
    let cluster = cluster_support::RedisCluster::start();
    let urls: Vec<String> = (0..3).map(|i| cluster.seed_url(i)).collect();
    let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
    let t = Target::parse_cluster(&urls).unwrap();
    // Channels on every master, each with a sharded subscriber on its owner.
    let masters = cluster.masters();
    let mut channels: Vec<(String, u16)> = Vec::new();
    for i in 0.. {
        let ch = format!("socket.io#/#room-{i}#");
        let slot = key_slot(ch.as_bytes());
        let owner = masters.iter().find(|m| m.slots.iter().any(|&(a, b)| a <= slot && slot <= b)).unwrap();
        if channels.iter().filter(|(_, p)| *p == owner.port).count() < 2 {
            channels.push((ch, owner.port));
        }
        if channels.len() == masters.len() * 2 {
            break;
        }
    }
    let mut subs: Vec<cluster_support::Subscriber> = channels
        .iter()
        .map(|(ch, port)| cluster_support::Subscriber::new(&cluster, *port, true, &[ch.as_bytes()]))
        .collect();
    let batch_of = |tag: &str| {
        let mut b = Batch::new();
        for i in 0..600 {
            let (ch, _) = &channels[i % channels.len()];
            b.push("SPUBLISH", ch.as_bytes(), format!("{tag}{i}").as_bytes());
        }
        b.push("PUBLISH", b"classic", b"x");
        b
    };
    let counts = publish_batch(&t, &relaxed(), &batch_of("a")).unwrap();
    assert_eq!(&counts[..600], &vec![1; 600][..]);
    assert_eq!(counts[600], 0);
    // A slot moves after the client read the map: its commands are answered MOVED and sent
    // again to the new owner, once.
    let (moved_channel, from) = channels[0].clone();
    let to = masters.iter().find(|m| m.port != from).unwrap().clone();
    cluster.move_slot(key_slot(moved_channel.as_bytes()), &to);
    subs[0] = cluster_support::Subscriber::new(&cluster, to.port, true, &[moved_channel.as_bytes()]);
    let counts = publish_batch(&t, &relaxed(), &batch_of("b")).unwrap();
    assert_eq!(&counts[..600], &vec![1; 600][..]);
    for (k, sub) in subs.iter_mut().enumerate() {
        let mut got: Vec<Vec<u8>> = sub.drain(Duration::from_millis(500)).into_iter().map(|(_, p)| p).collect();
        got.retain(|p| p.starts_with(b"b"));
        let expected: Vec<Vec<u8>> = (k..600).step_by(channels.len()).map(|i| format!("b{i}").into_bytes()).collect();
        assert_eq!(got, expected, "channel {} got each of its messages once, in order", channels[k].0);
    }
}
