//! `Connection` against scripted servers: what may and may not have been sent, and what
//! makes a connection unfit for reuse.
mod common;

use common::*;
use socketio_redis::connection::{CommandError, Connection};
use socketio_redis::resp::Reply;
use socketio_redis::{ConnectOptions, Deadline, ErrorKind, Target};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

/// A bound no test here is meant to reach.
fn soon() -> Deadline {
    Deadline::after(Duration::from_secs(10))
}

fn open(port: u16, timeout: Duration) -> Connection {
    let target = Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap();
    let opts = ConnectOptions { timeout, connect_timeout: Duration::from_secs(5), ..Default::default() };
    Connection::open(&target.endpoints[0], &target, &opts, Deadline::NONE).unwrap()
}

/// Closing with SO_LINGER 0 sends a RST instead of a FIN.
fn reset(stream: TcpStream) {
    let linger = libc::linger { l_onoff: 1, l_linger: 0 };
    // SAFETY: `linger` is a live, initialised struct and the length passed is its size.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
    drop(stream);
}

fn read_command(peer: &mut TcpStream) -> Vec<u8> {
    let mut buf = vec![0u8; 4096];
    let n = peer.read(&mut buf).unwrap();
    buf.truncate(n);
    buf
}

#[test]
fn write_to_a_reset_connection_is_not_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut conn = open(listener.local_addr().unwrap().port(), Duration::from_secs(5));
    let (peer, _) = listener.accept().unwrap();
    reset(peer);
    let deadline = Instant::now() + Duration::from_secs(5);
    while conn.is_reusable() {
        assert!(Instant::now() < deadline, "a reset connection must not look reusable");
        std::thread::sleep(Duration::from_millis(5));
    }
    match conn.command(&[b"PUBLISH", b"ch", b"x"], soon()) {
        Err(CommandError::NotSent(e)) => assert_eq!(e.kind, ErrorKind::Io),
        other => panic!("expected NotSent, got {other:?}"),
    }
    assert!(conn.is_broken());
    // Broken stays broken, and says so without touching the socket.
    assert!(matches!(conn.command(&[b"PING"], soon()), Err(CommandError::NotSent(_))));
}

#[test]
fn eof_after_the_command_may_have_been_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut conn = open(listener.local_addr().unwrap().port(), Duration::from_secs(5));
    let server = std::thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        let got = read_command(&mut peer);
        peer.write_all(b"$10\r\nabc").unwrap();
        got
    });
    match conn.command(&[b"PUBLISH", b"ch", b"x"], soon()) {
        Err(CommandError::MaybeSent(e)) => {
            assert_eq!(e.kind, ErrorKind::ConnectionLost);
            assert!(e.message.ends_with("closed the connection before replying"), "{}", e.message);
        }
        other => panic!("expected MaybeSent, got {other:?}"),
    }
    assert_eq!(server.join().unwrap(), b"*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$1\r\nx\r\n");
    assert!(conn.is_broken() && !conn.is_reusable());
}

#[test]
fn garbage_replies_break_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut conn = open(listener.local_addr().unwrap().port(), Duration::from_secs(5));
    let server = std::thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        read_command(&mut peer);
        peer.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").unwrap();
        drain(&mut peer, Duration::from_millis(500));
    });
    match conn.command(&[b"PUBLISH", b"ch", b"x"], soon()) {
        Err(CommandError::MaybeSent(e)) => {
            assert_eq!(e.kind, ErrorKind::Protocol);
            assert!(e.message.starts_with("unreadable reply from redis://127.0.0.1:"), "{}", e.message);
            assert!(
                e.message.ends_with("the server answered like an HTTP server, not Redis (is the port right?)"),
                "{}",
                e.message
            );
        }
        other => panic!("expected MaybeSent, got {other:?}"),
    }
    assert!(!conn.is_reusable());
    server.join().unwrap();
}

#[test]
fn stray_bytes_make_a_connection_stale() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut conn = open(listener.local_addr().unwrap().port(), Duration::from_secs(5));
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        read_command(&mut peer);
        peer.write_all(b":1\r\n").unwrap();
        rx.recv().unwrap();
        // An unsolicited reply: whatever it answers, the stream is no longer in step.
        peer.write_all(b":2\r\n").unwrap();
        rx.recv().unwrap();
    });
    assert_eq!(conn.command(&[b"PUBLISH", b"ch", b"x"], soon()).unwrap(), Reply::Int(1));
    assert!(conn.is_reusable());
    tx.send(()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while conn.is_reusable() {
        assert!(Instant::now() < deadline, "unread bytes must make it stale");
        std::thread::sleep(Duration::from_millis(5));
    }
    tx.send(()).unwrap();
    server.join().unwrap();
}

