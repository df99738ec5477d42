//! Emits that do not wait (`pool::publish_nowait`) against a real redis-server and a server that
//! closes without replying: the replies are read before the connection serves anything else,
//! on the same connection; what they report is collected; a restart loses and repeats nothing.
mod common;

use common::{relaxed, RedisServer, Subscriber};
use socketio_redis::pool::{end_request, publish, publish_nowait, read_unread_replies, take_unconfirmed};
use socketio_redis::{ErrorKind, Target};
use std::io::Read;
use std::net::TcpListener;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

#[test]
fn replies_are_read_before_a_waiting_command_on_the_same_connection() {
    let redis = RedisServer::start();
    let t = Target::parse(&redis.url()).unwrap();
    let _two = Subscriber::new(redis.port, None, "two");
    let _two_b = Subscriber::new(redis.port, None, "two");
    let mut admin = redis.admin();
    publish(&t, &relaxed(), "PUBLISH", b"warm", b"x").unwrap();
    let before = admin.info("total_connections_received");
    for _ in 0..10 {
        publish_nowait(&t, &relaxed(), "PUBLISH", b"two", b"x").unwrap();
    }
    // Ten replies of 2 are in flight: a waiting publish must read them, then its own 0.
    assert_eq!(publish(&t, &relaxed(), "PUBLISH", b"nobody", b"x").unwrap(), 0);
    assert_eq!(admin.info("total_connections_received"), before, "the same connection throughout");
    assert_eq!(take_unconfirmed(), vec![]);
    end_request();
}

#[test]
fn an_error_reply_is_collected_and_the_others_count() {
    let redis = RedisServer::start();
    let mut admin = redis.admin();
    admin.command(&["ACL", "SETUSER", "nw", "on", ">pw", "+publish", "&ok*"]);
    let t = Target::parse(&format!("redis://nw:pw@127.0.0.1:{}", redis.port)).unwrap();
    publish_nowait(&t, &relaxed(), "PUBLISH", b"ok1", b"x").unwrap();
    publish_nowait(&t, &relaxed(), "PUBLISH", b"denied", b"x").unwrap();
    publish_nowait(&t, &relaxed(), "PUBLISH", b"ok2", b"x").unwrap();
    let reported = read_unread_replies();
    assert_eq!(take_unconfirmed(), vec![], "read_unread_replies returned them; nothing is left for later");
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert_eq!(reported[0].emits, 1);
    assert_eq!(reported[0].error.kind, ErrorKind::Server);
    assert!(reported[0].error.message.contains("NOPERM"), "{}", reported[0].error.message);
}

#[test]
fn a_server_that_closes_before_replying_leaves_them_unconfirmed() {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut sock, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let mut got = Vec::new();
        // Reads the three commands, answers none, closes.
        while got.windows(5).filter(|w| w == b"three").count() == 0 {
            let n = sock.read(&mut buf).unwrap();
            assert!(n > 0);
            got.extend_from_slice(&buf[..n]);
        }
    });
    let t = Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap();
    for p in [&b"one"[..], b"two", b"three"] {
        publish_nowait(&t, &relaxed(), "PUBLISH", b"c", p).unwrap();
    }
    server.join().unwrap();
    let reported = end_request();
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert_eq!(reported[0].emits, 3);
    assert!(reported[0].error.kind.outcome_unknown(), "{:?}", reported[0].error);
}

#[test]
fn nothing_lost_or_sent_twice_across_a_restart() {
    let mut redis = RedisServer::start();
    let t = Target::parse(&redis.url()).unwrap();
    for i in 0..100 {
        publish_nowait(&t, &relaxed(), "PUBLISH", b"c", format!("a{i}").as_bytes()).unwrap();
    }
    // The replies of the last few may still be in flight when the server goes away.
    redis.restart();
    let mut sub = Subscriber::new(redis.port, None, "c");
    for i in 0..100 {
        publish_nowait(&t, &relaxed(), "PUBLISH", b"c", format!("b{i}").as_bytes()).unwrap();
    }
    let reported = read_unread_replies();
    assert!(reported.iter().all(|u| u.error.kind.outcome_unknown()), "only the old connection's: {reported:?}");
    for i in 0..100 {
        assert_eq!(sub.next(WAIT), Some(format!("b{i}").into_bytes()), "message {i}");
    }
    assert_eq!(sub.next(Duration::from_millis(100)), None, "each sent once");
}

#[test]
fn request_end_does_not_wait_and_the_next_request_reads_the_replies_first() {
    let redis = RedisServer::start();
    let mut admin = redis.admin();
    admin.command(&["ACL", "SETUSER", "nw", "on", ">pw", "+publish", "&ok*"]);
    let t = Target::parse(&format!("redis://nw:pw@127.0.0.1:{}", redis.port)).unwrap();
    let _three = [Subscriber::new(redis.port, None, "ok3"), Subscriber::new(redis.port, None, "ok3")];
    publish(&t, &relaxed(), "PUBLISH", b"ok-warm", b"x").unwrap();
    let before = admin.info("total_connections_received");
    // Redis reads the commands but runs (and answers) none until UNPAUSE: at request end no
    // reply has come. The allowed one first: while it is held, the refused one is not even read.
    admin.command(&["CLIENT", "PAUSE", "60000", "WRITE"]);
    publish_nowait(&t, &relaxed(), "PUBLISH", b"ok1", b"x").unwrap();
    publish_nowait(&t, &relaxed(), "PUBLISH", b"denied", b"x").unwrap();
    assert_eq!(end_request(), vec![], "request end neither waits nor reports what has not come");
    admin.command(&["CLIENT", "UNPAUSE"]);
    // The next request: a waiting publish reads the two earlier replies first, then its own 2.
    assert_eq!(publish(&t, &relaxed(), "PUBLISH", b"ok3", b"x").unwrap(), 2);
    let reported = take_unconfirmed();
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert!(reported[0].earlier_request, "read in a later request than the one that sent it");
    assert_eq!(reported[0].emits, 1);
    assert!(reported[0].error.message.contains("NOPERM"), "{}", reported[0].error.message);
    assert_eq!(admin.info("total_connections_received"), before, "the same connection throughout");
    assert_eq!(end_request(), vec![]);
}
