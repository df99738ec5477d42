//! msgpack exactly as notepack.io 3.0.1 writes it (§1.3).
use crate::Value;

pub fn encode_into(value: &Value, out: &mut Vec<u8>) { todo!() }
pub fn encode(value: &Value) -> Vec<u8> { let mut out = Vec::new(); encode_into(value, &mut out); out }
