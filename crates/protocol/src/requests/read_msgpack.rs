//! msgpack (notepack.io or @msgpack/msgpack, as the servers write responses) -> [`Value`].
//!
//! bin -> [`Value::Binary`]; the timestamp extension (-1, a JS `Date`) -> the ISO string the
//! JSON path gives for the same Date (`Date.prototype.toJSON`), so an answer reads the same
//! whichever encoding a server picked; other extensions -> null. A uint64 above `i64::MAX` is
//! a float, as JavaScript holds it. Map keys that are not strings are written as JS would
//! name them (`String(key)`).
use std::sync::Arc;

use super::read_json::MAX_DEPTH;
use crate::Value;

pub fn read_msgpack(bytes: &[u8]) -> Result<Value, String> {
    read_msgpack_streaming(bytes, &[], &mut |_| {})
}

/// As [`read_msgpack`], with the items of the array at `path` handed to `each` as they are
/// read (see `read_json_streaming`).
pub fn read_msgpack_streaming(bytes: &[u8], path: &[&str], each: &mut dyn FnMut(Value)) -> Result<Value, String> {
    let mut r = Reader { s: bytes, pos: 0, each };
    let v = r.value(0, if path.is_empty() { None } else { Some(path) })?;
    if r.pos != bytes.len() {
        return Err(format!("invalid msgpack: {} trailing bytes", bytes.len() - r.pos));
    }
    Ok(v)
}

