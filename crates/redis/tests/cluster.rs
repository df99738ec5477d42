//! ClusterClient against a real Redis Cluster (3 masters + 3 replicas on loopback) and, for the
//! redirections a healthy cluster never produces on its own, against scripted fake nodes.
mod cluster_support;

use cluster_support::{serial, RawConn, RedisCluster, Subscriber, NODE_TIMEOUT_MS};
use socketio_redis::cluster::ClusterClient;
use socketio_redis::crc16::key_slot;
use socketio_redis::resp::{Reply, ReplyReader};
use socketio_redis::{ConnectOptions, Deadline, ErrorKind, Target};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(2);

fn opts() -> ConnectOptions {
    ConnectOptions {
        connect_timeout: Duration::from_millis(500),
        timeout: Duration::from_millis(500),
        ..Default::default()
    }
}

/// What the pool gives one publish to a cluster.
fn within(o: &ConnectOptions) -> Deadline {
    Deadline::after(o.publish_budget(true))
}

fn client(cluster: &RedisCluster, seeds: &[usize]) -> ClusterClient {
    let urls: Vec<String> = seeds.iter().map(|&i| cluster.seed_url(i)).collect();
    let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
    ClusterClient::connect(&Target::parse_cluster(&urls).unwrap(), &opts(), within(&opts()))
        .expect("connect to the cluster")
}

/// `socket.io#/#<room>#` channels, one per master, found by their slots.
fn one_channel_per_master(cluster: &RedisCluster) -> Vec<(String, u16)> {
    let mut found: HashMap<u16, String> = HashMap::new();
    let masters = cluster.masters();
    for i in 0.. {
        let channel = format!("socket.io#/#room-{i}#");
        let port = masters
            .iter()
            .find(|m| {
                m.slots.iter().any(|&(a, b)| a <= key_slot(channel.as_bytes()) && key_slot(channel.as_bytes()) <= b)
            })
            .unwrap()
            .port;
        found.entry(port).or_insert(channel);
        if found.len() == masters.len() {
            break;
        }
    }
    found.into_iter().map(|(port, ch)| (ch, port)).collect()
}

#[test]
fn spublish_goes_to_the_master_that_owns_the_channel_slot() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    let channel = b"socket.io#/#";
    assert_eq!(key_slot(channel), 13868);
    let owner = cluster.master_of(13868);
    let mut sub = Subscriber::new(&cluster, owner.port, true, &[channel]);
    // A seed that does not own the slot: the client must route by itself.
    let seed = cluster.ports.iter().position(|&p| p != owner.port).unwrap();
    let mut c = client(&cluster, &[seed]);
    // Bytes that would break a naive framing: CRLF, NUL, high bytes.
    let payload: &[u8] = b"{\"type\":3}\r\n\x00\xff\xc4";
    assert_eq!(
        c.publish(&opts(), "SPUBLISH", channel, payload, within(&opts())).unwrap(),
        1,
        "the owner counts its one subscriber"
    );
    assert_eq!(sub.next(WAIT), Some((channel.to_vec(), payload.to_vec())));
    // Connections are kept: a second publish opens nothing new.
    let open = c.open_connections();
    assert!(open >= 1);
    assert_eq!(c.publish(&opts(), "SPUBLISH", channel, b"2", within(&opts())).unwrap(), 1);
    assert_eq!(c.open_connections(), open);
    assert_eq!(sub.next(WAIT).map(|m| m.1), Some(b"2".to_vec()));
    assert!(c.is_reusable());
    // Nobody listens on a channel of another slot: 0, not an error.
    assert_eq!(c.publish(&opts(), "SPUBLISH", b"socket.io#/nobody#", b"x", within(&opts())).unwrap(), 0);
    assert_eq!(sub.drain(Duration::from_millis(200)), vec![], "no stray copies");
}

