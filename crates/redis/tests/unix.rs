//! Unix domain sockets.
mod common;

use common::*;
use socketio_redis::{pool, ErrorKind, Target};
use std::time::Duration;

#[test]
fn publish_over_a_unix_socket() {
    let server = RedisServer::start_with(&["--unixsocket", "{dir}/redis.sock", "--unixsocketperm", "700"]);
    let path = server.dir.path("redis.sock");
    let mut admin = server.admin();
    let mut sub = Subscriber::new(server.port, None, "ch");
    let target = Target::parse(&format!("unix://{}", path.display())).unwrap();
    assert_eq!(target.describe(), format!("unix://{}", path.display()));
    let opts = relaxed();
    let before = admin.info("total_connections_received");
    for i in 0..10 {
        assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", format!("u{i}").as_bytes()).unwrap(), 1);
    }
    for i in 0..10 {
        assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), format!("u{i}").into_bytes());
    }
    assert_eq!(admin.info("total_connections_received"), before + 1, "reused");
    let clients = admin.clients_with_cmd("publish");
    // The connection's local address is the socket file: Redis writes `laddr=/path`, Valkey 9
    // `laddr=[/path:0]:0`.
    let laddr = clients[0].split(' ').find_map(|field| field.strip_prefix("laddr=")).unwrap_or("");
    assert!(laddr.contains(&path.display().to_string()), "{clients:?}");
}

#[test]
fn unix_socket_with_password() {
    let server = RedisServer::start_with(&["--unixsocket", "{dir}/redis.sock", "--requirepass", "unixpw1234"]);
    let path = server.dir.path("redis.sock");
    let opts = relaxed();
    let good = Target::parse(&format!("unix://:unixpw1234@{}", path.display())).unwrap();
    assert_eq!(pool::publish(&good, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    let bad = Target::parse(&format!("unix://:wrongpw5678@{}", path.display())).unwrap();
    let err = pool::publish(&bad, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert!(
        err.message.starts_with(&format!("authentication failed for unix://{}: WRONGPASS", path.display())),
        "{}",
        err.message
    );
    assert!(!err.message.contains("wrongpw5678"));
}

#[test]
fn unix_server_restart_is_survived() {
    let mut server = RedisServer::start_with(&["--unixsocket", "{dir}/redis.sock"]);
    let target = Target::parse(&format!("unix://{}", server.dir.path("redis.sock").display())).unwrap();
    let opts = relaxed();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"1").unwrap(), 0);
    server.restart();
    assert_eq!(pool::publish(&target, &opts, "PUBLISH", b"ch", b"2").unwrap(), 0);
}
