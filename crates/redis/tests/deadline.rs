//! `timeout` bounds a whole command and `connect_timeout` a whole connect, against peers that
//! try to stretch them: signals every few milliseconds, a reply dripped one byte at a time, a
//! reader that takes a little at a time, a Redis busy in a DEBUG SLEEP. The hostile behaviour always
//! lasts far longer than the bound, so a call that ends early ended because of the bound.
mod common;

use common::*;
use socketio_redis::{pool, ConnectOptions, ErrorKind, Target};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How long each hostile peer keeps going: the old per-syscall timeouts ran this long.
const HOSTILE_FOR: Duration = Duration::from_secs(20);

/// A bound we can tell from HOSTILE_FOR on a loaded two-core machine.
const ENDS_WELL_BEFORE: Duration = Duration::from_secs(8);

fn options(timeout: Duration) -> ConnectOptions {
    ConnectOptions { timeout, connect_timeout: Duration::from_secs(5), backoff: Duration::ZERO, ..Default::default() }
}

fn target(port: u16) -> Target {
    Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap()
}

extern "C" fn ignore_signal(_: libc::c_int) {}

/// Sends SIGUSR1 to the calling thread every 50 ms (no SA_RESTART: every blocking call returns
/// EINTR) until dropped or HOSTILE_FOR has passed.
struct SignalStorm {
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<usize>>,
}

impl SignalStorm {
    fn at_this_thread() -> SignalStorm {
        // SAFETY: installs a handler that does nothing (async-signal-safe) for SIGUSR1, which
        // nothing else in this test binary uses; the sigaction struct is fully initialised.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = ignore_signal as *const () as usize;
            action.sa_flags = 0;
            libc::sigemptyset(&mut action.sa_mask);
            assert_eq!(libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut()), 0);
        }
        // SAFETY: pthread_self has no preconditions.
        let me = unsafe { libc::pthread_self() };
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = thread::spawn(move || {
            let began = Instant::now();
            let mut sent = 0;
            while !flag.load(Ordering::SeqCst) && began.elapsed() < HOSTILE_FOR {
                // SAFETY: `me` is the test thread, which outlives this one (joined in drop).
                unsafe { libc::pthread_kill(me, libc::SIGUSR1) };
                sent += 1;
                thread::sleep(Duration::from_millis(50));
            }
            sent
        });
        SignalStorm { stop, thread: Some(thread) }
    }

    fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.take().unwrap().join().unwrap()
    }
}

impl Drop for SignalStorm {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn signals_do_not_restart_the_timeout() {
    let (_listener, port) = silent_listener();
    let storm = SignalStorm::at_this_thread();
    let started = Instant::now();
    let err = pool::publish(&target(port), &options(Duration::from_secs(1)), "PUBLISH", b"ch", b"x").unwrap_err();
    let took = started.elapsed();
    let signals = storm.stop();
    eprintln!("{signals} signals, ended after {took:?}: {}", err.message);
    assert!(signals >= 5, "the storm must have been raging: {signals}");
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
    assert!(took >= Duration::from_secs(1) && took < ENDS_WELL_BEFORE, "{took:?}");
}

#[test]
fn signals_do_not_restart_the_connect_timeout_of_auth() {
    let (_listener, port) = silent_listener();
    let storm = SignalStorm::at_this_thread();
    let t = Target::parse(&format!("redis://:secret-pw@127.0.0.1:{port}")).unwrap();
    let opts = ConnectOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(60),
        ..options(Duration::ZERO)
    };
    let started = Instant::now();
    let err = pool::publish(&t, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    let took = started.elapsed();
    drop(storm);
    assert_eq!(err.kind, ErrorKind::ConnectTimeout, "{}", err.message);
    assert!(err.message.ends_with("no answer to AUTH within 1s"), "{}", err.message);
    assert!(took >= Duration::from_secs(1) && took < ENDS_WELL_BEFORE, "{took:?}");
}

/// Reads one command, then sends `+` and one more byte of a never-ending status line every
/// 100 ms, until HOSTILE_FOR passes or the client goes away.
fn dripping_server() -> (u16, thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = peer.read(&mut buf).unwrap();
        let began = Instant::now();
        let mut dripped = 0;
        let mut next: &[u8] = b"+";
        while began.elapsed() < HOSTILE_FOR {
            if peer.write_all(next).is_err() {
                break;
            }
            dripped += 1;
            next = b"a";
            thread::sleep(Duration::from_millis(100));
        }
        dripped
    });
    (port, server)
}

