//! `SocketIO\TokenException`: why a token was refused, as a code callers can branch on
//! (`$e->getCode() === TokenException::EXPIRED`) next to a message people can read.

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::flags::ConstantFlags;
use ext_php_rs::zend::ClassEntry;
use socketio_token::ErrorKind;

/// The constants and the core kind each stands for. The values follow on from the base
/// class's codes (`SocketIO\Exception::ENCODING` = 1 ...), leaving room for those to grow, so
/// every code the extension throws names one kind. Part of the public API: never renumber.
const CODES: [(&str, i32, ErrorKind); 6] = [
    ("MALFORMED", 21, ErrorKind::Malformed),
    ("SIGNATURE", 22, ErrorKind::Signature),
    ("EXPIRED", 23, ErrorKind::Expired),
    ("NOT_YET_VALID", 24, ErrorKind::NotYetValid),
    ("ALGORITHM", 25, ErrorKind::Algorithm),
    ("SECRET", 26, ErrorKind::Secret),
];

/// The `TokenException` code of a refusal.
pub fn code(kind: ErrorKind) -> i32 {
    CODES.iter().find(|(_, _, k)| *k == kind).map_or(0, |(_, code, _)| *code)
}

/// MINIT, after `SocketIO\Exception` (`base`) exists.
pub fn register(
    base: fn() -> &'static ClassEntry,
    registered: fn(&'static mut ClassEntry, ArgInfoTables),
) -> Result<(), String> {
    let mut builder = ClassBuilder::new("SocketIO\\TokenException").extends((base, "\\SocketIO\\Exception"));
    for (name, code, _) in CODES {
        builder = builder.constant(name, code as i64, &[], ConstantFlags::Public).map_err(|e| e.to_string())?;
    }
    builder.registration(registered).register().map_err(|e| e.to_string())?;
    Ok(())
}