#[test]
fn two_replies_at_once_break_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut conn = open(listener.local_addr().unwrap().port(), Duration::from_secs(5));
    let server = std::thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        read_command(&mut peer);
        peer.write_all(b":1\r\n:2\r\n").unwrap();
        drain(&mut peer, Duration::from_millis(500));
    });
    // The first reply is right for the command; the second cannot belong to anything.
    assert_eq!(conn.command(&[b"PUBLISH", b"ch", b"x"], soon()).unwrap(), Reply::Int(1));
    // Both may arrive in one read or two; either way the connection must not be reused.
    std::thread::sleep(Duration::from_millis(100));
    assert!(!conn.is_reusable());
    server.join().unwrap();
}

#[test]
fn a_slow_reply_in_pieces_is_read_whole() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut conn = open(listener.local_addr().unwrap().port(), Duration::from_secs(5));
    let server = std::thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        read_command(&mut peer);
        for byte in b"*2\r\n:12\r\n$3\r\nabc\r\n" {
            peer.write_all(&[*byte]).unwrap();
            std::thread::sleep(Duration::from_millis(2));
        }
        drain(&mut peer, Duration::from_millis(500));
    });
    assert_eq!(
        conn.command(&[b"CLUSTER", b"SLOTS"], soon()).unwrap(),
        Reply::Array(Some(vec![Reply::Int(12), Reply::Bulk(Some(b"abc".to_vec()))]))
    );
    assert!(conn.is_reusable());
    server.join().unwrap();
}

#[test]
fn auth_is_sent_with_the_user_name() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        let got = read_command(&mut peer);
        peer.write_all(b"+OK\r\n").unwrap();
        drain(&mut peer, Duration::from_millis(300));
        got
    });
    let target = Target::parse(&format!("redis://al%20ice:p%40ss@127.0.0.1:{port}")).unwrap();
    let conn = Connection::open(&target.endpoints[0], &target, &ConnectOptions::default(), Deadline::NONE).unwrap();
    assert_eq!(conn.server(), format!("redis://al%20ice@127.0.0.1:{port}"));
    drop(conn);
    assert_eq!(server.join().unwrap(), b"*3\r\n$4\r\nAUTH\r\n$6\r\nal ice\r\n$4\r\np@ss\r\n");
}

#[test]
fn an_auth_that_gets_no_answer_ends_within_connect_timeout() {
    let (_listener, port) = silent_listener();
    let target = Target::parse(&format!("redis://:pw12345@127.0.0.1:{port}")).unwrap();
    // connect_timeout bounds connect + AUTH; the (much longer) command timeout plays no part.
    let opts = ConnectOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(60),
        ..Default::default()
    };
    let started = Instant::now();
    let err = Connection::open(&target.endpoints[0], &target, &opts, Deadline::NONE).unwrap_err();
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(1) && took < Duration::from_secs(10), "{took:?}");
    assert_eq!(err.kind, ErrorKind::ConnectTimeout);
    assert_eq!(err.message, format!("could not connect to redis://127.0.0.1:{port}: no answer to AUTH within 1s"));
}

fn int_option(fd: i32, level: libc::c_int, name: libc::c_int) -> libc::c_int {
    let mut value: libc::c_int = -1;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are live and sized for one c_int.
    let rc = unsafe { libc::getsockopt(fd, level, name, (&mut value as *mut libc::c_int).cast(), &mut len) };
    assert_eq!(rc, 0);
    value
}

#[test]
fn tcp_keepalive_is_set_on_every_tcp_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let target = Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap();
    let conn = Connection::open(&target.endpoints[0], &target, &ConnectOptions::default(), Deadline::NONE).unwrap();
    let fd = conn.as_raw_fd();
    assert_eq!(int_option(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE), 1, "on by default");
    assert_eq!(int_option(fd, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE), 60);
    assert_eq!(int_option(fd, libc::IPPROTO_TCP, libc::TCP_KEEPINTVL), 20);
    assert_eq!(int_option(fd, libc::IPPROTO_TCP, libc::TCP_KEEPCNT), 3);

    let opts = ConnectOptions { tcp_keepalive: Duration::from_millis(1500), ..Default::default() };
    let conn = Connection::open(&target.endpoints[0], &target, &opts, Deadline::NONE).unwrap();
    assert_eq!(int_option(conn.as_raw_fd(), libc::IPPROTO_TCP, libc::TCP_KEEPIDLE), 2, "whole seconds, rounded up");
    assert_eq!(int_option(conn.as_raw_fd(), libc::IPPROTO_TCP, libc::TCP_KEEPINTVL), 1);

    let off = ConnectOptions { tcp_keepalive: Duration::ZERO, ..Default::default() };
    let conn = Connection::open(&target.endpoints[0], &target, &off, Deadline::NONE).unwrap();
    assert_eq!(int_option(conn.as_raw_fd(), libc::SOL_SOCKET, libc::SO_KEEPALIVE), 0, "0 turns it off");
    drop(listener);
}
