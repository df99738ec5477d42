//! Per-process connections, keyed by [`Target`], reused across requests.
use crate::{ConnectOptions, RedisError, Target};

/// Sends `command channel payload` (command is "PUBLISH" or "SPUBLISH") and returns Redis's
/// integer reply. Opens or reuses the process's connection for `target`.
pub fn publish(target: &Target, opts: &ConnectOptions, command: &str, channel: &[u8], payload: &[u8]) -> Result<i64, RedisError> { todo!() }

/// Closes the non-persistent connections opened during this request (called at RSHUTDOWN).
pub fn end_request() { todo!() }

/// For phpinfo: what this process holds and what it did.
#[derive(Debug, Clone, Default)]
pub struct PoolStats {
    /// `describe()` of each open connection's target (no secrets).
    pub open: Vec<String>,
    pub publishes: u64,
    pub failures: u64,
}

pub fn stats() -> PoolStats { todo!() }
