//! Emits that do not wait for their reply (`wait => false`): the command is written and the
//! call returns; the reply is read later, on the connection's next use by this thread (another
//! emit, which first reads the replies already there, or a waiting command, which reads them
//! all) or at request end ([`super::end_request`]).
//!
//! Until its replies are read the connection stays checked out, parked with the thread that
//! wrote on it, so the pool never hands another caller a connection with replies in flight,
//! and a reply is never taken for the answer to a later command. What the replies report (an
//! error reply, or a connection lost before they came) is collected as [`Unconfirmed`] for
//! the caller to report.
//!
//! A Redis Cluster is not parked: a reply there may be a redirect that needs the message sent
//! again, so an emit to a cluster waits whatever `wait` says.

use std::cell::RefCell;
use std::time::Duration;

use super::{checkout_pooled, Lease, Link, FAILURES, PUBLISHES};
use crate::connection::CommandError;
use crate::deadline::Deadline;
use crate::resp::Reply;
use crate::{ConnectOptions, ErrorKind, RedisError, Target};
use std::sync::atomic::Ordering;

/// Replies a connection may have in flight before an emit waits for the oldest: bounds what
/// Redis buffers for us and what a lost connection leaves unknown.
pub const MAX_UNREAD: usize = 1024;

/// Emits sent without waiting that were not confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unconfirmed {
    /// Why: an error reply (not published), or the connection failed before the replies came
    /// (`outcome_unknown()`: they may have been published).
    pub error: RedisError,
    /// How many emits it concerns.
    pub emits: usize,
}

struct Parked {
    target: Target,
    lease: Lease,
    unread: usize,
    /// The `timeout` of the emits: bounds reading their replies.
    timeout: Duration,
}

thread_local! {
    static PARKED: RefCell<Vec<Parked>> = const { RefCell::new(Vec::new()) };
    static UNCONFIRMED: RefCell<Vec<Unconfirmed>> = const { RefCell::new(Vec::new()) };
}

fn report(error: RedisError, emits: usize) {
    FAILURES.fetch_add(emits as u64, Ordering::Relaxed);
    UNCONFIRMED.with(|u| u.borrow_mut().push(Unconfirmed { error, emits }));
}

/// What the replies read since the last call reported (oldest first).
pub fn take_unconfirmed() -> Vec<Unconfirmed> {
    UNCONFIRMED.with(|u| std::mem::take(&mut *u.borrow_mut()))
}

fn unpark(target: &Target) -> Option<Parked> {
    PARKED.with(|p| {
        let mut p = p.borrow_mut();
        let i = p.iter().position(|x| x.target == *target)?;
        Some(p.swap_remove(i))
    })
}

/// Reads the parked connection's replies: all of them (by `deadline`), or with `all` false
/// only those already arrived. False when the connection is broken (what was unread is
/// reported and the connection must be dropped).
fn drain(parked: &mut Parked, all: bool, deadline: Deadline) -> bool {
    let Link::Single(conn) = parked.lease.link() else { unreachable!("only single links are parked") };
    if !conn.is_own() {
        // Inherited through fork: the parent reads its own replies.
        parked.unread = 0;
        return false;
    }
    while parked.unread > 0 {
        if !all && !conn.reply_ready() {
            break;
        }
        match conn.read_reply(deadline) {
            // A receiver count (PUBLISH, SPUBLISH) or an entry id (XADD).
            Ok(Reply::Int(_) | Reply::Bulk(Some(_))) => {
                PUBLISHES.fetch_add(1, Ordering::Relaxed);
                parked.unread -= 1;
            }
            Ok(Reply::Error(message)) => {
                report(RedisError::from_reply(conn.server(), &message), 1);
                parked.unread -= 1;
            }
            Ok(other) => {
                conn.mark_broken();
                let e = RedisError::new(
                    ErrorKind::Protocol,
                    format!(
                        "{} answered an emit with {} instead of a count or an entry id",
                        conn.server(),
                        other.type_name()
                    ),
                );
                report(e, parked.unread);
                parked.unread = 0;
                return false;
            }
            Err(e) => {
                report(e, parked.unread);
                parked.unread = 0;
                return false;
            }
        }
    }
    if parked.unread == 0 {
        conn.end_pipeline();
        // All read: now an idle connection, which must show nothing more (a server that
        // closed it after replying shows EOF here and is replaced before anything is written).
        return conn.is_reusable();
    }
    !conn.is_broken()
}

