//! `redis+sentinel://` against real processes: one master, one replica and three sentinels
//! (`redis-server --sentinel`, quorum 2). Discovery, the role check, sentinel and master
//! credentials, every sentinel down, and a failover during a stream of publishes.
mod common;
mod sentinel_support;

use common::*;
use sentinel_support::{serial, try_text, Auth, SentinelProcess, SentinelSetup, MASTER_NAME};
use socketio_redis::{pool, sentinel, ConnectOptions, ErrorKind, Target};
use std::time::{Duration, Instant};

fn opts() -> ConnectOptions {
    ConnectOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(2),
        backoff: Duration::ZERO,
        ..Default::default()
    }
}

fn publish(target: &Target, channel: &str, payload: &str) -> Result<i64, socketio_redis::RedisError> {
    pool::publish(target, &opts(), "PUBLISH", channel.as_bytes(), payload.as_bytes())
}

#[test]
fn discovers_the_master_and_publishes_to_it() {
    let _serial = serial();
    let setup = SentinelSetup::start(Auth::default());
    // A sentinel that is not running comes first: the next one answers.
    let dead = free_port();
    let ports: Vec<String> = setup.sentinels.iter().map(|s| format!("127.0.0.1:{}", s.port)).collect();
    let url = format!("redis+sentinel://127.0.0.1:{dead},{}/{MASTER_NAME}", ports.join(","));
    let target = Target::parse(&url).unwrap();

    let mut on_master = Subscriber::new(setup.master.port, None, "news");
    assert_eq!(publish(&target, "news", "hello").unwrap(), 1, "the master's subscriber counts");
    assert_eq!(on_master.next(Duration::from_secs(5)).as_deref(), Some(&b"hello"[..]));
    assert_eq!(sentinel::known_master(&target), Some(format!("127.0.0.1:{}", setup.master.port)));

    // The connection is reused: no new sentinel question per publish.
    let mut watch = setup.sentinels[0].admin();
    let asked_before = watch.info("total_connections_received");
    for i in 0..5 {
        assert_eq!(publish(&target, "news", &format!("m{i}")).unwrap(), 1);
    }
    assert_eq!(watch.info("total_connections_received"), asked_before, "no new connection to the sentinel");
    let stats = pool::stats();
    let shown = format!("{} (master 127.0.0.1:{})", target.describe(), setup.master.port);
    assert!(stats.open.contains(&shown), "{shown} in {:?}", stats.open);
    assert!(target.describe().starts_with(&format!("redis+sentinel://127.0.0.1:{dead},127.0.0.1:")));

    // Every sentinel gone, the master still up: the master found last is used (role checked).
    let mut setup = setup;
    for s in &mut setup.sentinels {
        s.kill();
    }
    pool::close_idle();
    assert_eq!(publish(&target, "news", "without sentinels").unwrap(), 1);
    for i in 0..5 {
        assert_eq!(on_master.next(Duration::from_secs(5)).unwrap(), format!("m{i}").as_bytes());
    }
    assert_eq!(on_master.next(Duration::from_secs(5)).as_deref(), Some(&b"without sentinels"[..]));
}

/// Batches and emits that do not wait take the same way to the master.
#[test]
fn batches_and_nowait_emits_reach_the_master() {
    use socketio_redis::pipeline::{publish_batch, Batch};
    let _serial = serial();
    let setup = SentinelSetup::start(Auth::default());
    let target = Target::parse(&setup.url()).unwrap();
    let mut on_master = Subscriber::new(setup.master.port, None, "news");
    let mut batch = Batch::new();
    for i in 0..3 {
        batch.push("PUBLISH", b"news", format!("batch-{i}").as_bytes());
    }
    assert_eq!(publish_batch(&target, &opts(), &batch).unwrap(), vec![1, 1, 1]);
    pool::publish_nowait(&target, &opts(), "PUBLISH", b"news", b"nowait").unwrap();
    assert!(pool::end_request().is_empty(), "the reply confirmed it");
    for expected in ["batch-0", "batch-1", "batch-2", "nowait"] {
        assert_eq!(on_master.next(Duration::from_secs(5)).unwrap(), expected.as_bytes());
    }
}

