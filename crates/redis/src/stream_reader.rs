//! Reading a stream for the answers to one request (Redis Streams adapter 0.2.x, whose servers
//! answer with stream entries): recent entries (`XRANGE`, to find the live servers' heartbeats)
//! through the pool, and `XREAD BLOCK` after the request's own entry on a connection of the
//! call's own (a blocked connection can do nothing else), every wait on the caller's deadline.
use crate::connection::Connection;
use crate::deadline::Deadline;
use crate::pool::{query, Route};
use crate::resp::Reply;
use crate::subscriber::open_own;
use crate::{ConnectOptions, ErrorKind, RedisError, Target};

/// One entry: its id and its field/value pairs in order.
pub type Entry = (Vec<u8>, Vec<(Vec<u8>, Vec<u8>)>);

/// `XRANGE <key> <since_ms> +`: the entries added since then.
pub fn entries_since(
    target: &Target,
    opts: &ConnectOptions,
    key: &[u8],
    since_ms: u64,
) -> Result<Vec<Entry>, RedisError> {
    let since = since_ms.to_string();
    let mut replies = query(target, opts, Route::SlotOwner(key), &[b"XRANGE", key, since.as_bytes(), b"+"])?;
    let reply = replies.pop().ok_or_else(|| unexpected("XRANGE"))?;
    entries(reply).ok_or_else(|| unexpected("XRANGE"))
}

pub struct StreamReader {
    conn: Connection,
    key: Vec<u8>,
    /// The id of the last entry read: XREAD returns what follows it.
    last: Vec<u8>,
}

impl StreamReader {
    /// A connection to the node that holds `key` (its slot's master in a cluster), reading the
    /// entries after `after_id`.
    pub fn open(
        target: &Target,
        opts: &ConnectOptions,
        key: &[u8],
        after_id: &[u8],
        deadline: Deadline,
    ) -> Result<StreamReader, RedisError> {
        // XREAD goes to the stream key's master, as any keyed command (the flag is "sharded").
        let (conn, _) = open_own(target, opts, true, key, deadline)?;
        Ok(StreamReader { conn, key: key.to_vec(), last: after_id.to_vec() })
    }

    /// The next entries (up to 100), waiting for them until `deadline`; `None` once it passed.
    pub fn next(&mut self, deadline: Deadline) -> Result<Option<Vec<Entry>>, RedisError> {
        loop {
            let left = match deadline.remaining() {
                Some(Some(left)) => left,
                Some(None) => std::time::Duration::from_secs(1),
                None => return Ok(None),
            };
            // BLOCK 0 would be "forever": at least 1 ms, never more than what is left.
            let block = left.as_millis().clamp(1, u64::MAX as u128).to_string();
            let args: [&[u8]; 8] =
                [b"XREAD", b"COUNT", b"100", b"BLOCK", block.as_bytes(), b"STREAMS", &self.key, &self.last];
            let reply = match self.conn.command(&args, deadline) {
                Ok(reply) => reply,
                Err(e) => {
                    let e = e.into_inner();
                    return if e.kind == ErrorKind::Timeout { Ok(None) } else { Err(e) };
                }
            };
            match reply {
                Reply::Array(None) | Reply::Bulk(None) => continue,
                Reply::Error(message) => return Err(RedisError::from_reply(self.conn.server(), &message)),
                Reply::Array(Some(mut streams)) => {
                    let Some(Reply::Array(Some(mut pair))) = streams.pop() else { return Err(unexpected("XREAD")) };
                    let list = pair.pop().ok_or_else(|| unexpected("XREAD"))?;
                    let found = entries(list).ok_or_else(|| unexpected("XREAD"))?;
                    if let Some((id, _)) = found.last() {
                        self.last = id.clone();
                    }
                    return Ok(Some(found));
                }
                _ => return Err(unexpected("XREAD")),
            }
        }
    }
}

/// `[[id, [field, value, ...]], ...]`
fn entries(reply: Reply) -> Option<Vec<Entry>> {
    let Reply::Array(Some(items)) = reply else { return None };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Reply::Array(Some(mut pair)) = item else { return None };
        if pair.len() != 2 {
            return None;
        }
        let Reply::Array(Some(flat)) = pair.pop()? else { return None };
        let Reply::Bulk(Some(id)) = pair.pop()? else { return None };
        let mut fields = Vec::with_capacity(flat.len() / 2);
        let mut it = flat.into_iter();
        while let (Some(Reply::Bulk(Some(k))), Some(Reply::Bulk(Some(v)))) = (it.next(), it.next()) {
            fields.push((k, v));
        }
        out.push((id, fields));
    }
    Some(out)
}

fn unexpected(command: &str) -> RedisError {
    RedisError::new(ErrorKind::Protocol, format!("Redis answered {command} with something else than stream entries"))
}
