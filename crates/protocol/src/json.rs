//! Compact JSON exactly as `JSON.stringify` writes it.
//!
//! Request payloads are compared byte for byte with the official emitter's, so escaping and number
//! formatting follow ECMAScript (`QuoteJSONString`, `Number::toString`) rather than any JSON
//! library's preferences.
use crate::Value;
use std::fmt::Write as _;
use std::io::Write as _;

pub fn encode_into(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => write_bool(*b, out),
        Value::Int(n) => write_int(*n, out),
        Value::Float(f) => write_float(*f, out),
        Value::Str(s) => write_str(s, out),
        Value::Binary(bytes) => write_buffer(bytes, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                encode_into(item, out);
            }
            out.push(b']');
        }
        Value::Map(entries) => {
            out.push(b'{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(key, out);
                out.push(b':');
                encode_into(item, out);
            }
            out.push(b'}');
        }
    }
}

pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(value, &mut out);
    out
}

pub(crate) fn write_bool(b: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

pub(crate) fn write_int(n: i64, out: &mut Vec<u8>) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{n}");
}

/// A Node `Buffer` has a `toJSON()` giving this shape; the official emitter's `JSON.stringify`
/// of a serverSideEmit with a Buffer argument produces exactly these bytes.
fn write_buffer(bytes: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(br#"{"type":"Buffer","data":["#);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let _ = write!(out, "{b}");
    }
    out.extend_from_slice(b"]}");
}

pub(crate) fn write_str(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    // Copy unescaped runs in one go; only ASCII '"', '\\' and controls ever need escaping, and
    // those bytes never occur inside a multi-byte UTF-8 sequence.
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1f => &[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]],
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escape);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// ECMAScript `Number::toString(x)` for a finite x. Rust's `{:e}` already yields the shortest
/// digits that round-trip; only the layout around them differs, plus one tie rule (below).
pub(crate) fn write_float(f: f64, out: &mut Vec<u8>) {
    if !f.is_finite() {
        // Never built by the binding; if one slips through, write what JSON.stringify does.
        out.extend_from_slice(b"null");
        return;
    }
    if f == 0.0 {
        // Covers -0.0 too: JS prints both zeros as "0".
        out.push(b'0');
        return;
    }
    let mut buf = StackBuf::default();
    let _ = write!(buf, "{:e}", f.abs());
    let (mut digits, mut k, mut exp) = split_exp(buf.as_bytes());
    if k >= 16 {
        // With 16+ digits two shortest candidates can be equally close to x, e.g.
        // 1923476627856596.25: JS takes the even one (…596.2), Rust's shortest mode the upper
        // (…596.3). Rust's fixed-precision formatting is exact and rounds half to even, so redoing
        // the digits at the same length gives JS's choice. Below 16 digits the candidates are
        // further apart than a double's rounding interval, so there is never a tie.
        let mut nearest = StackBuf::default();
        let _ = write!(nearest, "{:.*e}", k - 1, f.abs());
        let redone = split_exp(nearest.as_bytes());
        // The nearest k-digit decimal is only JS's choice if it still reads back as x. At a power
        // of two the interval that rounds to x is narrower below x than above, and the nearest
        // decimal can fall below it (2^182: …555e54 names the double under x, JS prints …556e54);
        // then the shortest digits, which always read back as x, are the answer.
        if (redone.0, redone.1, redone.2) != (digits, k, exp) && reads_back_as(nearest.as_bytes(), f.abs()) {
            (digits, k, exp) = redone;
        }
    }
    let digits = &digits[..k];
    let k = k as i32;
    // In the spec's terms x = 0.d1d2..dk × 10^n.
    let n = exp + 1;

    if f < 0.0 {
        out.push(b'-');
    }
    if k <= n && n <= 21 {
        out.extend_from_slice(digits);
        out.resize(out.len() + (n - k) as usize, b'0');
    } else if 0 < n && n <= 21 {
        out.extend_from_slice(&digits[..n as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + (-n) as usize, b'0');
        out.extend_from_slice(digits);
    } else {
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        out.push(if n - 1 < 0 { b'-' } else { b'+' });
        let _ = write!(out, "{}", (n - 1).unsigned_abs());
    }
}

/// True when the decimal text parses to exactly `x`.
fn reads_back_as(text: &[u8], x: f64) -> bool {
    std::str::from_utf8(text).ok().and_then(|t| t.parse::<f64>().ok()) == Some(x)
}

/// Splits `{:e}` output ("1.2345e-7") into its significant digits (trailing zeros dropped),
/// their count and the decimal exponent.
fn split_exp(text: &[u8]) -> ([u8; 17], usize, i32) {
    let e_at = text.iter().position(|&b| b == b'e').expect("LowerExp always writes 'e'");
    let exp = std::str::from_utf8(&text[e_at + 1..]).ok().and_then(|e| e.parse().ok()).expect("LowerExp exponent");
    let mut digits = [0u8; 17];
    let mut k = 0;
    for &b in text[..e_at].iter().filter(|b| b.is_ascii_digit()) {
        digits[k] = b;
        k += 1;
    }
    while k > 1 && digits[k - 1] == b'0' {
        k -= 1;
    }
    (digits, k, exp)
}

/// Room for the longest `{:e}` of an f64 ("2.2250738585072014e-308" is 23 bytes) without a
/// heap allocation.
#[derive(Default)]
struct StackBuf {
    bytes: [u8; 32],
    len: usize,
}

impl StackBuf {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl std::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
