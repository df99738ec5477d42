//! What the wire can carry, decided from lengths alone so callers can refuse a value before
//! building or sending anything, and so the limits are tested without allocating gigabytes.

use crate::{ProtocolError, Value};

/// msgpack's widest string, binary, array and map forms (str32, bin32, array32, map32) carry a
/// 32-bit length.
pub const MSGPACK_MAX_LEN: usize = u32::MAX as usize;

/// Redis refuses a bulk string longer than `proto-max-bulk-len`, 512 MB unless configured, and
/// closes the connection on it: the client sees "Connection reset by peer", not a reason.
pub const REDIS_MAX_BULK_LEN: usize = 512 * 1024 * 1024;

/// Whether one string or byte string of `len` bytes fits a msgpack value.
pub fn fits_msgpack(len: usize) -> bool {
    len <= MSGPACK_MAX_LEN
}

/// The reason a value of `len` bytes cannot be sent, if it cannot.
pub fn check_value_len(len: usize) -> Result<(), ProtocolError> {
    if fits_msgpack(len) {
        return Ok(());
    }
    Err(ProtocolError::TooLarge(format!(
        "{len} bytes is too long: one msgpack value carries at most {MSGPACK_MAX_LEN} bytes (4 GiB - 1)"
    )))
}

/// The reason a payload (or channel) of `len` bytes cannot be published, if it cannot.
pub fn check_bulk_len(what: &str, len: usize) -> Result<(), ProtocolError> {
    if len <= REDIS_MAX_BULK_LEN {
        return Ok(());
    }
    Err(ProtocolError::TooLarge(format!(
        "{what} too large: {len} bytes is over Redis's limit of {REDIS_MAX_BULK_LEN} bytes (512 MB, \
         proto-max-bulk-len) for one value; nothing was sent"
    )))
}

/// How a payload writes its values. Only bytes differ much: JSON writes a Buffer as
/// `{"type":"Buffer","data":[1,2,...]}`, up to 4 characters per byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Msgpack,
    Json,
}

/// About what `len` bytes of a `SocketIO\Binary` take once encoded (at most, for JSON).
pub fn encoded_bytes_len(format: Format, len: usize) -> usize {
    match format {
        Format::Msgpack => len.saturating_add(5),
        Format::Json => len.saturating_mul(4).saturating_add(26),
    }
}

/// About what a string of `len` bytes takes once encoded (escapes are rare in both forms).
pub fn encoded_str_len(len: usize) -> usize {
    len.saturating_add(len / 16).saturating_add(5)
}

/// A first guess at a value's encoded size, for the payload buffer's capacity: large strings
/// and bytes anywhere inside don't make the buffer regrow (each regrowth holds the old and the
/// new copy at once).
pub fn encoded_len_hint(format: Format, value: &Value) -> usize {
    match value {
        Value::Str(s) => encoded_str_len(s.len()),
        Value::Binary(b) => encoded_bytes_len(format, b.len()),
        Value::Array(items) => items.iter().fold(5, |n, v| n.saturating_add(encoded_len_hint(format, v))),
        Value::Map(entries) => entries.iter().fold(5, |n, (k, v)| {
            n.saturating_add(encoded_str_len(k.len())).saturating_add(encoded_len_hint(format, v))
        }),
        _ => 16,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msgpack_values_stop_below_4_gib() {
        assert!(fits_msgpack(0));
        assert!(fits_msgpack(u32::MAX as usize));
        assert!(!fits_msgpack(u32::MAX as usize + 1));
        assert!(check_value_len(u32::MAX as usize).is_ok());
        let err = check_value_len(4 << 30).unwrap_err().to_string();
        assert_eq!(err, "4294967296 bytes is too long: one msgpack value carries at most 4294967295 bytes (4 GiB - 1)");
    }

    #[test]
    fn payloads_stop_at_redis_bulk_limit() {
        assert!(check_bulk_len("payload", 0).is_ok());
        assert!(check_bulk_len("payload", 512 << 20).is_ok());
        let err = check_bulk_len("payload", (512 << 20) + 1).unwrap_err().to_string();
        assert!(
            err.starts_with("payload too large: 536870913 bytes is over Redis's limit of 536870912 bytes"),
            "{err}"
        );
        assert!(err.contains("proto-max-bulk-len") && err.ends_with("nothing was sent"), "{err}");
    }

    #[test]
    fn size_hints_cover_nested_bytes_and_never_overflow() {
        let nested = Value::Array(vec![Value::Map(vec![("k".into(), Value::Binary(vec![7; 1000].into()))])]);
        assert!(encoded_len_hint(Format::Msgpack, &nested) >= 1005);
        assert!(encoded_len_hint(Format::Json, &nested) >= 4000);
        assert_eq!(encoded_bytes_len(Format::Json, usize::MAX), usize::MAX);
        assert_eq!(encoded_str_len(usize::MAX), usize::MAX);
    }
}
