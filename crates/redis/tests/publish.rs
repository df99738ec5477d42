//! Publishing against a real redis-server: replies, reuse, recovery.
mod common;

use common::*;
use socketio_redis::{pool, ErrorKind, Target};
use std::time::{Duration, Instant};

#[test]
fn publish_returns_the_subscriber_count() {
    let server = RedisServer::start();
    let target = Target::parse(&server.url()).unwrap();
    let opts = relaxed();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"room", b"nobody").unwrap(), 0);
    let mut sub = Subscriber::new(server.port, None, "room");
    let payload: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"room", &payload).unwrap(), 1);
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), payload, "binary payload intact");
    let mut sub2 = Subscriber::new(server.port, None, "room");
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"room", b"two").unwrap(), 2);
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"two");
    assert_eq!(sub2.next(Duration::from_secs(10)).unwrap(), b"two");
    // Redis 7 accepts SPUBLISH outside a cluster too; sharded subscribers are separate.
    assert_eq!(pool::publish(&target, &opts, "SPUBLISH", b"room", b"x").unwrap(), 0);
}

#[test]
fn one_connection_is_reused_across_publishes() {
    let server = RedisServer::start();
    let mut admin = server.admin();
    let target = Target::parse(&server.url()).unwrap();
    let opts = relaxed();
    let before = admin.info("total_connections_received");
    for i in 0..50 {
        assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", format!("m{i}").as_bytes()).unwrap(), 0);
    }
    assert_eq!(admin.info("total_connections_received"), before + 1, "one connection for 50 publishes");
    assert_eq!(admin.clients_with_cmd("publish").len(), 1);
    let stats = pool::stats();
    assert_eq!(stats.open.iter().filter(|d| **d == target.describe()).count(), 1, "{:?}", stats.open);
    assert!(stats.publishes >= 50);
}

#[test]
fn a_connection_closed_by_the_server_is_replaced_transparently() {
    let server = RedisServer::start();
    let mut admin = server.admin();
    let target = Target::parse(&server.url()).unwrap();
    let opts = relaxed();
    let mut sub = Subscriber::new(server.port, None, "ch");
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"before").unwrap(), 1);
    let clients = admin.clients_with_cmd("publish");
    assert_eq!(clients.len(), 1);
    let id = clients[0].split(' ').find_map(|f| f.strip_prefix("id=")).unwrap().to_string();
    assert_eq!(admin.command(&["CLIENT", "KILL", "ID", &id]), socketio_redis::resp::Reply::Int(1));
    let before = admin.info("total_connections_received");
    // The pool finds the FIN with its zero-timeout poll and reconnects before writing.
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"after").unwrap(), 1);
    assert_eq!(admin.info("total_connections_received"), before + 1);
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"before");
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"after");
    assert_eq!(sub.next(Duration::from_millis(300)), None, "nothing published twice");
}

#[test]
fn server_restart_is_survived_transparently() {
    let mut server = RedisServer::start();
    let target = Target::parse(&server.url()).unwrap();
    let opts = relaxed();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"1").unwrap(), 0);
    server.restart();
    let mut sub = Subscriber::new(server.port, None, "ch");
    let started = Instant::now();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"2").unwrap(), 1);
    eprintln!("first publish after restart: {:?}", started.elapsed());
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"2");
}

#[test]
fn error_replies_keep_the_connection() {
    let server = RedisServer::start();
    let mut admin = server.admin();
    let target = Target::parse(&server.url()).unwrap();
    let opts = relaxed();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    let before = admin.info("total_connections_received");
    let err = pool::publish(&target, &opts, "NOSUCHCOMMAND", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
    assert!(err.message.contains("unknown command"), "{}", err.message);
    assert!(err.message.contains(&target.describe()), "{}", err.message);
    // A status reply where an integer belongs is reported, and the stream stays in step.
    let err = pool::publish(&target, &opts, "SET", b"key", b"value").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Protocol);
    assert!(err.message.contains("instead of an integer"), "{}", err.message);
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(admin.info("total_connections_received"), before, "no reconnect after an error reply");
}

/// A long-running process keeps publishing while Redis is killed and restarted: it recovers
/// by itself, and every publish Redis confirmed reached the subscriber.
#[test]
fn confirmed_publishes_arrive_across_a_restart() {
    let server = RedisServer::start();
    let port = server.port;
    let target = Target::parse(&server.url()).unwrap();
    let opts = socketio_redis::ConnectOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(2),
        backoff: Duration::from_millis(100),
        ..Default::default()
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The subscriber reconnects on its own after the restart and reports what it received.
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<()>();
    let sub_stop = stop.clone();
    let subscriber = std::thread::spawn(move || {
        while !sub_stop.load(std::sync::atomic::Ordering::SeqCst) {
            // The killed server closes this connection a moment before its listening socket:
            // a subscribe in that moment is accepted, then reset. Try again until one holds.
            let Ok(mut sub) = Subscriber::try_new(port, None, "live") else {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            };
            let _ = ready_tx.send(());
            loop {
                // Reconnect on the connection's own EOF, not on a probe: a probe that runs after
                // the restart (a descheduled thread) would find the server up and keep reading
                // the dead socket forever.
                match sub.poll(Duration::from_millis(200)) {
                    Next::Message(m) => tx.send(m).unwrap(),
                    Next::Quiet if sub_stop.load(std::sync::atomic::Ordering::SeqCst) => return,
                    Next::Quiet => {}
                    Next::Closed => break,
                }
            }
        }
    });
    ready_rx.recv_timeout(Duration::from_secs(20)).unwrap();
    // Down for half a second, while publishes go on.
    let mut server = server;
    let restarter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(1));
        server.kill();
        std::thread::sleep(Duration::from_millis(500));
        server.restart();
        server
    });
    let mut confirmed = Vec::new();
    let mut errors = 0;
    let begin = Instant::now();
    let mut i = 0;
    while begin.elapsed() < Duration::from_secs(5) || !restarter.is_finished() || confirmed.len() < 20 {
        assert!(begin.elapsed() < Duration::from_secs(60), "never recovered");
        let payload = format!("msg-{i}").into_bytes();
        i += 1;
        match pool::publish(&target, &opts, "PUBLISH", b"live", &payload) {
            Ok(1) => confirmed.push(payload),
            Ok(_) => {} // the subscriber was not back yet
            Err(_) => errors += 1,
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _server = restarter.join().unwrap();
    assert!(errors > 0, "publishes while the server was down must have failed");
    // The last publishes went through the new server.
    assert!(pool::publish(&target, &opts, "PUBLISH", b"live", b"final").unwrap() >= 1);
    confirmed.push(b"final".to_vec());
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    subscriber.join().unwrap();
    let received: std::collections::HashSet<Vec<u8>> = rx.try_iter().collect();
    let missing: Vec<String> =
        confirmed.iter().filter(|m| !received.contains(*m)).map(|m| String::from_utf8_lossy(m).into_owned()).collect();
    eprintln!("{} publishes, {} confirmed, {errors} errors during the restart", i, confirmed.len());
    assert!(missing.is_empty(), "confirmed but never received: {missing:?}");
}
