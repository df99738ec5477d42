//! A subscriber for one request that expects answers: its own connection, opened for the call
//! and closed after it (never pooled). SUBSCRIBE (or SSUBSCRIBE on the master that owns the
//! channel's slot) returns only once Redis has confirmed every channel, so an answer published
//! after that cannot be missed. Every read waits on the caller's one [`Deadline`]: a signal or
//! a server that drips bytes cannot stretch it.
//!
//! Why one connection per call and not a long-lived one per worker: a subscribed connection
//! can run nothing else, so it is an extra socket either way; per call it needs no routing of
//! answers between requests, holds no state across PHP requests or forks, and its cost (one
//! connect and one round trip) is small next to waiting for the servers' answers.
use crate::connection::Connection;
use crate::deadline::Deadline;
use crate::pool::{checkout, Link};
use crate::resp::Reply;
use crate::{ConnectOptions, Endpoint, ErrorKind, RedisError, ServerAddr, Target};

/// A connection of the caller's own (never pooled) to the server that serves `key`: in a Redis
/// Cluster the master owning its slot (`sharded`) or any node, for a `redis+sentinel://` target
/// the master the sentinels name (its role checked), else the one server. The endpoint is None
/// for a sentinel's master.
pub(crate) fn open_own(
    target: &Target,
    opts: &ConnectOptions,
    sharded: bool,
    key: &[u8],
    deadline: Deadline,
) -> Result<(Connection, Option<Endpoint>), RedisError> {
    if target.sentinel.is_some() {
        return crate::sentinel::open_master(target, opts, deadline).map(|conn| (conn, None));
    }
    let endpoint = if target.cluster {
        let mut lease = checkout(target, opts, false, deadline)?;
        let Link::Cluster(client) = lease.link() else { unreachable!("cluster targets hold cluster links") };
        let endpoint = client.subscribe_endpoint(opts, sharded, key, deadline);
        lease.checkin();
        endpoint?
    } else {
        target.endpoints.first().cloned().ok_or_else(|| RedisError::new(ErrorKind::Config, "no Redis server given"))?
    };
    let conn = Connection::open(&endpoint, target, opts, deadline)?;
    Ok((conn, Some(endpoint)))
}

/// One published message received on a subscribed channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub channel: Vec<u8>,
    pub payload: Vec<u8>,
}

pub struct Subscriber {
    conn: Connection,
    sharded: bool,
}

impl Subscriber {
    /// Connects and subscribes to `channels` (all in one slot when `sharded`), by `deadline`.
    pub fn subscribe(
        target: &Target,
        opts: &ConnectOptions,
        sharded: bool,
        channels: &[&[u8]],
        deadline: Deadline,
    ) -> Result<Subscriber, RedisError> {
        if channels.is_empty() {
            return Err(RedisError::new(ErrorKind::Config, "nothing to subscribe to"));
        }
        let (conn, endpoint) = open_own(target, opts, sharded, channels[0], deadline)?;
        match Subscriber::confirmed(conn, endpoint.as_ref(), sharded, channels, deadline) {
            // The slot moved since the map was read: once more, on the node Redis named.
            Err(Failure::Moved(to)) if target.cluster => {
                if let Ok(mut lease) = checkout(target, opts, false, deadline) {
                    if let Link::Cluster(client) = lease.link() {
                        client.topology_stale();
                    }
                    lease.checkin();
                }
                Subscriber::on(&to, target, opts, sharded, channels, deadline).map_err(Failure::into_error)
            }
            other => other.map_err(Failure::into_error),
        }
    }

    fn on(
        endpoint: &Endpoint,
        target: &Target,
        opts: &ConnectOptions,
        sharded: bool,
        channels: &[&[u8]],
        deadline: Deadline,
    ) -> Result<Subscriber, Failure> {
        let conn = Connection::open(endpoint, target, opts, deadline).map_err(Failure::Error)?;
        Subscriber::confirmed(conn, Some(endpoint), sharded, channels, deadline)
    }

