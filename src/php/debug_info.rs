//! What `var_dump()` / `print_r()` show for an Emitter or BroadcastOperator: the target as
//! `describe()` writes it (never a password), the namespace and what the operator targets.
//! The objects have no properties, so `var_export()`, `(array)` and `json_encode()` show
//! nothing at all.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::error::Result;
use ext_php_rs::types::ZendHashTable;
use socketio_protocol::{streams, AdapterKind, BroadcastOptions, Room, RoomSet, SubscriptionMode};

use super::sender::Shared;

/// `shared` is `None` for an object whose constructor never ran: shown empty.
pub fn build(shared: Option<&Shared>, opts: Option<&BroadcastOptions>) -> Result<ZBox<ZendHashTable>> {
    let mut table = ZendHashTable::new();
    let Some(shared) = shared else { return Ok(table) };
    // Described on demand (no secrets): a per-request `new Emitter` should not pay for it.
    table.insert("url", shared.connection.target.describe().as_str())?;
    table.insert("namespace", shared.scope.nsp.as_str())?;
    table.insert("key", shared.scope.key.as_str())?;
    match shared.scope.adapter {
        AdapterKind::Classic => table.insert("adapter", "redis")?,
        AdapterKind::Sharded(mode) => {
            table.insert("adapter", "sharded")?;
            table.insert("subscription_mode", mode_name(mode))?;
        }
        AdapterKind::Streams(ref target) => {
            table.insert("adapter", "streams")?;
            // The stream this namespace's entries go to (streamCount applied).
            table.insert("stream", streams::stream_name(&target.name, target.count, &shared.scope.nsp).as_str())?;
            table.insert("max_len", i64::try_from(target.max_len).unwrap_or(i64::MAX))?;
        }
    }
    if let Some(opts) = opts {
        table.insert("rooms", rooms(&opts.rooms)?)?;
        table.insert("except", rooms(&opts.except)?)?;
        let mut flags = ZendHashTable::new();
        if opts.flags.volatile {
            flags.insert("volatile", true)?;
        }
        if let Some(c) = opts.flags.compress {
            flags.insert("compress", c)?;
        }
        table.insert("flags", flags)?;
    }
    Ok(table)
}

fn rooms(set: &RoomSet) -> Result<ZBox<ZendHashTable>> {
    let mut list = ZendHashTable::with_capacity(set.len() as u32);
    for room in set.as_slice() {
        match room {
            Room::Str(s) => list.push(s.as_str())?,
            Room::Int(n) => list.push(*n)?,
        }
    }
    Ok(list)
}

fn mode_name(mode: SubscriptionMode) -> &'static str {
    match mode {
        SubscriptionMode::Dynamic => "dynamic",
        SubscriptionMode::Static => "static",
        SubscriptionMode::DynamicPrivate => "dynamic-private",
    }
}
