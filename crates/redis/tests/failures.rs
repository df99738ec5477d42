//! Bounded failures: nothing listening, a server that never answers, a connect that hangs.
mod common;

use common::*;
use socketio_redis::{pool, ConnectOptions, ErrorKind, Target};
use std::time::{Duration, Instant};

#[test]
fn not_running_fails_fast_then_backs_off() {
    let port = free_port();
    let target = Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap();
    let opts = ConnectOptions {
        connect_timeout: Duration::from_secs(1),
        backoff: Duration::from_millis(700),
        ..Default::default()
    };

    let started = Instant::now();
    let err = pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    let refused_in = started.elapsed();
    eprintln!("connect refused after {refused_in:?}: {}", err.message);
    assert_eq!(err.kind, ErrorKind::Connect);
    assert_eq!(err.message, format!("could not connect to redis://127.0.0.1:{port}: Connection refused"));
    assert!(refused_in < opts.connect_timeout, "{refused_in:?}");

    let started = Instant::now();
    let err = pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    let backoff_in = started.elapsed();
    eprintln!("backoff error after {backoff_in:?}: {}", err.message);
    assert_eq!(err.kind, ErrorKind::Backoff);
    assert!(
        err.message.starts_with(&format!("not connecting to redis://127.0.0.1:{port}: the last attempt failed ")),
        "{}",
        err.message
    );
    assert!(err.message.contains("ago (backoff 0.7s): Connection refused"), "{}", err.message);
    assert!(backoff_in < Duration::from_millis(250), "{backoff_in:?}");

    // Once the backoff has passed, a new attempt is made (and fails again).
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Connect);
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Backoff);

    // A zero backoff disables it.
    let no_backoff = ConnectOptions { backoff: Duration::ZERO, ..opts.clone() };
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(pool::publish(&target, &no_backoff, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Connect);
    assert_eq!(pool::publish(&target, &no_backoff, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Connect);
}

#[test]
fn backoff_ends_when_the_server_comes_up() {
    let server = RedisServer::start();
    let port = server.port;
    let target = Target::parse(&server.url()).unwrap();
    drop(server);
    let opts = ConnectOptions { backoff: Duration::from_millis(300), ..relaxed() };
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Connect);
    let server = RedisServer::start_on(port);
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Backoff);
    std::thread::sleep(Duration::from_millis(350));
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    drop(server);
}

#[test]
fn a_server_that_never_answers_is_bounded_by_timeout() {
    let (_listener, port) = silent_listener();
    let target = Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap();
    let opts = ConnectOptions {
        timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(5),
        ..Default::default()
    };
    let started = Instant::now();
    let err = pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    let took = started.elapsed();
    eprintln!("silent server: error after {took:?}: {}", err.message);
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(err.message, format!("no reply from redis://127.0.0.1:{port} within 1s"));
    assert!(took >= Duration::from_secs(1), "{took:?}");
    // Once, not twice: a command that may have been executed is never resent.
    assert!(took < Duration::from_millis(1900), "{took:?}");
    // The connection in an unknown state was dropped, not kept.
    assert!(!pool::stats().open.contains(&target.describe()));
}

#[test]
fn a_hanging_connect_is_bounded_by_connect_timeout() {
    let (_listener, _fillers, port) = full_backlog_listener();
    let target = Target::parse(&format!("redis://127.0.0.1:{port}")).unwrap();
    let opts = ConnectOptions { connect_timeout: Duration::from_millis(1000), ..Default::default() };
    let started = Instant::now();
    let err = pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    let took = started.elapsed();
    eprintln!("hanging connect: error after {took:?}: {}", err.message);
    assert_eq!(err.kind, ErrorKind::ConnectTimeout);
    assert_eq!(err.message, format!("could not connect to redis://127.0.0.1:{port}: connect timed out after 1s"));
    assert!(took >= Duration::from_secs(1) && took < Duration::from_millis(1900), "{took:?}");
    let started = Instant::now();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Backoff);
    assert!(started.elapsed() < Duration::from_millis(250));
}

#[test]
fn unresolvable_host_is_a_connect_error() {
    let target = Target::parse("redis://no-such-host.invalid:6379").unwrap();
    let err = pool::publish(&target, &relaxed(), "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connect);
    assert!(
        err.message.starts_with("could not connect to redis://no-such-host.invalid:6379: cannot resolve"),
        "{}",
        err.message
    );
}

#[test]
fn missing_unix_socket_is_a_connect_error() {
    let target = Target::parse("unix:///nonexistent/dir/redis.sock").unwrap();
    let err = pool::publish(&target, &relaxed(), "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connect);
    assert_eq!(err.message, "could not connect to unix:///nonexistent/dir/redis.sock: No such file or directory");
}
