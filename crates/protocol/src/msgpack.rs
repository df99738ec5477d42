//! msgpack exactly as notepack.io 3.0.1 writes it (§1.3).
//!
//! Receivers decode whatever valid msgpack they get, but the published bytes must match the
//! official emitter's byte for byte, so every choice of form below is notepack's, not merely a
//! valid one: smallest integer form, str8 from 32 bytes, bin for bytes. The one deliberate
//! difference is that a [`Value::Float`] is always float64 even when integral: PHP tells `2.0`
//! from `2`, and the receiving JavaScript sees the same number either way.
use crate::Value;

pub fn encode_into(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => write_nil(out),
        Value::Bool(b) => write_bool(*b, out),
        Value::Int(n) => write_int(*n, out),
        Value::Float(f) => write_float(*f, out),
        Value::Str(s) => write_str(s, out),
        Value::Binary(bytes) => write_bin(bytes, out),
        Value::Array(items) => {
            write_array_header(items.len(), out);
            for item in items {
                encode_into(item, out);
            }
        }
        Value::Map(entries) => {
            write_map_header(entries.len(), out);
            for (key, item) in entries {
                write_str(key, out);
                encode_into(item, out);
            }
        }
    }
}

/// msgpack nil.
pub fn write_nil(out: &mut Vec<u8>) {
    out.push(0xc0);
}

pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(value, &mut out);
    out
}

pub fn write_bool(b: bool, out: &mut Vec<u8>) {
    out.push(if b { 0xc3 } else { 0xc2 });
}

pub fn write_int(n: i64, out: &mut Vec<u8>) {
    if n >= 0 {
        write_uint(n as u64, out);
    } else if n >= -32 {
        out.push(n as u8);
    } else if n >= i8::MIN as i64 {
        out.extend_from_slice(&[0xd0, n as u8]);
    } else if n >= i16::MIN as i64 {
        out.push(0xd1);
        out.extend_from_slice(&(n as i16).to_be_bytes());
    } else if n >= i32::MIN as i64 {
        out.push(0xd2);
        out.extend_from_slice(&(n as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn write_uint(n: u64, out: &mut Vec<u8>) {
    if n < 0x80 {
        out.push(n as u8);
    } else if n <= u8::MAX as u64 {
        out.extend_from_slice(&[0xcc, n as u8]);
    } else if n <= u16::MAX as u64 {
        out.push(0xcd);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= u32::MAX as u64 {
        out.push(0xce);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(0xcf);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

pub fn write_float(f: f64, out: &mut Vec<u8>) {
    out.push(0xcb);
    out.extend_from_slice(&f.to_bits().to_be_bytes());
}

pub fn write_str(s: &str, out: &mut Vec<u8>) {
    let len = s.len();
    if len < 32 {
        out.push(0xa0 | len as u8);
    } else {
        write_len(len, [0xd9, 0xda, 0xdb], out);
    }
    out.extend_from_slice(s.as_bytes());
}

fn write_bin(bytes: &[u8], out: &mut Vec<u8>) {
    write_len(bytes.len(), [0xc4, 0xc5, 0xc6], out);
    out.extend_from_slice(bytes);
}

pub fn write_array_header(len: usize, out: &mut Vec<u8>) {
    if len < 16 {
        out.push(0x90 | len as u8);
    } else {
        write_wide_len(len, [0xdc, 0xdd], out);
    }
}

pub fn write_map_header(len: usize, out: &mut Vec<u8>) {
    if len < 16 {
        out.push(0x80 | len as u8);
    } else {
        write_wide_len(len, [0xde, 0xdf], out);
    }
}

/// 8-, 16- or 32-bit length after one of three markers (str and bin families).
fn write_len(len: usize, markers: [u8; 3], out: &mut Vec<u8>) {
    if len <= u8::MAX as usize {
        out.extend_from_slice(&[markers[0], len as u8]);
    } else {
        write_wide_len(len, [markers[1], markers[2]], out);
    }
}

/// 16- or 32-bit length. msgpack has no wider form: callers refuse longer values first with
/// [`crate::limits::check_value_len`], so a longer one here is a bug of theirs.
fn write_wide_len(len: usize, markers: [u8; 2], out: &mut Vec<u8>) {
    if len <= u16::MAX as usize {
        out.push(markers[0]);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        let len = u32::try_from(len).expect("msgpack cannot carry 4 GiB or more in one value");
        out.push(markers[1]);
        out.extend_from_slice(&len.to_be_bytes());
    }
}
