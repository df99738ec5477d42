//! JSON text (as `JSON.stringify` writes the servers' responses) -> [`Value`].
//!
//! Integers that fit an i64 stay integers (`issued` is a 41-bit number of milliseconds); any
//! other number is a float. Keys keep their order (`JSON.stringify` never writes a key twice, so
//! none is looked for: that would make large objects quadratic). Depth is bounded, so a hostile
//! message cannot exhaust the stack.
//!
//! A Node `Buffer` has no JSON form of its own: `JSON.stringify` writes `Buffer.toJSON()`,
//! `{"type":"Buffer","data":[<bytes>]}`. That exact shape (two keys in that order, every item
//! an integer 0..=255) is read back as bytes, so binary answers are [`Value::Binary`] on the
//! JSON paths (classic adapter, sharded without binary, streams 0.2) as on the msgpack ones.
//! An application object of that very shape would be read as bytes too: documented.
use std::sync::Arc;

use crate::Value;

/// Deeper nesting than any server response: refused instead of recursing further.
pub(crate) const MAX_DEPTH: usize = 128;

pub fn read_json(text: &[u8]) -> Result<Value, String> {
    read_json_streaming(text, &[], &mut |_| {})
}

/// As [`read_json`], except that the items of the array found at `path` (object keys from the
/// top, e.g. `["data", "sockets"]`) are handed to `each` one by one as they are read, instead
/// of being kept (the array is left empty): the memory of a large answer then never holds more
/// than one item's tree next to the text.
pub fn read_json_streaming(text: &[u8], path: &[&str], each: &mut dyn FnMut(Value)) -> Result<Value, String> {
    let mut r = Reader { s: text, pos: 0, each };
    r.ws();
    let v = r.value(0, if path.is_empty() { None } else { Some(path) })?;
    r.ws();
    if r.pos != r.s.len() {
        return Err(r.fail("trailing bytes"));
    }
    Ok(v)
}

/// `{"type":"Buffer","data":[...]}` as bytes; any other object as it is.
fn node_buffer(entries: Vec<(String, Value)>) -> Value {
    let is_buffer = match entries.as_slice() {
        [(t, Value::Str(kind)), (d, Value::Array(items))] => {
            t == "type"
                && kind == "Buffer"
                && d == "data"
                && items.iter().all(|v| matches!(v, Value::Int(b) if (0..=255).contains(b)))
        }
        _ => false,
    };
    if !is_buffer {
        return Value::Map(entries);
    }
    let Some((_, Value::Array(items))) = entries.into_iter().nth(1) else { unreachable!("matched above") };
    let bytes = items.into_iter().map(|v| if let Value::Int(b) = v { b as u8 } else { 0 }).collect();
    Value::Binary(Arc::new(bytes))
}

struct Reader<'a> {
    s: &'a [u8],
    pos: usize,
    each: &'a mut dyn FnMut(Value),
}

impl Reader<'_> {
    fn fail(&self, what: &str) -> String {
        format!("invalid JSON at byte {}: {what}", self.pos)
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        if self.s[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// `want`: the rest of the streaming path when every key so far is on it.
    fn value(&mut self, depth: usize, want: Option<&[&str]>) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deep"));
        }
        match self.s.get(self.pos) {
            Some(b'{') => self.object(depth, want),
            Some(b'[') if want == Some(&[]) => self.stream(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') if self.eat(b"true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Value::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.fail("unexpected character")),
        }
    }

    fn object(&mut self, depth: usize, want: Option<&[&str]>) -> Result<Value, String> {
        self.pos += 1;
        let mut entries: Vec<(String, Value)> = Vec::new();
        self.ws();
        if self.eat(b"}") {
            return Ok(Value::Map(entries));
        }
        loop {
            self.ws();
            if self.s.get(self.pos) != Some(&b'"') {
                return Err(self.fail("expected a key"));
            }
            let key = self.string()?;
            self.ws();
            if !self.eat(b":") {
                return Err(self.fail("expected ':'"));
            }
            self.ws();
            let child = want.and_then(|w| w.split_first()).filter(|(first, _)| **first == key).map(|(_, rest)| rest);
            let v = self.value(depth + 1, child)?;
            entries.push((key, v));
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"}") {
                return Ok(node_buffer(entries));
            }
            return Err(self.fail("expected ',' or '}'"));
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b"]") {
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1, None)?);
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"]") {
                return Ok(Value::Array(items));
            }
            return Err(self.fail("expected ',' or ']'"));
        }
    }

    /// The streamed array: each item to `each`, an empty array in the tree.
    fn stream(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1;
        self.ws();
        if self.eat(b"]") {
            return Ok(Value::Array(Vec::new()));
        }
        loop {
            self.ws();
            let item = self.value(depth + 1, None)?;
            (self.each)(item);
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"]") {
                return Ok(Value::Array(Vec::new()));
            }
            return Err(self.fail("expected ',' or ']'"));
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.s.get(self.pos..self.pos + 4).ok_or_else(|| self.fail("short \\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.fail("bad \\u escape"))?;
        let n = u32::from_str_radix(text, 16).map_err(|_| self.fail("bad \\u escape"))?;
        self.pos += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let start = self.pos;
            while let Some(&b) = self.s.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.extend_from_slice(&self.s[start..self.pos]);
            match self.s.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return String::from_utf8(out).map_err(|_| self.fail("string is not UTF-8"));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = *self.s.get(self.pos).ok_or_else(|| self.fail("unterminated string"))?;
                    self.pos += 1;
                    let c = match esc {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) && self.s[self.pos..].starts_with(b"\\u") {
                                let save = self.pos;
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.pos = save;
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            // A lone surrogate (JS strings may hold one) has no UTF-8 form.
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(self.fail("bad escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => return Err(self.fail("unterminated string")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.pos;
        let mut integral = true;
        while let Some(&b) = self.s.get(self.pos) {
            match b {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => integral = false,
                _ => break,
            }
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.pos]).map_err(|_| self.fail("bad number"))?;
        if integral {
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Value::Int(n));
            }
        }
        text.parse::<f64>().map(Value::Float).map_err(|_| self.fail("bad number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_buffers_are_read_as_bytes() {
        let v =
            read_json(br#"{"blob":{"type":"Buffer","data":[222,173]},"empty":{"type":"Buffer","data":[]}}"#).unwrap();
        assert_eq!(
            v,
            Value::Map(vec![
                ("blob".into(), Value::Binary(Arc::new(vec![0xde, 0xad]))),
                ("empty".into(), Value::Binary(Arc::new(vec![]))),
            ])
        );
    }

    #[test]
    fn objects_of_other_shapes_stay_objects() {
        for text in [
            r#"{"type":"Buffer","data":[256]}"#,
            r#"{"type":"Buffer","data":[-1]}"#,
            r#"{"type":"Buffer","data":[1.5]}"#,
            r#"{"type":"Buffer","data":"AQI="}"#,
            r#"{"data":[1],"type":"Buffer"}"#,
            r#"{"type":"Buffer","data":[1],"x":1}"#,
            r#"{"type":"Other","data":[1]}"#,
            r#"{"type":5,"data":[1]}"#,
        ] {
            assert!(matches!(read_json(text.as_bytes()).unwrap(), Value::Map(_)), "{text}");
        }
    }
}
