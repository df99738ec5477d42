//! `timeout()`, `fetchSockets()`, `serverSideEmitWithAck()`, `emitWithAck()`: requests that wait
//! for the servers' answers (protocol-requests.md §5.2).
//!
//! Order of a call: check and convert every argument and build the request (a refused call
//! publishes nothing); count the servers (`PUBSUB NUMSUB`/`SHARDNUMSUB`, as `serverCount()`),
//! and with none return `[]` at once without publishing; subscribe to the response channel(s)
//! on a connection of the call's own and wait for Redis's confirmation; publish once; read
//! answers until the completion rule holds or the one deadline set at the start of the call
//! passes. Then a `SocketIO\TimeoutException` carries what arrived. Answers to other requests
//! and late answers to this one (after it returned) are never seen by the caller.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use ext_php_rs::exception::PhpException;
use ext_php_rs::types::Zval;
use socketio_protocol::limits::{self, Format};
use socketio_protocol::requests::{read_answer_with, scrub_socket, streams02, Answer, Call, Flavour, Kind, Progress};
use socketio_protocol::streams::StreamTarget;
use socketio_protocol::{validate, AdapterKind, BroadcastOptions, Value};
use socketio_redis::error::fmt_secs;
use socketio_redis::stream_reader::{entries_since, StreamReader};
use socketio_redis::subscriber::Subscriber;
use socketio_redis::{ConnectOptions, Deadline, RedisError};

use super::operator::BroadcastOperator;
use super::sender::Shared;
use super::{answer, args, convert, engine, exceptions, timeout_exception};

/// The servers' own default for their requests (`requestsTimeout`, 5000 ms).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// About 31 years, as for the connection options: longer than any process waits, and short
/// enough to add to `Instant::now()`.
const MAX_SECONDS: f64 = 1e9;

/// `timeout(float $seconds)`: a bound, never "no bound": zero, negative, NAN and INF are refused.
pub fn timeout(shared: &Shared, opts: &BroadcastOptions, seconds: &Zval) -> Result<BroadcastOperator, PhpException> {
    let zv = seconds.dereference();
    let n = match (zv.long(), zv.double()) {
        (Some(n), _) => n as f64,
        (None, Some(f)) => f,
        _ => return Err(args::type_error(1, &format!("must be of type float, {} given", args::type_name(zv)))),
    };
    if !(n.is_finite() && n > 0.0) {
        return Err(args::value_error(1, "must be a finite number of seconds greater than 0"));
    }
    let d = Duration::try_from_secs_f64(n.min(MAX_SECONDS)).unwrap_or(Duration::from_secs(MAX_SECONDS as u64));
    let d = if d.is_zero() { Duration::from_nanos(1) } else { d };
    Ok(BroadcastOperator::new(shared.with_timeout(d), opts.clone()))
}

pub fn fetch_sockets(shared: &Shared, opts: &BroadcastOptions) -> Result<Zval, PhpException> {
    ask(shared, opts, Call::FetchSockets, "fetchSockets")
}

pub fn server_side_emit_with_ack(
    shared: &Shared,
    opts: &BroadcastOptions,
    event: &Zval,
    values: &[&Zval],
) -> Result<Zval, PhpException> {
    let event = event_arg(event, validate::server_side_event_name)?;
    if !opts.rooms.is_empty() || !opts.except.is_empty() {
        return Err(PhpException::new(
            "serverSideEmitWithAck() asks the servers, not sockets: call it without to(), in() or except()".into(),
            0,
            ext_php_rs::zend::ce::error(),
        ));
    }
    let values = convert::args(values, shared.scope.server_side_emit_bytes_format())?;
    ask(shared, opts, Call::ServerSideEmit { event: &event, args: &values }, "serverSideEmitWithAck")
}

pub fn emit_with_ack(
    shared: &Shared,
    opts: &BroadcastOptions,
    event: &Zval,
    values: &[&Zval],
) -> Result<Zval, PhpException> {
    let event = event_arg(event, validate::event_name)?;
    let values = convert::args(values, Format::Msgpack)?;
    ask(shared, opts, Call::Broadcast { event: &event, args: &values }, "emitWithAck")
}

