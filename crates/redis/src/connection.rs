//! One socket to one Redis server: connect, AUTH, send a command, read its reply.
//!
//! Nothing is ever sent when a connection is dropped (no QUIT, no TLS close_notify, no
//! shutdown(2)): a connection inherited through fork shares its socket with the parent, and
//! closing our descriptor is the only thing that leaves the parent's session intact.
use crate::deadline::Deadline;
use crate::error::{fmt_secs, is_maxclients};
use crate::resp::{encode_command, ReadError, Reply, ReplyReader};
use crate::stream::{io_reason, is_deadline, is_tls_failure, Stream};
use crate::{ConnectOptions, Endpoint, ErrorKind, RedisError, Target};
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::time::Instant;

/// Why a command failed, and whether Redis may have executed it: only `NotSent` may be retried,
/// so a message is never published twice.
#[derive(Debug)]
pub enum CommandError {
    NotSent(RedisError),
    MaybeSent(RedisError),
}

impl CommandError {
    pub fn into_inner(self) -> RedisError {
        match self {
            CommandError::NotSent(e) | CommandError::MaybeSent(e) => e,
        }
    }
}

/// A command buffer larger than this is not kept for the next command.
const KEEP_BUFFER: usize = 1 << 20;

pub struct Connection {
    stream: Stream,
    /// The process that opened the socket; any other process must not touch it.
    pid: u32,
    /// Set after any failure that may leave a reply unread or a command half written.
    broken: bool,
    out: Vec<u8>,
    reader: ReplyReader,
    /// The endpoint as messages show it (no password).
    server: String,
    /// When the connection last finished a command (for the pool's `idle_timeout`).
    last_used: Instant,
}

impl Connection {
    /// Connects, authenticates with the target's credentials, all within `opts.connect_timeout`
    /// and by `overall` (the caller's budget for the whole publish).
    pub fn open(
        endpoint: &Endpoint,
        target: &Target,
        opts: &ConnectOptions,
        overall: Deadline,
    ) -> Result<Connection, RedisError> {
        let server = target.describe_endpoint(endpoint);
        let deadline = Deadline::after(opts.connect_timeout).earliest(overall);
        let stream = Stream::connect(endpoint, &target.tls, opts, &server, deadline)?;
        let mut conn = Connection {
            stream,
            pid: crate::process::current(),
            broken: false,
            out: Vec::new(),
            reader: ReplyReader::new(),
            server,
            last_used: Instant::now(),
        };
        // A user name alone still authenticates (with an empty password, which a `nopass` ACL
        // user accepts): silently publishing as `default` could pass or fail for other reasons.
        if target.password.is_some() || target.username.is_some() {
            conn.auth(target, deadline)?;
        }
        Ok(conn)
    }

    fn auth(&mut self, target: &Target, deadline: Deadline) -> Result<(), RedisError> {
        let password = target.password.as_ref().map(|p| p.expose()).unwrap_or("");
        let reply = match &target.username {
            Some(user) => self.command(&[b"AUTH", user.as_bytes(), password.as_bytes()], deadline),
            None => self.command(&[b"AUTH", password.as_bytes()], deadline),
        };
        // The command buffer is reused; the password should not linger in it.
        self.out.fill(0);
        let redact = |text: &str| match &target.password {
            Some(secret) => secret.redact_in(text),
            None => text.to_string(),
        };
        match reply {
            Ok(Reply::Simple(_)) => Ok(()),
            // A full server says so to whatever comes first: not a credentials problem.
            Ok(Reply::Error(message)) if is_maxclients(&message) => {
                Err(RedisError::from_reply(&self.server, &redact(&message)))
            }
            Ok(Reply::Error(message)) => Err(RedisError::new(
                ErrorKind::Auth,
                format!("authentication failed for {}: {}", self.server, redact(&message)),
            )),
            Ok(other) => Err(RedisError::new(
                ErrorKind::Auth,
                format!("authentication failed for {}: unexpected reply {}", self.server, other.type_name()),
            )),
            // The server took the connection but will not talk: as unusable as a refused one,
            // and nothing of a publish was sent.
            Err(e) => {
                let e = e.into_inner();
                let kind = match e.kind {
                    ErrorKind::Timeout => ErrorKind::ConnectTimeout,
                    ErrorKind::Protocol => ErrorKind::Protocol,
                    _ => ErrorKind::Connect,
                };
                let reason = match e.kind {
                    ErrorKind::Timeout => format!("no answer to AUTH within {}", fmt_secs(deadline.limit())),
                    _ => format!("AUTH failed: {}", redact(&e.message)),
                };
                Err(RedisError::new(kind, format!("could not connect to {}: {reason}", self.server)))
            }
        }
    }

