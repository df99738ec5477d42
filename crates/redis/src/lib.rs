//! A publish-only Redis client built for the request/response life of PHP.
//!
//! One job: deliver `PUBLISH`/`SPUBLISH` with bounded latency, reusing one socket per process
//! and target across requests, with no liveness round trip (a zero-timeout `poll` tells a dead
//! socket), never sending the same message twice, and never showing a password.

pub mod cluster;
pub mod config;
pub mod connection;
pub mod crc16;
pub mod deadline;
pub mod error;
pub mod pipeline;
pub mod pool;
pub mod process;
pub mod pubsub;
pub mod resp;
pub mod secret;
pub mod sentinel;
pub mod stream;
pub mod stream_reader;
pub mod subscriber;

pub use config::{ConnectOptions, Endpoint, ServerAddr, Target, TlsOptions};
pub use deadline::Deadline;
pub use error::{ErrorKind, RedisError};
pub use pool::{publish, PoolStats};
pub use secret::Secret;
pub use sentinel::Sentinel;