#[test]
fn request_subscribers_and_stream_readers_go_to_the_master() {
    use socketio_redis::stream_reader::StreamReader;
    use socketio_redis::subscriber::Subscriber as RequestSubscriber;
    use socketio_redis::Deadline;
    let _serial = serial();
    let setup = SentinelSetup::start(Auth::default());
    let target = Target::parse(&setup.url()).unwrap();
    let deadline = || Deadline::after(Duration::from_secs(5));

    // Subscribed on the master, not on a sentinel (which has pub/sub of its own).
    let mut sub = RequestSubscriber::subscribe(&target, &opts(), false, &[b"answers#"], deadline()).unwrap();
    assert_eq!(publish(&target, "answers#", "from the master").unwrap(), 1, "the master counts our subscriber");
    let delivery = sub.next(deadline()).unwrap().expect("a message before the deadline");
    assert_eq!(delivery.payload, b"from the master");

    // XREAD on the master's stream.
    let first = pool::xadd(&target, &opts(), &[b"XADD", b"s", b"*", b"k", b"1"]).unwrap();
    let mut reader = StreamReader::open(&target, &opts(), b"s", first.as_bytes(), deadline()).unwrap();
    pool::xadd(&target, &opts(), &[b"XADD", b"s", b"*", b"k", b"2"]).unwrap();
    let entries = reader.next(deadline()).unwrap().expect("the entry after the first");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].1, vec![(b"k".to_vec(), b"2".to_vec())]);
}

#[test]
fn a_replica_named_as_master_is_refused() {
    let _serial = serial();
    let master = RedisServer::start();
    let replica = RedisServer::start_with(&["--replicaof", "127.0.0.1", &master.port.to_string()]);
    // A sentinel told that the replica is the master of "stale" (as one that has not seen a
    // failover yet would say); quorum 2 with one sentinel: it never fails anything over.
    let lone = SentinelProcess::start("stale", replica.port, 2, &Auth::default());
    let target = Target::parse(&format!("redis+sentinel://127.0.0.1:{}/stale", lone.port)).unwrap();
    let mut on_replica = Subscriber::new(replica.port, None, "news");

    let err = publish(&target, "news", "must not go to a replica").unwrap_err();
    eprintln!("{}", err.message);
    assert_eq!(err.kind, ErrorKind::Connect);
    assert!(err.message.contains("\"stale\""), "{}", err.message);
    assert!(
        err.message.contains(&format!("redis://127.0.0.1:{} is a slave, not the master of \"stale\"", replica.port)),
        "{}",
        err.message
    );
    assert!(err.message.contains(&format!("127.0.0.1:{}", lone.port)), "names the sentinel: {}", err.message);
    assert_eq!(on_replica.next(Duration::from_millis(300)), None, "nothing was published there");

    // A user allowed only to publish may not run ROLE: HELLO tells the role instead.
    let mut admin = replica.admin();
    assert_eq!(admin.command(&["ACL", "SETUSER", "app", "on", ">app-pw", "+publish", "&*"]), ok());
    let limited = Target::parse(&format!("redis+sentinel://app:app-pw@127.0.0.1:{}/stale", lone.port)).unwrap();
    let err = publish(&limited, "news", "still not").unwrap_err();
    assert!(err.message.contains("is a replica, not the master"), "{}", err.message);
    assert!(!err.message.contains("app-pw"));
    assert_eq!(on_replica.next(Duration::from_millis(300)), None);
}

#[test]
fn a_publish_only_user_reaches_the_master() {
    let _serial = serial();
    let setup = SentinelSetup::start(Auth::default());
    let mut admin = setup.master.admin();
    assert_eq!(admin.command(&["ACL", "SETUSER", "app", "on", ">app-pw", "+publish", "&*"]), ok());
    let ports: Vec<String> = setup.sentinels.iter().map(|s| format!("127.0.0.1:{}", s.port)).collect();
    let target = Target::parse(&format!("redis+sentinel://app:app-pw@{}/{MASTER_NAME}", ports.join(","))).unwrap();
    let mut on_master = Subscriber::new(setup.master.port, None, "news");
    assert_eq!(publish(&target, "news", "as app").unwrap(), 1);
    assert_eq!(on_master.next(Duration::from_secs(5)).as_deref(), Some(&b"as app"[..]));
}

