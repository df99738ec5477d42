//! Read-only commands on a Redis Cluster: on every node, or on one slot's master.

use std::time::Instant;

use super::{ClusterClient, SendError};
use crate::deadline::Deadline;
use crate::resp::Reply;
use crate::{ConnectOptions, RedisError};

impl ClusterClient {
    fn prepare(&mut self, opts: &ConnectOptions, overall: Deadline) {
        self.forget_inherited_connections();
        self.last_used = Instant::now();
        if self.refresh_due && self.refresh_allowed() {
            // Best effort, as for a publish: the sends below report the real failure.
            let _ = self.refresh(opts, overall);
        }
    }

    /// The command on every known node, masters then replicas. Any node that cannot answer
    /// fails the whole query: a sum with a node missing would be a wrong number, not a
    /// smaller one.
    pub fn query_each_node(
        &mut self,
        opts: &ConnectOptions,
        args: &[&[u8]],
        overall: Deadline,
    ) -> Result<Vec<Reply>, RedisError> {
        self.prepare(opts, overall);
        let mut replies = Vec::with_capacity(self.nodes.len());
        for idx in 0..self.nodes.len() {
            match self.send(idx, opts, args, false, overall) {
                Ok(Reply::Error(message)) => return Err(RedisError::from_reply(&self.nodes[idx].name, &message)),
                Ok(reply) => replies.push(reply),
                Err(SendError::Unreachable(e) | SendError::Fatal(e)) => {
                    self.refresh_due = true;
                    return Err(e);
                }
            }
        }
        Ok(replies)
    }

    /// The command on the master that owns `key`'s slot. PUBSUB SHARDNUMSUB is answered by any
    /// node without a redirection (0 where the channel does not live), so the map must be
    /// right: it is refreshed first when a previous call found it stale.
    pub fn query_slot_owner(
        &mut self,
        opts: &ConnectOptions,
        key: &[u8],
        args: &[&[u8]],
        overall: Deadline,
    ) -> Result<Reply, RedisError> {
        self.prepare(opts, overall);
        let idx = self.route(true, key, &[])?;
        match self.send(idx, opts, args, false, overall) {
            Ok(Reply::Error(message)) => Err(RedisError::from_reply(&self.nodes[idx].name, &message)),
            Ok(reply) => Ok(reply),
            Err(SendError::Unreachable(e) | SendError::Fatal(e)) => {
                self.refresh_due = true;
                Err(e)
            }
        }
    }
}

impl ClusterClient {
    /// Where a subscriber connects: the master owning `channel`'s slot for SSUBSCRIBE (shard
    /// channels live on their shard only), else any known node (classic pub/sub messages reach
    /// every node of the cluster), masters first.
    pub fn subscribe_endpoint(
        &mut self,
        opts: &ConnectOptions,
        sharded: bool,
        channel: &[u8],
        overall: Deadline,
    ) -> Result<crate::Endpoint, RedisError> {
        self.prepare(opts, overall);
        let idx = self.route(sharded, channel, &[])?;
        Ok(self.nodes[idx].endpoint.clone())
    }

    /// The next subscribe should read the topology again (a MOVED said the map is stale).
    pub fn topology_stale(&mut self) {
        self.refresh_due = true;
    }
}

/// The node a `MOVED` error names, as an endpoint with `tls` like the node that answered.
pub fn moved_endpoint(message: &str, current_host: &str, tls: bool) -> Option<crate::Endpoint> {
    match super::parse_redirect(message, current_host)? {
        super::Redirect::Moved { addr, .. } => {
            Some(crate::Endpoint { addr: crate::ServerAddr::Tcp { host: addr.host, port: addr.port }, tls })
        }
        super::Redirect::Ask { .. } => None,
    }
}
