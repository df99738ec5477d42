//! The byte stream under a connection: TCP, unix socket, or TLS over TCP, with bounded
//! connect and per-operation timeouts.
use crate::error::fmt_secs;
use crate::{ConnectOptions, Endpoint, ErrorKind, RedisError, ServerAddr, TlsOptions};
use openssl::ssl::{HandshakeError, SslConnector, SslFiletype, SslMethod, SslStream, SslVerifyMode};
use openssl::x509::X509VerifyResult;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

pub enum Stream {
    Tcp(TcpStream),
    Unix(UnixStream),
    Tls(Box<SslStream<TcpStream>>),
}

impl Stream {
    /// Connects to `endpoint` within `opts.connect_timeout` (TLS handshake included). `server`
    /// names the endpoint in messages.
    pub fn connect(
        endpoint: &Endpoint,
        tls: &TlsOptions,
        opts: &ConnectOptions,
        server: &str,
    ) -> Result<Stream, RedisError> {
        let deadline = Deadline::new(opts.connect_timeout);
        let fail =
            |reason: String| RedisError::new(ErrorKind::Connect, format!("could not connect to {server}: {reason}"));
        let stream = match &endpoint.addr {
            ServerAddr::Tcp { host, port } => {
                // The TLS context first: a bad cafile or key file is a configuration mistake,
                // reported as such without touching the network.
                let connector = if endpoint.tls { Some(tls_connector(tls)?) } else { None };
                let tcp = connect_tcp(host, *port, &deadline).map_err(fail)?;
                match connector {
                    Some(connector) => {
                        Stream::Tls(Box::new(handshake(&connector, tls, host, tcp, &deadline).map_err(fail)?))
                    }
                    None => Stream::Tcp(tcp),
                }
            }
            ServerAddr::Unix { path } => Stream::Unix(connect_unix(path, &deadline).map_err(fail)?),
        };
        stream.set_timeout(opts.timeout).map_err(|e| fail(os_reason(&e)))?;
        Ok(stream)
    }

    /// Read and write timeout; zero means none (block), as in phpredis.
    pub fn set_timeout(&self, timeout: Duration) -> io::Result<()> {
        let t = if timeout.is_zero() { None } else { Some(timeout) };
        match self {
            Stream::Tcp(s) => {
                s.set_read_timeout(t)?;
                s.set_write_timeout(t)
            }
            Stream::Unix(s) => {
                s.set_read_timeout(t)?;
                s.set_write_timeout(t)
            }
            Stream::Tls(s) => {
                s.get_ref().set_read_timeout(t)?;
                s.get_ref().set_write_timeout(t)
            }
        }
    }

    /// Decrypted bytes OpenSSL holds that the socket no longer shows.
    pub fn pending(&self) -> usize {
        match self {
            Stream::Tls(s) => s.ssl().pending(),
            _ => 0,
        }
    }
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

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.read(buf),
            Stream::Unix(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            // std sends on TCP sockets with MSG_NOSIGNAL (TLS writes go through it too), but
            // writes unix sockets with write(2): a closed peer would raise SIGPIPE, which kills
            // a PHP SAPI that does not ignore it.
            Stream::Tcp(s) => s.write(buf),
            Stream::Unix(s) => send_nosignal(s.as_raw_fd(), buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Tls(s) => s.flush(),
            _ => Ok(()),
        }
    }
}

