//! A real Redis Sentinel setup on loopback for tests: one master, one replica and three
//! sentinels (`redis-server <conf> --sentinel`, quorum 2), on flock-claimed ports, killed on
//! drop. A missing `redis-server` panics: a sentinel test that cannot run must fail. Sentinels
//! run the same binary as the master (`REDIS_SERVER`, see common/binaries.rs).
#![allow(dead_code)]

use crate::common::{free_port, Admin, RedisServer, TempDir};
use socketio_redis::resp::{encode_command, Reply, ReplyReader};
use std::io::Write;
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub const MASTER_NAME: &str = "mymaster";

/// Down after 1 s without an answer: a failover takes a few seconds, and a loaded 2-core
/// machine does not fail over a healthy master.
pub const DOWN_AFTER_MS: u64 = 1000;

/// Five server processes per setup: tests that start one take turns.
static SERIAL: Mutex<()> = Mutex::new(());

pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How the setup is protected.
#[derive(Default, Clone)]
pub struct Auth {
    /// `requirepass` of master and replica (the sentinels get it as `auth-pass`).
    pub master_password: Option<String>,
    /// `requirepass` of the sentinels themselves.
    pub sentinel_password: Option<String>,
}

/// One `redis-server --sentinel` process.
pub struct SentinelProcess {
    pub port: u16,
    pub password: Option<String>,
    child: Option<Child>,
    pub dir: TempDir,
}

impl SentinelProcess {
    /// A sentinel watching `name` at `127.0.0.1:master_port`.
    pub fn start(name: &str, master_port: u16, quorum: u32, auth: &Auth) -> SentinelProcess {
        SentinelProcess::start_with(name, master_port, quorum, auth, "")
    }

