//! The small value model every payload is made of. It mirrors what `JSON.stringify` and
//! notepack.io can express, plus raw bytes (a Node `Buffer`).

use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// Always finite: the binding layer rejects NAN and INF before a value is built.
    Float(f64),
    Str(String),
    /// Shared with whoever holds the bytes (PHP's `SocketIO\Binary`): sending them copies
    /// nothing before the encoder writes them.
    Binary(Arc<Vec<u8>>),
    Array(Vec<Value>),
    /// Keys in the order JavaScript would enumerate them (see [`Value::object`]).
    Map(Vec<(String, Value)>),
}

impl Value {
    /// Builds a map whose key order is what `Object.keys` gives for the same JS object: keys that
    /// are array indices ("0", "17", ≤ 2^32-2, no leading zeros) first in ascending numeric order,
    /// then the rest in insertion order. Encoding in that order keeps our bytes identical to the
    /// official Node emitter's for the same logical object.
    pub fn object(entries: Vec<(String, Value)>) -> Value {
        if !entries.iter().any(|(k, _)| array_index(k).is_some()) {
            return Value::Map(entries);
        }
        let (mut indexed, named): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(k, _)| array_index(k).is_some());
        indexed.sort_by_key(|(k, _)| array_index(k));
        indexed.extend(named);
        Value::Map(indexed)
    }

    /// True when bytes occur anywhere inside; the sharded adapter switches to msgpack then.
    pub fn has_binary(&self) -> bool {
        match self {
            Value::Binary(_) => true,
            Value::Array(items) => items.iter().any(Value::has_binary),
            Value::Map(entries) => entries.iter().any(|(_, v)| v.has_binary()),
            _ => false,
        }
    }
}

/// True when JavaScript would enumerate `key` before the other keys of an object (a canonical
/// array index, see [`Value::object`]).
pub fn is_array_index(key: &str) -> bool {
    array_index(key).is_some()
}

/// `Some(n)` when `key` is a canonical JS array index.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || key.len() > 10 || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u64>().ok().filter(|&n| n < u32::MAX as u64).map(|n| n as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_orders_index_keys_first_like_javascript() {
        let v = Value::object(vec![
            ("b".into(), Value::Int(1)),
            ("10".into(), Value::Int(2)),
            ("a".into(), Value::Int(3)),
            ("2".into(), Value::Int(4)),
            ("02".into(), Value::Int(5)),
            ("4294967295".into(), Value::Int(6)),
        ]);
        let keys: Vec<_> = match v {
            Value::Map(e) => e.into_iter().map(|(k, _)| k).collect(),
            _ => unreachable!(),
        };
        assert_eq!(keys, ["2", "10", "b", "a", "02", "4294967295"]);
    }

    #[test]
    fn has_binary_looks_deep() {
        let v = Value::Array(vec![Value::Map(vec![("x".into(), Value::Binary(vec![1].into()))])]);
        assert!(v.has_binary());
        assert!(!Value::Array(vec![Value::Str("b".into())]).has_binary());
    }
}
