//! `max_connections` and request-scoped (non-persistent) connections. These count every
//! connection of the process, so the tests of this file run one at a time.
mod common;

use common::*;
use socketio_redis::{pool, ConnectOptions, ErrorKind, Target};
use std::sync::Mutex;
use std::time::Duration;

static SERIAL: Mutex<()> = Mutex::new(());

/// One test at a time, starting with no connection left over from the previous one.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    let guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    pool::close_idle();
    pool::end_request();
    assert_eq!(pool::stats().open, Vec::<String>::new());
    guard
}

fn open_to(target: &Target) -> usize {
    pool::stats().open.iter().filter(|d| **d == target.describe()).count()
}

#[test]
fn max_connections_evicts_idle_ones_then_refuses() {
    let _serial = serial();
    let a = RedisServer::start();
    let b = RedisServer::start();
    let ta = Target::parse(&a.url()).unwrap();
    let tb = Target::parse(&b.url()).unwrap();
    let one = ConnectOptions { max_connections: 1, ..relaxed() };

    assert_eq!(pool::publish(&ta, &one, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(open_to(&ta), 1);
    // At the limit, the idle connection to A makes room for B.
    assert_eq!(pool::publish(&tb, &one, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!((open_to(&ta), open_to(&tb)), (0, 1));
    assert_eq!(pool::stats().open.len(), 1, "{:?}", pool::stats().open);
    assert_eq!(a.admin().clients_with_cmd("publish").len(), 0, "A's connection was really closed");
    // Reusing the one that is open needs no room.
    assert_eq!(pool::publish(&tb, &one, "PUBLISH", b"ch", b"y").unwrap(), 0);

    // With the only connection busy (a server that never answers holds it), there is
    // nothing to evict.
    let (_silent, silent_port) = silent_listener();
    let ts = Target::parse(&format!("redis://127.0.0.1:{silent_port}")).unwrap();
    let busy_opts = ConnectOptions { timeout: Duration::from_secs(3), max_connections: 1, ..relaxed() };
    let busy = std::thread::spawn(move || pool::publish(&ts, &busy_opts, "PUBLISH", b"ch", b"x"));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !pool::stats().open.iter().any(|d| d.ends_with(&format!(":{silent_port}"))) {
        assert!(std::time::Instant::now() < deadline, "the busy publish never started");
        std::thread::sleep(Duration::from_millis(10));
    }
    let err = pool::publish(&ta, &one, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Limit);
    assert!(err.message.contains("max_connections (1)"), "{}", err.message);
    assert!(err.message.contains(&ta.describe()), "{}", err.message);
    assert_eq!(busy.join().unwrap().unwrap_err().kind, ErrorKind::Timeout);

    // 0 is unlimited.
    let unlimited = ConnectOptions { max_connections: 0, ..relaxed() };
    assert_eq!(pool::publish(&ta, &unlimited, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(pool::publish(&tb, &unlimited, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!((open_to(&ta), open_to(&tb)), (1, 1));
}

#[test]
fn concurrent_threads_use_separate_connections() {
    let _serial = serial();
    let server = RedisServer::start();
    let target = Target::parse(&server.url()).unwrap();
    let mut sub = Subscriber::new(server.port, None, "ch");
    let opts = relaxed();
    let payload_of = |t: usize, i: usize| -> Vec<u8> {
        let mut p = format!("thread{t}-msg{i}-").into_bytes();
        p.resize(20_000, b'a' + t as u8);
        p
    };
    std::thread::scope(|s| {
        for t in 0..4 {
            let target = &target;
            let opts = &opts;
            s.spawn(move || {
                for i in 0..50 {
                    assert_eq!(pool::publish(target, opts, "PUBLISH", b"ch", &payload_of(t, i)).unwrap(), 1);
                }
            });
        }
    });
    let mut got = std::collections::HashSet::new();
    for _ in 0..200 {
        got.insert(sub.next(Duration::from_secs(10)).expect("message"));
    }
    for t in 0..4 {
        for i in 0..50 {
            assert!(got.contains(&payload_of(t, i)), "thread {t} message {i} intact");
        }
    }
    let open = open_to(&target);
    assert!((1..=4).contains(&open), "{open} connections");
}

#[test]
fn non_persistent_connections_close_at_end_of_request() {
    let _serial = serial();
    let server = RedisServer::start();
    let mut admin = server.admin();
    let target = Target::parse(&server.url()).unwrap();
    let transient = ConnectOptions { persistent: false, ..relaxed() };
    let before = admin.info("total_connections_received");

    // Within a request, one connection serves every publish.
    for _ in 0..5 {
        assert_eq!(pool::publish(&target, &transient, "PUBLISH", b"ch", b"x").unwrap(), 0);
    }
    assert_eq!(admin.info("total_connections_received"), before + 1);
    assert_eq!(open_to(&target), 1);

    // Another thread's request end does not touch it.
    std::thread::spawn(pool::end_request).join().unwrap();
    assert_eq!(open_to(&target), 1);

    pool::end_request();
    assert_eq!(open_to(&target), 0);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !admin.clients_with_cmd("publish").is_empty() {
        assert!(std::time::Instant::now() < deadline, "the server still sees the connection");
        std::thread::sleep(Duration::from_millis(10));
    }

    // The next request opens a new one; persistent connections outlive end_request.
    assert_eq!(pool::publish(&target, &transient, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(admin.info("total_connections_received"), before + 2);
    let persistent = relaxed();
    assert_eq!(pool::publish(&target, &persistent, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(open_to(&target), 2);
    pool::end_request();
    assert_eq!(open_to(&target), 1);
    assert_eq!(pool::publish(&target, &persistent, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(admin.info("total_connections_received"), before + 3);
}

#[test]
fn stats_count_publishes_and_failures() {
    let _serial = serial();
    let server = RedisServer::start();
    let target = Target::parse(&server.url()).unwrap();
    let before = pool::stats();
    assert_eq!(pool::publish(&target, &relaxed(), "PUBLISH", b"ch", b"x").unwrap(), 0);
    let dead = Target::parse(&format!("redis://127.0.0.1:{}", free_port())).unwrap();
    assert!(pool::publish(&dead, &relaxed(), "PUBLISH", b"ch", b"x").is_err());
    let after = pool::stats();
    assert_eq!(after.publishes, before.publishes + 1);
    assert_eq!(after.failures, before.failures + 1);
    assert!(after.open.contains(&target.describe()));
}

#[test]
fn connections_idle_longer_than_idle_timeout_are_replaced() {
    let _serial = serial();
    let a = RedisServer::start();
    let b = RedisServer::start();
    let mut admin = a.admin();
    let ta = Target::parse(&a.url()).unwrap();
    let tb = Target::parse(&b.url()).unwrap();
    let short = ConnectOptions { idle_timeout: Duration::from_millis(300), ..relaxed() };
    let before = admin.info("total_connections_received");

    assert_eq!(pool::publish(&ta, &short, "PUBLISH", b"ch", b"x").unwrap(), 0);
    // Used again within idle_timeout: the same connection.
    assert_eq!(pool::publish(&ta, &short, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(admin.info("total_connections_received"), before + 1);

    // Idle longer: closed when any target is next used, even another one.
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(pool::publish(&tb, &short, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(open_to(&ta), 0, "{:?}", pool::stats().open);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !admin.clients_with_cmd("publish").is_empty() {
        assert!(std::time::Instant::now() < deadline, "the server still sees the idle connection");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(pool::publish(&ta, &short, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(admin.info("total_connections_received"), before + 2, "a new connection replaced it");

    // Zero keeps idle connections.
    let forever = ConnectOptions { idle_timeout: Duration::ZERO, ..relaxed() };
    assert_eq!(pool::publish(&ta, &forever, "PUBLISH", b"ch", b"x").unwrap(), 0);
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(pool::publish(&ta, &forever, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(admin.info("total_connections_received"), before + 2);
}

#[test]
fn close_idle_closes_every_idle_connection() {
    let _serial = serial();
    let a = RedisServer::start();
    let ta = Target::parse(&a.url()).unwrap();
    let transient = ConnectOptions { persistent: false, ..relaxed() };
    assert_eq!(pool::publish(&ta, &relaxed(), "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(pool::publish(&ta, &transient, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(open_to(&ta), 2);
    // What MSHUTDOWN calls.
    pool::close_idle();
    assert_eq!(pool::stats().open, Vec::<String>::new());
    let mut admin = a.admin();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !admin.clients_with_cmd("publish").is_empty() {
        assert!(std::time::Instant::now() < deadline, "the server still sees a connection");
        std::thread::sleep(Duration::from_millis(10));
    }
}