    /// With more configuration lines (`{dir}` in them is the sentinel's private directory).
    pub fn start_with(name: &str, master_port: u16, quorum: u32, auth: &Auth, extra: &str) -> SentinelProcess {
        let mut dir = TempDir::new("sentinel");
        for _attempt in 0..5 {
            let port = free_port();
            let mut conf = format!(
                "port {port}\nbind 127.0.0.1\ndaemonize no\ndir {dir}\nlogfile {log}\n\
                 sentinel monitor {name} 127.0.0.1 {master_port} {quorum}\n\
                 sentinel down-after-milliseconds {name} {DOWN_AFTER_MS}\n\
                 sentinel failover-timeout {name} 5000\n\
                 sentinel parallel-syncs {name} 1\n",
                dir = dir.0.display(),
                log = dir.path("log").display(),
            );
            if let Some(pw) = &auth.master_password {
                conf.push_str(&format!("sentinel auth-pass {name} {pw}\n"));
            }
            if let Some(pw) = &auth.sentinel_password {
                conf.push_str(&format!("requirepass {pw}\n"));
            }
            conf.push_str(&extra.replace("{dir}", &dir.0.display().to_string()));
            let conf_path = dir.path("sentinel.conf");
            std::fs::write(&conf_path, conf).expect("write sentinel.conf");
            // The same server binary as the master's (REDIS_SERVER: Redis 8, Valkey 9).
            let child = Command::new(crate::common::binaries::redis_server())
                .arg(&conf_path)
                .arg("--sentinel")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("redis-server must be installed for these tests (apt-get install redis-server)");
            let mut s = SentinelProcess { port, password: auth.sentinel_password.clone(), child: Some(child), dir };
            if s.wait_ready() {
                return s;
            }
            dir = std::mem::replace(&mut s.dir, TempDir::new("sentinel-unused"));
        }
        panic!("redis-server --sentinel did not start");
    }

    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.as_mut().unwrap().try_wait() {
                self.child = None;
                return false;
            }
            if let Ok(mut admin) = Admin::connect(self.port, self.password.as_deref()) {
                if admin.command(&["PING"]) == Reply::Simple("PONG".into()) {
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("sentinel on port {} not ready (log: {})", self.port, self.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path("log")).unwrap_or_default()
    }

    pub fn admin(&self) -> Admin {
        Admin::connect(self.port, self.password.as_deref()).expect("sentinel admin connection")
    }

    /// `SENTINEL master <name>` as field -> value.
    pub fn master_fields(&self, name: &str) -> Vec<(String, String)> {
        match self.admin().command(&["SENTINEL", "master", name]) {
            Reply::Array(Some(items)) => items
                .chunks(2)
                .filter_map(|pair| match pair {
                    [Reply::Bulk(Some(k)), Reply::Bulk(Some(v))] => {
                        Some((String::from_utf8_lossy(k).into_owned(), String::from_utf8_lossy(v).into_owned()))
                    }
                    _ => None,
                })
                .collect(),
            other => panic!("SENTINEL master {name} -> {other:?}"),
        }
    }

    pub fn field(&self, name: &str, field: &str) -> String {
        self.master_fields(name).into_iter().find(|(k, _)| k == field).map(|(_, v)| v).unwrap_or_default()
    }

    /// The port this sentinel says the master has.
    pub fn master_port(&self, name: &str) -> u16 {
        match self.admin().command(&["SENTINEL", "get-master-addr-by-name", name]) {
            Reply::Array(Some(items)) => match &items[1] {
                Reply::Bulk(Some(p)) => String::from_utf8_lossy(p).parse().unwrap(),
                other => panic!("port {other:?}"),
            },
            other => panic!("get-master-addr-by-name -> {other:?}"),
        }
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for SentinelProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Master, replica, three sentinels: ready when the replica is in sync and every sentinel
/// knows the replica and the two other sentinels (only then can they fail over).
pub struct SentinelSetup {
    pub master: RedisServer,
    pub replica: RedisServer,
    pub sentinels: Vec<SentinelProcess>,
    pub auth: Auth,
}

impl SentinelSetup {
    pub fn start(auth: Auth) -> SentinelSetup {
        let pass: Vec<&str> = match &auth.master_password {
            Some(pw) => vec!["--requirepass", pw, "--masterauth", pw],
            None => vec![],
        };
        let master = RedisServer::start_with(&pass);
        let master_port = master.port.to_string();
        let mut replica_args = pass.clone();
        replica_args.extend(["--replicaof", "127.0.0.1", &master_port]);
        let replica = RedisServer::start_with(&replica_args);
        let sentinels = (0..3).map(|_| SentinelProcess::start(MASTER_NAME, master.port, 2, &auth)).collect();
        let setup = SentinelSetup { master, replica, sentinels, auth };
        setup.wait_ready();
        setup
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let synced = self.replica.admin().text(&["INFO", "replication"]).contains("master_link_status:up");
            let known = self.sentinels.iter().all(|s| {
                let f = s.master_fields(MASTER_NAME);
                let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
                get("num-slaves") == "1" && get("num-other-sentinels") == "2" && get("flags") == "master"
            });
            if synced && known {
                return;
            }
            assert!(Instant::now() < deadline, "sentinel setup not ready: {}", self.sentinels[0].log());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `redis+sentinel://[auth@]127.0.0.1:a,127.0.0.1:b,127.0.0.1:c/mymaster[?sentinel_password=]`
    pub fn url(&self) -> String {
        let ports: Vec<String> = self.sentinels.iter().map(|s| format!("127.0.0.1:{}", s.port)).collect();
        let userinfo = match &self.auth.master_password {
            Some(pw) => format!(":{pw}@"),
            None => String::new(),
        };
        let query = match &self.auth.sentinel_password {
            Some(pw) => format!("?sentinel_password={pw}"),
            None => String::new(),
        };
        format!("redis+sentinel://{userinfo}{}/{MASTER_NAME}{query}", ports.join(","))
    }

    /// Waits until every sentinel names `port` as the master (after a failover).
    pub fn wait_master(&self, port: u16, within: Duration) {
        let deadline = Instant::now() + within;
        while !self.sentinels.iter().all(|s| s.master_port(MASTER_NAME) == port) {
            assert!(Instant::now() < deadline, "sentinels did not agree on master {port}: {}", self.sentinels[0].log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// One command on a new connection, None when the connection fails or is closed meanwhile (a
/// server whose clients the sentinels are killing).
pub fn try_text(port: u16, args: &[&str]) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    let mut out = Vec::new();
    encode_command(&args, &mut out);
    stream.write_all(&out).ok()?;
    match ReplyReader::new().read_reply(&mut stream).ok()? {
        Reply::Bulk(Some(b)) => String::from_utf8(b).ok(),
        _ => None,
    }
}
