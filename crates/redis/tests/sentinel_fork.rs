//! A sentinel target across fork: the child asks the sentinels and opens its own connection to
//! the master (the master found last is plain data it may inherit; the parent's socket is
//! never touched), and the parent keeps its connection. Alone in its own test binary: fork and
//! other threads using the pool do not mix.
mod common;
mod sentinel_support;

use common::*;
use sentinel_support::{Auth, SentinelSetup};
use socketio_redis::{pool, sentinel, ConnectOptions, Target};
use std::time::Duration;

const EACH: u32 = 20;

#[test]
fn fork_with_a_sentinel_target() {
    let setup = SentinelSetup::start(Auth::default());
    let target = Target::parse(&setup.url()).unwrap();
    let opts = ConnectOptions {
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(10),
        ..Default::default()
    };
    let mut admin = setup.master.admin();
    let mut sub = Subscriber::new(setup.master.port, None, "forked");
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"forked", b"warmup").unwrap(), 1);
    let before = admin.info("total_connections_received");
    let master = format!("127.0.0.1:{}", setup.master.port);

    // SAFETY: the child only runs plain Rust on this thread and leaves with _exit; no other
    // thread of this test binary uses the pool or the sentinel state while it forks.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let ok = std::panic::catch_unwind(|| {
            sentinel::known_master(&target).as_deref() == Some(master.as_str())
                && (0..EACH).all(|i| {
                    pool::publish(&target, &opts, "PUBLISH", b"forked", format!("child-{i}").as_bytes()) == Ok(1)
                })
                && pool::stats().open == vec![format!("{} (master {master})", target.describe())]
        })
        .unwrap_or(false);
        // SAFETY: ends the forked child at once, without running the parent's atexit handlers.
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    for i in 0..EACH {
        let sent = pool::publish(&target, &opts, "PUBLISH", b"forked", format!("parent-{i}").as_bytes());
        assert_eq!(sent.unwrap(), 1);
    }
    let mut status = 0;
    // SAFETY: `status` is a live c_int; `pid` is our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "child failed (status {status})");
    assert_eq!(admin.info("total_connections_received"), before + 1, "the child opened exactly one connection");
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"forked", b"after").unwrap(), 1);
    assert_eq!(admin.info("total_connections_received"), before + 1, "the parent kept its connection");

    let mut expected: Vec<String> = (0..EACH).flat_map(|i| [format!("parent-{i}"), format!("child-{i}")]).collect();
    expected.extend(["warmup".to_string(), "after".to_string()]);
    expected.sort();
    let mut received: Vec<String> =
        (0..expected.len()).map(|_| String::from_utf8(sub.next(Duration::from_secs(20)).unwrap()).unwrap()).collect();
    received.sort();
    assert_eq!(received, expected, "every message once");
    assert_eq!(sub.next(Duration::from_millis(300)), None, "and nothing else");
}
