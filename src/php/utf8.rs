//! UTF-8 checks for the short strings every emit carries (keys, rooms, small values): most are
//! ASCII, which `<[u8]>::is_ascii` confirms a word at a time, where `str::from_utf8` walks the
//! unaligned ends of a short string byte by byte.

/// `bytes` as `&str` when they are valid UTF-8.
#[inline]
pub fn str_of(bytes: &[u8]) -> Option<&str> {
    if bytes.is_ascii() {
        // SAFETY: ASCII is valid UTF-8.
        return Some(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::str_of;

    #[test]
    fn accepts_utf8_and_refuses_the_rest() {
        assert_eq!(str_of(b"user:42"), Some("user:42"));
        assert_eq!(str_of("é€\u{1F600}".as_bytes()), Some("é€\u{1F600}"));
        assert_eq!(str_of(b""), Some(""));
        assert_eq!(str_of(b"ab\xff"), None);
        assert_eq!(str_of(b"\xed\xa0\x80"), None);
    }
}
