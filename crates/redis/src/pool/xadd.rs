//! Stream entries (`XADD`, for the Redis Streams adapter) through the publish path: the same
//! connections, time bound, counters and never-resend rule as a publish. Only the reply
//! differs: the new entry's id instead of a receiver count.

use super::{checkout, single_command, Link, FAILURES, PUBLISHES};
use crate::cluster::entry_id;
use crate::deadline::Deadline;
use crate::resp::Reply;
use crate::{ConnectOptions, ErrorKind, RedisError, Target};
use std::sync::atomic::Ordering;

/// Sends `XADD <stream> ...` (`args`, name first; the stream key is `args[1]`, which a Redis
/// Cluster routes by) and returns the entry id Redis assigned (`1795306477058-0`). Bounded by
/// [`ConnectOptions::publish_budget`], as a publish.
pub fn xadd(target: &Target, opts: &ConnectOptions, args: &[&[u8]]) -> Result<String, RedisError> {
    let overall = Deadline::after(opts.publish_budget(target.cluster));
    let result = if target.cluster {
        checkout(target, opts, false, overall).and_then(|mut lease| {
            let Link::Cluster(client) = lease.link() else { unreachable!("cluster targets hold cluster links") };
            let result = client.xadd(opts, args, overall);
            lease.checkin();
            result
        })
    } else {
        single_command(target, opts, args, overall, |conn, reply| match reply {
            Reply::Error(message) => Err(RedisError::from_reply(conn.server(), &message)),
            other => entry_id(&other).ok_or_else(|| {
                RedisError::new(
                    ErrorKind::Protocol,
                    format!("{} answered XADD with {} instead of an entry id", conn.server(), other.type_name()),
                )
            }),
        })
    };
    match result {
        Ok(_) => PUBLISHES.fetch_add(1, Ordering::Relaxed),
        Err(_) => FAILURES.fetch_add(1, Ordering::Relaxed),
    };
    result
}