#[test]
fn room_channels_hash_to_every_master() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    let masters = cluster.masters();
    assert_eq!(masters.len(), 3);
    // 64 rooms, as many Socket.IO apps have: their channels land on all three shards.
    let channels: Vec<String> = (0..64).map(|i| format!("socket.io#/#room-{i}#")).collect();
    let mut by_master: HashMap<u16, Vec<&[u8]>> = HashMap::new();
    for ch in &channels {
        let slot = key_slot(ch.as_bytes());
        let port = masters.iter().find(|m| m.slots.iter().any(|&(a, b)| a <= slot && slot <= b)).unwrap().port;
        by_master.entry(port).or_default().push(ch.as_bytes());
    }
    assert_eq!(by_master.len(), 3, "64 room channels cover the three masters");
    let mut subs: Vec<Subscriber> =
        by_master.iter().map(|(&port, chs)| Subscriber::new(&cluster, port, true, chs)).collect();
    let mut c = client(&cluster, &[0]);
    for ch in &channels {
        assert_eq!(c.publish(&opts(), "SPUBLISH", ch.as_bytes(), ch.as_bytes(), within(&opts())).unwrap(), 1, "{ch}");
    }
    let mut got: Vec<Vec<u8>> = Vec::new();
    for sub in &mut subs {
        for (channel, payload) in sub.drain(Duration::from_millis(300)) {
            assert_eq!(channel, payload, "each message arrives on its own channel");
            let slot = key_slot(&channel);
            assert!(cluster.master_of(slot).port == sub.port, "delivered by the shard that owns it");
            got.push(payload);
        }
    }
    got.sort();
    let mut want: Vec<Vec<u8>> = channels.iter().map(|c| c.as_bytes().to_vec()).collect();
    want.sort();
    assert_eq!(got, want, "every channel exactly once");
    assert_eq!(c.open_connections(), 3, "one connection per master, none to replicas");
}

#[test]
fn moved_after_a_slot_is_resharded_is_followed_and_remembered() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    let channel = b"socket.io#/#r1#";
    let slot = key_slot(channel);
    assert_eq!(slot, 8259);
    let from = cluster.master_of(slot);
    let mut c = client(&cluster, &[0]);
    let mut old_sub = Subscriber::new(&cluster, from.port, true, &[channel]);
    assert_eq!(c.publish(&opts(), "SPUBLISH", channel, b"before", within(&opts())).unwrap(), 1);
    assert_eq!(old_sub.next(WAIT).map(|m| m.1), Some(b"before".to_vec()));

    let to = cluster.masters().into_iter().find(|m| m.id != from.id).unwrap();
    cluster.move_slot(slot, &to);
    assert_eq!(cluster.master_of(slot).port, to.port);
    let mut new_sub = Subscriber::new(&cluster, to.port, true, &[channel]);

    // The client still believes `from` owns the slot: MOVED, then the new owner.
    assert_eq!(
        c.publish(&opts(), "SPUBLISH", channel, b"after", within(&opts())).unwrap(),
        1,
        "the new owner's subscriber counted"
    );
    assert_eq!(new_sub.next(WAIT).map(|m| m.1), Some(b"after".to_vec()));
    assert_eq!(new_sub.drain(Duration::from_millis(200)), vec![], "MOVED means not executed: one copy");
    assert_eq!(old_sub.drain(Duration::from_millis(200)), vec![], "the old owner published nothing");

    // Remembered: the next publish goes straight to the new owner (checked through the old
    // owner's command stats: no further SPUBLISH reaches it).
    let spublish_calls = |port: u16| -> u64 {
        let text = cluster.cmd_text(port, &["INFO", "commandstats"]);
        text.lines()
            .find(|l| l.starts_with("cmdstat_spublish:"))
            .and_then(|l| l.split("calls=").nth(1))
            .and_then(|v| v.split(',').next())
            .map_or(0, |v| v.parse().unwrap())
    };
    let before = spublish_calls(from.port);
    for i in 0..5 {
        assert_eq!(c.publish(&opts(), "SPUBLISH", channel, format!("n{i}").as_bytes(), within(&opts())).unwrap(), 1);
    }
    assert_eq!(spublish_calls(from.port), before, "no more detours through the old owner");
    assert_eq!(new_sub.drain(Duration::from_millis(300)).len(), 5);
}

