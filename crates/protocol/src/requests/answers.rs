//! Reading one response message, and deciding when a request has all its answers
//! (protocol-requests.md §1.6, §2.2).
use std::collections::HashSet;

use super::read_json::read_json_streaming;
use super::read_msgpack::read_msgpack_streaming;
use super::{Flavour, Kind};
use crate::Value;

/// One answer, its payload already decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// One server's part of a fetchSockets: its matching sockets (§4 entries).
    Sockets(Vec<Value>),
    /// One server's serverSideEmit acknowledgement: the first argument its listener passed to
    /// the callback (null when it passed none).
    ServerAck(Value),
    /// How many clients one server sent an emitWithAck to.
    ClientCount(u64),
    /// One client's acknowledgement: its first argument.
    ClientAck(Value),
}

/// Decodes `payload` as JSON (first byte `{`) or msgpack and returns the answer it holds for
/// request `request_id`, with the responder's uid where the flavour carries one. `None` for
/// anything else on the channel: other requests' responses, other types, bytes that do not
/// decode (a response channel is shared with the servers' own requests, so it is not an error).
pub fn read_answer(flavour: Flavour, kind: Kind, request_id: &str, payload: &[u8]) -> Option<(Option<String>, Answer)> {
    read_answer_with(flavour, kind, request_id, payload, None)
}

/// As [`read_answer`]; with `each_socket`, a fetchSockets answer's entries are handed to it one
/// by one while the payload is read (and `Answer::Sockets` comes back empty), so a large answer
/// is never held as one decoded tree. The entries of a message that turns out not to be an
/// answer to this request (checked once it is read) must then be dropped by the caller.
pub fn read_answer_with(
    flavour: Flavour,
    kind: Kind,
    request_id: &str,
    payload: &[u8],
    each_socket: Option<&mut dyn FnMut(Value)>,
) -> Option<(Option<String>, Answer)> {
    let path: &[&str] = match (kind, flavour, &each_socket) {
        (Kind::FetchSockets, Flavour::Classic, Some(_)) => &["sockets"],
        (Kind::FetchSockets, Flavour::Cluster, Some(_)) => &["data", "sockets"],
        _ => &[],
    };
    let mut ignore = |_: Value| {};
    let each: &mut dyn FnMut(Value) = match each_socket {
        Some(f) => f,
        None => &mut ignore,
    };
    let value = match payload.first() {
        Some(b'{') => read_json_streaming(payload, path, each).ok()?,
        Some(_) => read_msgpack_streaming(payload, path, each).ok()?,
        None => return None,
    };
    let Value::Map(mut outer) = value else { return None };
    match flavour {
        Flavour::Classic => {
            if !matches!(field(&outer, "requestId"), Some(Value::Str(id)) if id == request_id) {
                return None;
            }
            let kind_field = match field(&outer, "type") {
                Some(Value::Int(n)) => Some(*n),
                _ => None,
            };
            let answer = match (kind, kind_field) {
                (Kind::FetchSockets, None) => match take(&mut outer, "sockets") {
                    Some(Value::Array(sockets)) => Answer::Sockets(sockets),
                    _ => return None,
                },
                (Kind::ServerSideEmit, Some(6)) => Answer::ServerAck(take(&mut outer, "data").unwrap_or(Value::Null)),
                (Kind::Broadcast, Some(8)) => Answer::ClientCount(count(field(&outer, "clientCount"))?),
                (Kind::Broadcast, Some(9)) => Answer::ClientAck(take(&mut outer, "packet").unwrap_or(Value::Null)),
                _ => return None,
            };
            Some((None, answer))
        }
        Flavour::Cluster => {
            let kind_field = match field(&outer, "type") {
                Some(Value::Int(n)) => *n,
                _ => return None,
            };
            let uid = match field(&outer, "uid") {
                Some(Value::Str(uid)) => uid.clone(),
                _ => return None,
            };
            let Some(Value::Map(data)) = take(&mut outer, "data") else { return None };
            cluster_answer(kind, request_id, kind_field, uid, data)
        }
    }
}

