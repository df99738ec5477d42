//! Namespace normalisation: `of("admin")` means "/admin" (emitter issue #77).
use crate::ProtocolError;

/// Prepends '/' when missing; rejects names no server can have (containing ',').
pub fn normalize(name: &str) -> Result<String, ProtocolError> { todo!() }