#[test]
fn classic_publish_reaches_subscribers_on_any_node() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    // Classic pub/sub is broadcast over the cluster bus: subscribers on a replica and on another
    // master both get one copy, whichever node the client picked.
    let channel = b"socket.io#/#";
    let mut subs: Vec<Subscriber> =
        [cluster.ports[1], cluster.ports[5]].iter().map(|&p| Subscriber::new(&cluster, p, false, &[channel])).collect();
    let mut c = client(&cluster, &[0]);
    for i in 0..3 {
        let n = c.publish(&opts(), "PUBLISH", channel, format!("m{i}").as_bytes(), within(&opts())).unwrap();
        assert!((0..=2).contains(&n), "PUBLISH counts the subscribers of the node it ran on: {n}");
    }
    for sub in &mut subs {
        let got: Vec<Vec<u8>> = sub.drain(Duration::from_millis(500)).into_iter().map(|m| m.1).collect();
        assert_eq!(got, vec![b"m0".to_vec(), b"m1".to_vec(), b"m2".to_vec()], "subscriber on {}", sub.port);
    }
    assert_eq!(c.open_connections(), 1, "PUBLISH reuses the one connection it has");
    // SPUBLISH does not reach classic subscribers, PUBLISH does not reach sharded ones.
    let (ch2, owner) = one_channel_per_master(&cluster).remove(0);
    let mut ssub = Subscriber::new(&cluster, owner, true, &[ch2.as_bytes()]);
    c.publish(&opts(), "PUBLISH", ch2.as_bytes(), b"classic", within(&opts())).unwrap();
    assert_eq!(ssub.drain(Duration::from_millis(300)), vec![]);
}

#[test]
fn a_dead_first_seed_is_skipped_and_dead_seeds_fail_within_bounds() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    let dead = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dead_url = format!("redis://127.0.0.1:{dead}");
    let live_url = cluster.seed_url(2);
    let target = Target::parse_cluster(&[&dead_url, &live_url]).unwrap();
    let mut c = ClusterClient::connect(&target, &opts(), within(&opts())).expect("the second seed answers");
    assert_eq!(c.publish(&opts(), "SPUBLISH", b"socket.io#/#", b"x", within(&opts())).unwrap(), 0);

    let dead2 = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let target = Target::parse_cluster(&[&dead_url, &format!("redis://127.0.0.1:{dead2}")]).unwrap();
    let started = Instant::now();
    let e = ClusterClient::connect(&target, &opts(), within(&opts())).err().expect("no seed answers");
    assert!(started.elapsed() < Duration::from_secs(2), "bounded: {:?}", started.elapsed());
    assert_eq!(e.kind, ErrorKind::Connect, "{}", e.message);
    assert!(
        e.message.contains(&format!("127.0.0.1:{dead}")) && e.message.contains(&format!("127.0.0.1:{dead2}")),
        "{}",
        e.message
    );

    // A plain (non-cluster) Redis as seed: a configuration error that says so.
    let fake = FakeNode::start(|_, cmd| {
        if cmd[0].eq_ignore_ascii_case(b"CLUSTER") {
            b"-ERR This instance has cluster support disabled\r\n".to_vec()
        } else {
            b"+OK\r\n".to_vec()
        }
    });
    let target = Target::parse_cluster(&[&format!("redis://127.0.0.1:{}", fake.port)]).unwrap();
    let e = ClusterClient::connect(&target, &opts(), within(&opts())).err().unwrap();
    assert_eq!(e.kind, ErrorKind::Config);
    assert!(
        e.message.contains("not a Redis Cluster node") && e.message.contains(&fake.port.to_string()),
        "{}",
        e.message
    );
}

