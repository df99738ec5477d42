//! Redis Cluster key slots: CRC16/XMODEM of the key (or of its `{hash tag}`) mod 16384.

/// Number of hash slots in a Redis Cluster.
pub const SLOTS: usize = 16384;

/// CRC16/XMODEM (polynomial 0x1021, init 0, no reflection, no final xor), the variant Redis
/// Cluster specifies. Built at compile time so the hot path is one lookup per byte.
const TABLE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u16) << 8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

pub fn crc16(data: &[u8]) -> u16 {
    data.iter().fold(0u16, |crc, &b| (crc << 8) ^ TABLE[((crc >> 8) as u8 ^ b) as usize])
}

/// The part of the key that is hashed: the bytes between the first `{` and the first `}` after
/// it, when that is non-empty; otherwise the whole key (so `{}x` and `x{` hash entirely).
pub fn hash_tag(key: &[u8]) -> &[u8] {
    if let Some(open) = key.iter().position(|&b| b == b'{') {
        if let Some(len) = key[open + 1..].iter().position(|&b| b == b'}') {
            if len > 0 {
                return &key[open + 1..open + 1 + len];
            }
        }
    }
    key
}

pub fn key_slot(key: &[u8]) -> u16 {
    crc16(hash_tag(key)) & (SLOTS as u16 - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc16_xmodem_check_value() {
        assert_eq!(crc16(b"123456789"), 0x31C3);
        assert_eq!(crc16(b""), 0);
    }

    #[test]
    fn slots_known_from_redis() {
        // Values from CLUSTER KEYSLOT on Redis 7.0 and the cluster specification.
        assert_eq!(key_slot(b"foo"), 12182);
        assert_eq!(key_slot(b"bar"), 5061);
        assert_eq!(key_slot(b"hello"), 866);
        assert_eq!(key_slot(b"123456789"), 0x31C3 & 0x3FFF);
        assert_eq!(key_slot(b""), 0);
    }

    #[test]
    fn socket_io_channels_from_the_protocol_notes() {
        // protocol-requests.md §2.1, measured with CLUSTER KEYSLOT.
        assert_eq!(key_slot(b"socket.io#/#"), 13868);
        assert_eq!(key_slot(b"socket.io#/#emitter#"), 10179);
        assert_eq!(key_slot(b"socket.io#/admin#"), 4375);
        assert_eq!(key_slot(b"socket.io#/#r1#"), 8259);
    }

    #[test]
    fn hash_tags() {
        // Same tag, same slot.
        assert_eq!(key_slot(b"{user1000}.following"), key_slot(b"{user1000}.followers"));
        assert_eq!(key_slot(b"{user1000}.following"), key_slot(b"user1000"));
        // Only the first `{` counts, and the first `}` after it.
        assert_eq!(hash_tag(b"foo{{bar}}zap"), b"{bar");
        assert_eq!(hash_tag(b"foo{bar}{zap}"), b"bar");
        assert_eq!(key_slot(b"foo{bar}{zap}"), key_slot(b"bar"));
        // An empty tag or an unclosed brace hashes the whole key.
        assert_eq!(hash_tag(b"foo{}{bar}"), b"foo{}{bar}");
        assert_eq!(hash_tag(b"{}"), b"{}");
        assert_eq!(hash_tag(b"foo{bar"), b"foo{bar");
        assert_eq!(hash_tag(b"foo}bar{"), b"foo}bar{");
        assert_eq!(hash_tag(b"}{x}"), b"x");
        // Socket.IO room names may contain braces: a room `{team}` pins the channel to `team`.
        assert_eq!(key_slot(b"socket.io#/#{team}#"), key_slot(b"team"));
    }

    #[test]
    fn every_slot_is_in_range() {
        for i in 0..5000u32 {
            assert!((key_slot(format!("k{i}").as_bytes()) as usize) < SLOTS);
        }
    }
}
