//! One description of an envelope, written as either msgpack or JSON.
//!
//! The sharded adapter sends the same envelope in either format depending on whether it carries
//! bytes, and both adapters share fragments (rooms, flags, event data). Writing through this trait
//! keeps a single source for each layout and writes straight into the output buffer, without
//! first building a `Value` tree that would clone every argument.
use crate::{json, msgpack, Value};

pub(crate) trait Sink {
    /// Starts a map of `len` entries; each entry is `key()` then one value.
    fn map(&mut self, len: usize);
    fn key(&mut self, key: &str);
    fn end_map(&mut self);
    /// Starts an array of `len` items; each item is `item()` then one value.
    fn array(&mut self, len: usize);
    fn item(&mut self);
    fn end_array(&mut self);
    fn str(&mut self, s: &str);
    fn int(&mut self, n: i64);
    fn bool(&mut self, b: bool);
    fn value(&mut self, v: &Value);
    fn finish(self) -> Vec<u8>;
}

pub(crate) struct Msgpack(Vec<u8>);

impl Msgpack {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Msgpack(Vec::with_capacity(capacity))
    }

    /// The bytes so far, for a caller that writes a value as msgpack itself.
    pub(crate) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl Sink for Msgpack {
    fn map(&mut self, len: usize) {
        msgpack::write_map_header(len, &mut self.0);
    }
    fn key(&mut self, key: &str) {
        msgpack::write_str(key, &mut self.0);
    }
    fn end_map(&mut self) {}
    fn array(&mut self, len: usize) {
        msgpack::write_array_header(len, &mut self.0);
    }
    fn item(&mut self) {}
    fn end_array(&mut self) {}
    fn str(&mut self, s: &str) {
        msgpack::write_str(s, &mut self.0);
    }
    fn int(&mut self, n: i64) {
        msgpack::write_int(n, &mut self.0);
    }
    fn bool(&mut self, b: bool) {
        msgpack::write_bool(b, &mut self.0);
    }
    fn value(&mut self, v: &Value) {
        msgpack::encode_into(v, &mut self.0);
    }
    fn finish(self) -> Vec<u8> {
        self.0
    }
}

/// Tracks, per open container, whether it already has a member (bit `depth` of `filled`), to
/// know where commas go. Envelopes nest a handful of levels; values nest inside `value()`.
pub(crate) struct Json {
    out: Vec<u8>,
    depth: u32,
    filled: u64,
}

impl Json {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Json { out: Vec::with_capacity(capacity), depth: 0, filled: 0 }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        debug_assert!(self.depth < 64, "envelope nested too deep");
        self.filled &= !(1 << self.depth);
    }

    fn close(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth -= 1;
    }

    fn separate(&mut self) {
        let bit = 1 << self.depth;
        if self.filled & bit != 0 {
            self.out.push(b',');
        }
        self.filled |= bit;
    }
}

impl Sink for Json {
    fn map(&mut self, _len: usize) {
        self.open(b'{');
    }
    fn key(&mut self, key: &str) {
        self.separate();
        json::write_str(key, &mut self.out);
        self.out.push(b':');
    }
    fn end_map(&mut self) {
        self.close(b'}');
    }
    fn array(&mut self, _len: usize) {
        self.open(b'[');
    }
    fn item(&mut self) {
        self.separate();
    }
    fn end_array(&mut self) {
        self.close(b']');
    }
    fn str(&mut self, s: &str) {
        json::write_str(s, &mut self.out);
    }
    fn int(&mut self, n: i64) {
        json::write_int(n, &mut self.out);
    }
    fn bool(&mut self, b: bool) {
        json::write_bool(b, &mut self.out);
    }
    fn value(&mut self, v: &Value) {
        json::encode_into(v, &mut self.out);
    }
    fn finish(self) -> Vec<u8> {
        debug_assert_eq!(self.depth, 0, "unclosed container");
        self.out
    }
}
