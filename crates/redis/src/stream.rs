//! The byte stream under a connection: TCP, unix socket, or TLS over TCP. Sockets are
//! non-blocking once connected; every wait is a `ppoll` against the caller's [`Deadline`], so a
//! timeout bounds a whole operation (not each system call) and a signal never restarts it.
use crate::deadline::Deadline;
use crate::error::fmt_secs;
use crate::{ConnectOptions, Endpoint, ErrorKind, RedisError, ServerAddr, TlsOptions};
use openssl::ssl::{ErrorCode, HandshakeError, SslConnector, SslFiletype, SslMethod, SslStream, SslVerifyMode};
use openssl::x509::X509VerifyResult;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

pub enum Stream {
    Tcp(TcpStream),
    Unix(UnixStream),
    Tls(Box<SslStream<TcpStream>>),
}

/// Why a connect failed: the kind tells a timeout and a TLS failure from a refusal.
type ConnectFailure = (ErrorKind, String);

impl Stream {
    /// Connects to `endpoint` by `deadline` (TLS handshake included). `server` names the
    /// endpoint in messages.
    pub fn connect(
        endpoint: &Endpoint,
        tls: &TlsOptions,
        opts: &ConnectOptions,
        server: &str,
        deadline: Deadline,
    ) -> Result<Stream, RedisError> {
        let fail =
            |(kind, reason): ConnectFailure| RedisError::new(kind, format!("could not connect to {server}: {reason}"));
        let stream = match &endpoint.addr {
            ServerAddr::Tcp { host, port } => {
                // The TLS context first: a bad cafile or key file is a configuration mistake,
                // reported as such without touching the network.
                let connector = if endpoint.tls { Some(tls_connector(tls)?) } else { None };
                let tcp = connect_tcp(host, *port, &deadline).map_err(fail)?;
                set_keepalive(tcp.as_raw_fd(), opts.tcp_keepalive)
                    .map_err(|e| fail((ErrorKind::Connect, os_reason(&e))))?;
                match connector {
                    Some(connector) => {
                        Stream::Tls(Box::new(handshake(&connector, tls, host, tcp, &deadline).map_err(fail)?))
                    }
                    None => Stream::Tcp(tcp),
                }
            }
            ServerAddr::Unix { path } => Stream::Unix(connect_unix(path, &deadline).map_err(fail)?),
        };
        Ok(stream)
    }

    /// Reads and writes that wait no longer than `deadline`, all of them together.
    pub fn bounded(&mut self, deadline: Deadline) -> Bounded<'_> {
        Bounded { stream: self, deadline }
    }

    /// Decrypted bytes OpenSSL holds that the socket no longer shows.
    pub fn pending(&self) -> usize {
        match self {
            Stream::Tls(s) => s.ssl().pending(),
            _ => 0,
        }
    }

    /// One non-blocking read: its result, or what to wait for before trying again.
    fn try_read(&mut self, buf: &mut [u8]) -> Attempt {
        match self {
            Stream::Tcp(s) => Attempt::of(s.read(buf), libc::POLLIN),
            Stream::Unix(s) => Attempt::of(s.read(buf), libc::POLLIN),
            Stream::Tls(s) => match s.ssl_read(buf) {
                Ok(n) => Attempt::Done(Ok(n)),
                Err(e) => Attempt::of_ssl(e),
            },
        }
    }

    /// One non-blocking write, as [`Stream::try_read`].
    fn try_write(&mut self, buf: &[u8]) -> Attempt {
        match self {
            // std sends on TCP sockets with MSG_NOSIGNAL (TLS writes go through it too), but
            // writes unix sockets with write(2): a closed peer would raise SIGPIPE, which kills
            // a PHP SAPI that does not ignore it.
            Stream::Tcp(s) => Attempt::of(s.write(buf), libc::POLLOUT),
            Stream::Unix(s) => Attempt::of(send_nosignal(s.as_raw_fd(), buf), libc::POLLOUT),
            Stream::Tls(s) => match s.ssl_write(buf) {
                Ok(n) => Attempt::Done(Ok(n)),
                Err(e) => Attempt::of_ssl(e),
            },
        }
    }
}

/// The outcome of one non-blocking call.
enum Attempt {
    Done(io::Result<usize>),
    /// Not ready: wait for these poll events, then call again.
    Wait(libc::c_short),
    /// Interrupted before doing anything: call again at once.
    Again,
}