/// The event name (argument 1) of a request, checked as the servers would take it; named
/// variadic arguments are refused first, as for every emit.
fn event_arg<'a>(
    event: &'a Zval,
    check: fn(&str) -> Result<(), socketio_protocol::ProtocolError>,
) -> Result<std::borrow::Cow<'a, str>, PhpException> {
    args::no_named_variadics()?;
    let event = args::utf8(event, 1)?;
    check(&event).map_err(|e| event_error(&event, e))?;
    limits::check_value_len(event.len()).map_err(|e| args::value_error(1, &format!("is too long: {e}")))?;
    Ok(event)
}

fn event_error(event: &str, core: socketio_protocol::ProtocolError) -> PhpException {
    if event.is_empty() {
        args::value_error(1, "must not be empty")
    } else {
        args::value_error(1, &core.to_string())
    }
}

/// Unique per call across processes and machines: servers ignore a request whose id they use
/// themselves, and answers are matched by it. Not a secret.
fn request_id() -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    format!("{:016x}", h.finish())
}

fn ask(shared: &Shared, opts: &BroadcastOptions, call: Call<'_>, what: &str) -> Result<Zval, PhpException> {
    if shared.batch.is_some() {
        return Err(PhpException::new(
            format!("{what}() waits for answers and cannot be queued in a batch(): call it on the Emitter batch() was called on"),
            0,
            exceptions::base(),
        ));
    }
    // User code run while converting (a jsonSerialize()) may have thrown.
    if engine::exception_pending() {
        return Err(convert::pending());
    }
    let limit = shared.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let overall = Deadline::after(limit);
    let request = shared.scope.request(opts, call, &request_id());
    limits::check_bulk_len("payload", request.message.payload.len())
        .map_err(|e| exceptions::encoding(e.to_string()))?;

    let c = &*shared.connection;
    let servers = socketio_redis::pubsub::subscribers(
        &c.target,
        &within(&c.connect, overall, c.target.cluster),
        request.count.sharded,
        request.count.channel.as_bytes(),
    )
    .map_err(|e| not_sent(what, "could not count the servers", e))?;
    if servers <= 0 {
        // Streams adapter servers 0.2.x subscribe to nothing: they take requests in the stream.
        if let AdapterKind::Streams(target) = &shared.scope.adapter {
            return ask_in_stream(shared, target, opts, call, what, overall, limit);
        }
        return empty();
    }

    let channels: Vec<&[u8]> = request.responses.iter().map(|c| c.as_bytes()).collect();
    let subscribe_by = Deadline::after(c.connect.connect_timeout.saturating_add(c.connect.timeout)).earliest(overall);
    let mut sub = Subscriber::subscribe(&c.target, &c.connect, request.sharded_responses, &channels, subscribe_by)
        .map_err(|e| not_sent(what, "could not subscribe for the answers", e))?;
    let m = &request.message;
    let publish_opts = within(&c.connect, overall, c.target.cluster);
    socketio_redis::pool::publish(&c.target, &publish_opts, m.command.name(), m.channel.as_bytes(), &m.payload)
        .map_err(exceptions::connection)?;

    let mut progress = Progress::new(request.flavour, request.kind, servers as usize);
    let mut results: Vec<Zval> = Vec::new();
    while !progress.is_complete() {
        let delivery = match sub.next(overall) {
            Ok(Some(delivery)) => delivery,
            Ok(None) => return Err(timed_out(what, request.kind, &progress, results, limit)),
            Err(e) => return Err(lost(what, &sub, e)),
        };
        // fetchSockets entries become PHP arrays while the message is read: its decoded tree
        // is never held whole. They are kept only if the message answers this request.
        let mut sockets: Vec<Zval> = Vec::new();
        let mut failed: Option<PhpException> = None;
        let mut each = |mut socket: Value| {
            if failed.is_none() {
                scrub_socket(&mut socket);
                match answer::to_zval(socket) {
                    Ok(zv) => sockets.push(zv),
                    Err(e) => failed = Some(e),
                }
            }
        };
        let stream: Option<&mut dyn FnMut(Value)> =
            if request.kind == Kind::FetchSockets { Some(&mut each) } else { None };
        let read = read_answer_with(request.flavour, request.kind, &request.request_id, &delivery.payload, stream);
        drop(delivery);
        let Some((responder, answer)) = read else { continue };
        if !progress.record(responder.as_deref(), &answer) {
            continue;
        }
        if let Some(e) = failed {
            return Err(e);
        }
        results.append(&mut sockets);
        match answer {
            Answer::ServerAck(value) | Answer::ClientAck(value) => results.push(answer::to_zval(value)?),
            Answer::Sockets(_) | Answer::ClientCount(_) => {}
        }
    }
    let mut out = Zval::new();
    out.set_hashtable(answer::list(results)?);
    Ok(out)
}

