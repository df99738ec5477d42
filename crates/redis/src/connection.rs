//! One socket to one Redis server: connect, AUTH, send a command, read its reply.
use crate::resp::Reply;
use crate::{ConnectOptions, Endpoint, RedisError, Target};

/// Why a command failed, and whether Redis may have executed it: only `NotSent` may be retried,
/// so a message is never published twice.
#[derive(Debug)]
pub enum CommandError {
    NotSent(RedisError),
    MaybeSent(RedisError),
}

pub struct Connection { /* stream, pid that opened it, reusable buffers, broken flag */ }

impl Connection {
    /// Connects within `opts.connect_timeout`, authenticates with the target's credentials,
    /// and sets `opts.timeout` for reads and writes.
    pub fn open(endpoint: &Endpoint, target: &Target, opts: &ConnectOptions) -> Result<Connection, RedisError> { todo!() }

    /// Usable without a round trip: opened by this process (not inherited through fork), not
    /// broken by an earlier error, and a zero-timeout poll shows no EOF or stray bytes.
    pub fn is_reusable(&self) -> bool { todo!() }

    /// Sends one command and reads one reply. After `MaybeSent` the connection is broken and
    /// must be dropped. An `Error` reply is a successful round trip (Ok(Reply::Error)).
    pub fn command(&mut self, args: &[&[u8]]) -> Result<Reply, CommandError> { todo!() }
}