#[test]
fn sentinel_and_master_credentials_are_separate() {
    let _serial = serial();
    let master_pw = "master-Pw-93";
    let sentinel_pw = "sentinel-Pw-71";
    let setup = SentinelSetup::start(Auth {
        master_password: Some(master_pw.into()),
        sentinel_password: Some(sentinel_pw.into()),
    });
    let ports: Vec<String> = setup.sentinels.iter().map(|s| format!("127.0.0.1:{}", s.port)).collect();
    let hosts = ports.join(",");
    let mut on_master = Subscriber::new(setup.master.port, Some(master_pw), "news");

    let target = Target::parse(&setup.url()).unwrap();
    assert_eq!(publish(&target, "news", "both").unwrap(), 1);
    assert_eq!(on_master.next(Duration::from_secs(5)).as_deref(), Some(&b"both"[..]));

    let cases = [
        (format!("redis+sentinel://:{master_pw}@{hosts}/{MASTER_NAME}"), "NOAUTH"),
        (
            format!("redis+sentinel://:{master_pw}@{hosts}/{MASTER_NAME}?sentinel_password=wrong-{sentinel_pw}"),
            "WRONGPASS",
        ),
        (
            format!("redis+sentinel://:wrong-{master_pw}@{hosts}/{MASTER_NAME}?sentinel_password={sentinel_pw}"),
            "WRONGPASS",
        ),
    ];
    for (url, said) in cases {
        let err = publish(&Target::parse(&url).unwrap(), "news", "refused").unwrap_err();
        eprintln!("{}", err.message);
        assert_eq!(err.kind, ErrorKind::Auth, "{}", err.message);
        assert!(err.message.contains(said), "{}", err.message);
        if said == "NOAUTH" {
            assert!(
                err.message.contains("as sentinel_password"),
                "the hint names the sentinels' option: {}",
                err.message
            );
        }
        assert!(err.message.contains(MASTER_NAME), "{}", err.message);
        assert!(!err.message.contains(master_pw) && !err.message.contains(sentinel_pw), "{}", err.message);
    }
    assert_eq!(on_master.next(Duration::from_millis(300)), None, "nothing published with bad credentials");
}

#[test]
fn every_sentinel_down_fails_fast_naming_master_and_sentinels() {
    let ports = [free_port(), free_port(), free_port()];
    let hosts: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    let url = format!("redis+sentinel://app:Hidden-Pw-5@{}/orders?sentinel_password=Other-Pw-6", hosts.join(","));
    let target = Target::parse(&url).unwrap();
    let err = publish(&target, "news", "x").unwrap_err();
    eprintln!("{}", err.message);
    assert_eq!(err.kind, ErrorKind::Connect);
    assert!(err.message.contains("no master \"orders\" reachable"), "{}", err.message);
    for p in ports {
        assert!(err.message.contains(&format!("127.0.0.1:{p}: Connection refused")), "{}", err.message);
    }
    assert!(!err.message.contains("Hidden") && !err.message.contains("Other-Pw"), "{}", err.message);

    // backoff applies as for any server that cannot be reached.
    let backing_off = ConnectOptions { backoff: Duration::from_secs(30), ..opts() };
    let _ = pool::publish(&target, &backing_off, "PUBLISH", b"news", b"x");
    let err = pool::publish(&target, &backing_off, "PUBLISH", b"news", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Backoff, "{}", err.message);
    assert!(err.message.contains("orders") && !err.message.contains("Hidden"), "{}", err.message);
}

