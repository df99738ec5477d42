//! Per-process connections, keyed by [`Target`], reused across requests.
//!
//! Thread-safety model (ZTS builds, where PHP requests run on several threads of one process):
//! all shared state is one `Mutex` plus two atomic counters. A connection is *checked out* of
//! the pool for the whole of a command and checked back in afterwards, so exactly one thread
//! uses a socket at a time and the lock is never held across network I/O. Two threads
//! publishing to the same target at once simply use two connections. Non-persistent
//! connections are filed under the thread that opened them, so `end_request` closes those of
//! the calling thread's request and no other.
//!
//! Liveness: an idle connection is checked when it is taken, without a round trip (see
//! [`Connection::is_reusable`]); a dead one is closed and replaced before anything is written.
//! After an error that leaves a connection's state unknown it is closed, never put back.
//!
//! Fork: every connection records the pid that opened it, and the pool notices a new pid on
//! its next use and forgets what it inherited (closing only the descriptors: nothing is sent,
//! so the parent's sessions are untouched). One hazard remains and is PHP's own: a ZTS process
//! that forks while another thread is inside this module leaves the child with a locked mutex.
mod nowait;
mod query;
mod xadd;
pub use nowait::{publish_nowait, take_unconfirmed, xadd_nowait, Unconfirmed};
pub use query::{query, Route};
pub use xadd::xadd;

use crate::cluster::ClusterClient;
use crate::connection::{CommandError, Connection};
use crate::deadline::Deadline;
use crate::error::fmt_secs;
use crate::resp::Reply;
use crate::{ConnectOptions, ErrorKind, RedisError, Target};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// Sends `command channel payload` (command is "PUBLISH" or "SPUBLISH") and returns Redis's
/// integer reply. Opens or reuses the process's connection for `target`. Each connect is
/// bounded by `connect_timeout`, each command by `timeout`, and the whole call, retries and
/// redirects included, by [`ConnectOptions::publish_budget`].
pub fn publish(
    target: &Target,
    opts: &ConnectOptions,
    command: &str,
    channel: &[u8],
    payload: &[u8],
) -> Result<i64, RedisError> {
    let overall = Deadline::after(opts.publish_budget(target.cluster));
    let result = if target.cluster {
        publish_cluster(target, opts, command, channel, payload, overall)
    } else {
        publish_single(target, opts, command, channel, payload, overall)
    };
    match result {
        Ok(_) => PUBLISHES.fetch_add(1, Ordering::Relaxed),
        Err(_) => FAILURES.fetch_add(1, Ordering::Relaxed),
    };
    result
}

/// Counts publishes made another way (a pipelined batch), for phpinfo.
pub(crate) fn count(published: u64, failed: u64) {
    PUBLISHES.fetch_add(published, Ordering::Relaxed);
    FAILURES.fetch_add(failed, Ordering::Relaxed);
}

/// Closes the non-persistent connections opened during this request (called at RSHUTDOWN).
///
/// Replies of emits sent without waiting are read first (see [`publish_nowait`]); what they
/// reported is returned, for the caller to log.
pub fn end_request() -> Vec<Unconfirmed> {
    nowait::drain_all();
    let me = thread::current().id();
    // Runs at the end of every request, most of which opened nothing: no allocation then.
    let mut closing: Vec<Link> = Vec::new();
    {
        let mut pool = lock();
        for entry in pool.entries.iter_mut() {
            let mut i = 0;
            while i < entry.request_idle.len() {
                if entry.request_idle[i].0 == me {
                    closing.push(entry.request_idle.swap_remove(i).1);
                } else {
                    i += 1;
                }
            }
        }
    }
    drop(closing);
    take_unconfirmed()
}

/// Closes every idle connection of this process, persistent or not (module shutdown, tests).
/// Connections in use by other threads are left to them.
pub fn close_idle() {
    let closing: Vec<Link> = {
        let mut pool = lock();
        pool.entries
            .iter_mut()
            .flat_map(|entry| {
                entry.idle.drain(..).chain(entry.request_idle.drain(..).map(|(_, link)| link)).collect::<Vec<_>>()
            })
            .collect()
    };
    drop(closing);
}

/// For phpinfo: what this process holds and what it did.
#[derive(Debug, Clone, Default)]
pub struct PoolStats {
    /// `describe()` of each open connection's target (no secrets).
    pub open: Vec<String>,
    /// Publishes that Redis confirmed.
    pub publishes: u64,
    /// Publishes that returned an error.
    pub failures: u64,
}

