//! Channel names (§1.1, §2.1, §3.1).
//!
//! Servers subscribe to these strings literally (or as a glob of them), so a missing '#' or '/'
//! means nobody hears the message; there is no escaping on either side.
use crate::Room;
use std::fmt::Write as _;

/// `<key>#<nsp>#`: namespace broadcast channel (classic) / main channel (sharded).
pub fn namespace(key: &str, nsp: &str) -> String {
    let mut channel = String::with_capacity(key.len() + nsp.len() + 2);
    push_namespace(&mut channel, key, nsp);
    channel
}

/// `<key>#<nsp>#<room>#`
pub fn room(key: &str, nsp: &str, room: &Room) -> String {
    let mut channel = String::with_capacity(key.len() + nsp.len() + 24);
    push_namespace(&mut channel, key, nsp);
    match room {
        Room::Str(s) => channel.push_str(s),
        // `String(42)` is "42": same digits as Rust's Display for every i64.
        Room::Int(n) => {
            let _ = write!(channel, "{n}");
        }
    }
    channel.push('#');
    channel
}

/// `<key>-request#<nsp>#`
pub fn request(key: &str, nsp: &str) -> String {
    let mut channel = String::with_capacity(key.len() + nsp.len() + 10);
    channel.push_str(key);
    channel.push_str("-request#");
    channel.push_str(nsp);
    channel.push('#');
    channel
}

fn push_namespace(channel: &mut String, key: &str, nsp: &str) {
    channel.push_str(key);
    channel.push('#');
    channel.push_str(nsp);
    channel.push('#');
}