    /// Usable without a round trip: opened by this process (not inherited through fork), not
    /// broken by an earlier error, and a zero-timeout poll shows no EOF or stray bytes.
    pub fn is_reusable(&self) -> bool {
        if self.broken
            || self.pid != crate::process::current()
            || self.reader.buffered() > 0
            || self.stream.pending() > 0
        {
            return false;
        }
        // An idle connection to Redis never has anything to read: a byte there is a reply we
        // did not wait for, EOF is a restarted or timed-out server, POLLHUP/POLLERR a reset.
        let mut pfd = libc::pollfd { fd: self.stream.as_raw_fd(), events: libc::POLLIN | libc::POLLRDHUP, revents: 0 };
        loop {
            // SAFETY: one valid pollfd, zero timeout.
            let rc = unsafe { libc::poll(&mut pfd, 1, 0) };
            if rc < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return rc == 0;
        }
    }

    /// Sends one command and reads one reply, all of it by `deadline`. After `MaybeSent` the
    /// connection is broken and must be dropped. An `Error` reply is a successful round trip
    /// (Ok(Reply::Error)).
    pub fn command(&mut self, args: &[&[u8]], deadline: Deadline) -> Result<Reply, CommandError> {
        self.out.clear();
        encode_command(args, &mut self.out);
        let result = self.round_trip(deadline);
        if self.out.capacity() > KEEP_BUFFER {
            self.out = Vec::new();
        }
        self.reader.shrink();
        self.last_used = Instant::now();
        result
    }

    /// Writes one command without reading its reply: the caller reads it later with
    /// [`Connection::read_reply`], in order, before anything else is read.
    pub fn send_command(&mut self, args: &[&[u8]], deadline: Deadline) -> Result<(), CommandError> {
        self.out.clear();
        encode_command(args, &mut self.out);
        let out = std::mem::take(&mut self.out);
        let written = self.write_commands(&out, deadline);
        self.out = if out.capacity() > KEEP_BUFFER { Vec::new() } else { out };
        written
    }

    fn round_trip(&mut self, deadline: Deadline) -> Result<Reply, CommandError> {
        let out = std::mem::take(&mut self.out);
        let written = self.write_commands(&out, deadline);
        self.out = out;
        written?;
        let reply = self.read_reply(deadline).map_err(CommandError::MaybeSent)?;
        // More than one reply to one command: the stream is out of step.
        if self.reader.buffered() > 0 {
            self.broken = true;
        }
        Ok(reply)
    }

    /// Writes whole commands, already encoded (one, or a pipeline of them), by `deadline`.
    /// `NotSent` only when no byte left; after any error the connection is broken.
    pub fn write_commands(&mut self, bytes: &[u8], deadline: Deadline) -> Result<(), CommandError> {
        if self.broken {
            return Err(CommandError::NotSent(self.io_error(format!("the connection to {} is broken", self.server))));
        }
        if self.pid != crate::process::current() {
            return Err(CommandError::NotSent(
                self.io_error(format!("the connection to {} belongs to the parent process", self.server)),
            ));
        }
        let mut written = 0;
        while written < bytes.len() {
            match self.stream.bounded(deadline).write(&bytes[written..]) {
                Ok(0) => {
                    self.broken = true;
                    let e = format!("write to {} failed: connection closed", self.server);
                    return Err(self.unsent_or_lost(written, e));
                }
                Ok(n) => written += n,
                Err(e) => {
                    self.broken = true;
                    if is_deadline(&e) {
                        // Redis may have read what was written: its outcome is unknown.
                        let limit = fmt_secs(deadline.limit());
                        let message = format!("could not send the command to {} within {limit}", self.server);
                        return Err(if written == 0 {
                            CommandError::NotSent(self.io_error(format!("{message}; nothing was sent")))
                        } else {
                            CommandError::MaybeSent(RedisError::new(
                                ErrorKind::Timeout,
                                format!("{message} ({written} of {} bytes sent)", bytes.len()),
                            ))
                        });
                    }
                    // Only these say the peer was gone before it got a byte of the command.
                    let gone = matches!(
                        e.kind(),
                        io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset | io::ErrorKind::NotConnected
                    );
                    let message = format!("write to {} failed: {}", self.server, io_reason(&e));
                    return Err(if written == 0 && gone {
                        CommandError::NotSent(self.io_error(message))
                    } else {
                        CommandError::MaybeSent(RedisError::new(ErrorKind::ConnectionLost, message))
                    });
                }
            }
        }
        self.last_used = Instant::now();
        Ok(())
    }