pub fn stats() -> PoolStats {
    let pool = lock();
    let mut open = Vec::new();
    for entry in &pool.entries {
        let show = |conns: usize| {
            if entry.cluster {
                format!("{} ({} connection{})", entry.described, conns, if conns == 1 { "" } else { "s" })
            } else {
                entry.described.clone()
            }
        };
        let idle = entry.idle.iter().chain(entry.request_idle.iter().map(|(_, l)| l));
        open.extend(idle.map(|link| show(link.connections())));
        open.extend(entry.in_use.iter().map(|&conns| show(conns)));
    }
    open.sort();
    PoolStats { open, publishes: PUBLISHES.load(Ordering::Relaxed), failures: FAILURES.load(Ordering::Relaxed) }
}

static POOL: LazyLock<Mutex<Pool>> = LazyLock::new(|| {
    Mutex::new(Pool { pid: crate::process::current(), slots: HashMap::default(), entries: Vec::new() })
});
static PUBLISHES: AtomicU64 = AtomicU64::new(0);
static FAILURES: AtomicU64 = AtomicU64::new(0);

struct Pool {
    pid: u32,
    /// Target -> index in `entries`. Looked up once per publish; a lease keeps the index.
    slots: HashMap<Target, usize, BuildHasherDefault<FxHasher>>,
    /// Never shrinks, so indices stay valid: a process talks to a handful of targets, all
    /// from its configuration.
    entries: Vec<Entry>,
}

struct Entry {
    cluster: bool,
    /// Persistent connections not in use.
    idle: Vec<Link>,
    /// Non-persistent connections not in use, by the thread whose request opened them.
    request_idle: Vec<(ThreadId, Link)>,
    /// Connection counts of the links checked out (or being opened) right now.
    in_use: Vec<usize>,
    /// When and why the last connect failed, for `backoff`.
    last_failure: Option<(Instant, String)>,
    described: String,
    /// `idle_timeout` of the last caller: idle links unused for longer are closed.
    idle_timeout: Duration,
}

impl Entry {
    fn uncount(&mut self, conns: usize) {
        if let Some(i) = self.in_use.iter().position(|&n| n == conns) {
            self.in_use.swap_remove(i);
        }
    }

    fn has_idle(&self) -> bool {
        !self.idle.is_empty() || !self.request_idle.is_empty()
    }

    /// Takes out the idle links unused for longer than `idle_timeout`.
    fn take_expired(&mut self, now: Instant, closing: &mut Vec<Link>) {
        let limit = self.idle_timeout;
        if limit.is_zero() {
            return;
        }
        let stale = |link: &Link| now.saturating_duration_since(link.last_used()) > limit;
        let mut i = 0;
        while i < self.idle.len() {
            if stale(&self.idle[i]) {
                closing.push(self.idle.swap_remove(i));
            } else {
                i += 1;
            }
        }
        let mut i = 0;
        while i < self.request_idle.len() {
            if stale(&self.request_idle[i].1) {
                closing.push(self.request_idle.swap_remove(i).1);
            } else {
                i += 1;
            }
        }
    }
}

pub(crate) enum Link {
    Single(Connection),
    Cluster(ClusterClient),
}

impl Link {
    fn connections(&self) -> usize {
        match self {
            Link::Single(_) => 1,
            Link::Cluster(c) => c.open_connections(),
        }
    }

    fn is_reusable(&self) -> bool {
        match self {
            Link::Single(c) => c.is_reusable(),
            Link::Cluster(c) => c.is_reusable(),
        }
    }

    fn last_used(&self) -> Instant {
        match self {
            Link::Single(c) => c.last_used(),
            Link::Cluster(c) => c.last_used(),
        }
    }
}

/// A lock that survives a panic elsewhere: PHP turns panics into exceptions and the process
/// goes on, so a poisoned pool must stay usable (its data is consistent between statements).
fn lock() -> MutexGuard<'static, Pool> {
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    let pid = crate::process::current();
    if pool.pid != pid {
        // Inherited through fork: closing these descriptors sends nothing, and the parent's
        // leases were never ours to return.
        pool.pid = pid;
        for entry in &mut pool.entries {
            entry.idle.clear();
            entry.request_idle.clear();
            entry.in_use.clear();
        }
    }
    pool
}

impl Pool {
    fn slot(&mut self, target: &Target) -> usize {
        if let Some(&slot) = self.slots.get(target) {
            return slot;
        }
        self.entries.push(Entry {
            cluster: target.cluster,
            idle: Vec::new(),
            request_idle: Vec::new(),
            in_use: Vec::new(),
            last_failure: None,
            described: target.describe(),
            idle_timeout: Duration::ZERO,
        });
        self.slots.insert(target.clone(), self.entries.len() - 1);
        self.entries.len() - 1
    }

    fn open_connections(&self) -> usize {
        self.entries
            .iter()
            .map(|e| {
                e.idle.iter().map(Link::connections).sum::<usize>()
                    + e.request_idle.iter().map(|(_, l)| l.connections()).sum::<usize>()
                    + e.in_use.iter().sum::<usize>()
            })
            .sum()
    }

