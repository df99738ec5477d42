//! `SocketIO\TokenException`: why a token was refused, as a code callers can branch on
//! (`$e->getCode() === TokenException::EXPIRED`) next to a message people can read.

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::flags::ConstantFlags;
use ext_php_rs::zend::ClassEntry;
use socketio_token::ErrorKind;

/// The constants, from the core's kinds, so the codes cannot drift apart.
const CODES: [(&str, ErrorKind); 6] = [
    ("MALFORMED", ErrorKind::Malformed),
    ("SIGNATURE", ErrorKind::Signature),
    ("EXPIRED", ErrorKind::Expired),
    ("NOT_YET_VALID", ErrorKind::NotYetValid),
    ("ALGORITHM", ErrorKind::Algorithm),
    ("SECRET", ErrorKind::Secret),
];

/// MINIT, after `SocketIO\Exception` (`base`) exists.
pub fn register(
    base: fn() -> &'static ClassEntry,
    registered: fn(&'static mut ClassEntry, ArgInfoTables),
) -> Result<(), String> {
    let mut builder = ClassBuilder::new("SocketIO\\TokenException").extends((base, "\\SocketIO\\Exception"));
    for (name, kind) in CODES {
        builder = builder.constant(name, kind.code(), &[], ConstantFlags::Public).map_err(|e| e.to_string())?;
    }
    builder.registration(registered).register().map_err(|e| e.to_string())?;
    Ok(())
}