struct Reader<'a> {
    s: &'a [u8],
    pos: usize,
    each: &'a mut dyn FnMut(Value),
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.s.len()).ok_or("invalid msgpack: truncated")?;
        let out = &self.s[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn uint(&mut self, n: usize) -> Result<u64, String> {
        Ok(self.take(n)?.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    fn len(&mut self, n: usize) -> Result<usize, String> {
        let len = self.uint(n)? as usize;
        // Every element takes at least one byte: a length beyond what is left is a lie, and
        // reserving for it would allocate what the message never holds.
        if len > self.s.len() - self.pos {
            return Err("invalid msgpack: length beyond the message".into());
        }
        Ok(len)
    }

    /// `want`: the rest of the streaming path when every key so far is on it.
    fn value(&mut self, depth: usize, want: Option<&[&str]>) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("invalid msgpack: nested too deep".into());
        }
        let b = self.take(1)?[0];
        let streamed = want == Some(&[]);
        Ok(match b {
            0x00..=0x7f => Value::Int(i64::from(b)),
            0x80..=0x8f => self.map((b & 0x0f) as usize, depth, want)?,
            0x90..=0x9f => self.array((b & 0x0f) as usize, depth, streamed)?,
            0xa0..=0xbf => self.str((b & 0x1f) as usize)?,
            0xc0 => Value::Null,
            0xc2 => Value::Bool(false),
            0xc3 => Value::Bool(true),
            0xc4 => {
                let n = self.len(1)?;
                self.bin(n)?
            }
            0xc5 => {
                let n = self.len(2)?;
                self.bin(n)?
            }
            0xc6 => {
                let n = self.len(4)?;
                self.bin(n)?
            }
            0xc7 => {
                let n = self.len(1)?;
                self.ext(n)?
            }
            0xc8 => {
                let n = self.len(2)?;
                self.ext(n)?
            }
            0xc9 => {
                let n = self.len(4)?;
                self.ext(n)?
            }
            0xca => Value::Float(f64::from(f32::from_bits(self.uint(4)? as u32))),
            0xcb => Value::Float(f64::from_bits(self.uint(8)?)),
            0xcc => Value::Int(self.uint(1)? as i64),
            0xcd => Value::Int(self.uint(2)? as i64),
            0xce => Value::Int(self.uint(4)? as i64),
            0xcf => {
                let n = self.uint(8)?;
                i64::try_from(n).map_or(Value::Float(n as f64), Value::Int)
            }
            0xd0 => Value::Int(i64::from(self.uint(1)? as u8 as i8)),
            0xd1 => Value::Int(i64::from(self.uint(2)? as u16 as i16)),
            0xd2 => Value::Int(i64::from(self.uint(4)? as u32 as i32)),
            0xd3 => Value::Int(self.uint(8)? as i64),
            0xd4 => self.ext(1)?,
            0xd5 => self.ext(2)?,
            0xd6 => self.ext(4)?,
            0xd7 => self.ext(8)?,
            0xd8 => self.ext(16)?,
            0xd9 => {
                let n = self.len(1)?;
                self.str(n)?
            }
            0xda => {
                let n = self.len(2)?;
                self.str(n)?
            }
            0xdb => {
                let n = self.len(4)?;
                self.str(n)?
            }
            0xdc => {
                let n = self.len(2)?;
                self.array(n, depth, streamed)?
            }
            0xdd => {
                let n = self.len(4)?;
                self.array(n, depth, streamed)?
            }
            0xde => {
                let n = self.len(2)?;
                self.map(n, depth, want)?
            }
            0xdf => {
                let n = self.len(4)?;
                self.map(n, depth, want)?
            }
            0xe0..=0xff => Value::Int(i64::from(b as i8)),
            0xc1 => return Err("invalid msgpack: byte c1".into()),
        })
    }

    fn str(&mut self, n: usize) -> Result<Value, String> {
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map(Value::Str).map_err(|_| "invalid msgpack: string is not UTF-8".into())
    }

    fn bin(&mut self, n: usize) -> Result<Value, String> {
        Ok(Value::Binary(Arc::new(self.take(n)?.to_vec())))
    }

    /// `streamed`: each item goes to `each`, and the array is left empty.
    fn array(&mut self, n: usize, depth: usize, streamed: bool) -> Result<Value, String> {
        if streamed {
            for _ in 0..n {
                let item = self.value(depth + 1, None)?;
                (self.each)(item);
            }
            return Ok(Value::Array(Vec::new()));
        }
        let mut items = Vec::with_capacity(n.min(self.s.len() - self.pos));
        for _ in 0..n {
            items.push(self.value(depth + 1, None)?);
        }
        Ok(Value::Array(items))
    }

    fn map(&mut self, n: usize, depth: usize, want: Option<&[&str]>) -> Result<Value, String> {
        let mut entries = Vec::with_capacity(n.min(self.s.len() - self.pos));
        for _ in 0..n {
            let key = match self.value(depth + 1, None)? {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".into(),
                Value::Float(f) => f.to_string(),
                _ => return Err("invalid msgpack: a map key that JavaScript cannot name".into()),
            };
            let child = want.and_then(|w| w.split_first()).filter(|(first, _)| **first == key).map(|(_, rest)| rest);
            let v = self.value(depth + 1, child)?;
            entries.push((key, v));
        }
        Ok(Value::Map(entries))
    }

    /// The extension's type byte, then `n` bytes of data.
    fn ext(&mut self, n: usize) -> Result<Value, String> {
        let kind = self.take(1)?[0] as i8;
        let data = self.take(n)?;
        if kind != -1 {
            return Ok(Value::Null);
        }
        let (secs, nanos) = match data.len() {
            4 => (i64::from(u32::from_be_bytes(data.try_into().unwrap())), 0),
            8 => {
                let v = u64::from_be_bytes(data.try_into().unwrap());
                ((v & 0x3_ffff_ffff) as i64, (v >> 34) as u32)
            }
            12 => {
                (i64::from_be_bytes(data[4..].try_into().unwrap()), u32::from_be_bytes(data[..4].try_into().unwrap()))
            }
            _ => return Err("invalid msgpack: timestamp of an unknown size".into()),
        };
        Ok(Value::Str(iso8601(secs, nanos / 1_000_000)))
    }
}

/// `Date.prototype.toISOString()`: `1970-01-01T00:00:00.000Z`; years outside 0..=9999 as
/// JavaScript writes them (`+010000`, `-000001`).
pub fn iso8601(secs: i64, ms: u32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{}{:06}", if y < 0 { '-' } else { '+' }, y.abs())
    };
    format!("{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
