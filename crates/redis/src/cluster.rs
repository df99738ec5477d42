//! Redis Cluster: slot map, routing by channel slot, MOVED/ASK, topology refresh.
//!
//! Built for a publisher that lives as long as a PHP worker: the slot map and one connection per
//! node it has talked to are kept between calls, and every failure is turned into either a safe
//! retry (nothing reached Redis) or an error (something may have been executed), never a resend.
mod pipeline;
pub mod query;

use crate::connection::{CommandError, Connection};
use crate::crc16::{key_slot, SLOTS};
use crate::deadline::Deadline;
use crate::resp::Reply;
use crate::{ConnectOptions, Endpoint, ErrorKind, RedisError, ServerAddr, Target};
use std::time::{Duration, Instant};

/// Marks a slot no known master serves.
const NO_NODE: u16 = u16::MAX;

/// Redirections one publish may follow. A healthy cluster needs one (MOVED after a resharding)
/// or two (ASK during a migration); more means the nodes disagree, and a refresh is the cure.
const MAX_REDIRECTS: usize = 5;

/// Unreachable nodes one publish may try before giving up: enough to step over a dead node to
/// a live one (PUBLISH) or to a just-promoted replica (SPUBLISH), bounded so a cluster that is
/// down costs an emit a few refused connects, not one per node.
const MAX_UNREACHABLE: usize = 3;

/// Topology reads are rate limited so that a dead shard under load costs each worker at most a
/// few CLUSTER SLOTS per second, while a promoted replica is still found within a tenth of a
/// second of the first emit that looks.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_millis(100);

struct Node {
    /// `127.0.0.1:7002` (`[::1]:7002`): what messages show; also the node's identity across
    /// topology reads.
    name: String,
    endpoint: Endpoint,
    master: bool,
    conn: Option<Connection>,
    /// A connect to this node failed: until then, fail at once rather than wait again (the
    /// `backoff` option, applied per node so one dead shard does not slow the others).
    down_until: Option<Instant>,
}

pub struct ClusterClient {
    /// Credentials and TLS options for every node; seeds for when no known node answers.
    target: Target,
    /// Nodes learnt from CLUSTER SLOTS and redirections, masters first.
    nodes: Vec<Node>,
    /// Slot -> index in `nodes` of its master.
    slots: Box<[u16]>,
    refresh_due: bool,
    last_refresh: Option<Instant>,
    pid: u32,
    /// When the last publish ended (for the pool's `idle_timeout`).
    last_used: Instant,
}

/// One entry of CLUSTER SLOTS.
struct SlotRange {
    start: u16,
    end: u16,
    master: Addr,
    replicas: Vec<Addr>,
}

#[derive(Clone, PartialEq, Eq)]
struct Addr {
    host: String,
    port: u16,
}

