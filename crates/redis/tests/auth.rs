//! Passwords and ACL users: accepted, refused, and never shown.
mod common;

use common::*;
use socketio_redis::{pool, ErrorKind, Target};

const PASSWORD: &str = "Very-S3cret-pw";

fn assert_hidden(message: &str, secret: &str) {
    assert!(!message.contains(secret), "password leaked: {message}");
}

#[test]
fn requirepass() {
    let server = RedisServer::start_with(&["--requirepass", PASSWORD]);
    let opts = relaxed();
    let mut sub = Subscriber::new(server.port, Some(PASSWORD), "ch");

    let good = Target::parse(&format!("redis://:{PASSWORD}@127.0.0.1:{}", server.port)).unwrap();
    assert_eq!(pool::publish(&good, &opts, "PUBLISH", b"ch", b"hello").unwrap(), 1);
    assert_eq!(sub.next(std::time::Duration::from_secs(10)).unwrap(), b"hello");

    let wrong_pw = "wrong-Passw0rd-123";
    let bad = Target::parse(&format!("redis://:{wrong_pw}@127.0.0.1:{}", server.port)).unwrap();
    let err = pool::publish(&bad, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert!(
        err.message.starts_with(&format!("authentication failed for redis://127.0.0.1:{}: WRONGPASS", server.port)),
        "{}",
        err.message
    );
    assert_hidden(&err.message, wrong_pw);
    assert_hidden(&format!("{err:?}"), wrong_pw);
    // A refused AUTH is not a connect failure: no backoff, the next try asks again.
    assert_eq!(pool::publish(&bad, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Auth);

    let none = Target::parse(&server.url()).unwrap();
    let err = pool::publish(&none, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth, "NOAUTH is an authentication problem: {}", err.message);
    assert!(err.message.contains("NOAUTH"), "{}", err.message);

    // The password option path: the binding fills `password` itself.
    let mut via_option = Target::parse(&server.url()).unwrap();
    via_option.password = Some(socketio_redis::Secret::new(PASSWORD.into()));
    assert_eq!(pool::publish(&via_option, &opts, "PUBLISH", b"ch", b"opt").unwrap(), 1);
    for desc in pool::stats().open {
        assert_hidden(&desc, PASSWORD);
    }
}

#[test]
fn acl_users() {
    let server = RedisServer::start();
    let mut admin = server.admin();
    let alice_pw = "p@ss:w/rd%Alice";
    let setuser = |admin: &mut Admin, args: &[&str]| {
        let mut cmd = vec!["ACL", "SETUSER"];
        cmd.extend_from_slice(args);
        assert_eq!(admin.command(&cmd), socketio_redis::resp::Reply::Simple("OK".into()));
    };
    setuser(&mut admin, &["alice", "on", &format!(">{alice_pw}"), "&*", "+publish", "+spublish"]);
    setuser(&mut admin, &["carol", "on", "nopass", "&*", "+publish"]);
    setuser(&mut admin, &["dave", "on", ">davepw", "&allowed", "+publish"]);
    setuser(&mut admin, &["eve", "off", ">evepw", "&*", "+publish"]);
    let opts = relaxed();
    let port = server.port;

    let encoded = "p%40ss%3Aw%2Frd%25Alice";
    let alice = Target::parse(&format!("redis://alice:{encoded}@127.0.0.1:{port}")).unwrap();
    assert_eq!(pool::publish(&alice, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    let who = admin.clients_with_cmd("publish");
    assert!(who.iter().any(|c| c.contains(" user=alice ")), "{who:?}");

    let wrong = Target::parse(&format!("redis://alice:not-{encoded}@127.0.0.1:{port}")).unwrap();
    let err = pool::publish(&wrong, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert!(
        err.message.starts_with(&format!(
            "authentication failed for redis://alice@127.0.0.1:{port}: WRONGPASS invalid username-password pair"
        )),
        "{}",
        err.message
    );
    assert_hidden(&err.message, "p@ss");
    assert_hidden(&err.message, "not-p");

    // A user name alone authenticates as that user (nopass accepts an empty password).
    let carol = Target::parse(&format!("redis://carol@127.0.0.1:{port}")).unwrap();
    assert_eq!(pool::publish(&carol, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert!(admin.clients_with_cmd("publish").iter().any(|c| c.contains(" user=carol ")));

    // Permissions are the server's business: NOPERM is an error reply, not an auth failure.
    let dave = Target::parse(&format!("redis://dave:davepw@127.0.0.1:{port}")).unwrap();
    assert_eq!(pool::publish(&dave, &opts, "PUBLISH", b"allowed", b"x").unwrap(), 0);
    let err = pool::publish(&dave, &opts, "PUBLISH", b"forbidden", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
    assert!(err.message.contains("NOPERM"), "{}", err.message);
    assert_eq!(pool::publish(&dave, &opts, "PUBLISH", b"allowed", b"again").unwrap(), 0);

    let eve = Target::parse(&format!("redis://eve:evepw@127.0.0.1:{port}")).unwrap();
    let err = pool::publish(&eve, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert_hidden(&err.message, "evepw");
}

#[test]
fn same_server_different_users_get_different_connections() {
    let server = RedisServer::start();
    let mut admin = server.admin();
    assert_eq!(
        admin.command(&["ACL", "SETUSER", "frank", "on", ">frankpw", "&*", "+publish"]),
        socketio_redis::resp::Reply::Simple("OK".into())
    );
    let opts = relaxed();
    let anon = Target::parse(&server.url()).unwrap();
    let frank = Target::parse(&format!("redis://frank:frankpw@127.0.0.1:{}", server.port)).unwrap();
    assert_eq!(pool::publish(&anon, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(pool::publish(&frank, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    assert_eq!(pool::publish(&anon, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    let clients = admin.clients_with_cmd("publish");
    assert_eq!(clients.len(), 2, "{clients:?}");
    assert!(clients.iter().any(|c| c.contains(" user=frank ")));
    assert!(clients.iter().any(|c| c.contains(" user=default ")));
}

#[test]
fn a_full_server_is_not_reported_as_refused_credentials() {
    let server = RedisServer::start_with(&["--requirepass", PASSWORD]);
    // One client slot, taken (set from that client: no other connection can race for it).
    let mut holder = server.admin();
    assert_eq!(holder.command(&["CONFIG", "SET", "maxclients", "1"]), socketio_redis::resp::Reply::Simple("OK".into()));
    let target = Target::parse(&format!("redis://:{PASSWORD}@127.0.0.1:{}", server.port)).unwrap();
    let err = pool::publish(&target, &relaxed(), "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connect, "{}", err.message);
    assert!(!err.message.contains("authentication"), "{}", err.message);
    assert_eq!(
        err.message,
        format!(
            "could not connect to redis://127.0.0.1:{}: the server has reached its maxclients limit (ERR max number of clients reached)",
            server.port
        )
    );
    assert_hidden(&err.message, PASSWORD);
}
