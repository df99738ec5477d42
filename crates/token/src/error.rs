//! Why a token was refused (or could not be issued). The kind is what callers branch on (the
//! PHP binding maps it to a `TokenException` code); the message is for people and never holds
//! the secret.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not three base64url parts, not JSON, or claims of the wrong shape.
    Malformed,
    /// The signature does not match: tampered, or signed with another secret.
    Signature,
    /// `exp` is past (beyond the leeway).
    Expired,
    /// `iat` or `nbf` lies in the future (beyond the leeway).
    NotYetValid,
    /// The header names an algorithm other than HS256 (`none` included).
    Algorithm,
    /// No secret, or one too short to be safe.
    Secret,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError {
    pub kind: ErrorKind,
    pub message: String,
}

impl TokenError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        TokenError { kind, message: message.into() }
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        TokenError::new(ErrorKind::Malformed, message)
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TokenError {}