#[test]
fn a_reply_dripped_byte_by_byte_does_not_extend_the_timeout() {
    let (port, server) = dripping_server();
    let started = Instant::now();
    let err = pool::publish(&target(port), &options(Duration::from_secs(1)), "PUBLISH", b"ch", b"x").unwrap_err();
    let took = started.elapsed();
    eprintln!("dripped reply: ended after {took:?}: {}", err.message);
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
    assert_eq!(err.message, format!("no reply from redis://127.0.0.1:{port} within 1s"));
    assert!(took >= Duration::from_secs(1) && took < ENDS_WELL_BEFORE, "{took:?}");
    let dripped = server.join().unwrap();
    assert!(dripped >= 5, "the server must have been dripping: {dripped}");
}

#[test]
fn a_big_payload_to_a_slow_reader_is_bounded_by_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Takes 64 KiB every 100 ms: every write makes progress, none alone takes a second.
    let reader = thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        let began = Instant::now();
        let mut got = 0usize;
        let mut buf = vec![0u8; 64 << 10];
        while began.elapsed() < HOSTILE_FOR {
            match peer.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
            thread::sleep(Duration::from_millis(100));
        }
        got
    });
    let payload = vec![b'x'; 64 << 20];
    let started = Instant::now();
    let err = pool::publish(&target(port), &options(Duration::from_secs(1)), "PUBLISH", b"ch", &payload).unwrap_err();
    let took = started.elapsed();
    eprintln!("slow reader: ended after {took:?}: {}", err.message);
    // Part of it went out: Redis could have received it, so the outcome is unknown.
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
    assert!(err.message.starts_with(&format!("could not send the command to redis://127.0.0.1:{port} within 1s (")));
    assert!(took >= Duration::from_secs(1) && took < ENDS_WELL_BEFORE, "{took:?}");
    let got = reader.join().unwrap();
    assert!(got > 0 && got < payload.len(), "the reader took part of it: {got}");
}

#[test]
fn any_positive_timeout_is_a_bound() {
    let (_listener, port) = silent_listener();
    let opts = options(Duration::from_nanos(1));
    let err = pool::publish(&target(port), &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
    assert_eq!(err.message, format!("no reply from redis://127.0.0.1:{port} within 0.000000001s"));
    // A connect timeout of one nanosecond is one too, whatever the connect's own pace.
    let t = Target::parse(&format!("redis://:pw@127.0.0.1:{port}")).unwrap();
    let opts = ConnectOptions { connect_timeout: Duration::from_nanos(1), ..options(Duration::from_secs(60)) };
    let err = pool::publish(&t, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::ConnectTimeout, "{}", err.message);
}

#[test]
fn a_busy_redis_times_out_and_delivers_later() {
    let server = RedisServer::start_with(&DEBUG_COMMAND);
    let mut sub = Subscriber::new(server.port, None, "busy");
    let t = Target::parse(&server.url()).unwrap();
    let opts = options(Duration::from_millis(500));
    assert_eq!(pool::publish(&t, &opts, "PUBLISH", b"busy", b"before").unwrap(), 1);
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"before");

    let port = server.port;
    let sleep = busy_for_two_seconds(port);
    // The server is busy once another client's PING goes unanswered.
    wait_until_busy(port);

    let err = pool::publish(&t, &opts, "PUBLISH", b"busy", b"during").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
    assert!(err.kind.outcome_unknown());
    assert_eq!(err.message, format!("no reply from {} within 0.5s", server.url()));
    assert_eq!(sleep.join().unwrap(), socketio_redis::resp::Reply::Simple("OK".into()));
    // The timed-out publish was executed after the sleep: delivered, once.
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"during");
    assert_eq!(pool::publish(&t, &opts, "PUBLISH", b"busy", b"after").unwrap(), 1);
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"after");
    assert_eq!(sub.next(Duration::from_millis(300)), None, "nothing sent twice");
}

