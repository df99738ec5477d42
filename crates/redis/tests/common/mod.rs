//! Real processes for the integration tests: redis-server on free loopback ports, a raw
//! subscriber, an admin connection, certificates made with the openssl CLI, and listeners
//! that misbehave on purpose. A missing redis-server or openssl fails the test.
#![allow(dead_code)]

use socketio_redis::resp::{encode_command, Reply, ReplyReader};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Generous: the test machine has two cores shared with the servers and other tests.
pub const STARTUP: Duration = Duration::from_secs(20);

/// A directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sio-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub mod binaries;
pub mod ports;

/// A port nothing listens on now, that no other test (of this or any other test process) will
/// be given, and that the kernel never hands out on its own: see [`ports`].
pub fn free_port() -> u16 {
    ports::reserve()
}

/// A redis-server child process, killed on drop. `port` is a plain-TCP port always open for
/// administration (and for tests that use it); TLS and unix sockets come on top.
pub struct RedisServer {
    pub port: u16,
    pub tls_port: Option<u16>,
    pub password: Option<String>,
    extra: Vec<String>,
    child: Option<Child>,
    pub dir: TempDir,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        RedisServer::start_with(&[])
    }

    /// `extra` are redis-server arguments; `{dir}` in them is replaced by a private directory.
    pub fn start_with(extra: &[&str]) -> RedisServer {
        RedisServer::build(extra, false)
    }

    pub fn start_tls(certs: &Certs, extra: &[&str]) -> RedisServer {
        let mut args: Vec<String> = vec![
            "--tls-cert-file".into(),
            certs.server_cert.display().to_string(),
            "--tls-key-file".into(),
            certs.server_key.display().to_string(),
            "--tls-ca-cert-file".into(),
            certs.ca_cert.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        if !extra.contains(&"--tls-auth-clients") {
            args.extend(["--tls-auth-clients".into(), "no".into()]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        RedisServer::build(&refs, true)
    }

    /// On a given port (one a test saw refused before).
    pub fn start_on(port: u16) -> RedisServer {
        let mut server = RedisServer {
            port,
            tls_port: None,
            password: None,
            extra: Vec::new(),
            child: None,
            dir: TempDir::new("redis"),
        };
        assert!(server.spawn(), "redis-server did not start on port {port}: {}", server.log());
        server
    }

    fn build(extra: &[&str], tls: bool) -> RedisServer {
        let dir = TempDir::new("redis");
        let extra: Vec<String> = extra.iter().map(|a| a.replace("{dir}", &dir.0.display().to_string())).collect();
        let password = extra.iter().position(|a| a == "--requirepass").map(|i| extra[i + 1].clone());
        let mut server = RedisServer { port: 0, tls_port: None, password, extra, child: None, dir };
        for _attempt in 0..5 {
            server.port = free_port();
            server.tls_port = if tls { Some(free_port()) } else { None };
            if server.spawn() {
                return server;
            }
        }
        panic!("redis-server did not start (log: {})", server.log());
    }

    /// Starts the process on the current ports; false if it exited (port taken).
    fn spawn(&mut self) -> bool {
        let mut cmd = Command::new(binaries::redis_server());
        cmd.args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args([
                "--dir",
                &self.dir.0.display().to_string(),
                "--logfile",
                &self.dir.path("log").display().to_string(),
            ])
            .args(["--daemonize", "no"]);
        if let Some(tls) = self.tls_port {
            cmd.args(["--tls-port", &tls.to_string()]);
        }
        cmd.args(&self.extra).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::inherit());
        let child = cmd.spawn().expect("redis-server must be installed for these tests (apt-get install redis-server)");
        self.child = Some(child);
        let deadline = Instant::now() + STARTUP;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.as_mut().unwrap().try_wait() {
                self.child = None;
                return false;
            }
            // A probe whose connection is reset is not an answer: a server that bound the plain
            // port and then failed (its TLS port taken) exits, and the next round sees that.
            if let Ok(mut admin) = Admin::connect(self.port, self.password.as_deref()) {
                if admin.try_command(&["PING"]).ok() == Some(Reply::Simple("PONG".into())) {
                    // Ours, not another process's server on the same port.
                    let pid = self.child.as_ref().unwrap().id();
                    let info = admin.text(&["INFO", "server"]);
                    let ours = info.lines().any(|l| l.trim() == format!("process_id:{pid}"));
                    assert!(ours, "port {} answers, but not from our redis-server (pid {pid})", self.port);
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server on port {} not ready after {STARTUP:?} (log: {})", self.port, self.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path("log")).unwrap_or_default()
    }

    /// SIGKILL: the server vanishes without closing anything gracefully.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Same ports, same arguments, new process.
    pub fn restart(&mut self) {
        self.kill();
        let deadline = Instant::now() + STARTUP;
        while !self.spawn() {
            assert!(Instant::now() < deadline, "could not restart redis-server on port {}", self.port);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn admin(&self) -> Admin {
        Admin::connect(self.port, self.password.as_deref()).expect("admin connection")
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A plain connection for setting up and inspecting a server (INFO, ACL, CLIENT).
pub struct Admin {
    stream: TcpStream,
    reader: ReplyReader,
}

impl Admin {
    pub fn connect(port: u16, password: Option<&str>) -> std::io::Result<Admin> {
        let stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut admin = Admin { stream, reader: ReplyReader::new() };
        if let Some(pw) = password {
            let reply = admin.command(&["AUTH", pw]);
            assert_eq!(reply, Reply::Simple("OK".into()));
        }
        Ok(admin)
    }

    pub fn command(&mut self, args: &[&str]) -> Reply {
        self.try_command(args).unwrap_or_else(|e| panic!("admin {args:?}: {e}"))
    }

    /// [`Admin::command`] with a failed write or read returned rather than a panic.
    pub fn try_command(&mut self, args: &[&str]) -> Result<Reply, String> {
        let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        let mut out = Vec::new();
        encode_command(&args, &mut out);
        self.stream.write_all(&out).map_err(|e| format!("write: {e}"))?;
        self.reader.read_reply(&mut self.stream).map_err(|e| format!("read: {e:?}"))
    }

    pub fn text(&mut self, args: &[&str]) -> String {
        match self.command(args) {
            Reply::Bulk(Some(b)) => String::from_utf8(b).unwrap(),
            other => panic!("{args:?} -> {other:?}"),
        }
    }

    /// A number from `INFO`, e.g. `total_connections_received`, `connected_clients`.
    pub fn info(&mut self, field: &str) -> i64 {
        let info = self.text(&["INFO", "everything"]);
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .unwrap_or_else(|| panic!("no {field} in INFO"))
            .trim()
            .parse()
            .unwrap()
    }

    /// CLIENT LIST lines whose last command was `cmd`.
    pub fn clients_with_cmd(&mut self, cmd: &str) -> Vec<String> {
        let list = self.text(&["CLIENT", "LIST"]);
        list.lines().filter(|l| l.split(' ').any(|f| f == format!("cmd={cmd}"))).map(str::to_string).collect()
    }
}

/// SUBSCRIBE on a connection of our own (no redis-cli), then messages as they arrive.
pub struct Subscriber {
    stream: TcpStream,
    reader: ReplyReader,
}

impl Subscriber {
    pub fn new(port: u16, password: Option<&str>, channel: &str) -> Subscriber {
        Subscriber::try_new(port, password, channel).expect("subscriber connection")
    }

    /// Like [`Subscriber::new`], but a server that goes away meanwhile is an error, not a
    /// panic: a server being killed still accepts for a moment, then resets what it accepted.
    pub fn try_new(port: u16, password: Option<&str>, channel: &str) -> std::io::Result<Subscriber> {
        let admin = Admin::connect(port, password)?;
        let mut sub = Subscriber { stream: admin.stream, reader: admin.reader };
        let mut out = Vec::new();
        encode_command(&[b"SUBSCRIBE", channel.as_bytes()], &mut out);
        sub.stream.write_all(&out)?;
        let confirm = sub.reader.read_reply(&mut sub.stream).map_err(|e| match e {
            socketio_redis::resp::ReadError::Io(e) => e,
            other => std::io::Error::other(format!("{other:?}")),
        })?;
        match confirm {
            Reply::Array(Some(items)) => assert_eq!(items[0], Reply::Bulk(Some(b"subscribe".to_vec()))),
            other => panic!("SUBSCRIBE -> {other:?}"),
        }
        Ok(sub)
    }

    /// The next message, or why there is none: quiet for `wait`, or the server closed the
    /// connection (a restart: subscribe again).
    pub fn poll(&mut self, wait: Duration) -> Next {
        self.stream.set_read_timeout(Some(wait)).unwrap();
        match self.reader.read_reply(&mut self.stream) {
            Ok(Reply::Array(Some(mut items))) if items.len() == 3 => match items.pop() {
                Some(Reply::Bulk(Some(payload))) => Next::Message(payload),
                other => panic!("message payload {other:?}"),
            },
            Ok(other) => panic!("unexpected push {other:?}"),
            Err(socketio_redis::resp::ReadError::Io(e))
                if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) =>
            {
                Next::Quiet
            }
            Err(_) => Next::Closed,
        }
    }

    /// The next message's payload, or None when nothing comes within `wait`.
    pub fn next(&mut self, wait: Duration) -> Option<Vec<u8>> {
        self.stream.set_read_timeout(Some(wait)).unwrap();
        match self.reader.read_reply(&mut self.stream) {
            Ok(Reply::Array(Some(mut items))) if items.len() == 3 => match items.pop() {
                Some(Reply::Bulk(Some(payload))) => Some(payload),
                other => panic!("message payload {other:?}"),
            },
            Ok(other) => panic!("unexpected push {other:?}"),
            Err(_) => None,
        }
    }
}

/// What [`Subscriber::poll`] saw.
pub enum Next {
    Message(Vec<u8>),
    Quiet,
    Closed,
}

/// A private CA and certificates signed by it, made with the openssl CLI.
pub struct Certs {
    pub dir: TempDir,
    pub ca_cert: PathBuf,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub client_cert: PathBuf,
    pub client_key: PathBuf,
    /// A CA that signed none of these.
    pub other_ca_cert: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl CLI must be installed for these tests");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn make_ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.crt"),
            "-days",
            "2",
            "-subj",
            &format!("/CN=socketio test {name}"),
        ],
    );
}

fn make_leaf(dir: &Path, ca: &str, name: &str, san: &str) {
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            &format!("/CN={name}"),
        ],
    );
    std::fs::write(dir.join(format!("{name}.ext")), format!("subjectAltName={san}\n")).unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{ca}.crt"),
            "-CAkey",
            &format!("{ca}.key"),
            "-CAcreateserial",
            "-out",
            &format!("{name}.crt"),
            "-days",
            "2",
            "-extfile",
            &format!("{name}.ext"),
        ],
    );
}