#[test]
fn password_protected_cluster_and_wrong_password() {
    let _turn = serial();
    let pw = "s3cr3t-p@ss";
    let cluster = RedisCluster::start_with(Some("s3cr3t-p@ss"));
    let mut c = client(&cluster, &[0]);
    for (ch, port) in one_channel_per_master(&cluster) {
        let mut sub = Subscriber::new(&cluster, port, true, &[ch.as_bytes()]);
        assert_eq!(
            c.publish(&opts(), "SPUBLISH", ch.as_bytes(), b"x", within(&opts())).unwrap(),
            1,
            "AUTH on every node it opens"
        );
        assert_eq!(sub.next(WAIT).map(|m| m.1), Some(b"x".to_vec()));
    }
    let url = format!("redis://:wrong-{pw}@127.0.0.1:{}", cluster.ports[0]);
    let e = ClusterClient::connect(&Target::parse_cluster(&[&url]).unwrap(), &opts(), within(&opts())).err().unwrap();
    assert_eq!(e.kind, ErrorKind::Auth, "{}", e.message);
    assert!(e.message.contains(&format!("127.0.0.1:{}", cluster.ports[0])), "{}", e.message);
    assert!(!e.message.contains(pw), "no password in: {}", e.message);
}

#[test]
fn failover_of_the_channel_master_resumes_on_its_own() {
    let _turn = serial();
    let mut cluster = RedisCluster::start();
    let channel = b"socket.io#/#";
    let slot = key_slot(channel);
    let master = cluster.master_of(slot);
    let replica = cluster.replicas_of(&master).remove(0);
    let mut c = client(&cluster, &[0]);
    let o = opts();
    assert!(c.publish(&o, "SPUBLISH", channel, b"warm", within(&o)).is_ok());
    // A classic publisher whose one connection is to the master about to die.
    let seed = cluster.ports.iter().position(|&p| p == master.port).unwrap();
    let mut classic = client(&cluster, &[seed]);
    assert!(classic.publish(&o, "PUBLISH", b"socket.io#/#", b"warm", within(&o)).is_ok());
    assert_eq!(classic.open_connections(), 1);

    cluster.kill(master.port);
    let killed = Instant::now();
    // Classic pub/sub needs no particular node: the very next PUBLISH goes through another one.
    for i in 0..3 {
        classic
            .publish(&o, "PUBLISH", b"socket.io#/#", b"x", within(&o))
            .unwrap_or_else(|e| panic!("PUBLISH #{i} after the kill: {}", e.message));
    }
    let mut failures: Vec<String> = Vec::new();
    let mut first_ok: Option<Duration> = None;
    let mut sent = 0;
    let deadline = killed + Duration::from_millis(NODE_TIMEOUT_MS * 10);
    while Instant::now() < deadline {
        sent += 1;
        let t = Instant::now();
        match c.publish(&o, "SPUBLISH", channel, format!("m{sent}").as_bytes(), within(&o)) {
            Ok(_) => {
                first_ok = Some(killed.elapsed());
                break;
            }
            Err(e) => {
                // Each failing emit is bounded: no waiting a connect timeout per emit.
                assert!(
                    t.elapsed() < o.connect_timeout + o.timeout + Duration::from_millis(200),
                    "{:?}: {}",
                    t.elapsed(),
                    e.message
                );
                assert!(!e.message.is_empty());
                failures.push(e.message);
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let first_ok =
        first_ok.unwrap_or_else(|| panic!("no publish succeeded within {:?}; errors: {failures:?}", deadline - killed));
    assert!(!failures.is_empty(), "the master was dead for a while: some emits must have failed");
    assert!(
        failures.iter().any(|m| m.contains(&format!("127.0.0.1:{}", master.port))),
        "errors name the dead node: {failures:?}"
    );
    let distinct: HashSet<&String> = failures.iter().collect();
    eprintln!(
        "failover: first successful SPUBLISH {:.2}s after the kill ({} failed emits, node timeout {}ms); errors seen: {distinct:?}",
        first_ok.as_secs_f64(),
        failures.len(),
        NODE_TIMEOUT_MS
    );
    let promoted = cluster.wait_promoted(slot, master.port, Duration::from_secs(5));
    assert_eq!(promoted.port, replica.port, "the replica took over");
    // The same client, not recreated: subscribers on the new master get every later emit.
    let mut sub = Subscriber::new(&cluster, promoted.port, true, &[channel]);
    for i in 0..10 {
        assert_eq!(c.publish(&o, "SPUBLISH", channel, format!("after{i}").as_bytes(), within(&o)).unwrap(), 1);
    }
    assert_eq!(sub.drain(Duration::from_millis(300)).len(), 10);
}

#[test]
fn a_stalled_master_is_never_sent_the_same_message_twice() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    let channel = b"socket.io#/#";
    let master = cluster.master_of(key_slot(channel));
    let mut sub = Subscriber::new(&cluster, master.port, true, &[channel]);
    let mut c = client(&cluster, &[0]);
    let o = ConnectOptions { timeout: Duration::from_millis(200), ..opts() };
    assert_eq!(c.publish(&o, "SPUBLISH", channel, b"first", within(&o)).unwrap(), 1);
    // The master stops answering for less than the node timeout: no failover, but the publish
    // times out after Redis may have read it.
    let mut admin = RawConn::open(master.port, Duration::from_secs(5)).unwrap();
    admin.send(&[b"DEBUG", b"SLEEP", b"1"]).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let e = c.publish(&o, "SPUBLISH", channel, b"during", within(&o)).expect_err("times out");
    assert_eq!(e.kind, ErrorKind::Timeout, "{}", e.message);
    assert!(e.message.contains(&format!("127.0.0.1:{}", master.port)), "{}", e.message);
    assert_eq!(admin.read().unwrap(), Reply::Simple("OK".into()));
    let got: Vec<Vec<u8>> = std::iter::from_fn(|| sub.next(Duration::from_millis(500)).map(|m| m.1)).take(10).collect();
    assert_eq!(got, vec![b"first".to_vec(), b"during".to_vec()], "executed once after the sleep, never resent");
    assert_eq!(c.publish(&o, "SPUBLISH", channel, b"later", within(&o)).unwrap(), 1, "the same client recovers");
    assert_eq!(sub.next(WAIT).map(|m| m.1), Some(b"later".to_vec()));
}

#[test]
fn a_forked_child_does_not_reuse_the_client() {
    let _turn = serial();
    let cluster = RedisCluster::start();
    let c = client(&cluster, &[0]);
    assert!(c.is_reusable());
    // SAFETY: the child only reads its pid and exits without running destructors.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        let code = if c.is_reusable() { 1 } else { 0 };
        // SAFETY: ends the forked child at once, without running the parent's atexit handlers.
        unsafe { libc::_exit(code) };
    }
    let mut status = 0;
    // SAFETY: `status` is a live c_int; `pid` is our own child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "the child saw a reusable client");
    assert!(c.is_reusable(), "still fine in the parent");
}

// ---------------------------------------------------------------------------------------------
// Scripted nodes: a healthy cluster answers SPUBLISH during a slot migration locally (channels
// are not keys), so ASK and pathological redirections are tested against fakes.

type Handler = dyn Fn(u16, &[Vec<u8>]) -> Vec<u8> + Send + Sync;

struct FakeNode {
    port: u16,
    log: Arc<Mutex<Vec<Vec<Vec<u8>>>>>,
}

impl FakeNode {
    fn start(handler: impl Fn(u16, &[Vec<u8>]) -> Vec<u8> + Send + Sync + 'static) -> FakeNode {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Arc<Mutex<Vec<Vec<Vec<u8>>>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (handler, log) = (handler.clone(), log2.clone());
                std::thread::spawn(move || serve(stream, port, &*handler, &log));
            }
        });
        FakeNode { port, log }
    }

    fn commands(&self) -> Vec<String> {
        self.log.lock().unwrap().iter().map(|c| String::from_utf8_lossy(&c.join(&b' ')).into_owned()).collect()
    }
}