/// Keeps Redis busy for 2 s: commands queue behind it and run afterwards. DEBUG SLEEP rather than
/// a Lua loop on TIME: from Redis 8 and Valkey 9 on, TIME inside a script is frozen at the
/// script's start, so such a loop only ends once the busy-script threshold (5 s) makes the server
/// answer -BUSY to the queued commands instead of running them. Needs `--enable-debug-command`.
fn busy_for_two_seconds(port: u16) -> thread::JoinHandle<socketio_redis::resp::Reply> {
    thread::spawn(move || {
        let mut admin = Admin::connect(port, None).unwrap();
        admin.command(&["DEBUG", "SLEEP", "2"])
    })
}

/// redis-server arguments for the servers [`busy_for_two_seconds`] is used on.
const DEBUG_COMMAND: [&str; 2] = ["--enable-debug-command", "local"];

/// Returns once the server does not answer a PING within 300 ms (the sleep holds it; an idle
/// Redis answers in microseconds even on a loaded machine).
fn wait_until_busy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        assert!(Instant::now() < deadline, "the sleep never started");
        let mut probe = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        probe.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
        probe.write_all(b"PING\r\n").unwrap();
        let mut buf = [0u8; 16];
        if probe.read(&mut buf).is_err() {
            return;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_tls_handshake_that_gets_no_answer_ends_within_connect_timeout() {
    let (_listener, port) = silent_listener();
    let storm = SignalStorm::at_this_thread();
    let t = Target::parse(&format!("rediss://127.0.0.1:{port}")).unwrap();
    let opts = ConnectOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(60),
        ..options(Duration::ZERO)
    };
    let started = Instant::now();
    let err = pool::publish(&t, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    let took = started.elapsed();
    drop(storm);
    assert_eq!(err.kind, ErrorKind::ConnectTimeout, "{}", err.message);
    assert!(err.message.ends_with("TLS handshake timed out after 1s"), "{}", err.message);
    assert!(took >= Duration::from_secs(1) && took < ENDS_WELL_BEFORE, "{took:?}");
}

#[test]
fn a_busy_redis_over_tls_times_out_and_delivers_later() {
    let certs = Certs::generate("IP:127.0.0.1");
    let server = RedisServer::start_tls(&certs, &DEBUG_COMMAND);
    let mut sub = Subscriber::new(server.port, None, "busy-tls");
    let mut t = Target::parse(&format!("rediss://127.0.0.1:{}", server.tls_port.unwrap())).unwrap();
    t.tls = socketio_redis::TlsOptions { cafile: Some(certs.ca_cert.clone()), ..Default::default() };
    let opts = options(Duration::from_millis(500));
    assert_eq!(pool::publish(&t, &opts, "PUBLISH", b"busy-tls", b"before").unwrap(), 1);
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"before");
    let port = server.port;
    let sleep = busy_for_two_seconds(port);
    wait_until_busy(port);
    let err = pool::publish(&t, &opts, "PUBLISH", b"busy-tls", b"during").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
    assert_eq!(sleep.join().unwrap(), socketio_redis::resp::Reply::Simple("OK".into()));
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"during", "executed after the sleep, once");
    assert_eq!(pool::publish(&t, &opts, "PUBLISH", b"busy-tls", b"after").unwrap(), 1);
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"after");
}
