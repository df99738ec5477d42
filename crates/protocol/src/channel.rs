//! Channel names (§1.1, §2.1, §3.1).
use crate::Room;

/// `<key>#<nsp>#`: namespace broadcast channel (classic) / main channel (sharded).
pub fn namespace(key: &str, nsp: &str) -> String { todo!() }
/// `<key>#<nsp>#<room>#`
pub fn room(key: &str, nsp: &str, room: &Room) -> String { todo!() }
/// `<key>-request#<nsp>#`
pub fn request(key: &str, nsp: &str) -> String { todo!() }
