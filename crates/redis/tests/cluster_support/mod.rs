//! A real Redis Cluster on loopback for tests: 3 masters with a replica each, on free ports,
//! stopped (and its files removed) on drop. A missing `redis-server` or `redis-cli` panics: a
//! cluster test that cannot run must fail, never pass by skipping.
#![allow(dead_code)]

#[path = "../common/binaries.rs"]
mod binaries;

use socketio_redis::resp::{encode_command, Reply, ReplyReader};
use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Short enough that a failover test takes seconds, long enough that a busy 2-core CI machine
/// does not fail over healthy masters.
pub const NODE_TIMEOUT_MS: u64 = 2000;

/// Six redis-server processes per cluster: tests that start one take turns.
static SERIAL: Mutex<()> = Mutex::new(());

pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct RedisCluster {
    pub dir: PathBuf,
    pub ports: Vec<u16>,
    pub password: Option<String>,
    children: Vec<Option<Child>>,
}

/// One line of CLUSTER NODES.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub id: String,
    pub port: u16,
    pub master: bool,
    pub failed: bool,
    pub master_id: Option<String>,
    pub slots: Vec<(u16, u16)>,
}

#[path = "../common/ports.rs"]
mod ports;

/// Distinct ports no other test or process will take, even after a node is killed.
fn free_ports(n: usize) -> Vec<u16> {
    (0..n).map(|_| ports::reserve()).collect()
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl RedisCluster {
    pub fn start() -> RedisCluster {
        Self::start_with(None)
    }

    /// `password`: requirepass and masterauth on every node.
    pub fn start_with(password: Option<&str>) -> RedisCluster {
        for tool in [binaries::redis_server(), binaries::redis_cli()] {
            let ok = Command::new(&tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map(|s| s.success());
            assert!(
                matches!(ok, Ok(true)),
                "{} is required for the Redis Cluster tests (apt-get install redis-server); not skipping",
                tool.to_string_lossy()
            );
        }
        let dir = std::env::temp_dir().join(format!(
            "socketio-cluster-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Client ports and cluster bus ports, all free now.
        let all = free_ports(12);
        let (ports, bus) = (all[..6].to_vec(), all[6..].to_vec());
        let mut cluster = RedisCluster {
            dir: dir.clone(),
            ports: ports.clone(),
            password: password.map(str::to_string),
            children: Vec::new(),
        };
        for (port, bus) in ports.iter().zip(&bus) {
            cluster.children.push(Some(cluster.spawn(*port, *bus)));
        }
        for &port in &ports {
            cluster.wait_ping(port, Duration::from_secs(10));
        }
        let mut create = Command::new(binaries::redis_cli());
        create.arg("--cluster").arg("create");
        for port in &ports {
            create.arg(format!("127.0.0.1:{port}"));
        }
        create.args(["--cluster-replicas", "1", "--cluster-yes"]);
        if let Some(pw) = password {
            create.env("REDISCLI_AUTH", pw);
        }
        let out = create.output().expect("run redis-cli --cluster create");
        assert!(
            out.status.success(),
            "redis-cli --cluster create failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        cluster.wait_healthy(Duration::from_secs(30));
        cluster
    }

    fn spawn(&self, port: u16, bus: u16) -> Child {
        let mut cmd = Command::new(binaries::redis_server());
        cmd.args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--cluster-enabled", "yes"])
            .args(["--cluster-port", &bus.to_string()])
            .args(["--cluster-config-file", self.dir.join(format!("nodes-{port}.conf")).to_str().unwrap()])
            .args(["--cluster-node-timeout", &NODE_TIMEOUT_MS.to_string()])
            .args(["--dir", self.dir.to_str().unwrap()])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            // Replicas sync at once instead of after the default 5 s diskless delay: a replica
            // that has not synced cannot be promoted.
            .args(["--repl-diskless-sync-delay", "0"])
            .args(["--logfile", self.dir.join(format!("redis-{port}.log")).to_str().unwrap()])
            .args(["--enable-debug-command", "local"]);
        if let Some(pw) = &self.password {
            cmd.args(["--requirepass", pw, "--masterauth", pw]);
        }
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        cmd.spawn().expect("start redis-server")
    }

    pub fn seed_url(&self, i: usize) -> String {
        match &self.password {
            Some(pw) => format!("redis://:{pw}@127.0.0.1:{}", self.ports[i]),
            None => format!("redis://127.0.0.1:{}", self.ports[i]),
        }
    }

    /// One command through a fresh connection; panics on I/O errors.
    pub fn cmd(&self, port: u16, args: &[&str]) -> Reply {
        self.try_cmd(port, args).unwrap_or_else(|e| panic!("127.0.0.1:{port} {args:?}: {e}"))
    }

    pub fn try_cmd(&self, port: u16, args: &[&str]) -> Result<Reply, String> {
        let mut conn = RawConn::open(port, Duration::from_secs(5)).map_err(|e| e.to_string())?;
        if let Some(pw) = &self.password {
            conn.command(&["AUTH", pw])?;
        }
        conn.command(args)
    }

    pub fn cmd_text(&self, port: u16, args: &[&str]) -> String {
        match self.cmd(port, args) {
            Reply::Bulk(Some(b)) => String::from_utf8(b).unwrap(),
            Reply::Simple(s) => s,
            other => panic!("{args:?} on {port}: unexpected {other:?}"),
        }
    }

    fn wait_ping(&self, port: u16, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Reply::Simple(s)) = self.try_cmd(port, &["PING"]) {
                if s == "PONG" {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "redis-server on {port} did not start: see {}", self.dir.display());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every running node says `cluster_state:ok` and knows every slot, and every replica has
    /// finished its first sync (a replica that has not cannot be promoted).
    pub fn wait_healthy(&self, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            let mut ok = true;
            for (i, &port) in self.ports.iter().enumerate() {
                if self.children[i].is_none() {
                    continue;
                }
                let info = match self.try_cmd(port, &["CLUSTER", "INFO"]) {
                    Ok(Reply::Bulk(Some(b))) => String::from_utf8_lossy(&b).into_owned(),
                    _ => {
                        ok = false;
                        break;
                    }
                };
                if !info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384") {
                    ok = false;
                    break;
                }
                // Every node must see every master with its replica: redis-cli returns before
                // all CLUSTER REPLICATE have spread, and a test that looks for "the replica of
                // the master that owns a slot" needs them all.
                let view = self.nodes(port);
                let masters: Vec<&NodeInfo> = view.iter().filter(|n| n.master && !n.slots.is_empty()).collect();
                let replicated =
                    masters.iter().all(|m| view.iter().any(|n| n.master_id.as_deref() == Some(m.id.as_str())));
                if view.len() != self.ports.len() || masters.len() * 2 != self.ports.len() || !replicated {
                    ok = false;
                    break;
                }
                if let Ok(Reply::Bulk(Some(b))) = self.try_cmd(port, &["INFO", "replication"]) {
                    let repl = String::from_utf8_lossy(&b);
                    if repl.contains("role:slave") && !repl.contains("master_link_status:up") {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                return;
            }
            assert!(Instant::now() < deadline, "the cluster did not become healthy: see {}", self.dir.display());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// CLUSTER NODES as seen by `port`.
    pub fn nodes(&self, port: u16) -> Vec<NodeInfo> {
        let text = self.cmd_text(port, &["CLUSTER", "NODES"]);
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let f: Vec<&str> = line.split(' ').collect();
                let addr = f[1].split('@').next().unwrap();
                let port: u16 = addr.rsplit_once(':').unwrap().1.parse().unwrap();
                let flags = f[2];
                let slots = f[8..]
                    .iter()
                    .filter(|s| !s.starts_with('['))
                    .map(|s| match s.split_once('-') {
                        Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
                        None => (s.parse().unwrap(), s.parse().unwrap()),
                    })
                    .collect();
                NodeInfo {
                    id: f[0].to_string(),
                    port,
                    master: flags.contains("master"),
                    failed: flags.contains("fail") && !flags.contains("fail?"),
                    master_id: if f[3] == "-" { None } else { Some(f[3].to_string()) },
                    slots,
                }
            })
            .collect()
    }

    /// A running node to ask about the cluster.
    pub fn any_live_port(&self) -> u16 {
        self.ports.iter().enumerate().find(|(i, _)| self.children[*i].is_some()).map(|(_, p)| *p).expect("a live node")
    }

    /// The master serving `slot`, as seen by a live node.
    pub fn master_of(&self, slot: u16) -> NodeInfo {
        self.nodes(self.any_live_port())
            .into_iter()
            .find(|n| n.master && !n.failed && n.slots.iter().any(|&(a, b)| a <= slot && slot <= b))
            .unwrap_or_else(|| panic!("no master for slot {slot}"))
    }

    pub fn replicas_of(&self, master: &NodeInfo) -> Vec<NodeInfo> {
        self.nodes(self.any_live_port()).into_iter().filter(|n| n.master_id.as_deref() == Some(&master.id)).collect()
    }

    pub fn masters(&self) -> Vec<NodeInfo> {
        self.nodes(self.any_live_port()).into_iter().filter(|n| n.master && !n.slots.is_empty()).collect()
    }

    /// Stops one node at once (SIGKILL: like a crashed machine, nothing is flushed or announced).
    pub fn kill(&mut self, port: u16) {
        let i = self.ports.iter().position(|&p| p == port).expect("a node of this cluster");
        if let Some(mut child) = self.children[i].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Moves `slot` from its master to `to` the way `redis-cli --cluster reshard` does (no keys
    /// to migrate: pub/sub channels are not keys), and tells every master.
    pub fn move_slot(&self, slot: u16, to: &NodeInfo) {
        let from = self.master_of(slot);
        assert_ne!(from.id, to.id, "slot {slot} is already on {}", to.port);
        let s = slot.to_string();
        self.ok(self.cmd(to.port, &["CLUSTER", "SETSLOT", &s, "IMPORTING", &from.id]));
        self.ok(self.cmd(from.port, &["CLUSTER", "SETSLOT", &s, "MIGRATING", &to.id]));
        self.ok(self.cmd(to.port, &["CLUSTER", "SETSLOT", &s, "NODE", &to.id]));
        self.ok(self.cmd(from.port, &["CLUSTER", "SETSLOT", &s, "NODE", &to.id]));
        for m in self.masters() {
            if m.id != from.id && m.id != to.id {
                self.ok(self.cmd(m.port, &["CLUSTER", "SETSLOT", &s, "NODE", &to.id]));
            }
        }
    }

    fn ok(&self, reply: Reply) {
        assert_eq!(reply, Reply::Simple("OK".into()));
    }

    /// Waits until a live node reports `slot` served by a master other than `old_port`.
    pub fn wait_promoted(&self, slot: u16, old_port: u16, limit: Duration) -> NodeInfo {
        let deadline = Instant::now() + limit;
        loop {
            let found = self.nodes(self.any_live_port()).into_iter().find(|n| {
                n.port != old_port && n.master && !n.failed && n.slots.iter().any(|&(a, b)| a <= slot && slot <= b)
            });
            if let Some(n) = found {
                return n;
            }
            assert!(Instant::now() < deadline, "no replica took over slot {slot} within {limit:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        for child in self.children.iter_mut().flatten() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            eprintln!("cluster files kept for inspection in {}", self.dir.display());
        }
    }
}

/// A plain RESP connection for the test's side: subscribers and admin commands, independent of
/// the client under test.
pub struct RawConn {
    stream: TcpStream,
    reader: ReplyReader,
    out: Vec<u8>,
}

impl RawConn {
    pub fn open(port: u16, timeout: Duration) -> std::io::Result<RawConn> {
        let stream = TcpStream::connect_timeout(&format!("127.0.0.1:{port}").parse().unwrap(), timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        Ok(RawConn { stream, reader: ReplyReader::new(), out: Vec::new() })
    }

    pub fn send(&mut self, args: &[&[u8]]) -> Result<(), String> {
        self.out.clear();
        encode_command(args, &mut self.out);
        self.stream.write_all(&self.out).map_err(|e| e.to_string())
    }

    pub fn read(&mut self) -> Result<Reply, String> {
        self.reader.read_reply(&mut self.stream).map_err(|e| format!("{e:?}"))
    }

    pub fn command(&mut self, args: &[&str]) -> Result<Reply, String> {
        let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        self.send(&args)?;
        self.read()
    }

    pub fn set_read_timeout(&mut self, t: Duration) {
        self.stream.set_read_timeout(Some(t)).unwrap();
    }
}

/// A subscriber on one node: SSUBSCRIBE (sharded) or SUBSCRIBE (classic).
pub struct Subscriber {
    conn: RawConn,
    pub port: u16,
}

impl Subscriber {
    /// Panics if the node refuses (e.g. MOVED: not the shard that owns the channel).
    pub fn new(cluster: &RedisCluster, port: u16, sharded: bool, channels: &[&[u8]]) -> Subscriber {
        let mut conn = RawConn::open(port, Duration::from_secs(5)).unwrap();
        if let Some(pw) = &cluster.password {
            conn.command(&["AUTH", pw]).unwrap();
        }
        let verb: &[u8] = if sharded { b"SSUBSCRIBE" } else { b"SUBSCRIBE" };
        // One command per channel: one SSUBSCRIBE may only name channels of a single slot.
        for channel in channels {
            conn.send(&[verb, channel]).unwrap();
            match conn.read().unwrap() {
                Reply::Array(Some(items)) if matches!(&items[0], Reply::Bulk(Some(k)) if k.eq_ignore_ascii_case(verb)) =>
                    {}
                other => panic!("subscribe on {port}: {other:?}"),
            }
        }
        Subscriber { conn, port }
    }

    /// The next message's (channel, payload), or None after `wait`.
    pub fn next(&mut self, wait: Duration) -> Option<(Vec<u8>, Vec<u8>)> {
        self.conn.set_read_timeout(wait);
        loop {
            match self.conn.read() {
                Ok(Reply::Array(Some(items))) => {
                    let kind = match &items[0] {
                        Reply::Bulk(Some(k)) => k.clone(),
                        _ => continue,
                    };
                    if kind == b"message" || kind == b"smessage" {
                        if let (Reply::Bulk(Some(ch)), Reply::Bulk(Some(payload))) = (&items[1], &items[2]) {
                            return Some((ch.clone(), payload.clone()));
                        }
                    }
                    // sunsubscribe pushed by a node that lost the slot, etc.: not a message.
                }
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }

    /// Everything that arrives within `wait`.
    pub fn drain(&mut self, wait: Duration) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut all = Vec::new();
        while let Some(m) = self.next(wait) {
            all.push(m);
        }
        all
    }
}