fn send_nosignal(fd: RawFd, buf: &[u8]) -> io::Result<usize> {
    let n = unsafe { libc::send(fd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// One budget for the whole connect: DNS answers, every address tried, the TLS handshake.
struct Deadline {
    total: Duration,
    end: Option<Instant>,
}

impl Deadline {
    /// A zero timeout means no bound, as in phpredis.
    fn new(total: Duration) -> Deadline {
        // A bound too far to represent is no bound (checked_add instead of a panic).
        Deadline { total, end: if total.is_zero() { None } else { Instant::now().checked_add(total) } }
    }

    /// `Ok(None)`: unbounded; `Err`: the budget is spent.
    fn remaining(&self) -> Result<Option<Duration>, String> {
        match self.end {
            None => Ok(None),
            Some(end) => {
                let left = end.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    Err(self.expired())
                } else {
                    Ok(Some(left))
                }
            }
        }
    }

    fn expired(&self) -> String {
        format!("connect timed out after {}", fmt_secs(self.total))
    }
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

fn connect_tcp(host: &str, port: u16, deadline: &Deadline) -> Result<TcpStream, String> {
    // getaddrinfo has no timeout of its own; an IP address (the usual case) needs no lookup.
    let addrs: Vec<SocketAddr> =
        (host, port).to_socket_addrs().map_err(|e| format!("cannot resolve {host}: {}", os_reason(&e)))?.collect();
    if addrs.is_empty() {
        return Err(format!("cannot resolve {host}: no address"));
    }
    let mut last = String::new();
    for addr in addrs {
        let attempt = match deadline.remaining()? {
            Some(left) => TcpStream::connect_timeout(&addr, left),
            None => TcpStream::connect(addr),
        };
        match attempt {
            Ok(s) => {
                s.set_nodelay(true).map_err(|e| os_reason(&e))?;
                return Ok(s);
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => last = deadline.expired(),
            Err(e) => last = os_reason(&e),
        }
    }
    Err(last)
}

/// std's `UnixStream::connect` can block without bound when the server's backlog is full;
/// Linux bounds that wait by the socket's send timeout, which std gives no way to set first.
fn connect_unix(path: &Path, deadline: &Deadline) -> Result<UnixStream, String> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let mut addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    if bytes.len() >= addr.sun_path.len() || bytes.contains(&0) {
        return Err(format!("unix socket path is longer than {} bytes or contains NUL", addr.sun_path.len() - 1));
    }
    addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
    for (dst, src) in addr.sun_path.iter_mut().zip(bytes) {
        *dst = *src as libc::c_char;
    }
    let fd = unsafe { libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(os_reason(&io::Error::last_os_error()));
    }
    // Owned from here on, so every early return closes it.
    let stream = unsafe { UnixStream::from_raw_fd(fd) };
    if let Some(left) = deadline.remaining()? {
        stream.set_write_timeout(Some(left)).map_err(|e| os_reason(&e))?;
    }
    let len = (std::mem::size_of::<libc::sa_family_t>() + bytes.len() + 1) as libc::socklen_t;
    loop {
        let rc = unsafe { libc::connect(fd, (&addr as *const libc::sockaddr_un).cast(), len) };
        if rc == 0 {
            return Ok(stream);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) | Some(libc::EINPROGRESS) => return Err(deadline.expired()),
            _ => return Err(os_reason(&e)),
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
) -> Result<SslStream<TcpStream>, String> {
    let left = deadline.remaining()?;
    tcp.set_read_timeout(left).map_err(|e| os_reason(&e))?;
    tcp.set_write_timeout(left).map_err(|e| os_reason(&e))?;
    let mut config = connector.configure().map_err(|e| format!("TLS setup failed: {}", ssl_reason(&e)))?;
    // SNI is sent for host names either way (the openssl crate skips it for IP addresses).
    config.set_verify_hostname(tls.verify_peer && tls.verify_peer_name);
    match config.connect(host, tcp) {
        Ok(s) => Ok(s),
        Err(HandshakeError::SetupFailure(e)) => Err(format!("TLS setup failed: {}", ssl_reason(&e))),
        Err(HandshakeError::WouldBlock(_)) => {
            Err(format!("TLS handshake timed out after {}", fmt_secs(deadline.total)))
        }
        Err(HandshakeError::Failure(mid)) => {
            let verify = mid.ssl().verify_result();
            if verify != X509VerifyResult::OK {
                return Err(format!("TLS certificate verification failed: {}", verify.error_string()));
            }
            let err = mid.error();
            if let Some(io) = err.io_error() {
                if matches!(io.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) {
                    return Err(format!("TLS handshake timed out after {}", fmt_secs(deadline.total)));
                }
                return Err(format!("TLS handshake failed: {}", os_reason(io)));
            }
            match err.ssl_error() {
                Some(stack) => Err(format!("TLS handshake failed: {}", ssl_reason(stack))),
                None => Err("TLS handshake failed: the server closed the connection".to_string()),
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
