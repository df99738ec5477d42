//! Many publishes in few round trips: a [`Batch`] of encoded commands written in chunks, each
//! chunk's replies read before the next is written, so that memory for replies and socket
//! buffers stays bounded however long the batch, and a failure mid-way says exactly which
//! commands were confirmed, which may have run, and which never left.
//!
//! The batch itself is one contiguous buffer of RESP commands (payload plus a few dozen bytes
//! each) and a small index; nothing is copied again for a single server. A Redis Cluster
//! regroups the commands per node (see `cluster/pipeline.rs`).

use crate::connection::CommandError;
use crate::crc16::key_slot;
use crate::deadline::Deadline;
use crate::pool::{self, Link};
use crate::resp::{encode_command, Reply};
use crate::{ConnectOptions, ErrorKind, RedisError, Target};
use std::time::Duration;

/// At most this many commands are written before their replies are read.
pub const CHUNK_COMMANDS: usize = 1024;
/// At most this many bytes are written before the replies are read (one larger command goes
/// alone).
pub const CHUNK_BYTES: usize = 1 << 20;

/// Commands are stored in blocks of this size (a larger command gets a block of its own), so
/// that a growing batch never copies what it holds (as one doubling buffer would) and holds
/// at most one partly filled block beyond its commands.
const BLOCK: usize = 1 << 20;

/// Encoded PUBLISH/SPUBLISH commands, in call order.
#[derive(Default)]
pub struct Batch {
    blocks: Vec<Vec<u8>>,
    items: Vec<Item>,
    bytes: usize,
}

#[derive(Clone, Copy)]
struct Item {
    block: u32,
    start: u32,
    end: u32,
    /// The channel's cluster slot.
    slot: u16,
    sharded: bool,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Queues `command channel payload` ("PUBLISH" or "SPUBLISH").
    pub fn push(&mut self, command: &str, channel: &[u8], payload: &[u8]) {
        self.push_args(&[command.as_bytes(), channel, payload]);
    }

    /// Queues any publish-like command, name first, whose second argument is the channel or
    /// key a Redis Cluster routes it by: PUBLISH (any node), SPUBLISH or XADD (the slot's
    /// master). A stream entry's outcome is [`Outcome::Added`].
    pub fn push_args(&mut self, args: &[&[u8]]) {
        // At least what `encode_command` writes.
        let need = args.iter().map(|a| a.len() + 16).sum::<usize>() + 16;
        let fits = self.blocks.last().is_some_and(|b| b.capacity() - b.len() >= need);
        if !fits {
            self.blocks.push(Vec::with_capacity(need.max(BLOCK)));
        }
        let block_index = self.blocks.len() - 1;
        let block = self.blocks.last_mut().expect("pushed above");
        let start = block.len();
        encode_command(args, block);
        self.bytes += block.len() - start;
        let sharded = !args[0].eq_ignore_ascii_case(b"PUBLISH");
        self.items.push(Item {
            block: block_index as u32,
            start: start as u32,
            end: block.len() as u32,
            slot: key_slot(args[1]),
            sharded,
        });
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bytes of encoded commands queued.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The encoded command `i`.
    pub(crate) fn command(&self, i: usize) -> &[u8] {
        let it = self.items[i];
        &self.blocks[it.block as usize][it.start as usize..it.end as usize]
    }

    /// Commands `from..end`, which [`Batch::chunk_end`] keeps in one block: contiguous bytes.
    fn run(&self, from: usize, end: usize) -> &[u8] {
        let (a, b) = (self.items[from], self.items[end - 1]);
        debug_assert_eq!(a.block, b.block);
        &self.blocks[a.block as usize][a.start as usize..b.end as usize]
    }

    pub(crate) fn slot(&self, i: usize) -> u16 {
        self.items[i].slot
    }

    pub(crate) fn sharded(&self, i: usize) -> bool {
        self.items[i].sharded
    }

    /// Command `i`'s arguments (name, channel, payload, ...), read back from its encoding.
    pub(crate) fn args(&self, i: usize) -> Vec<&[u8]> {
        // `*N\r\n` then N times `$len\r\nbytes\r\n`, as `encode_command` wrote them.
        let line = |rest: &[u8]| -> (usize, usize) {
            let nl = rest.iter().position(|&b| b == b'\n').expect("encoded by encode_command");
            let n = std::str::from_utf8(&rest[1..nl - 1]).expect("digits").parse().expect("a length");
            (n, nl + 1)
        };
        let mut rest = self.command(i);
        let (count, skip) = line(rest);
        rest = &rest[skip..];
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            let (len, skip) = line(rest);
            out.push(&rest[skip..skip + len]);
            rest = &rest[skip + len + 2..];
        }
        out
    }

    /// The end (exclusive) of the chunk that starts at `order[from]` (indices into the batch):
    /// at most [`CHUNK_COMMANDS`] commands and [`CHUNK_BYTES`] bytes (one larger command goes
    /// alone), all from one block.
    pub(crate) fn chunk_end(&self, order: &[usize], from: usize) -> usize {
        let block = self.items[order[from]].block;
        let mut bytes = 0;
        let mut end = from;
        while end < order.len() && end - from < CHUNK_COMMANDS && self.items[order[end]].block == block {
            let len = self.command(order[end]).len();
            if end > from && bytes + len > CHUNK_BYTES {
                break;
            }
            bytes += len;
            end += 1;
        }
        end
    }