impl Attempt {
    fn of(result: io::Result<usize>, events: libc::c_short) -> Attempt {
        match result {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Attempt::Wait(events),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Attempt::Again,
            other => Attempt::Done(other),
        }
    }

    /// OpenSSL may need to read to write (and the reverse) at any time: it says which.
    fn of_ssl(e: openssl::ssl::Error) -> Attempt {
        match e.code() {
            ErrorCode::WANT_READ => Attempt::Wait(libc::POLLIN),
            ErrorCode::WANT_WRITE => Attempt::Wait(libc::POLLOUT),
            ErrorCode::ZERO_RETURN => Attempt::Done(Ok(0)),
            // EOF without close_notify: the peer went away.
            ErrorCode::SYSCALL if e.io_error().is_none() => Attempt::Done(Ok(0)),
            _ => match e.into_io_error() {
                Ok(io) if io.kind() == io::ErrorKind::Interrupted => Attempt::Again,
                Ok(io) => Attempt::Done(Err(io)),
                Err(e) => Attempt::Done(Err(io::Error::other(e))),
            },
        }
    }
}

/// A stream whose reads and writes share one deadline; past it they fail with
/// [`io::ErrorKind::TimedOut`] (see [`is_deadline`]).
pub struct Bounded<'a> {
    stream: &'a mut Stream,
    deadline: Deadline,
}

impl Bounded<'_> {
    fn run(&mut self, mut op: impl FnMut(&mut Stream) -> Attempt) -> io::Result<usize> {
        loop {
            match op(self.stream) {
                Attempt::Done(result) => return result,
                Attempt::Again => {}
                Attempt::Wait(events) => {
                    if !self.deadline.wait(self.stream.as_raw_fd(), events)? {
                        return Err(io::Error::new(io::ErrorKind::TimedOut, DeadlinePassed));
                    }
                }
            }
        }
    }
}

impl Read for Bounded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.run(|s| s.try_read(buf))
    }
}

impl Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.run(|s| s.try_write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The marker inside the `TimedOut` error a [`Bounded`] stream returns.
#[derive(Debug)]
struct DeadlinePassed;

impl std::fmt::Display for DeadlinePassed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("timed out")
    }
}

impl std::error::Error for DeadlinePassed {}

/// The TLS layer failed (an alert from the peer, a record that does not decrypt), rather than
/// the socket: the peer refused the session, e.g. a TLS 1.3 server that wanted a client
/// certificate and says so only after the handshake.
pub fn is_tls_failure(e: &io::Error) -> bool {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<openssl::ssl::Error>())
        .is_some_and(|ssl| ssl.ssl_error().is_some())
}

/// The error says the deadline of a [`Bounded`] stream passed.
pub fn is_deadline(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<DeadlinePassed>())
}

impl AsRawFd for Stream {
    fn as_raw_fd(&self) -> RawFd {
        match self {
            Stream::Tcp(s) => s.as_raw_fd(),
            Stream::Unix(s) => s.as_raw_fd(),
            Stream::Tls(s) => s.get_ref().as_raw_fd(),
        }
    }
}

