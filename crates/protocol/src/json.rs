//! Compact JSON exactly as `JSON.stringify` writes it.
use crate::Value;

pub fn encode_into(value: &Value, out: &mut Vec<u8>) { todo!() }
pub fn encode(value: &Value) -> Vec<u8> { let mut out = Vec::new(); encode_into(value, &mut out); out }
