//! Emits that do not wait for their reply (`wait => false`): the command is written and the
//! call returns; the reply is read later, on the connection's next use by this thread (another
//! emit, which first reads the replies already there, or a waiting command, which reads them
//! all), at request end, or at process end.
//!
//! Until its replies are read the connection stays checked out, parked with the thread that
//! wrote on it, so the pool never hands another caller a connection with replies in flight,
//! and a reply is never taken for the answer to a later command. What the replies report (an
//! error reply, or a connection lost before they came) is collected as [`Unconfirmed`] for
//! the caller to report.
//!
//! Request end does not wait ([`end_request`]): in php-fpm it runs before the response is
//! complete, so waiting there would cost every request the round trip the emit saved. It reads
//! the replies already there; a persistent connection whose replies are still on their way stays
//! parked with its thread into the next request, where its next use reads them first (they have
//! long arrived by then). Their errors, found in a request that did not make them, are flagged
//! [`Unconfirmed::earlier_request`] (the binding logs them rather than warn the wrong script).
//! Still unread after `timeout`, they count as lost and the connection is closed; what is parked
//! when the process ends is read (within `timeout`) by [`close_all`]. A non-persistent
//! connection closes with its request, so its replies are waited for then, as before.
//!
//! A Redis Cluster is not parked: a reply there may be a redirect that needs the message sent
//! again, so an emit to a cluster waits whatever `wait` says.

use std::cell::RefCell;
use std::time::{Duration, Instant};

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
    /// Their replies were read during a later request of this process (or thread) than the
    /// one that sent them.
    pub earlier_request: bool,
}

struct Parked {
    target: Target,
    lease: Lease,
    pending: Pending,
    /// The `timeout` of the emits: bounds reading their replies.
    timeout: Duration,
    /// When the last command was written: its reply is late once `timeout` has passed.
    written: Instant,
}

/// Replies not read yet, oldest first.
#[derive(Clone, Copy, Default)]
struct Pending {
    unread: usize,
    /// The first `earlier` of them answer requests that have ended.
    earlier: usize,
}

impl Pending {
    /// One reply read that confirmed its emit.
    fn confirmed(&mut self) {
        self.unread -= 1;
        self.earlier = self.earlier.saturating_sub(1);
    }

    /// Reports `error` for the next `emits` unread replies, split between earlier requests'
    /// and this one's, and counts them read.
    fn fail(&mut self, error: RedisError, emits: usize) {
        let earlier = emits.min(self.earlier);
        if earlier > 0 {
            report(error.clone(), earlier, true);
        }
        if emits > earlier {
            report(error, emits - earlier, false);
        }
        self.earlier -= earlier;
        self.unread -= emits;
    }
}

thread_local! {
    static PARKED: RefCell<ParkedList> = const { RefCell::new(ParkedList(Vec::new())) };
    static UNCONFIRMED: RefCell<Vec<Unconfirmed>> = const { RefCell::new(Vec::new()) };
}

/// A thread's parked connections. When the thread ends (a ZTS thread, as FrankenPHP and PHP's
/// embed SAPI run requests), their replies are read before the connections close: a socket
/// closed with replies still to come is reset, and Redis then drops whatever of the commands
/// it had not read yet, so emits that looked sent would be lost.
struct ParkedList(Vec<Parked>);

impl Drop for ParkedList {
    fn drop(&mut self) {
        for mut parked in self.0.drain(..) {
            parked.pending.earlier = 0;
            let deadline = Deadline::after(parked.timeout);
            if drain(&mut parked, true, deadline, false) {
                parked.lease.checkin();
            }
        }
    }
}

fn report(error: RedisError, emits: usize, earlier_request: bool) {
    FAILURES.fetch_add(emits as u64, Ordering::Relaxed);
    // `try_with`: at thread end this list may be gone before the parked connections are read;
    // nobody could be told then anyway.
    let _ = UNCONFIRMED.try_with(|u| u.borrow_mut().push(Unconfirmed { error, emits, earlier_request }));
}

/// What the replies read since the last call reported (oldest first).
pub fn take_unconfirmed() -> Vec<Unconfirmed> {
    UNCONFIRMED.with(|u| std::mem::take(&mut *u.borrow_mut()))
}

fn unpark(target: &Target) -> Option<Parked> {
    PARKED.with(|p| {
        let p = &mut p.borrow_mut().0;
        let i = p.iter().position(|x| x.target == *target)?;
        Some(p.swap_remove(i))
    })
}

