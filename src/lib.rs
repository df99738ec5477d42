//! The `socketio` PHP extension. Everything PHP-specific lives in `php/`; the protocol and the
//! Redis client are plain Rust crates under `crates/`.
#![cfg_attr(windows, feature(abi_vectorcall))]
mod php;