fn serve(mut stream: TcpStream, port: u16, handler: &Handler, log: &Mutex<Vec<Vec<Vec<u8>>>>) {
    let mut reader = ReplyReader::new();
    let mut input = stream.try_clone().unwrap();
    while let Ok(Reply::Array(Some(items))) = reader.read_reply(&mut input) {
        let cmd: Vec<Vec<u8>> = items
            .into_iter()
            .map(|i| match i {
                Reply::Bulk(Some(b)) => b,
                _ => Vec::new(),
            })
            .collect();
        log.lock().unwrap().push(cmd.clone());
        if stream.write_all(&handler(port, &cmd)).is_err() {
            return;
        }
    }
}

fn slots_reply(ranges: &[(u16, u16, u16)]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", ranges.len());
    for (start, end, port) in ranges {
        out += &format!("*3\r\n:{start}\r\n:{end}\r\n*3\r\n$9\r\n127.0.0.1\r\n:{port}\r\n$2\r\nid\r\n");
    }
    out.into_bytes()
}

#[test]
fn ask_sends_asking_then_the_command_once_on_the_importing_node() {
    let importing = FakeNode::start(|_, cmd| match cmd[0].to_ascii_uppercase().as_slice() {
        b"SPUBLISH" => b":7\r\n".to_vec(),
        _ => b"+OK\r\n".to_vec(),
    });
    let ip = importing.port;
    let owner = FakeNode::start(move |me, cmd| match cmd[0].to_ascii_uppercase().as_slice() {
        b"CLUSTER" => slots_reply(&[(0, 16383, me)]),
        b"SPUBLISH" => format!("-ASK {} 127.0.0.1:{ip}\r\n", key_slot(&cmd[1])).into_bytes(),
        _ => b"+OK\r\n".to_vec(),
    });
    let target = Target::parse_cluster(&[&format!("redis://127.0.0.1:{}", owner.port)]).unwrap();
    let mut c = ClusterClient::connect(&target, &opts(), within(&opts())).unwrap();
    assert_eq!(c.publish(&opts(), "SPUBLISH", b"socket.io#/#", b"p", within(&opts())).unwrap(), 7);
    assert_eq!(importing.commands(), vec!["ASKING".to_string(), "SPUBLISH socket.io#/# p".to_string()]);
    // ASK is one-off: the slot still belongs to the owner for the next publish.
    assert_eq!(c.publish(&opts(), "SPUBLISH", b"socket.io#/#", b"q", within(&opts())).unwrap(), 7);
    let owner_spublish = owner.commands().iter().filter(|c| c.starts_with("SPUBLISH")).count();
    assert_eq!(owner_spublish, 2);
}