    /// How many chunks the batch takes when sent to one server.
    pub fn chunks(&self) -> usize {
        let order: Vec<usize> = (0..self.len()).collect();
        let mut n = 0;
        let mut from = 0;
        while from < order.len() {
            from = self.chunk_end(&order, from);
            n += 1;
        }
        n
    }

    /// The bound on sending this batch: the bound of one publish (connect and first command;
    /// twice that for a cluster) plus `timeout` for every chunk. Zero (no bound) when either
    /// timeout is zero.
    pub fn budget(&self, opts: &ConnectOptions, cluster: bool) -> Duration {
        let one = opts.publish_budget(cluster);
        if one.is_zero() {
            return Duration::ZERO;
        }
        let chunks = u32::try_from(self.chunks()).unwrap_or(u32::MAX);
        one.saturating_add(opts.timeout.saturating_mul(chunks))
    }
}

/// What became of one command of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Redis executed it: the receiver count.
    Published(i64),
    /// Redis added the stream entry (XADD): its id.
    Added(String),
    /// Redis answered with an error (or it was refused before sending): not published.
    Failed(RedisError),
    /// Written, no reply: Redis may have executed it.
    Unknown,
    /// Never written.
    NotSent,
}

/// A batch that did not fully succeed: the first error, and every command's outcome.
#[derive(Debug)]
pub struct BatchError {
    pub error: RedisError,
    pub outcomes: Vec<Outcome>,
}

/// Sends a batch of PUBLISH/SPUBLISH commands and returns each one's receiver count, in order
/// (a stream entry, which has none, counts as 1: [`send_batch`] gives its id).
pub fn publish_batch(target: &Target, opts: &ConnectOptions, batch: &Batch) -> Result<Vec<i64>, BatchError> {
    send_batch(target, opts, batch).map(|outcomes| {
        outcomes
            .into_iter()
            .map(|o| match o {
                Outcome::Published(n) => n,
                _ => 1,
            })
            .collect()
    })
}

/// Sends the batch and returns each command's outcome, in order: all [`Outcome::Published`]
/// or [`Outcome::Added`]. Bounded by [`Batch::budget`]. Nothing is ever sent twice: a chunk is
/// retried (once, on a new connection) only when none of it was written.
pub fn send_batch(target: &Target, opts: &ConnectOptions, batch: &Batch) -> Result<Vec<Outcome>, BatchError> {
    let mut outcomes = vec![Outcome::NotSent; batch.len()];
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let overall = Deadline::after(batch.budget(opts, target.cluster));
    let error = if target.cluster {
        send_cluster(target, opts, batch, &mut outcomes, overall)
    } else {
        send_single(target, opts, batch, &mut outcomes, overall)
    };
    let published = outcomes.iter().filter(|o| o.is_done()).count() as u64;
    pool::count(published, (batch.len() as u64) - published);
    let first_failed = || {
        outcomes.iter().find_map(|o| match o {
            Outcome::Failed(e) => Some(e.clone()),
            _ => None,
        })
    };
    match error.or_else(first_failed) {
        // Every command published when no error was found.
        None => Ok(outcomes),
        Some(error) => Err(BatchError { error, outcomes }),
    }
}

impl Outcome {
    /// Redis executed it (published, or the entry added).
    pub fn is_done(&self) -> bool {
        matches!(self, Outcome::Published(_) | Outcome::Added(_))
    }

    /// A reply that is not an error, as an outcome: a receiver count or an entry id.
    pub(crate) fn of_reply(reply: &Reply) -> Option<Outcome> {
        match reply {
            Reply::Int(n) => Some(Outcome::Published(*n)),
            other => crate::cluster::entry_id(other).map(Outcome::Added),
        }
    }
}