    /// Reads the next reply of what was written, by `deadline`. Any failure breaks the
    /// connection (its stream is out of step) and leaves the command's outcome unknown.
    pub fn read_reply(&mut self, deadline: Deadline) -> Result<Reply, RedisError> {
        match self.reader.read_reply(&mut self.stream.bounded(deadline)) {
            Ok(reply) => {
                self.last_used = Instant::now();
                Ok(reply)
            }
            Err(e) => {
                self.broken = true;
                Err(match e {
                    ReadError::Eof => RedisError::new(
                        ErrorKind::ConnectionLost,
                        format!("{} closed the connection before replying", self.server),
                    ),
                    ReadError::Io(e) if is_deadline(&e) => {
                        let limit = fmt_secs(deadline.limit());
                        RedisError::new(ErrorKind::Timeout, format!("no reply from {} within {limit}", self.server))
                    }
                    ReadError::Io(e) if is_tls_failure(&e) => RedisError::new(
                        ErrorKind::Tls,
                        format!("{} ended the TLS session: {}", self.server, io_reason(&e)),
                    ),
                    ReadError::Io(e) => RedisError::new(
                        ErrorKind::ConnectionLost,
                        format!("read from {} failed: {}", self.server, io_reason(&e)),
                    ),
                    ReadError::Protocol(p) => {
                        RedisError::new(ErrorKind::Protocol, format!("unreadable reply from {}: {}", self.server, p))
                    }
                })
            }
        }
    }

    /// After the last reply of a pipeline: a byte more means the stream is out of step, and
    /// a reader grown by a long pipeline gives its memory back.
    pub fn end_pipeline(&mut self) {
        if self.reader.buffered() > 0 {
            self.broken = true;
        }
        self.reader.shrink();
    }

    /// Opened by this process (a connection inherited through fork must not be read or written).
    pub fn is_own(&self) -> bool {
        self.pid == crate::process::current()
    }

    /// A reply (or EOF, or an error) can be read without waiting: bytes are buffered or the
    /// socket is readable.
    pub fn reply_ready(&self) -> bool {
        if self.reader.buffered() > 0 || self.stream.pending() > 0 {
            return true;
        }
        let mut pfd = libc::pollfd { fd: self.stream.as_raw_fd(), events: libc::POLLIN | libc::POLLRDHUP, revents: 0 };
        loop {
            // SAFETY: one valid pollfd, zero timeout.
            let rc = unsafe { libc::poll(&mut pfd, 1, 0) };
            if rc < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return rc > 0;
        }
    }

    /// Marks the connection unusable (a reply no command of ours can get).
    pub fn mark_broken(&mut self) {
        self.broken = true;
    }

    /// A write that stopped after `written` bytes: nothing sent, or an unknown outcome.
    fn unsent_or_lost(&self, written: usize, message: String) -> CommandError {
        if written == 0 {
            CommandError::NotSent(self.io_error(message))
        } else {
            CommandError::MaybeSent(RedisError::new(ErrorKind::ConnectionLost, message))
        }
    }

    fn io_error(&self, message: String) -> RedisError {
        RedisError::new(ErrorKind::Io, message)
    }

    /// Failed in a way that leaves its state unknown; checked without a syscall, unlike
    /// [`Connection::is_reusable`].
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// When it last finished a command (or was opened).
    pub fn last_used(&self) -> Instant {
        self.last_used
    }

    /// The server as messages name it, e.g. `redis://alice@127.0.0.1:6379` (no password).
    pub fn server(&self) -> &str {
        &self.server
    }
}

/// The socket, for inspection (socket options in tests); never read or write it directly.
impl AsRawFd for Connection {
    fn as_raw_fd(&self) -> std::os::fd::RawFd {
        self.stream.as_raw_fd()
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("server", &self.server)
            .field("pid", &self.pid)
            .field("broken", &self.broken)
            .finish()
    }
}
