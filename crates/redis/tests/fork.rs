//! After fork the child must not touch the parent's socket: it opens its own, and the
//! parent's keeps working. Alone in its own test binary: fork and other threads using the
//! pool do not mix.
mod common;

use common::*;
use socketio_redis::{pool, ConnectOptions, Deadline, Target, TlsOptions};
use std::collections::HashSet;
use std::time::Duration;

const EACH: usize = 40;

fn payload(who: &str, i: usize) -> Vec<u8> {
    let mut p = format!("{who}-{i}-").into_bytes();
    // Large enough that two processes writing one socket would interleave visibly.
    p.resize(16_000, if who == "parent" { b'p' } else { b'c' });
    p
}

fn scenario(target: &Target, admin_port: u16) {
    let opts = ConnectOptions {
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(10),
        ..Default::default()
    };
    let mut admin = Admin::connect(admin_port, None).unwrap();
    let mut sub = Subscriber::new(admin_port, None, "forked");
    assert_eq!(pool::publish(target, &opts, "PUBLISH", b"forked", b"warmup").unwrap(), 1);
    let before = admin.info("total_connections_received");

    // SAFETY: the child only runs plain Rust on this thread and leaves with _exit; the test
    // harness threads it does not copy hold no lock the child takes.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        // Child: no unwinding into the test harness, just an exit code.
        let ok = std::panic::catch_unwind(|| {
            (0..EACH).all(|i| pool::publish(target, &opts, "PUBLISH", b"forked", &payload("child", i)) == Ok(1))
                && pool::stats().open == vec![target.describe()]
        })
        .unwrap_or(false);
        // SAFETY: ends the forked child at once, without running the parent's atexit handlers.
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    // Parent publishes at the same time on its own connection.
    for i in 0..EACH {
        assert_eq!(pool::publish(target, &opts, "PUBLISH", b"forked", &payload("parent", i)).unwrap(), 1);
    }
    let mut status = 0;
    // SAFETY: `status` is a live c_int; `pid` is our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "child failed (status {status})");

    assert_eq!(admin.info("total_connections_received"), before + 1, "the child opened exactly one connection");
    // The child closing its copy did not end the parent's session.
    assert_eq!(pool::publish(target, &opts, "PUBLISH", b"forked", b"after").unwrap(), 1);
    assert_eq!(admin.info("total_connections_received"), before + 1, "the parent kept its connection");

    let mut expected: HashSet<Vec<u8>> = (0..EACH).flat_map(|i| [payload("parent", i), payload("child", i)]).collect();
    expected.insert(b"warmup".to_vec());
    expected.insert(b"after".to_vec());
    let mut received = HashSet::new();
    for _ in 0..expected.len() {
        received.insert(sub.next(Duration::from_secs(20)).expect("every message arrives"));
    }
    assert_eq!(received, expected, "every message intact");
    assert_eq!(sub.next(Duration::from_millis(300)), None, "and nothing else");
}

/// The connection itself refuses to be used from another process, pool or not.
fn connection_scenario(server: &RedisServer) {
    use socketio_redis::connection::{CommandError, Connection};
    use socketio_redis::resp::Reply;
    let target = Target::parse(&server.url()).unwrap();
    let opts = ConnectOptions::default();
    let mut conn = Connection::open(&target.endpoints[0], &target, &opts, Deadline::NONE).unwrap();
    assert_eq!(conn.command(&[b"PING"], Deadline::after(opts.timeout)).unwrap(), Reply::Simple("PONG".into()));
    assert!(conn.is_reusable());
    // SAFETY: the child only runs plain Rust on this thread and leaves with _exit; the test
    // harness threads it does not copy hold no lock the child takes.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        let ok = !conn.is_reusable()
            && matches!(conn.command(&[b"PING"], Deadline::after(opts.timeout)), Err(CommandError::NotSent(_)));
        drop(conn);
        // SAFETY: ends the forked child at once, without running the parent's atexit handlers.
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    let mut status = 0;
    // SAFETY: `status` is a live c_int; `pid` is our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "child used the inherited connection");
    assert!(conn.is_reusable(), "the child's drop left the parent's socket alone");
    assert_eq!(conn.command(&[b"PING"], Deadline::after(opts.timeout)).unwrap(), Reply::Simple("PONG".into()));
}

#[test]
fn fork_never_shares_a_socket() {
    let server = RedisServer::start();
    scenario(&Target::parse(&server.url()).unwrap(), server.port);
    connection_scenario(&server);

    // TLS: the child must not send a close_notify on the parent's session either.
    let certs = Certs::generate("IP:127.0.0.1");
    let tls_server = RedisServer::start_tls(&certs, &[]);
    let mut target = Target::parse(&format!("rediss://127.0.0.1:{}", tls_server.tls_port.unwrap())).unwrap();
    target.tls = TlsOptions { cafile: Some(certs.ca_cert.clone()), ..Default::default() };
    scenario(&target, tls_server.port);
}