impl Certs {
    /// The server certificate names `server_san` (e.g. `DNS:localhost,IP:127.0.0.1`).
    pub fn generate(server_san: &str) -> Certs {
        let dir = TempDir::new("certs");
        make_ca(&dir.0, "ca");
        make_ca(&dir.0, "otherca");
        make_leaf(&dir.0, "ca", "server", server_san);
        make_leaf(&dir.0, "ca", "client", "DNS:client");
        Certs {
            ca_cert: dir.path("ca.crt"),
            server_cert: dir.path("server.crt"),
            server_key: dir.path("server.key"),
            client_cert: dir.path("client.crt"),
            client_key: dir.path("client.key"),
            other_ca_cert: dir.path("otherca.crt"),
            dir,
        }
    }
}

/// Accepts connections (the kernel does, from its backlog) and never answers.
pub fn silent_listener() -> (TcpListener, u16) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    (l, port)
}

/// A listener whose accept queue is full, so a new connect gets no answer at all (Linux drops
/// the SYN) and can only time out.
pub fn full_backlog_listener() -> (OwnedFd, Vec<TcpStream>, u16) {
    // SAFETY: plain socket calls on a descriptor owned here; the sockaddr structs are
    // initialised and their sizes passed.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        assert!(fd >= 0);
        let owned = OwnedFd::from_raw_fd(fd);
        let mut addr: libc::sockaddr_in = std::mem::zeroed();
        addr.sin_family = libc::AF_INET as libc::sa_family_t;
        addr.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
        let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        assert_eq!(libc::bind(fd, (&addr as *const libc::sockaddr_in).cast(), len), 0);
        assert_eq!(libc::listen(fd, 0), 0);
        let mut bound: libc::sockaddr_in = std::mem::zeroed();
        let mut blen = len;
        libc::getsockname(fd, (&mut bound as *mut libc::sockaddr_in).cast(), &mut blen);
        let port = u16::from_be(bound.sin_port);
        let mut fillers = Vec::new();
        for _ in 0..16 {
            match TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(200)) {
                Ok(s) => fillers.push(s),
                Err(_) => return (owned, fillers, port),
            }
        }
        panic!("the accept queue of port {port} never filled up");
    }
}

/// Reads all of `stream` until EOF or `wait` passes; for tests that inspect raw bytes.
pub fn drain(stream: &mut TcpStream, wait: Duration) -> Vec<u8> {
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        all.extend_from_slice(&buf[..n]);
    }
    all
}

/// Default options with timeouts generous enough for a loaded machine.
pub fn relaxed() -> socketio_redis::ConnectOptions {
    socketio_redis::ConnectOptions {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(5),
        backoff: Duration::ZERO,
        ..Default::default()
    }
}
