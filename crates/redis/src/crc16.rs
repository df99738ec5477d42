//! Redis Cluster key slots: CRC16/XMODEM of the key (or of its `{hash tag}`) mod 16384.

pub fn key_slot(key: &[u8]) -> u16 { todo!() }
