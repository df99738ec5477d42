//! Commands other than a publish, through the same per-process connections: diagnostics such
//! as counting subscribers (`PUBSUB NUMSUB`). Kept apart from the publish path, whose rules
//! (never resend what may have reached Redis) and time bound it shares but whose counters it
//! does not touch.

use super::{checkout, Link};
use crate::deadline::Deadline;
use crate::resp::Reply;
use crate::{ConnectOptions, RedisError, Target};

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
    let overall = Deadline::after(opts.publish_budget(target.discovers()));
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
    super::single_command(target, opts, args, overall, |conn, reply| match reply {
        Reply::Error(message) => Err(RedisError::from_reply(conn.server(), &message)),
        other => Ok(vec![other]),
    })
}
