//! `SocketIO\BatchException`: a `batch()` that stopped or partly failed, with what became of
//! each queued emit, by its position in the batch (0-based, in call order):
//! `published` (position => receiver count, or a stream entry's id), `unknown` (written, no reply: Redis may have
//! executed them, so resending could deliver twice) and `unsent` (not published: never written,
//! or refused by Redis with an error reply).

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::{ClassBuilder, ClassProperty};
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::{DataType, PropertyFlags};
use ext_php_rs::types::{ZendHashTable, ZendObject};
use ext_php_rs::zend::ClassEntry;
use socketio_redis::pipeline::{BatchError, Outcome};

use super::exceptions::{code_of, connection_ce, printable};

static BATCH: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

const PROPERTIES: [&str; 3] = ["published", "unknown", "unsent"];

/// MINIT, after `SocketIO\ConnectionException` (`parent`) exists.
pub fn register(parent: fn() -> &'static ClassEntry) -> Result<(), String> {
    let mut builder =
        ClassBuilder::new("SocketIO\\BatchException").extends((parent, "\\SocketIO\\ConnectionException"));
    for name in PROPERTIES {
        // Null until set: a default array would have to be a persistent one.
        builder = builder.property(ClassProperty {
            name: name.into(),
            flags: PropertyFlags::Public,
            default: None,
            docs: &[],
            ty: Some(DataType::Array),
            nullable: true,
            readonly: false,
            default_stub: None,
        });
    }
    builder.registration(|ce, _| BATCH.store(ce, Ordering::Release)).register().map_err(|e| e.to_string())
}

fn class() -> &'static ClassEntry {
    // SAFETY: set in MINIT before any PHP code runs; class entries live until MSHUTDOWN.
    unsafe { BATCH.load(Ordering::Acquire).as_ref() }.unwrap_or_else(connection_ce)
}

/// Positions, as a message shows them: `#3, #4, #5` (the first few).
fn positions(list: &[usize]) -> String {
    const SHOWN: usize = 5;
    let mut s: Vec<String> = list.iter().take(SHOWN).map(|i| format!("#{i}")).collect();
    if list.len() > SHOWN {
        s.push(format!("… ({} in all)", list.len()));
    }
    s.join(", ")
}

/// The message: the counts, then the reason (never a password: the core's messages have none).
pub fn message(e: &BatchError) -> String {
    let (mut published, mut unknown, mut unsent) = (0, Vec::new(), 0);
    for (i, o) in e.outcomes.iter().enumerate() {
        match o {
            Outcome::Published(_) | Outcome::Added(_) => published += 1,
            Outcome::Unknown => unknown.push(i),
            Outcome::Failed(_) | Outcome::NotSent => unsent += 1,
        }
    }
    let mut text = format!("batch of {} emits: {published} published", e.outcomes.len());
    if !unknown.is_empty() {
        text += &format!(", {} may have been ({})", unknown.len(), positions(&unknown));
    }
    text += &format!(", {unsent} not published: {}", e.error.message);
    printable(text)
}

pub fn exception(e: BatchError) -> PhpException {
    let message = message(&e);
    let code = code_of(e.error.kind);
    match build(&e, &message, code) {
        Some(object) => PhpException::new(message, code, class()).with_object(object),
        None => PhpException::new(message, code, class()),
    }
}

fn build(e: &BatchError, message: &str, code: i32) -> Option<ext_php_rs::types::Zval> {
    let mut object = ZendObject::new(class());
    object.try_call_method("__construct", vec![&message, &i64::from(code)]).ok()?;
    let mut published = ZendHashTable::new();
    let mut unknown = ZendHashTable::new();
    let mut unsent = ZendHashTable::new();
    for (i, o) in e.outcomes.iter().enumerate() {
        let ok = match o {
            Outcome::Published(n) => published.insert_at_index(i as i64, *n),
            Outcome::Added(id) => published.insert_at_index(i as i64, id.as_str()),
            Outcome::Unknown => unknown.push(i as i64),
            Outcome::Failed(_) | Outcome::NotSent => unsent.push(i as i64),
        };
        ok.ok()?;
    }
    for (name, list) in PROPERTIES.into_iter().zip([published, unknown, unsent]) {
        object.set_property(name, list).ok()?;
    }
    object.into_zval(false).ok()
}
