//! Commands other than a publish, through the same per-process connections: diagnostics such
//! as counting subscribers (`PUBSUB NUMSUB`). Kept apart from the publish path, whose rules
//! (never resend what may have reached Redis) and time bound it shares but whose counters it
//! does not touch.

use super::{checkout, Link};
use crate::connection::CommandError;
use crate::deadline::Deadline;
use crate::resp::Reply;
use crate::{ConnectOptions, ErrorKind, RedisError, Target};

/// Which node(s) of a Redis Cluster a query goes to; a single server answers every route.
#[derive(Debug, Clone, Copy)]
pub enum Route<'a> {
    /// Every node, masters and replicas: classic pub/sub state is local to each node.
    EachNode,
    /// The master owning the slot of this key or shard channel.
    SlotOwner(&'a [u8]),
}

/// Sends a read-only command and returns the reply of each node asked (one for a single
/// server). An error reply is returned as an error naming the node. The whole call is bounded
/// as a publish is ([`ConnectOptions::publish_budget`]).
pub fn query(
    target: &Target,
    opts: &ConnectOptions,
    route: Route<'_>,
    args: &[&[u8]],
) -> Result<Vec<Reply>, RedisError> {
    let overall = Deadline::after(opts.publish_budget(target.cluster));
    if target.cluster {
        let mut lease = checkout(target, opts, false, overall)?;
        let Link::Cluster(client) = lease.link() else { unreachable!("cluster targets hold cluster links") };
        let result = match route {
            Route::EachNode => client.query_each_node(opts, args, overall),
            Route::SlotOwner(key) => client.query_slot_owner(opts, key, args, overall).map(|reply| vec![reply]),
        };
        lease.checkin();
        return result;
    }
    if target.endpoints.is_empty() {
        return Err(RedisError::new(ErrorKind::Config, "no Redis server given"));
    }
    let mut retry = false;
    loop {
        let mut lease = checkout(target, opts, retry, overall)?;
        let Link::Single(conn) = lease.link() else { unreachable!("single targets hold single links") };
        let deadline = Deadline::after(opts.timeout).earliest(overall);
        match conn.command(args, deadline) {
            Ok(reply) => {
                let result = match reply {
                    Reply::Error(message) => Err(RedisError::from_reply(conn.server(), &message)),
                    other => Ok(vec![other]),
                };
                lease.checkin();
                return result;
            }
            // Nothing reached Redis: one more try, on a new connection, if time is left.
            Err(CommandError::NotSent(e)) => {
                drop(lease);
                if retry || overall.expired() {
                    return Err(e);
                }
                retry = true;
            }
            Err(CommandError::MaybeSent(e)) => return Err(e),
        }
    }
}
