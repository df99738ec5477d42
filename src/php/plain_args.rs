//! The common emit's fast path: arguments made only of plain values (null, bool, int, finite
//! float, UTF-8 string, and arrays of those) are written straight into the payload as msgpack,
//! without building a `socketio_protocol::Value` tree first (a copy of every string, a vector
//! per array, then a second walk to encode it). That tree is most of an emit's cost when a
//! `batch()` queues thousands of them.
//!
//! The bytes are exactly those of `convert::args` + `Scope::broadcast`: the same msgpack
//! writers, and the same list/map rule. Anything whose handling needs more than that gives up
//! (false), and the caller converts the arguments the full way, which then also reports any
//! error with its place: objects (`jsonSerialize()`, dates, enums, `SocketIO\Binary`), PHP
//! references (the only way to a cycle), strings that are not UTF-8, NAN/INF, arrays whose
//! keys JavaScript would reorder (integer keys out of list order, index-like string keys),
//! deep nesting, and payloads large enough for `memory_limit` to matter. No PHP code runs
//! here, so giving up half-way leaves nothing behind but bytes the caller discards.

use ext_php_rs::flags::DataType;
use ext_php_rs::types::Zval;
use socketio_protocol::msgpack;
use socketio_protocol::value::is_array_index;

use super::convert::{string_cost, FREE_BYTES, NODE_COST};
use super::table::{self, Key};
use super::utf8;

/// Deeper values are left to the full conversion (which allows 512 levels, as json_encode).
const MAX_DEPTH: usize = 64;

/// Appends `values` as msgpack to `out`; false when one of them is not plain (see the module
/// comment).
pub fn write(values: &[&Zval], out: &mut Vec<u8>) -> bool {
    let mut writer = Writer { out, spent: 0 };
    values.iter().all(|v| writer.value(v, 0))
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// What `convert`'s walker would charge against `memory_limit` for the same values: past
    /// [`FREE_BYTES`] that walker consults `memory_limit`, so such payloads go its way.
    spent: usize,
}

impl Writer<'_> {
    fn charge(&mut self, bytes: usize) -> bool {
        self.spent = self.spent.saturating_add(bytes);
        self.spent <= FREE_BYTES
    }

    fn value(&mut self, zv: &Zval, depth: usize) -> bool {
        // A reference (`[&$x]`) is not followed: only through one can an array contain itself.
        match zv.get_type() {
            DataType::Null | DataType::Undef => msgpack::write_nil(self.out),
            DataType::False => msgpack::write_bool(false, self.out),
            DataType::True => msgpack::write_bool(true, self.out),
            DataType::Long => msgpack::write_int(zv.long().unwrap_or_default(), self.out),
            DataType::Double => {
                let f = zv.double().unwrap_or_default();
                if !f.is_finite() {
                    return false;
                }
                msgpack::write_float(f, self.out);
            }
            DataType::String => {
                let bytes = zv.zend_str().map(|s| s.as_bytes()).unwrap_or_default();
                if !self.charge(NODE_COST.saturating_add(string_cost(bytes.len()))) {
                    return false;
                }
                let Some(s) = utf8::str_of(bytes) else { return false };
                msgpack::write_str(s, self.out);
                return true;
            }
            DataType::Array => return self.charge(NODE_COST) && self.array(zv, depth),
            _ => return false,
        }
        self.charge(NODE_COST)
    }

    /// A list (keys 0..n-1 in order) is an array, anything else a map with string keys; as
    /// `convert` decides, except that maps JavaScript would reorder are left to it.
    fn array(&mut self, zv: &Zval, depth: usize) -> bool {
        if depth >= MAX_DEPTH {
            return false;
        }
        let Some(ht) = zv.array() else { return false };
        let entries = table::entries(ht);
        // Live elements: what the walk below yields, checked at its end.
        let len = entries.elements();
        let mut entries = entries.peekable();
        let is_list = match entries.peek() {
            None => true,
            Some((Key::Int(_), _)) => true,
            Some((Key::Str(_), _)) => false,
        };
        let mut written = 0usize;
        if is_list {
            msgpack::write_array_header(len, self.out);
            for (key, item) in entries {
                // A gap or an order other than 0, 1, 2, ...: a map with reordered keys.
                if key.long() != Some(written as i64) || !self.value(item, depth + 1) {
                    return false;
                }
                written += 1;
            }
        } else {
            msgpack::write_map_header(len, self.out);
            for (key, item) in entries {
                let Some(name) = key.zend_str() else { return false };
                let Some(name) = utf8::str_of(name.as_bytes()) else { return false };
                if is_array_index(name) || !self.charge(string_cost(name.len())) {
                    return false;
                }
                msgpack::write_str(name, self.out);
                if !self.value(item, depth + 1) {
                    return false;
                }
                written += 1;
            }
        }
        written == len
    }
}