/// For a command that reads a reply: this thread's parked connection to `target`, with every
/// reply read, or None (none parked, or it broke: what it left unconfirmed is reported).
pub(super) fn take_parked(target: &Target, opts: &ConnectOptions, overall: Deadline) -> Option<Lease> {
    let mut parked = unpark(target)?;
    let deadline = Deadline::after(opts.timeout).earliest(overall);
    if drain(&mut parked, true, deadline) {
        Some(parked.lease)
    } else {
        None
    }
}

/// Request end: every parked connection of this thread has its replies read and goes back to
/// the pool (or is closed when broken).
pub(super) fn drain_all() {
    let all = PARKED.with(|p| std::mem::take(&mut *p.borrow_mut()));
    for mut parked in all {
        let deadline = Deadline::after(parked.timeout);
        if drain(&mut parked, true, deadline) {
            parked.lease.checkin();
        }
    }
}

/// Writes `command channel payload` and returns without reading the reply. Errors are those
/// of writing (as [`super::publish`] reports them); what the reply says later is collected
/// with [`take_unconfirmed`]. A cluster target waits for the reply (see the module comment).
pub fn publish_nowait(
    target: &Target,
    opts: &ConnectOptions,
    command: &str,
    channel: &[u8],
    payload: &[u8],
) -> Result<(), RedisError> {
    if target.cluster {
        return super::publish(target, opts, command, channel, payload).map(|_| ());
    }
    send_nowait(target, opts, &[command.as_bytes(), channel, payload])
}

/// [`publish_nowait`] for a stream entry (`XADD ...`, see [`super::xadd`]): its reply, the
/// entry id, is read later and only checked for errors.
pub fn xadd_nowait(target: &Target, opts: &ConnectOptions, args: &[&[u8]]) -> Result<(), RedisError> {
    if target.cluster {
        return super::xadd(target, opts, args).map(|_| ());
    }
    send_nowait(target, opts, args)
}

fn send_nowait(target: &Target, opts: &ConnectOptions, args: &[&[u8]]) -> Result<(), RedisError> {
    if target.endpoints.is_empty() {
        return Err(RedisError::new(ErrorKind::Config, "no Redis server given"));
    }
    let overall = Deadline::after(opts.publish_budget(false));
    let mut parked = unpark(target);
    if let Some(p) = &mut parked {
        // Replies already there are read now; at the limit, the oldest are waited for.
        let all = p.unread >= MAX_UNREAD;
        if !drain(p, all, Deadline::after(opts.timeout).earliest(overall)) {
            parked = None;
        }
    }
    let mut retry = false;
    loop {
        let (mut lease, unread) = match parked.take() {
            Some(p) => (p.lease, p.unread),
            None => (checkout_pooled(target, opts, retry, overall)?, 0),
        };
        let Link::Single(conn) = lease.link() else { unreachable!("single targets hold single links") };
        let deadline = Deadline::after(opts.timeout).earliest(overall);
        match conn.send_command(args, deadline) {
            Ok(()) => {
                let parked = Parked { target: target.clone(), lease, unread: unread + 1, timeout: opts.timeout };
                PARKED.with(|p| p.borrow_mut().push(parked));
                return Ok(());
            }
            Err(CommandError::NotSent(e)) => {
                if unread > 0 {
                    // Found dead with replies in flight: those emits may or may not have run.
                    report(RedisError::new(ErrorKind::ConnectionLost, e.message.clone()), unread);
                }
                drop(lease);
                if retry || overall.expired() {
                    FAILURES.fetch_add(1, Ordering::Relaxed);
                    return Err(e);
                }
                retry = true;
            }
            Err(CommandError::MaybeSent(e)) => {
                if unread > 0 {
                    report(e.clone(), unread);
                }
                FAILURES.fetch_add(1, Ordering::Relaxed);
                return Err(e);
            }
        }
    }
}
