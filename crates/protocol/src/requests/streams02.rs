//! The streams adapter 0.2.x: requests and answers are entries of the stream itself
//! (protocol-requests.md §3.3). The servers are those that wrote an entry (at least their
//! heartbeat) for the namespace within their `heartbeatTimeout` (10 s); a request is an XADD of the ClusterAdapter message
//! (uid `emitter`, which 0.2.x servers do not take for a node), and the answers are the entries
//! that follow it, each with its responder's uid.
use super::answers::cluster_answer;
use super::envelope::{call_has_binary, cluster_data, cluster_type};
use super::{read_json, read_msgpack, Answer, Call, Kind};
use crate::sink::{Json, Msgpack, Sink};
use crate::streams::StreamTarget;
use crate::{base64, BroadcastOptions, Message, Scope, Value};

/// How long a 0.2.x server counts as alive after its last heartbeat (the adapter's
/// `heartbeatTimeout` default).
pub const HEARTBEAT_TIMEOUT_MS: u64 = 10_000;

/// The XADD of a request: `data` is JSON, or base64 msgpack when an argument holds bytes.
pub fn stream_request(
    scope: &Scope,
    target: &StreamTarget,
    opts: &BroadcastOptions,
    call: Call<'_>,
    request_id: &str,
) -> Message {
    let payload = if call_has_binary(&call) {
        let mut s = Msgpack::with_capacity(256);
        cluster_data(&mut s, opts, &call, request_id);
        base64::encode(&s.finish())
    } else {
        let mut s = Json::with_capacity(256);
        cluster_data(&mut s, opts, &call, request_id);
        s.finish()
    };
    crate::streams::entry(scope, target, cluster_type(&call), payload)
}

fn get<'a>(fields: &'a [(Vec<u8>, Vec<u8>)], name: &[u8]) -> Option<&'a [u8]> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_slice())
}

/// The uid of the server that wrote this entry for `nsp` (not an emitter's). A 0.2.x server
/// writes a HEARTBEAT at least every 5 s while it writes nothing else, so every live one has an
/// entry within the last [`HEARTBEAT_TIMEOUT_MS`] (as the adapter itself counts nodes).
pub fn server_uid<'a>(fields: &'a [(Vec<u8>, Vec<u8>)], nsp: &str) -> Option<&'a [u8]> {
    let uid = get(fields, b"uid")?;
    (get(fields, b"nsp") == Some(nsp.as_bytes()) && uid != b"emitter").then_some(uid)
}

/// The answer an entry holds for request `request_id` of `nsp`, with its responder's uid.
pub fn read_stream_answer(
    kind: Kind,
    nsp: &str,
    request_id: &str,
    fields: &[(Vec<u8>, Vec<u8>)],
) -> Option<(Option<String>, Answer)> {
    if get(fields, b"nsp") != Some(nsp.as_bytes()) {
        return None;
    }
    let uid = std::str::from_utf8(get(fields, b"uid")?).ok()?.to_owned();
    let kind_field: i64 = std::str::from_utf8(get(fields, b"type")?).ok()?.parse().ok()?;
    let data = get(fields, b"data")?;
    let value = match data.first() {
        Some(b'{') => read_json(data).ok()?,
        Some(_) => read_msgpack(&base64::decode(data)?).ok()?,
        None => return None,
    };
    let Value::Map(map) = value else { return None };
    cluster_answer(kind, request_id, kind_field, uid, map)
}
