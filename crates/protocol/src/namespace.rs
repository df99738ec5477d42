//! Namespace normalisation: `of("admin")` means "/admin" (emitter issue #77).
use crate::ProtocolError;

/// Prepends '/' when missing; rejects names no server can have (containing ',').
///
/// socket.io-parser reads a packet's namespace only up to the first ',', so no client can ever
/// join such a namespace and a message for it could never be delivered; better to say so up front.
pub fn normalize(name: &str) -> Result<String, ProtocolError> {
    if name.contains(',') {
        return Err(ProtocolError::InvalidNamespace(format!("namespace \"{name}\" must not contain \",\"")));
    }
    if name.starts_with('/') {
        Ok(name.to_owned())
    } else {
        let mut normalized = String::with_capacity(name.len() + 1);
        normalized.push('/');
        normalized.push_str(name);
        Ok(normalized)
    }
}