fn send_single(
    target: &Target,
    opts: &ConnectOptions,
    batch: &Batch,
    outcomes: &mut [Outcome],
    overall: Deadline,
) -> Option<RedisError> {
    if target.endpoints.is_empty() {
        return Some(RedisError::new(ErrorKind::Config, "no Redis server given"));
    }
    let order: Vec<usize> = (0..batch.len()).collect();
    let mut from = 0;
    let mut retried = false;
    loop {
        let mut lease = match pool::checkout(target, opts, retried, overall) {
            Ok(lease) => lease,
            Err(e) => return Some(e),
        };
        let Link::Single(conn) = lease.link() else { unreachable!("single targets hold single links") };
        // One chunk in flight while the next is written: Redis works on one while we write
        // the other, and what we hold unread stays within two chunks.
        let mut in_flight: Option<(usize, usize)> = None;
        let mut unsent = None;
        while from < order.len() || in_flight.is_some() {
            let deadline = Deadline::after(opts.timeout).earliest(overall);
            let mut written = None;
            if from < order.len() {
                let end = batch.chunk_end(&order, from);
                match conn.write_commands(batch.run(from, end), deadline) {
                    Ok(()) => written = Some((from, end)),
                    // Nothing of this chunk reached Redis. With none in flight (the connection
                    // was found dead as the batch began) one more try on a new connection.
                    Err(CommandError::NotSent(e)) if in_flight.is_none() => {
                        unsent = Some(e);
                        break;
                    }
                    Err(CommandError::NotSent(e) | CommandError::MaybeSent(e)) => {
                        let maybe = e.kind.outcome_unknown();
                        if maybe {
                            outcomes[from..end].fill(Outcome::Unknown);
                        }
                        // The replies of the chunk in flight may have arrived before the
                        // connection broke: whatever can still be read is read.
                        if let Some((a, b)) = in_flight {
                            let _ = read_replies(conn, a, b, outcomes, deadline);
                        }
                        return Some(e);
                    }
                }
            }
            if let Some((a, b)) = in_flight.take() {
                if let Err(e) = read_replies(conn, a, b, outcomes, deadline) {
                    if let Some((c, d)) = written {
                        outcomes[c..d].fill(Outcome::Unknown);
                    }
                    return Some(e);
                }
            }
            if let Some((_, end)) = written {
                from = end;
            }
            in_flight = written;
        }
        match unsent {
            None => {
                conn.end_pipeline();
                lease.checkin();
                return None;
            }
            Some(e) => {
                drop(lease);
                if retried || overall.expired() {
                    return Some(e);
                }
                retried = true;
            }
        }
    }
}

/// The replies of commands `from..end`, in order. On a failure the unanswered ones are marked
/// Unknown and the connection is broken.
fn read_replies(
    conn: &mut crate::connection::Connection,
    from: usize,
    end: usize,
    outcomes: &mut [Outcome],
    deadline: Deadline,
) -> Result<(), RedisError> {
    for i in from..end {
        match conn.read_reply(deadline) {
            Ok(Reply::Error(message)) => outcomes[i] = Outcome::Failed(RedisError::from_reply(conn.server(), &message)),
            Ok(reply) if Outcome::of_reply(&reply).is_some() => {
                outcomes[i] = Outcome::of_reply(&reply).expect("checked");
            }
            Ok(other) => {
                conn.mark_broken();
                outcomes[i..end].fill(Outcome::Unknown);
                return Err(RedisError::new(
                    ErrorKind::Protocol,
                    format!("{} answered PUBLISH with {} instead of an integer", conn.server(), other.type_name()),
                ));
            }
            Err(e) => {
                outcomes[i..end].fill(Outcome::Unknown);
                return Err(e);
            }
        }
    }
    Ok(())
}

fn send_cluster(
    target: &Target,
    opts: &ConnectOptions,
    batch: &Batch,
    outcomes: &mut [Outcome],
    overall: Deadline,
) -> Option<RedisError> {
    let mut lease = match pool::checkout(target, opts, false, overall) {
        Ok(lease) => lease,
        Err(e) => return Some(e),
    };
    let Link::Cluster(client) = lease.link() else { unreachable!("cluster targets hold cluster links") };
    let error = client.publish_batch(opts, batch, outcomes, overall);
    lease.checkin();
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read_back_and_chunks_bounded() {
        let mut b = Batch::new();
        b.push("PUBLISH", b"socket.io#/#", b"\x93abc");
        b.push("SPUBLISH", b"socket.io#/#room#", &[0u8; 10]);
        assert_eq!(b.len(), 2);
        assert_eq!(b.args(1)[1], b"socket.io#/#room#");
        assert_eq!(b.args(0), [&b"PUBLISH"[..], b"socket.io#/#", b"\x93abc"]);
        b.push_args(&[b"XADD", b"socket.io", b"MAXLEN", b"~", b"10", b"*", b"data", b"{}"]);
        assert_eq!(b.args(2).len(), 8);
        assert_eq!(b.args(2)[7], b"{}");
        assert!(b.sharded(2), "an XADD goes to its key's slot owner");
        assert_eq!(b.slot(2), key_slot(b"socket.io"));
        b.push_args(&[b"PUBLISH", &[b'k'; 200], &[]]);
        assert_eq!(b.args(3)[1].len(), 200);
        assert_eq!(b.args(3)[2], b"");
        assert_eq!(b.args(1)[2], &[0u8; 10][..]);
        assert!(b.sharded(1) && !b.sharded(0));
        assert_eq!(b.command(0), b"*3\r\n$7\r\nPUBLISH\r\n$12\r\nsocket.io#/#\r\n$4\r\n\x93abc\r\n");
        let mut big = Batch::new();
        for _ in 0..CHUNK_COMMANDS * 2 + 1 {
            big.push("PUBLISH", b"c", b"p");
        }
        assert_eq!(big.chunks(), 3);
        let mut large = Batch::new();
        let payload = vec![b'x'; CHUNK_BYTES / 2];
        for _ in 0..3 {
            large.push("PUBLISH", b"c", &payload);
        }
        assert_eq!(large.chunks(), 3, "each chunk stays within CHUNK_BYTES (or holds one command)");
    }
}
