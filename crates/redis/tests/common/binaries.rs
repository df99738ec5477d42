//! Which redis-server and redis-cli the tests start: `REDIS_SERVER` / `REDIS_CLI` when set (a
//! path, e.g. a Redis 8 or Valkey 9 built by tests/servers/build.sh), else the names on PATH.
//! The same variables choose the binaries of the end-to-end tests (e2e/lib).

use std::ffi::OsString;

pub fn redis_server() -> OsString {
    std::env::var_os("REDIS_SERVER").unwrap_or_else(|| "redis-server".into())
}

pub fn redis_cli() -> OsString {
    std::env::var_os("REDIS_CLI").unwrap_or_else(|| "redis-cli".into())
}