/// The streams adapter 0.2.x (protocol-requests.md §3.3): the servers are the uids with an
/// entry (a heartbeat at least) for the namespace in the last 10 s; the request is an XADD, the answers the entries
/// after it.
fn ask_in_stream(
    shared: &Shared,
    target: &StreamTarget,
    opts: &BroadcastOptions,
    call: Call<'_>,
    what: &str,
    overall: Deadline,
    limit: Duration,
) -> Result<Zval, PhpException> {
    let c = &*shared.connection;
    let nsp = &shared.scope.nsp;
    let request_id = request_id();
    let message = streams02::stream_request(&shared.scope, target, opts, call, &request_id);
    let key = message.channel.as_bytes();
    let servers = stream_servers(shared, key, &within(&c.connect, overall, c.target.cluster))
        .map_err(|e| not_sent(what, "could not read the stream for the servers' heartbeats", e))?;
    if servers == 0 {
        return empty();
    }
    let publish_opts = within(&c.connect, overall, c.target.cluster);
    let entry_id =
        socketio_redis::pool::xadd(&c.target, &publish_opts, &message.args()).map_err(exceptions::connection)?;
    let mut reader = StreamReader::open(&c.target, &c.connect, key, entry_id.as_bytes(), overall)
        .map_err(|e| lost_stream(what, e))?;
    let mut progress = Progress::new(Flavour::Cluster, call.kind(), servers);
    let mut results: Vec<Zval> = Vec::new();
    while !progress.is_complete() {
        let batch = match reader.next(overall) {
            Ok(Some(batch)) => batch,
            Ok(None) => return Err(timed_out(what, call.kind(), &progress, results, limit)),
            Err(e) => return Err(lost_stream(what, e)),
        };
        for (_, fields) in batch {
            let Some((responder, answer)) = streams02::read_stream_answer(call.kind(), nsp, &request_id, &fields)
            else {
                continue;
            };
            if !progress.record(responder.as_deref(), &answer) {
                continue;
            }
            match answer {
                Answer::Sockets(sockets) => {
                    for mut socket in sockets {
                        scrub_socket(&mut socket);
                        results.push(answer::to_zval(socket)?);
                    }
                }
                Answer::ServerAck(value) | Answer::ClientAck(value) => results.push(answer::to_zval(value)?),
                Answer::ClientCount(_) => {}
            }
        }
    }
    let mut out = Zval::new();
    out.set_hashtable(answer::list(results)?);
    Ok(out)
}

/// Reading the stream failed after the request was written.
fn lost_stream(what: &str, e: RedisError) -> PhpException {
    PhpException::new(
        exceptions::printable(format!(
            "{what}(): the request was written to the stream, but reading the answers failed: {}",
            e.message
        )),
        exceptions::code_of(e.kind),
        exceptions::connection_ce(),
    )
}

fn empty() -> Result<Zval, PhpException> {
    let mut out = Zval::new();
    out.set_hashtable(ext_php_rs::types::ZendHashTable::new());
    Ok(out)
}