/// Reads the parked connection's replies: all of them (by `deadline`), or with `all` false
/// only those already arrived. False when the connection is broken (what was unread is
/// reported and the connection must be dropped). With `reuse`, a connection with every reply
/// read is also checked for use right now (see below); without, it is only going back to the
/// pool, whose checkout checks it anyway.
fn drain(parked: &mut Parked, all: bool, deadline: Deadline, reuse: bool) -> bool {
    let Link::Single(conn) = parked.lease.link() else { unreachable!("only single links are parked") };
    let pending = &mut parked.pending;
    if !conn.is_own() {
        // Inherited through fork: the parent reads its own replies.
        *pending = Pending::default();
        return false;
    }
    while pending.unread > 0 {
        if !all && !conn.reply_ready() {
            break;
        }
        match conn.read_reply(deadline) {
            // A receiver count (PUBLISH, SPUBLISH) or an entry id (XADD).
            Ok(Reply::Int(_) | Reply::Bulk(Some(_))) => {
                PUBLISHES.fetch_add(1, Ordering::Relaxed);
                pending.confirmed();
            }
            Ok(Reply::Error(message)) => {
                let e = RedisError::from_reply(conn.server(), &message);
                pending.fail(e, 1);
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
                pending.fail(e, pending.unread);
                return false;
            }
            Err(e) => {
                pending.fail(e, pending.unread);
                return false;
            }
        }
    }
    if pending.unread == 0 {
        conn.end_pipeline();
        // All read: now an idle connection, which must show nothing more (a server that
        // closed it after replying shows EOF here and is replaced before anything is written).
        return !reuse || conn.is_reusable();
    }
    !conn.is_broken()
}

/// For a command that reads a reply: this thread's parked connection to `target`, with every
/// reply read, or None (none parked, or it broke: what it left unconfirmed is reported).
pub(super) fn take_parked(target: &Target, opts: &ConnectOptions, overall: Deadline) -> Option<Lease> {
    let mut parked = unpark(target)?;
    let deadline = Deadline::after(opts.timeout).earliest(overall);
    if drain(&mut parked, true, deadline, true) {
        Some(parked.lease)
    } else {
        None
    }
}

/// Request end: the replies already there are read, without waiting for the others. A
/// connection with every reply read goes back to the pool; a persistent one still waiting for
/// some stays parked into the next request (see the module comment); a non-persistent one
/// closes with its request, so its replies are waited for.
pub(super) fn end_request() {
    let all = PARKED.with(|p| std::mem::take(&mut p.borrow_mut().0));
    let mut still = Vec::new();
    for mut parked in all {
        let persistent = parked.lease.is_persistent();
        let deadline = Deadline::after(parked.timeout);
        if !drain(&mut parked, !persistent, deadline, false) {
            continue;
        }
        if parked.pending.unread == 0 {
            parked.lease.checkin();
            continue;
        }
        let timeout = parked.timeout;
        if !timeout.is_zero() && parked.written.elapsed() > timeout {
            let Link::Single(conn) = parked.lease.link() else { unreachable!("only single links are parked") };
            conn.mark_broken();
            let e = RedisError::new(
                ErrorKind::Timeout,
                format!("no reply from {} within {}", conn.server(), crate::error::fmt_secs(timeout)),
            );
            let unread = parked.pending.unread;
            parked.pending.fail(e, unread);
            continue;
        }
        parked.pending.earlier = parked.pending.unread;
        still.push(parked);
    }
    if !still.is_empty() {
        PARKED.with(|p| p.borrow_mut().0.extend(still));
    }
}

/// Process end (or a test): every parked connection of this thread has its replies read,
/// each within its `timeout`, and goes back to the pool (or is closed when broken).
pub(super) fn close_all() {
    let all = PARKED.with(|p| std::mem::take(&mut p.borrow_mut().0));
    for mut parked in all {
        // No later request reads them: reported as the request's own, as they would have been
        // had they come before it ended.
        parked.pending.earlier = 0;
        let deadline = Deadline::after(parked.timeout);
        if drain(&mut parked, true, deadline, false) {
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
    let overall = Deadline::after(opts.publish_budget(target.discovers()));
    let mut parked = unpark(target);
    if let Some(p) = &mut parked {
        // Replies already there are read now; at the limit, the oldest are waited for.
        let all = p.pending.unread >= MAX_UNREAD;
        if !drain(p, all, Deadline::after(opts.timeout).earliest(overall), true) {
            parked = None;
        }
    }
    let mut retry = false;
    loop {
        let (mut lease, pending) = match parked.take() {
            Some(p) => (p.lease, p.pending),
            None => (checkout_pooled(target, opts, retry, overall)?, Pending::default()),
        };
        let Link::Single(conn) = lease.link() else { unreachable!("single targets hold single links") };
        let deadline = Deadline::after(opts.timeout).earliest(overall);
        match conn.send_command(args, deadline) {
            Ok(()) => {
                let parked = Parked {
                    target: target.clone(),
                    lease,
                    pending: Pending { unread: pending.unread + 1, ..pending },
                    timeout: opts.timeout,
                    written: Instant::now(),
                };
                PARKED.with(|p| p.borrow_mut().0.push(parked));
                return Ok(());
            }
            Err(CommandError::NotSent(e)) => {
                if pending.unread > 0 {
                    // Found dead with replies in flight: those emits may or may not have run.
                    let mut pending = pending;
                    pending.fail(RedisError::new(ErrorKind::ConnectionLost, e.message.clone()), pending.unread);
                }
                drop(lease);
                if retry || overall.expired() {
                    FAILURES.fetch_add(1, Ordering::Relaxed);
                    return Err(e);
                }
                retry = true;
            }
            Err(CommandError::MaybeSent(e)) => {
                if pending.unread > 0 {
                    let mut pending = pending;
                    pending.fail(e.clone(), pending.unread);
                }
                FAILURES.fetch_add(1, Ordering::Relaxed);
                return Err(e);
            }
        }
    }
}