fn send_nosignal(fd: RawFd, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: `buf` is valid for `buf.len()` bytes for the duration of the call; `fd` is a
    // socket owned by the caller's stream.
    let n = unsafe { libc::send(fd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// Linux caps the keepalive idle time and interval at 32767 seconds.
const MAX_KEEPALIVE_SECS: u64 = 32767;

/// SO_KEEPALIVE with probes after `idle` (whole seconds, at least one), then three probes
/// `idle / 3` apart: a vanished peer is noticed within about twice `idle`. Zero: off.
fn set_keepalive(fd: RawFd, idle: Duration) -> io::Result<()> {
    if idle.is_zero() {
        return Ok(());
    }
    let secs = (idle.as_secs() + u64::from(idle.subsec_nanos() > 0)).clamp(1, MAX_KEEPALIVE_SECS);
    let options: [(libc::c_int, libc::c_int, u64); 4] = [
        (libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1),
        (libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, secs),
        (libc::IPPROTO_TCP, libc::TCP_KEEPINTVL, (secs / 3).max(1)),
        (libc::IPPROTO_TCP, libc::TCP_KEEPCNT, 3),
    ];
    for (level, name, value) in options {
        let value = value as libc::c_int;
        // SAFETY: `value` is a live c_int and the length passed is its size; `fd` is a TCP
        // socket owned by the caller.
        let rc = unsafe {
            libc::setsockopt(
                fd,
                level,
                name,
                (&value as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

fn connect_expired(deadline: &Deadline) -> ConnectFailure {
    (ErrorKind::ConnectTimeout, format!("connect timed out after {}", fmt_secs(deadline.limit())))
}

/// "Connection refused", without std's " (os error 111)" suffix.
pub fn os_reason(e: &io::Error) -> String {
    if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) && e.raw_os_error().is_some() {
        return "timed out".to_string();
    }
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Like [`os_reason`], and for TLS streams OpenSSL's reason ("tlsv13 alert certificate
/// required") rather than its full error line.
pub fn io_reason(e: &io::Error) -> String {
    if let Some(ssl) = e.get_ref().and_then(|inner| inner.downcast_ref::<openssl::ssl::Error>()) {
        if let Some(io) = ssl.io_error() {
            return os_reason(io);
        }
        if let Some(stack) = ssl.ssl_error() {
            return ssl_reason(stack);
        }
        if ssl.code() == openssl::ssl::ErrorCode::ZERO_RETURN || ssl.code() == openssl::ssl::ErrorCode::SYSCALL {
            return "connection closed".to_string();
        }
    }
    os_reason(e)
}

fn connect_tcp(host: &str, port: u16, deadline: &Deadline) -> Result<TcpStream, ConnectFailure> {
    let refused = |reason: String| (ErrorKind::Connect, reason);
    // getaddrinfo has no timeout of its own; an IP address (the usual case) needs no lookup.
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| refused(format!("cannot resolve {host}: {}", os_reason(&e))))?
        .collect();
    if addrs.is_empty() {
        return Err(refused(format!("cannot resolve {host}: no address")));
    }
    let mut last = refused(String::new());
    for addr in addrs {
        // std's connect_timeout polls against its own start, so a signal does not extend it.
        let attempt = match deadline.remaining() {
            None => return Err(connect_expired(deadline)),
            Some(Some(left)) => TcpStream::connect_timeout(&addr, left),
            Some(None) => TcpStream::connect(addr),
        };
        match attempt {
            Ok(s) => {
                s.set_nodelay(true).map_err(|e| refused(os_reason(&e)))?;
                s.set_nonblocking(true).map_err(|e| refused(os_reason(&e)))?;
                return Ok(s);
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => last = connect_expired(deadline),
            Err(e) => last = refused(os_reason(&e)),
        }
    }
    Err(last)
}

/// std's `UnixStream::connect` can block without bound when the server's backlog is full;
/// Linux bounds that wait by the socket's send timeout, which std gives no way to set first.
/// Each try (after a signal) is given only what is left of the deadline.
fn connect_unix(path: &Path, deadline: &Deadline) -> Result<UnixStream, ConnectFailure> {
    use std::os::unix::ffi::OsStrExt;
    let refused = |reason: String| (ErrorKind::Connect, reason);
    let bytes = path.as_os_str().as_bytes();
    // SAFETY: sockaddr_un is plain old data; all zeroes is a valid (empty) value.
    let mut addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    if bytes.len() >= addr.sun_path.len() || bytes.contains(&0) {
        return Err(refused(format!(
            "unix socket path is longer than {} bytes or contains NUL",
            addr.sun_path.len() - 1
        )));
    }
    addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
    for (dst, src) in addr.sun_path.iter_mut().zip(bytes) {
        *dst = *src as libc::c_char;
    }
    // SAFETY: plain socket(2) call; the result is checked before use.
    let fd = unsafe { libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(refused(os_reason(&io::Error::last_os_error())));
    }
    // SAFETY: `fd` is a socket just created and owned by nothing else; owned from here on, so
    // every early return closes it.
    let stream = unsafe { UnixStream::from_raw_fd(fd) };
    let len = (std::mem::size_of::<libc::sa_family_t>() + bytes.len() + 1) as libc::socklen_t;
    loop {
        match deadline.remaining() {
            None => return Err(connect_expired(deadline)),
            Some(left) => stream.set_write_timeout(left).map_err(|e| refused(os_reason(&e)))?,
        }
        // SAFETY: `addr` is an initialised sockaddr_un and `len` does not exceed its size.
        let rc = unsafe { libc::connect(fd, (&addr as *const libc::sockaddr_un).cast(), len) };
        if rc == 0 {
            stream.set_nonblocking(true).map_err(|e| refused(os_reason(&e)))?;
            return Ok(stream);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) | Some(libc::EINPROGRESS) => return Err(connect_expired(deadline)),
            _ => return Err(refused(os_reason(&e))),
        }
    }
}

/// PHP's SSL context semantics: `verify_peer=false` accepts any certificate,
/// `verify_peer_name=false` any name, `local_pk` defaults to the `local_cert` file.
fn tls_connector(tls: &TlsOptions) -> Result<SslConnector, RedisError> {
    let config = |what: &str, path: &Path, e: openssl::error::ErrorStack| {
        RedisError::new(ErrorKind::Config, format!("cannot load TLS {what} {}: {}", path.display(), ssl_reason(&e)))
    };
    let mut builder = SslConnector::builder(SslMethod::tls_client())
        .map_err(|e| RedisError::new(ErrorKind::Connect, format!("TLS setup failed: {e}")))?;
    if let Some(ca) = &tls.cafile {
        builder.set_ca_file(ca).map_err(|e| config("cafile", ca, e))?;
    }
    if !tls.verify_peer {
        builder.set_verify(SslVerifyMode::NONE);
    }
    if let Some(cert) = &tls.local_cert {
        builder.set_certificate_chain_file(cert).map_err(|e| config("local_cert", cert, e))?;
        let key = tls.local_pk.as_ref().unwrap_or(cert);
        builder.set_private_key_file(key, SslFiletype::PEM).map_err(|e| config("local_pk", key, e))?;
        builder.check_private_key().map_err(|e| config("local_pk", key, e))?;
    } else if tls.local_pk.is_some() {
        return Err(RedisError::new(ErrorKind::Config, "TLS local_pk given without local_cert"));
    }
    Ok(builder.build())
}

fn handshake(
    connector: &SslConnector,
    tls: &TlsOptions,
    host: &str,
    tcp: TcpStream,
    deadline: &Deadline,
) -> Result<SslStream<TcpStream>, ConnectFailure> {
    let failed = |reason: String| (ErrorKind::Tls, reason);
    let timed_out =
        || (ErrorKind::ConnectTimeout, format!("TLS handshake timed out after {}", fmt_secs(deadline.limit())));
    let fd = tcp.as_raw_fd();
    let mut config = connector.configure().map_err(|e| failed(format!("TLS setup failed: {}", ssl_reason(&e))))?;
    // SNI is sent for host names either way (the openssl crate skips it for IP addresses).
    config.set_verify_hostname(tls.verify_peer && tls.verify_peer_name);
    // The socket is non-blocking: each step that needs the peer comes back, and is resumed
    // once the socket is ready, within what is left of the deadline.
    let mut attempt = config.connect(host, tcp);
    loop {
        match attempt {
            Ok(s) => return Ok(s),
            Err(HandshakeError::SetupFailure(e)) => {
                return Err(failed(format!("TLS setup failed: {}", ssl_reason(&e))))
            }
            Err(HandshakeError::WouldBlock(mid)) => {
                let events = if mid.error().code() == ErrorCode::WANT_WRITE { libc::POLLOUT } else { libc::POLLIN };
                match deadline.wait(fd, events) {
                    Ok(true) => attempt = mid.handshake(),
                    Ok(false) => return Err(timed_out()),
                    Err(e) => return Err(failed(format!("TLS handshake failed: {}", os_reason(&e)))),
                }
            }
            Err(HandshakeError::Failure(mid)) => {
                let verify = mid.ssl().verify_result();
                if verify != X509VerifyResult::OK {
                    return Err(failed(format!("TLS certificate verification failed: {}", verify.error_string())));
                }
                let err = mid.error();
                if let Some(io) = err.io_error() {
                    return Err(failed(format!("TLS handshake failed: {}", os_reason(io))));
                }
                return Err(match err.ssl_error() {
                    Some(stack) => failed(format!("TLS handshake failed: {}", ssl_reason(stack))),
                    None => failed("TLS handshake failed: the server closed the connection".to_string()),
                });
            }
        }
    }
}

/// OpenSSL's reason strings ("certificate verify failed", "no such file") without the
/// library/function/file:line noise of its full error lines.
fn ssl_reason(stack: &openssl::error::ErrorStack) -> String {
    let reasons: Vec<String> =
        stack.errors().iter().map(|e| e.reason().map(str::to_string).unwrap_or_else(|| e.to_string())).collect();
    if reasons.is_empty() {
        "unknown OpenSSL error".to_string()
    } else {
        reasons.join("; ")
    }
}