impl Addr {
    fn name(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Why a send did not produce a reply, and so what the caller may do next.
enum SendError {
    /// Nothing reached the node: another node (after a topology read) may be tried.
    Unreachable(RedisError),
    /// The command may have been executed, or retrying cannot help (auth, config).
    Fatal(RedisError),
}

enum Redirect {
    Moved { slot: u16, addr: Addr },
    Ask { addr: Addr },
}

impl ClusterClient {
    /// Reads the topology (CLUSTER SLOTS) from the first reachable seed, by `overall`.
    pub fn connect(target: &Target, opts: &ConnectOptions, overall: Deadline) -> Result<ClusterClient, RedisError> {
        if target.endpoints.is_empty() {
            return Err(RedisError::new(ErrorKind::Config, "a Redis Cluster needs at least one seed URL"));
        }
        let mut client = ClusterClient {
            target: target.clone(),
            nodes: Vec::new(),
            slots: vec![NO_NODE; SLOTS].into_boxed_slice(),
            refresh_due: false,
            last_refresh: None,
            pid: std::process::id(),
            last_used: Instant::now(),
        };
        client.refresh(opts, overall).map(|()| client)
    }

    /// SPUBLISH goes to the master owning the channel's slot; PUBLISH to any node (classic
    /// pub/sub is broadcast cluster-wide). Follows MOVED/ASK; refreshes the topology after a
    /// node fails; never resends a command that may have been executed. Ends by `overall`
    /// whatever happens: every connect, command and topology read draws on it.
    pub fn publish(
        &mut self,
        opts: &ConnectOptions,
        command: &str,
        channel: &[u8],
        payload: &[u8],
        overall: Deadline,
    ) -> Result<i64, RedisError> {
        let result = self.publish_by(opts, command, channel, payload, overall);
        self.last_used = Instant::now();
        result
    }

    fn publish_by(
        &mut self,
        opts: &ConnectOptions,
        command: &str,
        channel: &[u8],
        payload: &[u8],
        overall: Deadline,
    ) -> Result<i64, RedisError> {
        let sharded = command.eq_ignore_ascii_case("SPUBLISH");
        self.command_by(opts, &[command.as_bytes(), channel, payload], sharded, overall, |reply| match reply {
            Reply::Int(n) => Some(*n),
            _ => None,
        })
    }

    /// `XADD <stream> ...` on the master owning the stream key's slot, with the same redirect,
    /// refresh and no-resend rules as a publish; returns the new entry's id.
    pub fn xadd(&mut self, opts: &ConnectOptions, args: &[&[u8]], overall: Deadline) -> Result<String, RedisError> {
        let result = self.command_by(opts, args, true, overall, entry_id);
        self.last_used = Instant::now();
        result
    }

    /// One publish-like command (`args[1]` is its channel or key): routed to the master of that
    /// slot when `keyed` (SPUBLISH, XADD), else to any node. `accept` turns a reply that is not
    /// an error into the result, or refuses it (`None`: an unexpected reply).
    pub(crate) fn command_by<T>(
        &mut self,
        opts: &ConnectOptions,
        args: &[&[u8]],
        keyed: bool,
        overall: Deadline,
        accept: impl Fn(&Reply) -> Option<T>,
    ) -> Result<T, RedisError> {
        self.forget_inherited_connections();
        if self.refresh_due && self.refresh_allowed() {
            // Best effort: with no node answering, the old map is still the best guess, and the
            // send below reports the real failure.
            let _ = self.refresh(opts, overall);
        }
        let command = String::from_utf8_lossy(args[0]).into_owned();
        let channel = args[1];
        let sharded = keyed;
        let started = Instant::now();
        let budget = opts.connect_timeout.max(MIN_REFRESH_INTERVAL);
        let mut redirects = 0;
        let mut next: Option<(usize, bool)> = None;
        // The first failure says why (refused, timed out); a retry that lands on the same node
        // only says it is in backoff.
        let mut first_failure: Option<RedisError> = None;
        // Nodes that could not be reached during this call (names: a refresh renumbers nodes).
        let mut tried: Vec<String> = Vec::new();
        loop {
            let (idx, asking) = match next.take() {
                Some(hop) => hop,
                None => (self.route(sharded, channel, &[])?, false),
            };
            let reply = match self.send(idx, opts, args, asking, overall) {
                Ok(reply) => reply,
                Err(SendError::Fatal(e)) => {
                    self.refresh_due = true;
                    return Err(e);
                }
                Err(SendError::Unreachable(e)) => {
                    self.refresh_due = true;
                    let e = match first_failure.take() {
                        Some(first) if e.kind == ErrorKind::Backoff => first,
                        _ => e,
                    };
                    tried.push(self.nodes[idx].name.clone());
                    if started.elapsed() >= budget || tried.len() > MAX_UNREACHABLE || overall.expired() {
                        return Err(e);
                    }
                    // Retry only where it can lead somewhere: a fresh map (a promoted replica),
                    // or for PUBLISH any other node. Without either, the same dead node again.
                    let refreshed = self.refresh_allowed() && self.refresh(opts, overall).is_ok();
                    match self.route(sharded, channel, &tried) {
                        Ok(to) if refreshed || !tried.contains(&self.nodes[to].name) => {
                            next = Some((to, false));
                            first_failure = Some(e);
                            continue;
                        }
                        _ => return Err(e),
                    }
                }
            };
            if let Some(result) = accept(&reply) {
                return Ok(result);
            }
            match reply {
                Reply::Error(msg) => {
                    let node = &self.nodes[idx];
                    let Some(redirect) = parse_redirect(&msg, host_of(&node.endpoint)) else {
                        if msg.starts_with("CLUSTERDOWN") || msg.starts_with("TRYAGAIN") || msg.starts_with("LOADING") {
                            self.refresh_due = true;
                        }
                        return Err(RedisError::from_reply(&node.name, &msg));
                    };
                    redirects += 1;
                    if overall.expired() {
                        self.refresh_due = true;
                        return Err(RedisError::new(
                            ErrorKind::Io,
                            format!(
                                "{command} not sent: the time for this publish ran out while following redirects; last by {}: {msg}",
                                node.name
                            ),
                        ));
                    }
                    if redirects > MAX_REDIRECTS {
                        self.refresh_due = true;
                        return Err(RedisError::new(
                            ErrorKind::Server,
                            format!(
                                "{command} was redirected more than {MAX_REDIRECTS} times; last by {}: {msg}",
                                node.name
                            ),
                        ));
                    }
                    next = Some(match redirect {
                        Redirect::Moved { slot, addr } => {
                            // MOVED means the command was not executed: resend at once, and
                            // read the whole map later since one moved slot rarely moves alone.
                            let to = self.node_for(&addr, true);
                            self.slots[slot as usize] = to as u16;
                            self.refresh_due = true;
                            (to, false)
                        }
                        Redirect::Ask { addr } => (self.node_for(&addr, true), true),
                    });
                }
                other => {
                    // The node answered something no publish returns: its stream can't be trusted.
                    self.nodes[idx].conn = None;
                    return Err(RedisError::new(
                        ErrorKind::Protocol,
                        format!(
                            "{} answered {command} with an unexpected reply: {}",
                            self.nodes[idx].name,
                            describe_reply(&other)
                        ),
                    ));
                }
            }
        }
    }

    /// Opened by this process (not inherited through fork).
    pub fn is_reusable(&self) -> bool {
        self.pid == std::process::id()
    }

    /// When the last publish ended (or the client was made).
    pub fn last_used(&self) -> Instant {
        self.last_used
    }

    pub fn open_connections(&self) -> usize {
        self.nodes.iter().filter(|n| n.conn.is_some()).count()
    }

    /// A forked child must never write to its parent's sockets; a pool that still hands it this
    /// client (instead of asking `is_reusable`) gets fresh connections.
    fn forget_inherited_connections(&mut self) {
        let pid = std::process::id();
        if self.pid != pid {
            for node in &mut self.nodes {
                node.conn = None;
                node.down_until = None;
            }
            self.pid = pid;
        }
    }

    fn refresh_allowed(&self) -> bool {
        self.last_refresh.is_none_or(|t| t.elapsed() >= MIN_REFRESH_INTERVAL)
    }

    /// The node for this publish. `avoid`: nodes that failed during this call, which PUBLISH
    /// can do without (SPUBLISH cannot: only the slot's master takes it).
    fn route(&self, sharded: bool, channel: &[u8], avoid: &[String]) -> Result<usize, RedisError> {
        if sharded {
            let slot = key_slot(channel);
            return match self.slots[slot as usize] {
                NO_NODE => Err(RedisError::new(
                    ErrorKind::Server,
                    format!("no Redis Cluster master serves slot {slot} (of channel {}): the cluster is down or being reconfigured", String::from_utf8_lossy(channel)),
                )),
                idx => Ok(idx as usize),
            };
        }
        // Classic pub/sub reaches the whole cluster from any node: reuse a socket if there is
        // one, else a node that is not known to be down, masters first.
        let now = Instant::now();
        let fresh = |n: &Node| !avoid.contains(&n.name);
        let up = |n: &Node| fresh(n) && n.down_until.is_none_or(|t| now >= t);
        self.nodes
            .iter()
            .position(|n| fresh(n) && n.conn.is_some())
            .or_else(|| self.nodes.iter().position(|n| n.master && up(n)))
            .or_else(|| self.nodes.iter().position(up))
            .or_else(|| self.nodes.iter().position(fresh))
            .or(if self.nodes.is_empty() { None } else { Some(0) })
            .ok_or_else(|| RedisError::new(ErrorKind::Connect, "no Redis Cluster node is known"))
    }

    /// One command on one node, reopening its connection once when the old one turns out
    /// stale before anything was sent.
    fn send(
        &mut self,
        idx: usize,
        opts: &ConnectOptions,
        args: &[&[u8]],
        asking: bool,
        overall: Deadline,
    ) -> Result<Reply, SendError> {
        let target = &self.target;
        let node = &mut self.nodes[idx];
        if node.conn.as_ref().is_some_and(|c| !c.is_reusable()) {
            node.conn = None;
        }
        let mut fresh = false;
        loop {
            if node.conn.is_none() {
                node.conn = Some(open_node(node, target, opts, overall)?);
                fresh = true;
            }
            let conn = node.conn.as_mut().expect("opened above");
            if asking {
                // ASKING is harmless to repeat and only valid for the next command: if it fails,
                // the publish itself was not sent.
                match conn.command(&[b"ASKING"], Deadline::after(opts.timeout).earliest(overall)) {
                    Ok(Reply::Simple(_)) => {}
                    Ok(Reply::Error(msg)) => return Err(SendError::Fatal(RedisError::from_reply(&node.name, &msg))),
                    Ok(other) => {
                        node.conn = None;
                        return Err(SendError::Fatal(RedisError::new(
                            ErrorKind::Protocol,
                            format!(
                                "{} answered ASKING with an unexpected reply: {}",
                                node.name,
                                describe_reply(&other)
                            ),
                        )));
                    }
                    Err(CommandError::NotSent(e) | CommandError::MaybeSent(e)) => {
                        node.conn = None;
                        if !fresh && !overall.expired() {
                            continue;
                        }
                        return Err(SendError::Unreachable(named(not_the_publish(e), &node.name)));
                    }
                }
            }
            return match conn.command(args, Deadline::after(opts.timeout).earliest(overall)) {
                Ok(reply) => Ok(reply),
                Err(CommandError::NotSent(e)) => {
                    node.conn = None;
                    if !fresh && !overall.expired() {
                        continue;
                    }
                    Err(SendError::Unreachable(named(e, &node.name)))
                }
                Err(CommandError::MaybeSent(e)) => {
                    node.conn = None;
                    Err(SendError::Fatal(named(e, &node.name)))
                }
            };
        }
    }

    /// Reads CLUSTER SLOTS from the first node that answers: nodes already connected, then the
    /// other known nodes (masters first, skipping those in backoff), then the seeds. Bounded by
    /// about one connect timeout plus one read timeout once a first node has been tried, and
    /// by `overall`. Its failures never leave a publish's outcome unknown (none was sent).
    fn refresh(&mut self, opts: &ConnectOptions, overall: Deadline) -> Result<(), RedisError> {
        self.refresh_by(opts, overall).map_err(not_the_publish)
    }

    fn refresh_by(&mut self, opts: &ConnectOptions, overall: Deadline) -> Result<(), RedisError> {
        let started = Instant::now();
        self.last_refresh = Some(started);
        let budget = opts.connect_timeout + opts.timeout;
        let now = Instant::now();
        let mut order: Vec<usize> = (0..self.nodes.len()).filter(|&i| self.nodes[i].conn.is_some()).collect();
        order.extend((0..self.nodes.len()).filter(|&i| {
            let n = &self.nodes[i];
            n.conn.is_none() && n.down_until.is_none_or(|t| now >= t)
        }));
        let mut errors: Vec<RedisError> = Vec::new();

        for idx in order {
            if !errors.is_empty() && (started.elapsed() >= budget || overall.expired()) {
                break;
            }
            let fetched = self.send(idx, opts, &[b"CLUSTER", b"SLOTS"], false, overall);
            let node = &self.nodes[idx];
            let (name, host) = (node.name.clone(), host_of(&node.endpoint).to_string());
            match fetched
                .map_err(|e| match e {
                    SendError::Unreachable(e) | SendError::Fatal(e) => e,
                })
                .and_then(|reply| parse_slots(reply, &name, &host))
            {
                Ok(ranges) => {
                    self.apply(ranges, Vec::new());
                    self.refresh_due = false;
                    return Ok(());
                }
                Err(e) if e.kind == ErrorKind::Auth || e.kind == ErrorKind::Config => return Err(e),
                Err(e) => errors.push(e),
            }
        }

        let seeds = self.target.endpoints.clone();
        for seed in seeds {
            if !errors.is_empty() && (started.elapsed() >= budget || overall.expired()) {
                break;
            }
            let name = match &seed.addr {
                ServerAddr::Tcp { host, port } => Addr { host: host.clone(), port: *port }.name(),
                ServerAddr::Unix { .. } => self.target.describe_endpoint(&seed),
            };
            let mut seed_node =
                Node { name: name.clone(), endpoint: seed.clone(), master: false, conn: None, down_until: None };
            let result = open_node(&mut seed_node, &self.target, opts, overall)
                .map_err(|e| match e {
                    SendError::Unreachable(e) | SendError::Fatal(e) => e,
                })
                .and_then(|mut conn| {
                    match conn.command(&[b"CLUSTER", b"SLOTS"], Deadline::after(opts.timeout).earliest(overall)) {
                        Ok(reply) => parse_slots(reply, &name, host_of(&seed)).map(|ranges| (ranges, conn)),
                        Err(CommandError::NotSent(e) | CommandError::MaybeSent(e)) => Err(named(e, &name)),
                    }
                });
            match result {
                Ok((ranges, conn)) => {
                    self.apply(ranges, vec![(name, conn)]);
                    self.refresh_due = false;
                    return Ok(());
                }
                Err(e) if e.kind == ErrorKind::Auth || e.kind == ErrorKind::Config => return Err(e),
                Err(e) => errors.push(e),
            }
        }

        self.refresh_due = true;
        Err(combine(&self.target, errors))
    }

    /// Replaces the map with a fresh CLUSTER SLOTS, keeping the connections (and backoff) of
    /// nodes that are still part of the cluster. `extra` are connections opened to seeds, kept
    /// when a seed is one of the nodes.
    fn apply(&mut self, ranges: Vec<SlotRange>, extra: Vec<(String, Connection)>) {
        let tls = self.target.endpoints.first().is_some_and(|e| e.tls);
        let mut old: Vec<Node> = std::mem::take(&mut self.nodes);
        let mut take = |addr: &Addr, master: bool, nodes: &mut Vec<Node>| -> usize {
            let name = addr.name();
            if let Some(i) = nodes.iter().position(|n| n.name == name) {
                nodes[i].master |= master;
                return i;
            }
            let node = match old.iter().position(|n| n.name == name) {
                Some(i) => {
                    let mut n = old.swap_remove(i);
                    n.master = master;
                    n
                }
                None => Node {
                    name,
                    endpoint: Endpoint { addr: ServerAddr::Tcp { host: addr.host.clone(), port: addr.port }, tls },
                    master,
                    conn: None,
                    down_until: None,
                },
            };
            nodes.push(node);
            nodes.len() - 1
        };
        let mut nodes = Vec::new();
        let mut slots = vec![NO_NODE; SLOTS].into_boxed_slice();
        for range in &ranges {
            let idx = take(&range.master, true, &mut nodes);
            for slot in range.start..=range.end {
                slots[slot as usize] = idx as u16;
            }
        }
        for range in &ranges {
            for replica in &range.replicas {
                take(replica, false, &mut nodes);
            }
        }
        for (name, conn) in extra {
            if let Some(node) = nodes.iter_mut().find(|n| n.name == name && n.conn.is_none()) {
                node.conn = Some(conn);
                node.down_until = None;
            }
        }
        self.nodes = nodes;
        self.slots = slots;
    }

    /// The node at `addr`, added if a redirection names one the map does not know yet.
    fn node_for(&mut self, addr: &Addr, master: bool) -> usize {
        let name = addr.name();
        if let Some(i) = self.nodes.iter().position(|n| n.name == name) {
            self.nodes[i].master |= master;
            return i;
        }
        let tls = self.target.endpoints.first().is_some_and(|e| e.tls);
        self.nodes.push(Node {
            name,
            endpoint: Endpoint { addr: ServerAddr::Tcp { host: addr.host.clone(), port: addr.port }, tls },
            master,
            conn: None,
            down_until: None,
        });
        self.nodes.len() - 1
    }
}

fn open_node(
    node: &mut Node,
    target: &Target,
    opts: &ConnectOptions,
    overall: Deadline,
) -> Result<Connection, SendError> {
    if let Some(until) = node.down_until {
        let now = Instant::now();
        if now < until {
            return Err(SendError::Unreachable(RedisError::new(
                ErrorKind::Backoff,
                format!(
                    "Redis Cluster node {} is unreachable (a connect failed less than {} ago; not retrying before then)",
                    node.name,
                    crate::error::fmt_secs(opts.backoff)
                ),
            )));
        }
    }
    match Connection::open(&node.endpoint, target, opts, overall) {
        Ok(conn) => {
            node.down_until = None;
            Ok(conn)
        }
        Err(e) if e.kind == ErrorKind::Auth || e.kind == ErrorKind::Config => {
            Err(SendError::Fatal(named(e, &node.name)))
        }
        Err(e) => {
            if !opts.backoff.is_zero() {
                node.down_until = Instant::now().checked_add(opts.backoff);
            }
            Err(SendError::Unreachable(named(e, &node.name)))
        }
    }
}

fn host_of(endpoint: &Endpoint) -> &str {
    match &endpoint.addr {
        ServerAddr::Tcp { host, .. } => host,
        ServerAddr::Unix { .. } => "",
    }
}

/// XADD's reply: the new entry's id (`1795306477058-0`).
pub(crate) fn entry_id(reply: &Reply) -> Option<String> {
    match reply {
        Reply::Bulk(Some(id)) => String::from_utf8(id.clone()).ok(),
        _ => None,
    }
}

/// A failure of a command other than the publish (ASKING, CLUSTER SLOTS): whatever happened to
/// that command, the publish itself was not sent.
fn not_the_publish(e: RedisError) -> RedisError {
    if e.kind.outcome_unknown() {
        e.with_kind(ErrorKind::Io)
    } else {
        e
    }
}

/// Makes sure a message says which node failed; the connection layer's own messages usually do.
fn named(e: RedisError, node: &str) -> RedisError {
    if e.message.contains(node) {
        e
    } else {
        RedisError::new(e.kind, format!("Redis Cluster node {node}: {}", e.message))
    }
}

fn combine(target: &Target, errors: Vec<RedisError>) -> RedisError {
    let kind = errors.last().map_or(ErrorKind::Connect, |e| e.kind);
    let kind = if kind == ErrorKind::Backoff { ErrorKind::Connect } else { kind };
    let details: Vec<String> = errors.into_iter().map(|e| e.message).collect();
    let details = if details.is_empty() { "no node to ask".to_string() } else { details.join("; ") };
    RedisError::new(kind, format!("cannot read the topology of Redis Cluster {}: {details}", target.describe()))
}

/// `MOVED 3999 127.0.0.1:6381` / `ASK 3999 127.0.0.1:6381`. An empty host (`:6381`) is the
/// host of the node that answered, as Redis writes it when it does not know its own address.
fn parse_redirect(msg: &str, current_host: &str) -> Option<Redirect> {
    let mut parts = msg.split(' ');
    let kind = parts.next()?;
    if kind != "MOVED" && kind != "ASK" {
        return None;
    }
    let slot: u16 = parts.next()?.parse().ok().filter(|&s: &u16| (s as usize) < SLOTS)?;
    let (host, port) = parts.next()?.rsplit_once(':')?;
    let port: u16 = port.parse().ok()?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host = if host.is_empty() { current_host } else { host };
    let addr = Addr { host: host.to_string(), port };
    Some(if kind == "MOVED" { Redirect::Moved { slot, addr } } else { Redirect::Ask { addr } })
}

/// CLUSTER SLOTS: `[[start, end, [host, port, id, …], [replica host, port, id, …]…]…]`. A nil or
/// empty host means "the node you are talking to"; `?` means the node's address is unknown, so
/// it cannot be used.
fn parse_slots(reply: Reply, node: &str, node_host: &str) -> Result<Vec<SlotRange>, RedisError> {
    let bad = |what: &str| {
        RedisError::new(ErrorKind::Server, format!("{node} sent an unreadable CLUSTER SLOTS reply ({what})"))
    };
    let entries = match reply {
        Reply::Array(Some(entries)) => entries,
        Reply::Error(msg) => {
            if msg.contains("cluster support disabled") {
                return Err(RedisError::new(
                    ErrorKind::Config,
                    format!("{node} is not a Redis Cluster node (cluster support disabled): use a single URL without the cluster option"),
                ));
            }
            return Err(RedisError::from_reply(node, &msg));
        }
        _ => return Err(bad("not an array")),
    };
    let addr = |item: &Reply| -> Option<Option<Addr>> {
        let Reply::Array(Some(fields)) = item else { return None };
        let host = match fields.first()? {
            Reply::Bulk(Some(h)) => String::from_utf8(h.clone()).ok()?,
            Reply::Bulk(None) => String::new(),
            _ => return None,
        };
        let port = match fields.get(1)? {
            Reply::Int(p) => u16::try_from(*p).ok()?,
            _ => return None,
        };
        if host == "?" || port == 0 {
            return Some(None);
        }
        let host = if host.is_empty() { node_host.to_string() } else { host };
        Some(Some(Addr { host, port }))
    };
    let mut ranges = Vec::with_capacity(entries.len());
    for entry in &entries {
        let Reply::Array(Some(fields)) = entry else { return Err(bad("entry is not an array")) };
        let (Some(Reply::Int(start)), Some(Reply::Int(end))) = (fields.first(), fields.get(1)) else {
            return Err(bad("slot range is not two integers"));
        };
        let (start, end) = match (u16::try_from(*start), u16::try_from(*end)) {
            (Ok(s), Ok(e)) if s <= e && (e as usize) < SLOTS => (s, e),
            _ => return Err(bad("slot out of range")),
        };
        let Some(master) = fields.get(2).map(addr) else { return Err(bad("no master")) };
        let Some(master) = master else { return Err(bad("malformed node")) };
        let mut replicas = Vec::new();
        for item in fields.iter().skip(3) {
            match addr(item) {
                Some(Some(a)) => replicas.push(a),
                Some(None) => {}
                None => return Err(bad("malformed replica")),
            }
        }
        // A master with an unknown address leaves its slots unserved until a later read.
        if let Some(master) = master {
            ranges.push(SlotRange { start, end, master, replicas });
        }
    }
    if ranges.is_empty() {
        return Err(RedisError::new(
            ErrorKind::Server,
            format!(
                "{node} knows no slot owners: the cluster is not set up yet (redis-cli --cluster create) or is down"
            ),
        ));
    }
    Ok(ranges)
}

fn describe_reply(reply: &Reply) -> String {
    match reply {
        Reply::Int(n) => format!("integer {n}"),
        Reply::Simple(s) => format!("+{}", s.chars().take(60).collect::<String>()),
        Reply::Error(s) => format!("-{}", s.chars().take(60).collect::<String>()),
        Reply::Bulk(None) => "nil".to_string(),
        Reply::Bulk(Some(b)) => format!("a {}-byte string", b.len()),
        Reply::Array(None) => "nil array".to_string(),
        Reply::Array(Some(a)) => format!("an array of {}", a.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(s: &str) -> Reply {
        Reply::Bulk(Some(s.as_bytes().to_vec()))
    }

    fn node(host: Reply, port: i64, id: &str) -> Reply {
        Reply::Array(Some(vec![host, Reply::Int(port), bulk(id), Reply::Array(Some(vec![]))]))
    }

    #[test]
    fn redirects() {
        match parse_redirect("MOVED 3999 127.0.0.1:7002", "10.0.0.1") {
            Some(Redirect::Moved { slot, addr }) => {
                assert_eq!(slot, 3999);
                assert_eq!(addr.name(), "127.0.0.1:7002");
            }
            _ => panic!("MOVED not parsed"),
        }
        match parse_redirect("ASK 12182 :7005", "10.0.0.1") {
            Some(Redirect::Ask { addr }) => assert_eq!(addr.name(), "10.0.0.1:7005"),
            _ => panic!("ASK not parsed"),
        }
        match parse_redirect("MOVED 1 ::1:7000", "") {
            Some(Redirect::Moved { addr, .. }) => {
                assert_eq!(addr.host, "::1");
                assert_eq!(addr.name(), "[::1]:7000");
            }
            _ => panic!("IPv6 MOVED not parsed"),
        }
        assert!(parse_redirect("MOVED 16384 127.0.0.1:7002", "").is_none());
        assert!(parse_redirect("MOVED x 127.0.0.1:7002", "").is_none());
        assert!(parse_redirect("CLUSTERDOWN The cluster is down", "").is_none());
        assert!(parse_redirect("ERR MOVED 1 a:1", "").is_none());
    }

    #[test]
    fn cluster_slots_reply() {
        let reply = Reply::Array(Some(vec![
            Reply::Array(Some(vec![
                Reply::Int(0),
                Reply::Int(5460),
                node(bulk("127.0.0.1"), 7000, "a"),
                node(bulk("127.0.0.1"), 7004, "d"),
            ])),
            Reply::Array(Some(vec![Reply::Int(5461), Reply::Int(10922), node(Reply::Bulk(None), 7001, "b")])),
            Reply::Array(Some(vec![
                Reply::Int(10923),
                Reply::Int(16383),
                node(bulk(""), 7002, "c"),
                node(bulk("?"), 7003, "e"),
            ])),
        ]));
        let ranges = parse_slots(reply, "10.1.1.1:7000", "10.1.1.1").unwrap();
        assert_eq!(ranges.len(), 3);
        assert_eq!((ranges[0].start, ranges[0].end), (0, 5460));
        assert_eq!(ranges[0].master.name(), "127.0.0.1:7000");
        assert_eq!(ranges[0].replicas.len(), 1);
        assert_eq!(ranges[1].master.name(), "10.1.1.1:7001");
        assert_eq!(ranges[2].master.name(), "10.1.1.1:7002");
        assert!(ranges[2].replicas.is_empty(), "a replica with an unknown address is not usable");
    }

    #[test]
    fn cluster_slots_errors() {
        let e = parse_slots(
            Reply::Error("ERR This instance has cluster support disabled".into()),
            "127.0.0.1:6379",
            "127.0.0.1",
        )
        .err()
        .unwrap();
        assert_eq!(e.kind, ErrorKind::Config);
        assert!(e.message.contains("127.0.0.1:6379"), "{}", e.message);
        let e = parse_slots(Reply::Array(Some(vec![])), "127.0.0.1:7000", "127.0.0.1").err().unwrap();
        assert!(e.message.contains("not set up"), "{}", e.message);
        let garbled = Reply::Array(Some(vec![Reply::Array(Some(vec![Reply::Int(10), Reply::Int(5)]))]));
        assert!(parse_slots(garbled, "n:1", "n").is_err());
        let out_of_range = Reply::Array(Some(vec![Reply::Array(Some(vec![
            Reply::Int(0),
            Reply::Int(16384),
            node(bulk("h"), 1, "x"),
        ]))]));
        assert!(parse_slots(out_of_range, "n:1", "n").is_err());
    }

    #[test]
    fn apply_keeps_nodes_and_routes_slots() {
        let target = Target {
            endpoints: vec![Endpoint { addr: ServerAddr::Tcp { host: "127.0.0.1".into(), port: 7000 }, tls: false }],
            cluster: true,
            username: None,
            password: None,
            tls: Default::default(),
            sentinel: None,
        };
        let mut c = ClusterClient {
            target,
            nodes: Vec::new(),
            slots: vec![NO_NODE; SLOTS].into_boxed_slice(),
            refresh_due: false,
            last_refresh: None,
            pid: std::process::id(),
            last_used: Instant::now(),
        };
        let a = |port| Addr { host: "127.0.0.1".into(), port };
        c.apply(
            vec![
                SlotRange { start: 0, end: 8191, master: a(7000), replicas: vec![a(7003)] },
                SlotRange { start: 8192, end: 16383, master: a(7001), replicas: vec![a(7004)] },
            ],
            Vec::new(),
        );
        assert_eq!(c.nodes.len(), 4);
        let owner = c.route(true, b"foo", &[]).unwrap(); // slot 12182
        assert_eq!(c.nodes[owner].name, "127.0.0.1:7001");
        assert!(c.nodes[owner].master);
        // A failover: 7004 now serves the upper half, 7001 is gone.
        c.nodes[0].down_until = Some(Instant::now() + Duration::from_secs(5));
        c.apply(
            vec![
                SlotRange { start: 0, end: 8191, master: a(7000), replicas: vec![a(7003)] },
                SlotRange { start: 8192, end: 16383, master: a(7004), replicas: vec![] },
            ],
            Vec::new(),
        );
        assert_eq!(c.nodes.len(), 3);
        assert_eq!(c.nodes[c.route(true, b"foo", &[]).unwrap()].name, "127.0.0.1:7004");
        assert!(c.nodes[0].down_until.is_some(), "backoff survives a refresh");
        // Classic PUBLISH avoids nodes in backoff.
        assert_ne!(c.nodes[c.route(false, b"x", &[]).unwrap()].name, "127.0.0.1:7000");
        // ... and nodes that already failed during the call.
        let first = c.route(false, b"x", &[]).unwrap();
        let avoid = vec![c.nodes[first].name.clone()];
        let second = c.route(false, b"x", &avoid).unwrap();
        assert_ne!(c.nodes[second].name, c.nodes[first].name);
        // A redirection to an unknown node adds it.
        let before = c.nodes.len();
        let i = c.node_for(&a(7009), true);
        assert_eq!(c.nodes.len(), before + 1);
        assert_eq!(c.nodes[i].name, "127.0.0.1:7009");
        assert_eq!(c.node_for(&a(7009), true), i);
    }
}
