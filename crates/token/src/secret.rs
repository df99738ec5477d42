//! The shared secret's own rules. Messages give its length at most, never its bytes.

use crate::{ErrorKind, TokenError, MIN_SECRET_BYTES};

pub fn check(secret: &[u8]) -> Result<(), TokenError> {
    if secret.is_empty() {
        return Err(TokenError::new(ErrorKind::Secret, "the secret is empty"));
    }
    if secret.len() < MIN_SECRET_BYTES {
        return Err(TokenError::new(
            ErrorKind::Secret,
            format!(
                "the secret is too short: {} bytes, at least {MIN_SECRET_BYTES} are required \
                 (e.g. bin2hex(random_bytes(32)))",
                secret.len()
            ),
        ));
    }
    Ok(())
}