/// A sentinel that accepts and never answers costs `timeout`, then the next one is asked; with
/// only that one, the error is a connect timeout naming it.
#[test]
fn a_silent_sentinel_is_a_bounded_wait() {
    let _serial = serial();
    let master = RedisServer::start();
    let lone = SentinelProcess::start("known", master.port, 2, &Auth::default());
    let (_silent, silent_port) = silent_listener();
    let quick = ConnectOptions {
        connect_timeout: Duration::from_millis(300),
        timeout: Duration::from_millis(300),
        backoff: Duration::ZERO,
        ..Default::default()
    };
    let url = format!("redis+sentinel://127.0.0.1:{silent_port},127.0.0.1:{}/known", lone.port);
    let target = Target::parse(&url).unwrap();
    assert_eq!(pool::publish(&target, &quick, "PUBLISH", b"news", b"x").unwrap(), 0);

    let only_silent = Target::parse(&format!("redis+sentinel://127.0.0.1:{silent_port}/known")).unwrap();
    let err = pool::publish(&only_silent, &quick, "PUBLISH", b"news", b"x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::ConnectTimeout, "{}", err.message);
    assert!(
        err.message.contains(&format!("no reply from redis://127.0.0.1:{silent_port} within 0.3s")),
        "{}",
        err.message
    );
}

#[test]
fn a_sentinel_that_does_not_know_the_name_says_so() {
    let _serial = serial();
    let master = RedisServer::start();
    let lone = SentinelProcess::start("known", master.port, 2, &Auth::default());
    let target = Target::parse(&format!("redis+sentinel://127.0.0.1:{}/unknown", lone.port)).unwrap();
    let err = publish(&target, "news", "x").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connect);
    assert!(
        err.message.contains(&format!("redis://127.0.0.1:{} knows no master named \"unknown\"", lone.port)),
        "{}",
        err.message
    );
}

/// `rediss+sentinel://`: TLS to the sentinel and to the master it names (the sentinel itself
/// watches the master over TLS: `tls-replication yes`).
#[test]
fn tls_to_sentinels_and_master() {
    let _serial = serial();
    let certs = Certs::generate("IP:127.0.0.1");
    let master = RedisServer::start_tls(&certs, &[]);
    let master_tls = master.tls_port.unwrap();
    let sentinel_tls = free_port();
    let tls_conf = format!(
        "tls-port {sentinel_tls}\ntls-cert-file {}\ntls-key-file {}\ntls-ca-cert-file {}\ntls-auth-clients no\ntls-replication yes\n",
        certs.server_cert.display(),
        certs.server_key.display(),
        certs.ca_cert.display(),
    );
    let lone = SentinelProcess::start_with("secure", master_tls, 1, &Auth::default(), &tls_conf);
    let mut target = Target::parse(&format!("rediss+sentinel://127.0.0.1:{sentinel_tls}/secure")).unwrap();
    target.tls = socketio_redis::TlsOptions { cafile: Some(certs.ca_cert.clone()), ..Default::default() };
    let mut on_master = Subscriber::new(master.port, None, "news");
    assert_eq!(publish(&target, "news", "over tls").unwrap(), 1);
    assert_eq!(on_master.next(Duration::from_secs(5)).as_deref(), Some(&b"over tls"[..]));
    assert_eq!(sentinel::known_master(&target), Some(format!("127.0.0.1:{master_tls}")));

    // A sentinel whose certificate is not trusted: the TLS kind, naming sentinel and master.
    let mut untrusted = target.clone();
    untrusted.tls.cafile = Some(certs.other_ca_cert.clone());
    let err = publish(&untrusted, "news", "no").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Tls, "{}", err.message);
    assert!(
        err.message.contains(&format!("127.0.0.1:{sentinel_tls}")) && err.message.contains("secure"),
        "{}",
        err.message
    );
    assert_eq!(on_master.next(Duration::from_millis(300)), None);
    drop(lone);
}