    /// Checks out an idle link of `slot` for `owner`'s scope.
    fn pop_idle(&mut self, slot: usize, owner: Option<ThreadId>) -> Option<Lease> {
        let entry = &mut self.entries[slot];
        let link = match owner {
            None => entry.idle.pop(),
            Some(me) => {
                entry.request_idle.iter().rposition(|(t, _)| *t == me).map(|i| entry.request_idle.swap_remove(i).1)
            }
        }?;
        let counted = link.connections();
        entry.in_use.push(counted);
        Some(Lease { slot, link: Some(link), owner, counted })
    }

    /// An idle link to give up for a new one, preferring other targets (ours may be needed
    /// again at once).
    fn evict_idle(&mut self, wanted: usize) -> Option<Link> {
        let victim = (0..self.entries.len()).filter(|&i| self.entries[i].has_idle()).min_by_key(|&i| i == wanted)?;
        let entry = &mut self.entries[victim];
        entry.idle.pop().or_else(|| entry.request_idle.pop().map(|(_, l)| l))
    }
}

/// A link checked out of the pool. Returned with [`Lease::checkin`]; dropped any other way
/// (an error, a panic) it is closed and uncounted.
pub(crate) struct Lease {
    slot: usize,
    link: Option<Link>,
    /// Request scope for non-persistent links.
    owner: Option<ThreadId>,
    counted: usize,
}

impl Lease {
    pub(crate) fn link(&mut self) -> &mut Link {
        self.link.as_mut().expect("lease holds its link until returned")
    }

    pub(crate) fn checkin(mut self) {
        let link = self.link.take().expect("lease holds its link until returned");
        let keep = match &link {
            Link::Single(c) => !c.is_broken(),
            Link::Cluster(c) => c.is_reusable(),
        };
        let mut pool = lock();
        let entry = &mut pool.entries[self.slot];
        entry.uncount(self.counted);
        if keep {
            match self.owner {
                None => entry.idle.push(link),
                Some(thread) => entry.request_idle.push((thread, link)),
            }
        } else {
            drop(pool);
            drop(link);
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(link) = self.link.take() {
            let mut pool = lock();
            pool.entries[self.slot].uncount(self.counted);
            drop(pool);
            drop(link);
        }
    }
}

/// Counts a connection being opened, so that concurrent threads respect `max_connections`;
/// uncounted on drop, whether the open worked, failed or panicked.
struct Reservation {
    slot: usize,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        lock().entries[self.slot].uncount(1);
    }
}

/// An idle link that is still good, or a new one (opened by `overall`). `fresh` skips the
/// idle ones (a retry after a connection turned out dead).
pub(crate) fn checkout(
    target: &Target,
    opts: &ConnectOptions,
    fresh: bool,
    overall: Deadline,
) -> Result<Lease, RedisError> {
    // A connection this thread left with unread replies (an emit that did not wait) is the
    // one to use: its replies are read first, so no other command ever reads them.
    if !fresh && !target.cluster {
        if let Some(lease) = nowait::take_parked(target, opts, overall) {
            return Ok(lease);
        }
    }
    checkout_pooled(target, opts, fresh, overall)
}

fn checkout_pooled(
    target: &Target,
    opts: &ConnectOptions,
    fresh: bool,
    overall: Deadline,
) -> Result<Lease, RedisError> {
    let owner = if opts.persistent { None } else { Some(thread::current().id()) };
    let mut expired = Vec::new();
    let (slot, mut popped) = {
        let mut pool = lock();
        let slot = pool.slot(target);
        pool.entries[slot].idle_timeout = opts.idle_timeout;
        // Every target's links idle for too long go now, whichever target is used.
        let now = Instant::now();
        for entry in pool.entries.iter_mut() {
            entry.take_expired(now, &mut expired);
        }
        (slot, if fresh { None } else { pool.pop_idle(slot, owner) })
    };
    // Closed outside the lock.
    drop(expired);
    while let Some(lease) = popped {
        // The poll happens outside the lock; a stale link is closed by the lease's drop.
        if lease.link.as_ref().is_some_and(Link::is_reusable) {
            return Ok(lease);
        }
        drop(lease);
        popped = lock().pop_idle(slot, owner);
    }

    let evicted;
    let reservation = {
        let mut pool = lock();
        let limit = opts.max_connections;
        let at_limit = limit > 0 && pool.open_connections() >= limit;
        let entry = &pool.entries[slot];
        if let Some((at, reason)) = &entry.last_failure {
            let ago = at.elapsed();
            if ago < opts.backoff {
                return Err(RedisError::new(
                    ErrorKind::Backoff,
                    format!(
                        "not connecting to {}: the last attempt failed {} ago (backoff {}): {}",
                        entry.described,
                        fmt_secs(ago),
                        fmt_secs(opts.backoff),
                        reason
                    ),
                ));
            }
        }
        evicted = if at_limit { pool.evict_idle(slot) } else { None };
        if at_limit && evicted.is_none() {
            let open = pool.open_connections();
            return Err(RedisError::new(
                ErrorKind::Limit,
                format!(
                    "not connecting to {}: max_connections ({limit}) reached, {open} connections of this process are in use",
                    pool.entries[slot].described
                ),
            ));
        }
        pool.entries[slot].in_use.push(1);
        Reservation { slot }
    };
    drop(evicted);

    let opened = if target.cluster {
        ClusterClient::connect(target, opts, overall).map(Link::Cluster)
    } else {
        Connection::open(&target.endpoints[0], target, opts, overall).map(Link::Single)
    };
    let mut pool = lock();
    let entry = &mut pool.entries[slot];
    match opened {
        Ok(link) => {
            entry.last_failure = None;
            let counted = link.connections();
            entry.in_use.push(counted);
            drop(pool);
            drop(reservation);
            Ok(Lease { slot, link: Some(link), owner, counted })
        }
        Err(e) => {
            if is_connect_failure(e.kind) && !opts.backoff.is_zero() {
                entry.last_failure = Some((Instant::now(), failure_reason(&e.message, &entry.described)));
            }
            drop(pool);
            drop(reservation);
            Err(e)
        }
    }
}

