//! The per-request subscriber against real redis-servers: it returns only once Redis confirmed
//! every channel (so a publish right after it is received) and reads with the caller's one
//! deadline (signals cannot stretch it). Redis Cluster: cluster_subscriber.rs.
mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use common::{relaxed, silent_listener, RedisServer};
use socketio_redis::subscriber::{Delivery, Subscriber};
use socketio_redis::{pool, Deadline, ErrorKind, Target};

fn soon() -> Deadline {
    Deadline::after(Duration::from_secs(10))
}

#[test]
fn a_publish_right_after_subscribe_is_received_on_each_channel() {
    let server = RedisServer::start();
    let target = Target::parse(&server.url()).unwrap();
    let opts = relaxed();
    let mut sub = Subscriber::subscribe(&target, &opts, false, &[b"resp#/#", b"resp#/#emitter#"], soon()).unwrap();
    // Confirmed subscriptions: Redis counts this subscriber at once, for both channels.
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"resp#/#emitter#", b"one").unwrap(), 1);
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"resp#/#", b"two").unwrap(), 1);
    let payload: Vec<u8> = (0..=255u8).cycle().take(3_000_000).collect();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"resp#/#", &payload).unwrap(), 1);
    let got = |d: Option<Delivery>| d.map(|d| (d.channel, d.payload));
    assert_eq!(got(sub.next(soon()).unwrap()), Some((b"resp#/#emitter#".to_vec(), b"one".to_vec())));
    assert_eq!(got(sub.next(soon()).unwrap()), Some((b"resp#/#".to_vec(), b"two".to_vec())));
    assert_eq!(got(sub.next(soon()).unwrap()), Some((b"resp#/#".to_vec(), payload)), "a large payload intact");

    // Sharded pub/sub on a standalone Redis 7: SSUBSCRIBE / SPUBLISH.
    let mut shard = Subscriber::subscribe(&target, &opts, true, &[b"socket.io#/#emitter#"], soon()).unwrap();
    assert_eq!(pool::publish(&target, &opts, "SPUBLISH", b"socket.io#/#emitter#", b"s").unwrap(), 1);
    assert_eq!(got(shard.next(soon()).unwrap()), Some((b"socket.io#/#emitter#".to_vec(), b"s".to_vec())));
}

#[test]
fn the_subscription_ends_with_the_subscriber() {
    let server = RedisServer::start();
    let target = Target::parse(&server.url()).unwrap();
    let opts = relaxed();
    let sub = Subscriber::subscribe(&target, &opts, false, &[b"gone"], soon()).unwrap();
    drop(sub);
    let mut admin = server.admin();
    for _ in 0..200 {
        if numsub(&mut admin, "gone") == 0 {
            return;
        }
        thread::sleep(Duration::from_millis(10));
    }
    panic!("the channel still has a subscriber after the subscriber was dropped");
}

fn numsub(admin: &mut common::Admin, channel: &str) -> i64 {
    match admin.command(&["PUBSUB", "NUMSUB", channel]) {
        socketio_redis::resp::Reply::Array(Some(items)) => match items.get(1) {
            Some(socketio_redis::resp::Reply::Int(n)) => *n,
            _ => -1,
        },
        _ => -1,
    }
}

extern "C" fn ignore_signal(_: libc::c_int) {}

#[test]
fn waiting_ends_at_the_deadline_whatever_signals_arrive() {
    let server = RedisServer::start();
    let target = Target::parse(&server.url()).unwrap();
    let mut sub = Subscriber::subscribe(&target, &relaxed(), false, &[b"silent"], soon()).unwrap();
    // SAFETY: a handler that does nothing (async-signal-safe) for SIGUSR1, which nothing else
    // in this test binary uses; no SA_RESTART, so every blocking call returns EINTR.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = ignore_signal as *const () as usize;
        libc::sigemptyset(&mut action.sa_mask);
        assert_eq!(libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut()), 0);
    }
    // SAFETY: pthread_self has no preconditions.
    let me = unsafe { libc::pthread_self() };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let storm = thread::spawn(move || {
        let mut sent = 0;
        while !flag.load(Ordering::SeqCst) {
            // SAFETY: `me` is the test thread, which joins this one before it ends.
            unsafe { libc::pthread_kill(me, libc::SIGUSR1) };
            sent += 1;
            thread::sleep(Duration::from_millis(20));
        }
        sent
    });
    let deadline = Deadline::after(Duration::from_millis(600));
    let got = sub.next(deadline);
    stop.store(true, Ordering::SeqCst);
    let signals = storm.join().unwrap();
    assert!(signals >= 5, "the storm must have been raging: {signals}");
    assert_eq!(got.unwrap(), None, "nothing was published: the wait ends empty");
    assert!(deadline.expired(), "and not before the deadline");
}

#[test]
fn a_server_that_never_confirms_fails_by_the_deadline() {
    let (_listener, port) = silent_listener();
    let target = Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap();
    let deadline = Deadline::after(Duration::from_millis(300));
    let err = Subscriber::subscribe(&target, &relaxed(), false, &[b"x"], deadline).err().expect("no confirmation");
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
    assert!(deadline.expired());
}