/// A ClusterAdapter answer from its parts: `type`, the responder's `uid`, the `data` map.
pub(crate) fn cluster_answer(
    kind: Kind,
    request_id: &str,
    kind_field: i64,
    uid: String,
    mut data: Vec<(String, Value)>,
) -> Option<(Option<String>, Answer)> {
    if !matches!(field(&data, "requestId"), Some(Value::Str(id)) if id == request_id) {
        return None;
    }
    let answer = match (kind, kind_field) {
        (Kind::FetchSockets, 8) => match take(&mut data, "sockets") {
            Some(Value::Array(sockets)) => Answer::Sockets(sockets),
            _ => return None,
        },
        (Kind::ServerSideEmit, 10) => Answer::ServerAck(take(&mut data, "packet").unwrap_or(Value::Null)),
        (Kind::Broadcast, 11) => Answer::ClientCount(count(field(&data, "clientCount"))?),
        (Kind::Broadcast, 12) => Answer::ClientAck(take(&mut data, "packet").unwrap_or(Value::Null)),
        _ => return None,
    };
    Some((Some(uid), answer))
}

fn field<'a>(map: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    map.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Moves a member out without copying it (a fetchSockets answer can be megabytes).
fn take(map: &mut [(String, Value)], name: &str) -> Option<Value> {
    map.iter_mut().find(|(k, _)| k == name).map(|(_, v)| std::mem::replace(v, Value::Null))
}

fn count(v: Option<&Value>) -> Option<u64> {
    match v {
        Some(Value::Int(n)) if *n >= 0 => Some(*n as u64),
        _ => None,
    }
}

/// What has arrived for one request, and whether that is all of it.
///
/// Classic responses carry no responder id, so each one counts as one server. ClusterAdapter
/// responses carry the responder's uid: a server counts once (a duplicate, say a message seen
/// twice, is dropped), which also tells who answered.
#[derive(Debug)]
pub struct Progress {
    kind: Kind,
    servers: usize,
    distinct: bool,
    answered: usize,
    uids: HashSet<String>,
    /// emitWithAck: the sum of the client counts received, and the acks received.
    clients: u64,
    acks: u64,
}

impl Progress {
    /// `servers`: N, the subscriber count of the channel every server listens on once.
    pub fn new(flavour: Flavour, kind: Kind, servers: usize) -> Progress {
        Progress {
            kind,
            servers,
            distinct: flavour == Flavour::Cluster,
            answered: 0,
            uids: HashSet::new(),
            clients: 0,
            acks: 0,
        }
    }

    /// Counts an answer; false when it must be dropped (a server that already answered).
    pub fn record(&mut self, responder: Option<&str>, answer: &Answer) -> bool {
        if let Answer::ClientAck(_) = answer {
            self.acks += 1;
            return true;
        }
        if self.distinct {
            match responder {
                Some(uid) if self.uids.insert(uid.to_owned()) => {}
                _ => return false,
            }
        }
        self.answered += 1;
        if let Answer::ClientCount(n) = answer {
            self.clients = self.clients.saturating_add(*n);
        }
        true
    }

    /// fetchSockets / serverSideEmitWithAck: N servers answered. emitWithAck: N servers sent
    /// their client count and as many acks arrived as those counts add up to.
    pub fn is_complete(&self) -> bool {
        match self.kind {
            Kind::FetchSockets | Kind::ServerSideEmit => self.answered >= self.servers,
            Kind::Broadcast => self.answered >= self.servers && self.acks >= self.clients,
        }
    }

    /// Servers that answered (sent their count, for emitWithAck).
    pub fn servers_answered(&self) -> usize {
        self.answered
    }

    pub fn servers_expected(&self) -> usize {
        self.servers
    }

    /// emitWithAck: acks received, and the acks announced so far (the sum of the client counts).
    pub fn acks(&self) -> (u64, u64) {
        (self.acks, self.clients)
    }
}

/// Removes `handshake.auth.pid` and `handshake.auth.offset` from a fetchSockets entry: a server
/// with connection-state recovery adds them after a recovery, and the pid is the secret that
/// lets a client take over the session (protocol-requests.md §3.4, §4).
pub fn scrub_socket(entry: &mut Value) {
    let Value::Map(fields) = entry else { return };
    let Some((_, Value::Map(handshake))) = fields.iter_mut().find(|(k, _)| k == "handshake") else { return };
    let Some((_, Value::Map(auth))) = handshake.iter_mut().find(|(k, _)| k == "auth") else { return };
    auth.retain(|(k, _)| k != "pid" && k != "offset");
}
