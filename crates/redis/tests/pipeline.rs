//! Batches (pipelined publishes) against a real redis-server and a fake
//! server that closes the connection after a number of replies: counts in order, nothing lost
//! or sent twice across a restart, and an exact account of what a failure mid-way left behind.
//! The cluster case is in `cluster_pipeline.rs`.
mod common;

use common::{free_port, relaxed, RedisServer, Subscriber};
use socketio_redis::pipeline::{publish_batch, Batch, Outcome, CHUNK_COMMANDS};
use socketio_redis::resp::{parse_reply, Reply};
use socketio_redis::{ErrorKind, Target};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

fn target(url: &str) -> Target {
    Target::parse(url).unwrap()
}

#[test]
fn counts_in_call_order_and_messages_in_order() {
    let redis = RedisServer::start();
    let mut sub = Subscriber::new(redis.port, None, "c");
    let n = CHUNK_COMMANDS * 3 + 7;
    let mut batch = Batch::new();
    for i in 0..n {
        // Every other one to a channel nobody listens on: its count is 0.
        let channel: &[u8] = if i % 2 == 0 { b"c" } else { b"nobody" };
        batch.push("PUBLISH", channel, i.to_string().as_bytes());
    }
    let counts = publish_batch(&target(&redis.url()), &relaxed(), &batch).unwrap();
    let expected: Vec<i64> = (0..n).map(|i| if i % 2 == 0 { 1 } else { 0 }).collect();
    assert_eq!(counts, expected);
    for i in (0..n).step_by(2) {
        assert_eq!(sub.next(WAIT).as_deref(), Some(i.to_string().as_bytes()), "message {i}");
    }
    assert_eq!(sub.next(Duration::from_millis(100)), None, "each sent once");
    assert_eq!(publish_batch(&target(&redis.url()), &relaxed(), &Batch::new()).unwrap(), Vec::<i64>::new());
}

#[test]
fn an_error_reply_fails_one_command_and_the_others_go_through() {
    let redis = RedisServer::start();
    let mut admin = redis.admin();
    // A user that may publish on `ok*` channels only.
    assert_eq!(admin.command(&["ACL", "SETUSER", "pub", "on", ">pw", "+publish", "&ok*"]), Reply::Simple("OK".into()));
    let mut batch = Batch::new();
    batch.push("PUBLISH", b"ok1", b"a");
    batch.push("PUBLISH", b"denied", b"b");
    batch.push("PUBLISH", b"ok2", b"c");
    let url = format!("redis://pub:pw@127.0.0.1:{}", redis.port);
    let err = publish_batch(&target(&url), &relaxed(), &batch).unwrap_err();
    assert_eq!(err.error.kind, ErrorKind::Server);
    assert!(err.error.message.contains("NOPERM"), "{}", err.error.message);
    assert_eq!(err.outcomes[0], Outcome::Published(0));
    assert!(matches!(err.outcomes[1], Outcome::Failed(_)));
    assert_eq!(err.outcomes[2], Outcome::Published(0));
}

/// Accepts one connection, answers `:1` to the first `answer` commands, then reads what else
/// comes until the client has been quiet for a second (so that what the client wrote did reach
/// it), and closes.
fn closes_after(answer: usize) -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut sock, _) = listener.accept().unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 65536];
        let mut answered = 0;
        while answered < answer {
            let n = sock.read(&mut chunk).unwrap();
            if n == 0 {
                return;
            }
            buf.extend_from_slice(&chunk[..n]);
            // Commands are arrays, which parse_reply reads as well as replies.
            while answered < answer {
                match parse_reply(&buf).unwrap() {
                    Some((_, used)) => {
                        buf.drain(..used);
                        sock.write_all(b":1\r\n").unwrap();
                        answered += 1;
                    }
                    None => break,
                }
            }
        }
        sock.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
        while matches!(sock.read(&mut chunk), Ok(n) if n > 0) {}
        // Gone, with the rest of what was written unanswered.
    });
    port
}

#[test]
fn a_connection_lost_mid_way_says_what_was_published_what_may_have_been_and_what_was_not() {
    let n = CHUNK_COMMANDS * 4;
    let answered = CHUNK_COMMANDS + 100;
    let port = closes_after(answered);
    let mut batch = Batch::new();
    for i in 0..n {
        batch.push("PUBLISH", b"c", i.to_string().as_bytes());
    }
    let err = publish_batch(&target(&format!("redis://127.0.0.1:{port}")), &relaxed(), &batch).unwrap_err();
    assert!(err.error.kind.outcome_unknown(), "{:?}", err.error);
    for (i, o) in err.outcomes.iter().enumerate() {
        let expected = if i < answered {
            Outcome::Published(1)
        } else if i < 3 * CHUNK_COMMANDS {
            // The second chunk's unanswered commands, and the third, written while the second's
            // replies were awaited: they may have run.
            Outcome::Unknown
        } else {
            Outcome::NotSent
        };
        assert_eq!(*o, expected, "command {i}");
    }
}

#[test]
fn nothing_lost_or_sent_twice_across_a_restart() {
    let mut redis = RedisServer::start();
    let t = target(&redis.url());
    let batch_of = |tag: &str| {
        let mut b = Batch::new();
        for i in 0..3000 {
            b.push("PUBLISH", b"c", format!("{tag}{i}").as_bytes());
        }
        b
    };
    // A pooled connection, then the server restarts: the next batch finds it dead before
    // writing (nothing of it can reach the old server) and sends everything once, on a new one.
    assert_eq!(publish_batch(&t, &relaxed(), &batch_of("a")).unwrap().len(), 3000);
    redis.restart();
    let mut sub = Subscriber::new(redis.port, None, "c");
    let counts = publish_batch(&t, &relaxed(), &batch_of("b")).unwrap();
    assert_eq!(counts, vec![1; 3000]);
    for i in 0..3000 {
        assert_eq!(sub.next(WAIT), Some(format!("b{i}").into_bytes()), "message {i}");
    }
    assert_eq!(sub.next(Duration::from_millis(100)), None, "each sent once");
}

#[test]
fn nothing_listening_is_a_connect_error_and_nothing_sent() {
    let port = free_port();
    let mut batch = Batch::new();
    batch.push("PUBLISH", b"c", b"x");
    batch.push("PUBLISH", b"c", b"y");
    let err = publish_batch(&target(&format!("redis://127.0.0.1:{port}")), &relaxed(), &batch).unwrap_err();
    assert_eq!(err.error.kind, ErrorKind::Connect);
    assert_eq!(err.outcomes, vec![Outcome::NotSent, Outcome::NotSent]);
}
