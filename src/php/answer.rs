//! Answers from the servers -> PHP values: maps become arrays with their keys (numeric keys as
//! PHP itself turns them into ints), bytes a `SocketIO\Binary`, integers ints, other numbers
//! floats. Values are consumed as they are converted, so an answer's memory is given back
//! while the PHP array grows.

use std::sync::Arc;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::types::{ZendHashTable, ZendStr, Zval};
use socketio_protocol::Value;

use super::binary::Binary;

pub fn to_zval(value: Value) -> Result<Zval, PhpException> {
    let mut out = Zval::new();
    match value {
        Value::Null => out.set_null(),
        Value::Bool(b) => out.set_bool(b),
        Value::Int(n) => out.set_long(n),
        Value::Float(f) => out.set_double(f),
        Value::Str(s) => out.set_zend_string(ZendStr::new(s.as_bytes(), false)),
        Value::Binary(bytes) => return binary(bytes),
        Value::Array(items) => {
            let mut table = ZendHashTable::with_capacity(items.len().min(u32::MAX as usize) as u32);
            for item in items {
                table.push(to_zval(item)?).map_err(|e| PhpException::from_message(e.to_string()))?;
            }
            out.set_hashtable(table);
        }
        Value::Map(entries) => {
            let mut table = ZendHashTable::with_capacity(entries.len().min(u32::MAX as usize) as u32);
            for (key, item) in entries {
                table.insert(key.as_str(), to_zval(item)?).map_err(|e| PhpException::from_message(e.to_string()))?;
            }
            out.set_hashtable(table);
        }
    }
    Ok(out)
}

/// A list of values as a PHP list.
pub fn list(items: Vec<Zval>) -> Result<ZBox<ZendHashTable>, PhpException> {
    let mut table = ZendHashTable::with_capacity(items.len().min(u32::MAX as usize) as u32);
    for item in items {
        table.push(item).map_err(|e| PhpException::from_message(e.to_string()))?;
    }
    Ok(table)
}

fn binary(bytes: Arc<Vec<u8>>) -> Result<Zval, PhpException> {
    Binary::from_bytes(bytes).into_zval(false).map_err(|e| PhpException::from_message(e.to_string()))
}
