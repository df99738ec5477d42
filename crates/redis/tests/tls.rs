//! TLS with a private CA made at test time by the openssl CLI.
mod common;

use common::*;
use socketio_redis::{pool, ErrorKind, Target, TlsOptions};
use std::time::Duration;

fn tls_target(port: u16, host: &str, tls: TlsOptions) -> Target {
    let mut t = Target::parse(&format!("rediss://{host}:{port}")).unwrap();
    t.tls = tls;
    t
}

fn with_ca(ca: &std::path::Path) -> TlsOptions {
    TlsOptions { cafile: Some(ca.to_path_buf()), ..Default::default() }
}

#[test]
fn private_ca_is_trusted_and_others_are_refused() {
    let certs = Certs::generate("DNS:localhost,IP:127.0.0.1");
    let server = RedisServer::start_tls(&certs, &[]);
    let tls_port = server.tls_port.unwrap();
    let mut admin = server.admin();
    let mut sub = Subscriber::new(server.port, None, "ch");
    let opts = relaxed();

    // Right CA, by IP and by name.
    let good = tls_target(tls_port, "127.0.0.1", with_ca(&certs.ca_cert));
    assert_eq!(good.describe(), format!("rediss://127.0.0.1:{tls_port}"));
    let before = admin.info("total_connections_received");
    for i in 0..5 {
        assert_eq!(pool::publish(&good, &opts, "PUBLISH", b"ch", format!("t{i}").as_bytes()).unwrap(), 1);
    }
    assert_eq!(admin.info("total_connections_received"), before + 1, "the TLS connection is reused");
    for i in 0..5 {
        assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), format!("t{i}").into_bytes());
    }
    let by_name = tls_target(tls_port, "localhost", with_ca(&certs.ca_cert));
    assert_eq!(pool::publish(&by_name, &opts, "PUBLISH", b"ch", b"named").unwrap(), 1);

    // Another CA, and the system store, do not know this server.
    let wrong = tls_target(tls_port, "127.0.0.1", with_ca(&certs.other_ca_cert));
    let err = pool::publish(&wrong, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    eprintln!("wrong CA: {}", err.message);
    assert_eq!(err.kind, ErrorKind::Tls);
    assert!(
        err.message.starts_with(&format!(
            "could not connect to rediss://127.0.0.1:{tls_port}: TLS certificate verification failed"
        )),
        "{}",
        err.message
    );
    let system = tls_target(tls_port, "127.0.0.1", TlsOptions::default());
    assert_eq!(pool::publish(&system, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Tls);

    // verify_peer=false accepts it anyway.
    let unverified =
        tls_target(tls_port, "127.0.0.1", TlsOptions { verify_peer: false, ..with_ca(&certs.other_ca_cert) });
    assert_eq!(pool::publish(&unverified, &opts, "PUBLISH", b"ch", b"unverified").unwrap(), 1);

    // A plain client on the TLS port gets no Redis reply, only a bounded failure.
    let plain = Target::parse(&format!("redis://127.0.0.1:{tls_port}")).unwrap();
    let quick = socketio_redis::ConnectOptions { timeout: Duration::from_millis(500), ..relaxed() };
    assert!(pool::publish(&plain, &quick, "PUBLISH", b"ch", b"x").is_err());

    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"named");
    assert_eq!(sub.next(Duration::from_secs(10)).unwrap(), b"unverified");
}

#[test]
fn peer_name_is_checked_unless_disabled() {
    let certs = Certs::generate("DNS:redis.other.example");
    let server = RedisServer::start_tls(&certs, &[]);
    let port = server.tls_port.unwrap();
    let opts = relaxed();
    let strict = tls_target(port, "127.0.0.1", with_ca(&certs.ca_cert));
    let err = pool::publish(&strict, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    eprintln!("name mismatch: {}", err.message);
    assert_eq!(err.kind, ErrorKind::Tls);
    assert!(err.message.contains("mismatch"), "{}", err.message);
    let relaxed_name = tls_target(port, "127.0.0.1", TlsOptions { verify_peer_name: false, ..with_ca(&certs.ca_cert) });
    assert_eq!(pool::publish(&relaxed_name, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    // The chain is still verified when only the name check is off.
    let other = tls_target(port, "127.0.0.1", TlsOptions { verify_peer_name: false, ..with_ca(&certs.other_ca_cert) });
    assert_eq!(pool::publish(&other, &opts, "PUBLISH", b"ch", b"x").unwrap_err().kind, ErrorKind::Tls);
}

#[test]
fn client_certificates() {
    let certs = Certs::generate("IP:127.0.0.1");
    let server = RedisServer::start_tls(&certs, &["--tls-auth-clients", "yes"]);
    let port = server.tls_port.unwrap();
    let opts = relaxed();
    let with_cert = tls_target(
        port,
        "127.0.0.1",
        TlsOptions {
            local_cert: Some(certs.client_cert.clone()),
            local_pk: Some(certs.client_key.clone()),
            ..with_ca(&certs.ca_cert)
        },
    );
    assert_eq!(pool::publish(&with_cert, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    // Under TLS 1.3 the server rejects a missing certificate after the client's handshake
    // has finished, so the refusal surfaces on the first command.
    let without = tls_target(port, "127.0.0.1", with_ca(&certs.ca_cert));
    let err = pool::publish(&without, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    eprintln!("no client certificate: {:?}", err);
    assert!(matches!(err.kind, ErrorKind::Tls | ErrorKind::Io), "{err:?}");

    // Key and certificate in one file, as PHP allows.
    let combined = certs.dir.path("client-combined.pem");
    let mut pem = std::fs::read(&certs.client_cert).unwrap();
    pem.extend(std::fs::read(&certs.client_key).unwrap());
    std::fs::write(&combined, pem).unwrap();
    let one_file = tls_target(port, "127.0.0.1", TlsOptions { local_cert: Some(combined), ..with_ca(&certs.ca_cert) });
    assert_eq!(pool::publish(&one_file, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
}

#[test]
fn tls_with_password_and_bad_files() {
    let certs = Certs::generate("IP:127.0.0.1");
    let server = RedisServer::start_tls(&certs, &["--requirepass", "tlspassword"]);
    let port = server.tls_port.unwrap();
    let opts = relaxed();
    let mut good = Target::parse(&format!("rediss://:tlspassword@127.0.0.1:{port}")).unwrap();
    good.tls = with_ca(&certs.ca_cert);
    assert_eq!(pool::publish(&good, &opts, "PUBLISH", b"ch", b"x").unwrap(), 0);
    let mut bad = Target::parse(&format!("rediss://:tlspassw0rd@127.0.0.1:{port}")).unwrap();
    bad.tls = with_ca(&certs.ca_cert);
    let err = pool::publish(&bad, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert!(!err.message.contains("tlspassw0rd"));
    assert!(
        err.message.starts_with(&format!("authentication failed for rediss://127.0.0.1:{port}: WRONGPASS")),
        "{}",
        err.message
    );

    let missing = tls_target(port, "127.0.0.1", with_ca(std::path::Path::new("/nonexistent/ca.pem")));
    let err = pool::publish(&missing, &opts, "PUBLISH", b"ch", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config);
    assert!(err.message.contains("/nonexistent/ca.pem"), "{}", err.message);
}