/// `SENTINEL FAILOVER`: the old master stays up and becomes a replica. Its clients are killed
/// by the sentinels with the demotion, so the kept connection is not reused, and the next publish
/// asks the sentinels and reaches the new master; nothing more reaches the demoted one.
#[test]
fn a_demoted_master_is_left_after_a_manual_failover() {
    let _serial = serial();
    let setup = SentinelSetup::start(Auth::default());
    let target = Target::parse(&setup.url()).unwrap();
    assert_eq!(publish(&target, "news", "before").unwrap(), 0);
    let on_old = Listener::start(setup.master.port);
    let on_new = Listener::start(setup.replica.port);
    while on_old.count_on_server() < 1 || on_new.count_on_server() < 1 {
        std::thread::sleep(Duration::from_millis(10));
    }

    let reply = setup.sentinels[0].admin().command(&["SENTINEL", "FAILOVER", MASTER_NAME]);
    assert_eq!(reply, ok(), "SENTINEL FAILOVER");
    setup.wait_master(setup.replica.port, Duration::from_secs(60));
    let deadline = Instant::now() + Duration::from_secs(60);
    // Demoted (role slave) and our connection gone (the sentinels' CLIENT KILL; Redis closes
    // killed clients asynchronously). A new admin connection each time: the kill takes those too.
    let port = setup.master.port;
    let demoted = || {
        let role = try_text(port, &["INFO", "replication"]).unwrap_or_default();
        let clients = try_text(port, &["CLIENT", "LIST"]).unwrap_or_else(|| "cmd=publish".into());
        role.contains("role:slave") && !clients.split_whitespace().any(|f| f == "cmd=publish")
    };
    while !demoted() {
        assert!(Instant::now() < deadline, "the old master was not demoted: {}", setup.sentinels[0].log());
        std::thread::sleep(Duration::from_millis(20));
    }
    while on_new.count_on_server() < 1 {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(publish(&target, "news", "after").unwrap(), 0, "no subscriber to news on the new master");
    assert_eq!(publish(&target, "stream", "7").unwrap(), 1, "the new master's subscriber counts");
    assert_eq!(sentinel::known_master(&target), Some(format!("127.0.0.1:{}", setup.replica.port)));
    std::thread::sleep(Duration::from_millis(300));
    let (old_got, new_got) = (on_old.stop(), on_new.stop());
    assert_eq!(new_got, vec![7]);
    // The demoted master replicates from the new one, so its subscriber may see 7 that way; it
    // never sees it twice.
    assert!(old_got.iter().filter(|n| **n == 7).count() <= 1, "{old_got:?}");
}

/// The master is killed during a stream of publishes: they fail (fast, nothing resent) while
/// no master exists and resume on the promoted replica. Every publish that Redis confirmed
/// with a subscriber count of 1 or more arrives, none twice, and none that failed arrives.
/// Figures are printed (not asserted: no timed assertions).
#[test]
fn follows_a_failover_without_duplicates() {
    let _serial = serial();
    let mut setup = SentinelSetup::start(Auth::default());
    let target = Target::parse(&setup.url()).unwrap();
    let o = ConnectOptions {
        connect_timeout: Duration::from_millis(500),
        timeout: Duration::from_millis(500),
        backoff: Duration::from_millis(100),
        ..Default::default()
    };
    // One subscriber on each server, each reconnecting when its connection is closed (the
    // sentinels kill the clients of a server they reconfigure).
    let on_master = Listener::start(setup.master.port);
    let on_replica = Listener::start(setup.replica.port);
    let mut switch = Subscriber::new(setup.sentinels[0].port, None, "+switch-master");
    while on_master.count_on_server() < 1 || on_replica.count_on_server() < 1 {
        std::thread::sleep(Duration::from_millis(10));
    }

    let mut confirmed: Vec<(u32, i64)> = Vec::new();
    let mut failed: Vec<(u32, ErrorKind)> = Vec::new();
    let mut slowest_failure = Duration::ZERO;
    let mut send = |n: u32, confirmed: &mut Vec<(u32, i64)>, failed: &mut Vec<(u32, ErrorKind)>| {
        let started = Instant::now();
        match pool::publish(&target, &o, "PUBLISH", b"stream", n.to_string().as_bytes()) {
            Ok(subscribers) => {
                confirmed.push((n, subscribers));
                true
            }
            Err(e) => {
                slowest_failure = slowest_failure.max(started.elapsed());
                failed.push((n, e.kind));
                false
            }
        }
    };
    let mut n = 0u32;
    for _ in 0..50 {
        n += 1;
        assert!(send(n, &mut confirmed, &mut failed), "healthy master");
    }
    let killed_at = Instant::now();
    setup.master.kill();
    let mut switched_at: Option<Instant> = None;
    let mut resumed_at: Option<Instant> = None;
    let give_up = Instant::now() + Duration::from_secs(60);
    while resumed_at.is_none() {
        assert!(Instant::now() < give_up, "no publish went through within 60 s: {}", setup.sentinels[0].log());
        n += 1;
        let ok = send(n, &mut confirmed, &mut failed);
        if switched_at.is_none() && matches!(switch.poll(Duration::from_millis(1)), Next::Message(_)) {
            switched_at = Some(Instant::now());
        }
        if ok {
            resumed_at = Some(Instant::now());
        } else {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    if switched_at.is_none() && matches!(switch.poll(Duration::from_secs(5)), Next::Message(_)) {
        // Announced while the publish that went through was running.
        switched_at = resumed_at;
    }
    // Once the replica's subscriber is back, every publish reaches it.
    while on_replica.count_on_server() < 1 {
        std::thread::sleep(Duration::from_millis(10));
    }
    for _ in 0..20 {
        n += 1;
        assert!(send(n, &mut confirmed, &mut failed), "after the failover");
        assert_eq!(confirmed.last().unwrap().1, 1, "the new master's subscriber counts");
    }
    assert_eq!(sentinel::known_master(&target), Some(format!("127.0.0.1:{}", setup.replica.port)));

    std::thread::sleep(Duration::from_millis(300));
    let from_master = on_master.stop();
    let from_replica = on_replica.stop();
    let mut duplicated = Vec::new();
    for got in [&from_master, &from_replica] {
        let mut seen = std::collections::HashSet::new();
        duplicated.extend(got.iter().filter(|n| !seen.insert(**n)).copied());
    }
    let arrived = |n: &u32| from_master.contains(n) || from_replica.contains(n);
    let lost: Vec<u32> = confirmed.iter().filter(|(n, subs)| *subs > 0 && !arrived(n)).map(|(n, _)| *n).collect();
    let to_nobody = confirmed.iter().filter(|(_, subs)| *subs == 0).count();
    let failed_arrived: Vec<u32> = failed.iter().map(|(n, _)| *n).filter(|n| arrived(n)).collect();
    eprintln!(
        "failover: {} confirmed ({} to no subscriber yet), {} failed, {} lost, {} duplicated; slowest failure {:?}; \
         kill -> +switch-master {:?}; +switch-master -> first publish {:?}",
        confirmed.len(),
        to_nobody,
        failed.len(),
        lost.len(),
        duplicated.len(),
        slowest_failure,
        switched_at.map(|s| s - killed_at),
        switched_at.and_then(|s| resumed_at.map(|r| r.saturating_duration_since(s))),
    );
    assert!(duplicated.is_empty(), "duplicated: {duplicated:?}");
    assert!(lost.is_empty(), "confirmed to a subscriber but lost: {lost:?}");
    assert!(failed_arrived.is_empty(), "failed but published: {failed_arrived:?}");
    assert!(!failed.is_empty(), "publishes failed while no master existed");
    assert!(failed.iter().all(|(_, k)| !k.outcome_unknown()), "nothing was sent by a failed publish: {failed:?}");
}

/// A subscriber to `stream` on one server, in a thread, subscribing again whenever its
/// connection is closed; collects the numbers it receives.
struct Listener {
    port: u16,
    got: std::sync::Arc<std::sync::Mutex<Vec<u32>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Listener {
    fn start(port: u16) -> Listener {
        use std::sync::atomic::Ordering;
        let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (g, s) = (got.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut sub: Option<Subscriber> = None;
            while !s.load(Ordering::Relaxed) {
                let Some(current) = sub.as_mut() else {
                    sub = Subscriber::try_new(port, None, "stream").ok();
                    if sub.is_none() {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    continue;
                };
                match current.poll(Duration::from_millis(50)) {
                    Next::Message(payload) => {
                        g.lock().unwrap().push(String::from_utf8(payload).unwrap().parse().unwrap())
                    }
                    Next::Quiet => {}
                    Next::Closed => sub = None,
                }
            }
        });
        Listener { port, got, stop, thread: Some(thread) }
    }

    /// Subscribers to `stream` on the server (0 while ours reconnects).
    fn count_on_server(&self) -> i64 {
        let Ok(mut admin) = Admin::connect(self.port, None) else { return 0 };
        match admin.command(&["PUBSUB", "NUMSUB", "stream"]) {
            socketio_redis::resp::Reply::Array(Some(items)) => match items.get(1) {
                Some(socketio_redis::resp::Reply::Int(n)) => *n,
                _ => 0,
            },
            _ => 0,
        }
    }

    fn stop(mut self) -> Vec<u32> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.take().unwrap().join().unwrap();
        std::mem::take(&mut *self.got.lock().unwrap())
    }
}

fn ok() -> socketio_redis::resp::Reply {
    socketio_redis::resp::Reply::Simple("OK".into())
}
