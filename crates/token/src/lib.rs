//! Room tokens: a short-lived HS256 JSON Web Token by which a PHP application tells its
//! Socket.IO servers which user a browser is and which rooms it may join.
//!
//! No PHP and no clock of its own: callers pass the current time, so the time rules are tested
//! with a fixed clock. The JSON is written exactly as `JSON.stringify` writes it (the protocol
//! crate's encoder), so a Node verifier and this one read the same bytes the same way.

pub mod base64url;
pub mod claims;
pub mod error;
pub mod hs256;
pub mod json_read;
pub mod jwt;
pub mod secret;

pub use claims::{Claims, Subject};
pub use error::{ErrorKind, TokenError};
pub use jwt::{issue, verify, Verified};

/// Clock skew tolerated between the issuing PHP host and the verifying server, in seconds:
/// a token is still accepted this long after `exp`, and `iat`/`nbf` may lie this far ahead.
pub const LEEWAY_SECONDS: i64 = 30;

/// Shortest secret accepted. HS256 keys shorter than the hash output (32 bytes) weaken it
/// (RFC 7518 §3.2 requires at least that much), and a short one can be guessed offline from
/// any token a browser holds.
pub const MIN_SECRET_BYTES: usize = 32;

/// Longest token issued or accepted; beyond this, put less in `data` (tokens travel in the
/// Socket.IO handshake, often in a URL).
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// Longest lifetime `issue` accepts: tokens are meant to be short-lived, and a larger value is
/// most often a timestamp passed where a number of seconds was meant.
pub const MAX_TTL_SECONDS: i64 = 30 * 24 * 3600;
