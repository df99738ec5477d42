//! Issuing and verifying the compact JWS form `header.payload.signature` (RFC 7515 §7.1)
//! with HS256 only.
//!
//! Verification checks in an order that never trusts what is unsigned: shape, then the
//! header's algorithm (a token cannot choose a weaker one: `none` and every other `alg` are
//! refused before anything else), then the signature, and only then the payload's claims and
//! times.

use socketio_protocol::{json, Value};

use crate::{base64url, hs256, json_read, secret, Claims, ErrorKind, TokenError, LEEWAY_SECONDS, MAX_TOKEN_BYTES};

/// `{"alg":"HS256","typ":"JWT"}`, the header every issued token has.
const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// A token whose signature and times were accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub claims: Claims,
    /// The whole payload as issued, including claims this crate does not interpret.
    pub payload: Value,
}

pub fn issue(claims: &Claims, secret: &[u8]) -> Result<String, TokenError> {
    secret::check(secret)?;
    if claims.data.as_ref().is_some_and(Value::has_binary) {
        return Err(TokenError::malformed("binary data cannot be put in a token (it is JSON): use a string"));
    }
    let payload = json::encode(&claims.to_value());
    let mut token = String::with_capacity(HEADER.len() + payload.len() * 4 / 3 + 48);
    token.push_str(HEADER);
    token.push('.');
    token.push_str(&base64url::encode(&payload));
    let signature = hs256::sign(secret, token.as_bytes());
    token.push('.');
    token.push_str(&base64url::encode(&signature));
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::malformed(format!(
            "the token would be {} bytes, more than {MAX_TOKEN_BYTES}: put less in data",
            token.len()
        )));
    }
    Ok(token)
}

pub fn verify(token: &[u8], secret: &[u8], now: i64) -> Result<Verified, TokenError> {
    secret::check(secret)?;
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::malformed(format!(
            "the token is malformed: {} bytes, more than {MAX_TOKEN_BYTES}",
            token.len()
        )));
    }
    let text = std::str::from_utf8(token).map_err(|_| TokenError::malformed("the token is malformed: not ASCII"))?;
    let parts: Vec<&str> = text.split('.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err(TokenError::malformed(format!(
            "the token is malformed: expected 3 base64url parts separated by \".\", found {}",
            parts.len()
        )));
    };

    check_header(header)?;

    let signature = base64url::decode(signature)
        .ok_or_else(|| TokenError::malformed("the token is malformed: its signature is not base64url"))?;
    let signed = &text[..header.len() + 1 + payload.len()];
    if !hs256::verify(secret, signed.as_bytes(), &signature) {
        return Err(TokenError::new(
            ErrorKind::Signature,
            "the token signature does not match: it was altered, or signed with another secret",
        ));
    }

    let bytes = base64url::decode(payload)
        .ok_or_else(|| TokenError::malformed("the token is malformed: its payload is not base64url"))?;
    let payload = json_read::parse(&bytes)
        .map_err(|e| TokenError::malformed(format!("the token is malformed: its payload is not JSON ({e})")))?;
    let claims = Claims::from_value(&payload)?;
    check_times(&claims, Claims::not_before(&payload), now)?;
    Ok(Verified { claims, payload })
}

fn check_header(header: &str) -> Result<(), TokenError> {
    let bytes = base64url::decode(header)
        .ok_or_else(|| TokenError::malformed("the token is malformed: its header is not base64url"))?;
    let value = json_read::parse(&bytes)
        .map_err(|e| TokenError::malformed(format!("the token is malformed: its header is not JSON ({e})")))?;
    let Value::Map(entries) = value else {
        return Err(TokenError::malformed("the token is malformed: its header is not a JSON object"));
    };
    let alg = entries.iter().find(|(k, _)| k == "alg").map(|(_, v)| v);
    match alg {
        Some(Value::Str(a)) if a == "HS256" => {}
        Some(Value::Str(a)) => {
            let shown: String = a.chars().take(16).flat_map(char::escape_default).collect();
            return Err(TokenError::new(
                ErrorKind::Algorithm,
                format!("the token algorithm \"{shown}\" is refused: only HS256 is accepted"),
            ));
        }
        _ => {
            return Err(TokenError::new(ErrorKind::Algorithm, "the token header names no algorithm (\"alg\")"));
        }
    }
    if entries.iter().any(|(k, _)| k == "crit") {
        return Err(TokenError::malformed("the token header has critical extensions (\"crit\"), none are supported"));
    }
    Ok(())
}

fn check_times(claims: &Claims, nbf: Option<i64>, now: i64) -> Result<(), TokenError> {
    if now >= claims.exp.saturating_add(LEEWAY_SECONDS) {
        return Err(TokenError::new(
            ErrorKind::Expired,
            format!(
                "the token expired {} s ago (exp {}, leeway {LEEWAY_SECONDS} s): issue a new one",
                now.saturating_sub(claims.exp),
                claims.exp
            ),
        ));
    }
    if claims.iat > now.saturating_add(LEEWAY_SECONDS) {
        return Err(TokenError::new(
            ErrorKind::NotYetValid,
            format!(
                "the token was issued {} s in the future (iat {}, leeway {LEEWAY_SECONDS} s): \
                 check the clocks of the issuing and verifying hosts",
                claims.iat.saturating_sub(now),
                claims.iat
            ),
        ));
    }
    if let Some(nbf) = nbf.filter(|&nbf| nbf > now.saturating_add(LEEWAY_SECONDS)) {
        return Err(TokenError::new(
            ErrorKind::NotYetValid,
            format!(
                "the token is not valid for another {} s (nbf {nbf}, leeway {LEEWAY_SECONDS} s)",
                nbf.saturating_sub(now)
            ),
        ));
    }
    Ok(())
}