    /// Subscribes `conn` and waits for the confirmations. `endpoint` (None for a sentinel's
    /// master, which never redirects) is what a cluster's MOVED is read against.
    fn confirmed(
        mut conn: Connection,
        endpoint: Option<&Endpoint>,
        sharded: bool,
        channels: &[&[u8]],
        deadline: Deadline,
    ) -> Result<Subscriber, Failure> {
        let mut args: Vec<&[u8]> = vec![if sharded { b"SSUBSCRIBE" } else { b"SUBSCRIBE" }];
        args.extend_from_slice(channels);
        conn.send_command(&args, deadline).map_err(|e| Failure::Error(e.into_inner()))?;
        let confirm: &[u8] = if sharded { b"ssubscribe" } else { b"subscribe" };
        // One confirmation per channel, in order.
        for channel in channels {
            match conn.read_reply(deadline).map_err(Failure::Error)? {
                Reply::Array(Some(items)) if is_confirmation(&items, confirm, channel) => {}
                Reply::Error(message) => {
                    if let Some(endpoint) = endpoint {
                        let host = match &endpoint.addr {
                            ServerAddr::Tcp { host, .. } => host.as_str(),
                            ServerAddr::Unix { .. } => "",
                        };
                        if let Some(to) = crate::cluster::query::moved_endpoint(&message, host, endpoint.tls) {
                            return Err(Failure::Moved(to));
                        }
                    }
                    return Err(Failure::Error(RedisError::from_reply(conn.server(), &message)));
                }
                other => {
                    return Err(Failure::Error(RedisError::new(
                        ErrorKind::Protocol,
                        format!(
                            "{} answered {} with {}",
                            conn.server(),
                            String::from_utf8_lossy(args[0]),
                            other.type_name()
                        ),
                    )))
                }
            }
        }
        Ok(Subscriber { conn, sharded })
    }

    /// The next message on a subscribed channel, or `None` once `deadline` has passed.
    pub fn next(&mut self, deadline: Deadline) -> Result<Option<Delivery>, RedisError> {
        let kind: &[u8] = if self.sharded { b"smessage" } else { b"message" };
        loop {
            if deadline.expired() {
                return Ok(None);
            }
            let reply = match self.conn.read_reply(deadline) {
                Ok(reply) => reply,
                Err(e) if e.kind == ErrorKind::Timeout => return Ok(None),
                Err(e) => return Err(e),
            };
            if let Reply::Array(Some(mut items)) = reply {
                if items.len() == 3 && matches!(&items[0], Reply::Bulk(Some(k)) if k.as_slice() == kind) {
                    let payload = bulk(items.pop());
                    let channel = bulk(items.pop());
                    if let (Some(channel), Some(payload)) = (channel, payload) {
                        return Ok(Some(Delivery { channel, payload }));
                    }
                }
            }
            // Anything else (a late confirmation, a pong) is not a message: read on.
        }
    }

    /// The server as messages name it.
    pub fn server(&self) -> &str {
        self.conn.server()
    }
}

fn bulk(reply: Option<Reply>) -> Option<Vec<u8>> {
    match reply {
        Some(Reply::Bulk(Some(bytes))) => Some(bytes),
        _ => None,
    }
}

/// `[subscribe, channel, count]`.
fn is_confirmation(items: &[Reply], kind: &[u8], channel: &[u8]) -> bool {
    matches!(items, [Reply::Bulk(Some(k)), Reply::Bulk(Some(c)), Reply::Int(_)] if k.as_slice() == kind && c.as_slice() == channel)
}

/// Why one subscribe attempt failed: the slot lives on another node (MOVED), or an error.
enum Failure {
    Moved(Endpoint),
    Error(RedisError),
}

impl Failure {
    fn into_error(self) -> RedisError {
        match self {
            Failure::Error(e) => e,
            Failure::Moved(to) => RedisError::new(
                ErrorKind::Server,
                format!("Redis Cluster redirected SSUBSCRIBE twice (last to {:?})", to.addr),
            ),
        }
    }
}