/// FxHash (as in rustc): the pool's keys come from configuration, not from attackers, and
/// SipHash over a whole `Target` costs a noticeable part of a warm publish.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap()));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(n as u64)
    }
    fn write_u16(&mut self, n: u16) {
        self.add(n as u64)
    }
    fn write_u32(&mut self, n: u32) {
        self.add(n as u64)
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n)
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64)
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The failures `backoff` applies to: the server could not be reached or would not talk.
pub(crate) fn is_connect_failure(kind: ErrorKind) -> bool {
    matches!(kind, ErrorKind::Connect | ErrorKind::ConnectTimeout | ErrorKind::Tls)
}

/// `could not connect to redis://x:1: Connection refused` → `Connection refused`, for the
/// backoff message that names the target itself.
fn failure_reason(message: &str, described: &str) -> String {
    let prefix = format!("could not connect to {described}: ");
    message.strip_prefix(&prefix).unwrap_or(message).to_string()
}

fn publish_single(
    target: &Target,
    opts: &ConnectOptions,
    command: &str,
    channel: &[u8],
    payload: &[u8],
    overall: Deadline,
) -> Result<i64, RedisError> {
    single_command(target, opts, &[command.as_bytes(), channel, payload], overall, |conn, reply| match reply {
        Reply::Int(n) => Ok(n),
        Reply::Error(message) => Err(RedisError::from_reply(conn.server(), &message)),
        other => Err(RedisError::new(
            ErrorKind::Protocol,
            format!("{} answered {command} with {} instead of an integer", conn.server(), other.type_name()),
        )),
    })
}

/// One command to a single server: sent once, and once more on a new connection only when
/// nothing of it reached Redis, so Redis never runs it twice. `interpret` turns the reply into
/// the result; a well-framed reply of any kind leaves the connection in step, so it goes back
/// to the pool whatever `interpret` makes of it.
pub(crate) fn single_command<T>(
    target: &Target,
    opts: &ConnectOptions,
    args: &[&[u8]],
    overall: Deadline,
    interpret: impl Fn(&Connection, Reply) -> Result<T, RedisError>,
) -> Result<T, RedisError> {
    if target.endpoints.is_empty() {
        return Err(RedisError::new(ErrorKind::Config, "no Redis server given"));
    }
    let mut retry = false;
    loop {
        let mut lease = checkout(target, opts, retry, overall)?;
        let Link::Single(conn) = lease.link() else { unreachable!("single targets hold single links") };
        let deadline = Deadline::after(opts.timeout).earliest(overall);
        match conn.command(args, deadline) {
            Ok(reply) => {
                let result = interpret(conn, reply);
                lease.checkin();
                return result;
            }
            // Nothing reached Redis: one more try, on a new connection, if time is left.
            Err(CommandError::NotSent(e)) => {
                drop(lease);
                if retry || overall.expired() {
                    return Err(e);
                }
                retry = true;
            }
            // Redis may have run it: resending could publish it twice.
            Err(CommandError::MaybeSent(e)) => return Err(e),
        }
    }
}

fn publish_cluster(
    target: &Target,
    opts: &ConnectOptions,
    command: &str,
    channel: &[u8],
    payload: &[u8],
    overall: Deadline,
) -> Result<i64, RedisError> {
    let mut lease = checkout(target, opts, false, overall)?;
    let Link::Cluster(client) = lease.link() else { unreachable!("cluster targets hold cluster links") };
    let result = client.publish(opts, command, channel, payload, overall);
    lease.checkin();
    result
}
