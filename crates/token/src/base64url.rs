//! base64url without padding (RFC 7515 §2), strict on input: no padding, no whitespace, no
//! characters of the other alphabet, no non-zero leftover bits. A token has exactly one
//! spelling, so a signed token cannot be altered into another string that still verifies.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u32)
}

/// `None` for anything [`encode`] would not have written.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        let produced = chunk.len() - 1;
        // Bits below the last whole byte must be zero, or two strings would decode alike.
        let unused = 24 - 8 * produced;
        if chunk.len() < 4 && n & ((1 << unused) - 1) != 0 {
            return None;
        }
        for i in 0..produced {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..40 {
            let text = encode(&data[..len]);
            assert!(!text.contains('='));
            assert_eq!(decode(&text).as_deref(), Some(&data[..len]), "len {len}");
        }
    }

    #[test]
    fn known_values() {
        // RFC 4648 §10 vectors, in the url alphabet without padding.
        assert_eq!(encode(b"f"), "Zg");
        assert_eq!(encode(b"fo"), "Zm8");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn refuses_other_spellings() {
        assert_eq!(decode("Zg=="), None, "padding");
        assert_eq!(decode("Zh"), None, "non-zero leftover bits");
        assert_eq!(decode("+/8"), None, "standard alphabet");
        assert_eq!(decode("Zm9 v"), None, "whitespace");
        assert_eq!(decode("Z"), None, "impossible length");
        assert_eq!(decode(""), Some(vec![]));
    }
}