#[test]
fn redirect_loops_and_clusterdown_are_errors_that_name_the_node() {
    let a = FakeNode::start(|me, cmd| match cmd[0].to_ascii_uppercase().as_slice() {
        b"CLUSTER" => slots_reply(&[(0, 16383, me)]),
        // Points at itself forever.
        b"SPUBLISH" => format!("-MOVED {} 127.0.0.1:{me}\r\n", key_slot(&cmd[1])).into_bytes(),
        b"PUBLISH" => b"-CLUSTERDOWN The cluster is down\r\n".to_vec(),
        _ => b"+OK\r\n".to_vec(),
    });
    let target = Target::parse_cluster(&[&format!("redis://127.0.0.1:{}", a.port)]).unwrap();
    let mut c = ClusterClient::connect(&target, &opts(), within(&opts())).unwrap();
    let e = c.publish(&opts(), "SPUBLISH", b"x", b"p", within(&opts())).err().unwrap();
    assert_eq!(e.kind, ErrorKind::Server);
    assert!(e.message.contains("redirected") && e.message.contains(&format!("127.0.0.1:{}", a.port)), "{}", e.message);
    let spublishes = a.commands().iter().filter(|c| c.starts_with("SPUBLISH")).count();
    assert!(spublishes <= 6, "bounded: {spublishes}");
    let e = c.publish(&opts(), "PUBLISH", b"x", b"p", within(&opts())).err().unwrap();
    assert_eq!(e.kind, ErrorKind::Server);
    assert!(e.message.contains("CLUSTERDOWN") && e.message.contains(&format!("127.0.0.1:{}", a.port)), "{}", e.message);
}

