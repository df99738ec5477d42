//! Redis Cluster: slot map, routing by channel slot, MOVED/ASK, topology refresh.
use crate::{ConnectOptions, RedisError, Target};

pub struct ClusterClient { /* slot map, node connections, pid */ }

impl ClusterClient {
    /// Reads the topology (CLUSTER SLOTS) from the first reachable seed.
    pub fn connect(target: &Target, opts: &ConnectOptions) -> Result<ClusterClient, RedisError> { todo!() }

    /// SPUBLISH goes to the master owning the channel's slot; PUBLISH to any node (classic
    /// pub/sub is broadcast cluster-wide). Follows MOVED/ASK; refreshes the topology after a
    /// node fails; never resends a command that may have been executed.
    pub fn publish(&mut self, opts: &ConnectOptions, command: &str, channel: &[u8], payload: &[u8]) -> Result<i64, RedisError> { todo!() }

    /// Opened by this process (not inherited through fork).
    pub fn is_reusable(&self) -> bool { todo!() }

    pub fn open_connections(&self) -> usize { todo!() }
}
