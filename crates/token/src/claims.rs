//! The claims a room token carries, written in one fixed order (sub, iat, exp, rooms, nsp,
//! data) and read back with their types checked.

use socketio_protocol::{Room, Value};

use crate::{TokenError, MAX_TTL_SECONDS};

/// Who the token is for, as the application names users: `42` and `"42"` stay distinct, as
/// rooms do, so the server sees the type PHP issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Str(String),
    Int(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    pub sub: Subject,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, seconds since the Unix epoch.
    pub exp: i64,
    /// The rooms the holder may join, in the order given, without duplicates.
    pub rooms: Vec<Room>,
    /// The namespace the token is for (normalised, "/admin"); any namespace when absent.
    pub nsp: Option<String>,
    /// Application data for the server (a display name, a role); absent when empty.
    pub data: Option<Value>,
}

/// `Err(reason)` for a lifetime `issue` refuses.
pub fn check_ttl(ttl: i64) -> Result<(), String> {
    if (1..=MAX_TTL_SECONDS).contains(&ttl) {
        Ok(())
    } else {
        Err(format!(
            "must be a lifetime in seconds between 1 and {MAX_TTL_SECONDS} (30 days), got {ttl}; \
             it is a duration, not a timestamp"
        ))
    }
}

/// `Err(reason)` for a subject `issue` refuses.
pub fn check_subject(sub: &Subject) -> Result<(), String> {
    match sub {
        Subject::Str(s) if s.is_empty() => Err("must not be empty".into()),
        _ => Ok(()),
    }
}

impl Claims {
    pub fn to_value(&self) -> Value {
        let mut entries = Vec::with_capacity(6);
        entries.push((
            "sub".to_owned(),
            match &self.sub {
                Subject::Str(s) => Value::Str(s.clone()),
                Subject::Int(n) => Value::Int(*n),
            },
        ));
        entries.push(("iat".to_owned(), Value::Int(self.iat)));
        entries.push(("exp".to_owned(), Value::Int(self.exp)));
        let rooms = self
            .rooms
            .iter()
            .map(|r| match r {
                Room::Str(s) => Value::Str(s.clone()),
                Room::Int(n) => Value::Int(*n),
            })
            .collect();
        entries.push(("rooms".to_owned(), Value::Array(rooms)));
        if let Some(nsp) = &self.nsp {
            entries.push(("nsp".to_owned(), Value::Str(nsp.clone())));
        }
        if let Some(data) = &self.data {
            entries.push(("data".to_owned(), data.clone()));
        }
        Value::Map(entries)
    }

    /// Reads a verified payload. Claims this crate does not know are allowed (they stay in the
    /// payload the caller gets); the known ones must have their types.
    pub fn from_value(payload: &Value) -> Result<Claims, TokenError> {
        let Value::Map(entries) = payload else {
            return Err(TokenError::malformed("the token payload is not a JSON object"));
        };
        let get = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        let bad = |name: &str, what: &str| TokenError::malformed(format!("the token claim \"{name}\" {what}"));
        let time = |name: &str| match get(name) {
            Some(Value::Int(n)) => Ok(*n),
            Some(_) => Err(bad(name, "must be an integer (seconds since the Unix epoch)")),
            None => Err(bad(name, "is missing")),
        };

        let sub = match get("sub") {
            Some(Value::Str(s)) if !s.is_empty() => Subject::Str(s.clone()),
            Some(Value::Int(n)) => Subject::Int(*n),
            Some(Value::Str(_)) => return Err(bad("sub", "must not be empty")),
            Some(_) => return Err(bad("sub", "must be a string or an integer")),
            None => return Err(bad("sub", "is missing")),
        };
        let iat = time("iat")?;
        let exp = time("exp")?;
        if exp < iat {
            return Err(bad("exp", "is before \"iat\""));
        }
        if get("nbf").is_some() {
            time("nbf")?;
        }
        let rooms = match get("rooms") {
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::Str(s) => Ok(Room::Str(s.clone())),
                    Value::Int(n) => Ok(Room::Int(*n)),
                    _ => Err(bad("rooms", "must contain only strings and integers")),
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(bad("rooms", "must be a list of strings and integers")),
            None => return Err(bad("rooms", "is missing")),
        };
        let nsp = match get("nsp") {
            Some(Value::Str(s)) if s.starts_with('/') && !s.contains(',') => Some(s.clone()),
            Some(_) => return Err(bad("nsp", "must be a namespace name starting with \"/\" and without \",\"")),
            None => None,
        };
        let data = get("data").cloned();
        Ok(Claims { sub, iat, exp, rooms, nsp, data })
    }

    /// `nbf` (not before) when the payload has one; only tokens from other issuers do.
    pub fn not_before(payload: &Value) -> Option<i64> {
        match payload {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == "nbf").and_then(|(_, v)| match v {
                Value::Int(n) => Some(*n),
                _ => None,
            }),
            _ => None,
        }
    }
}