#[test]
fn moved_to_an_unknown_node_adds_it() {
    let b = FakeNode::start(|_, cmd| match cmd[0].to_ascii_uppercase().as_slice() {
        b"SPUBLISH" => b":2\r\n".to_vec(),
        _ => b"+OK\r\n".to_vec(),
    });
    let bp = b.port;
    let a = FakeNode::start(move |me, cmd| match cmd[0].to_ascii_uppercase().as_slice() {
        b"CLUSTER" => slots_reply(&[(0, 16383, me)]),
        // The empty host means "my own host".
        b"SPUBLISH" => format!("-MOVED {} :{bp}\r\n", key_slot(&cmd[1])).into_bytes(),
        _ => b"+OK\r\n".to_vec(),
    });
    let target = Target::parse_cluster(&[&format!("redis://127.0.0.1:{}", a.port)]).unwrap();
    let mut c = ClusterClient::connect(&target, &opts(), within(&opts())).unwrap();
    assert_eq!(c.publish(&opts(), "SPUBLISH", b"ch", b"p", within(&opts())).unwrap(), 2);
    assert_eq!(c.open_connections(), 2);
    // The slot now maps to b (a's later CLUSTER SLOTS would say otherwise, but the refresh is
    // rate limited, and b keeps answering).
    let seen: HashSet<String> = b.commands().into_iter().collect();
    assert!(seen.contains("SPUBLISH ch p"), "{seen:?}");
}

#[test]
fn one_overall_bound_across_redirects() {
    // Every SPUBLISH is answered after 350 ms with a MOVED back to the same node: each hop fits
    // in `timeout`, but six of them (MAX_REDIRECTS + 1) would take 2.1 s.
    let a = FakeNode::start(|me, cmd| match cmd[0].to_ascii_uppercase().as_slice() {
        b"CLUSTER" => slots_reply(&[(0, 16383, me)]),
        b"SPUBLISH" => {
            std::thread::sleep(Duration::from_millis(350));
            format!("-MOVED {} 127.0.0.1:{me}\r\n", key_slot(&cmd[1])).into_bytes()
        }
        _ => b"+OK\r\n".to_vec(),
    });
    let o =
        ConnectOptions { connect_timeout: Duration::from_millis(100), timeout: Duration::from_millis(500), ..opts() };
    assert_eq!(o.publish_budget(true), Duration::from_millis(1200), "2 x (connect_timeout + timeout)");
    let target = Target::parse_cluster(&[&format!("redis://127.0.0.1:{}", a.port)]).unwrap();
    let mut c = ClusterClient::connect(&target, &o, within(&o)).unwrap();
    let e = c.publish(&o, "SPUBLISH", b"socket.io#/#", b"p", within(&o)).unwrap_err();
    let sent = a.commands().iter().filter(|c| c.starts_with("SPUBLISH")).count();
    // Within 1.2 s at most four hops fit: the budget, not MAX_REDIRECTS, ended it.
    assert!(sent <= 4, "{sent} SPUBLISH hops: {}", e.message);
    assert!(!e.message.contains("redirected more than"), "{}", e.message);
    assert!(matches!(e.kind, ErrorKind::Timeout | ErrorKind::Io), "{:?}: {}", e.kind, e.message);
}