/// How many streams adapter 0.2.x servers serve the scope's namespace in `key`: the distinct
/// uids with an entry (a heartbeat at least) for it within the adapter's `heartbeatTimeout`,
/// as those servers count each other.
fn stream_servers(shared: &Shared, key: &[u8], opts: &ConnectOptions) -> Result<usize, RedisError> {
    let c = &*shared.connection;
    let nsp = &shared.scope.nsp;
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
    let recent = entries_since(&c.target, opts, key, now_ms.saturating_sub(streams02::HEARTBEAT_TIMEOUT_MS))?;
    let mut uids: Vec<&[u8]> = recent.iter().filter_map(|(_, fields)| streams02::server_uid(fields, nsp)).collect();
    uids.sort_unstable();
    uids.dedup();
    Ok(uids.len())
}

/// `serverCount()` on the streams adapter when no 0.3.x server is subscribed: the 0.2.x servers
/// heard from in the namespace's stream (see [`stream_servers`]).
pub fn stream_server_count(shared: &Shared, target: &StreamTarget) -> Result<i64, RedisError> {
    let key = socketio_protocol::streams::stream_name(&target.name, target.count, &shared.scope.nsp);
    stream_servers(shared, key.as_bytes(), &shared.connection.connect).map(|n| n as i64)
}

/// The connection options for a step of the call, shrunk so that the step (with its retries
/// and, in a cluster, a redirect) ends by `overall`: `timeout()` bounds the whole call.
fn within(opts: &ConnectOptions, overall: Deadline, cluster: bool) -> ConnectOptions {
    let left = match overall.remaining() {
        Some(Some(left)) => left,
        // Spent (or unbounded, which timeout() never makes): the smallest bound.
        _ => Duration::from_nanos(1),
    };
    // publish_budget() is connect_timeout + timeout, doubled in a cluster.
    let cap = (left / if cluster { 4 } else { 2 }).max(Duration::from_nanos(1));
    let shrink = |d: Duration| if d.is_zero() { cap } else { d.min(cap) };
    ConnectOptions { connect_timeout: shrink(opts.connect_timeout), timeout: shrink(opts.timeout), ..opts.clone() }
}

/// A step before the publish failed: nothing was published, whatever the kind of failure.
fn not_sent(what: &str, step: &str, e: RedisError) -> PhpException {
    PhpException::new(
        exceptions::printable(format!("{what}(): {step}, nothing was sent: {}", e.message)),
        exceptions::code_of(e.kind),
        exceptions::connection_ce(),
    )
}

/// The subscription broke after the request was published.
fn lost(what: &str, sub: &Subscriber, e: RedisError) -> PhpException {
    PhpException::new(
        exceptions::printable(format!(
            "{what}(): the request was sent, but the subscription on {} broke before every answer came: {}",
            sub.server(),
            e.message
        )),
        exceptions::code_of(e.kind),
        exceptions::connection_ce(),
    )
}

fn timed_out(what: &str, kind: Kind, progress: &Progress, results: Vec<Zval>, after: Duration) -> PhpException {
    let (answered, servers) = (progress.servers_answered(), progress.servers_expected());
    let (message, expected) = match kind {
        Kind::FetchSockets | Kind::ServerSideEmit => (
            format!(
                "{what}(): timed out after {}: {answered} of {servers} server{} answered",
                fmt_secs(after),
                if servers == 1 { "" } else { "s" }
            ),
            servers as i64,
        ),
        Kind::Broadcast => {
            let (acks, announced) = progress.acks();
            (
                format!(
                    "{what}(): timed out after {}: {acks} of {announced} client acknowledgements; {answered} of {servers} server{} sent their client count",
                    fmt_secs(after),
                    if servers == 1 { "" } else { "s" }
                ),
                i64::try_from(announced).unwrap_or(i64::MAX),
            )
        }
    };
    let mut partial = Zval::new();
    match answer::list(results) {
        Ok(table) => partial.set_hashtable(table),
        Err(e) => return e,
    }
    timeout_exception::with_results(exceptions::printable(message), exceptions::code::TIMEOUT, partial, expected)
}
