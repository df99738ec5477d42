//! The neutral description of a value that e2e/differential/compare.mjs rebuilds in JavaScript
//! (its header documents the tokens), and the record line that carries it with our bytes.
//! Nothing here uses the encoders under test: strings and bytes travel as hex, doubles as bits.
use socketio_protocol::Value;
use std::fmt::Write as _;

/// Which official encoder the record is compared with.
#[derive(Clone, Copy)]
pub enum Mode {
    /// notepack.io's `encode`
    Msgpack,
    /// `JSON.stringify`
    Json,
}

/// Appends one line: `M|J <description> = <hex of ours>`.
pub fn record(mode: Mode, value: &Value, ours: &[u8], out: &mut String) {
    out.push(match mode {
        Mode::Msgpack => 'M',
        Mode::Json => 'J',
    });
    describe(value, out);
    out.push_str(" = ");
    hex(ours, out);
    out.push('\n');
}

fn describe(value: &Value, out: &mut String) {
    out.push(' ');
    match value {
        Value::Null => out.push('n'),
        Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Value::Int(n) => {
            let _ = write!(out, "i{n}");
        }
        Value::Float(f) => {
            let _ = write!(out, "d{:016x}", f.to_bits());
        }
        Value::Str(s) => {
            out.push('s');
            hex(s.as_bytes(), out);
        }
        Value::Binary(bytes) => {
            out.push('b');
            hex(bytes, out);
        }
        Value::Array(items) => {
            let _ = write!(out, "a{}", items.len());
            for item in items {
                describe(item, out);
            }
        }
        Value::Map(entries) => {
            let _ = write!(out, "m{}", entries.len());
            for (key, item) in entries {
                out.push(' ');
                hex(key.as_bytes(), out);
                describe(item, out);
            }
        }
    }
}

pub fn hex(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
}
