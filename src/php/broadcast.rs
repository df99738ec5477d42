//! What `to/except/volatile/compress/emit/socketsJoin/...` do, whichever class they are called
//! on: an Emitter behaves as an operator with no rooms, no exceptions and no flags.
//!
//! Every argument is checked and every value converted before a message is built, so a
//! rejected call publishes nothing.

use ext_php_rs::exception::PhpException;
use ext_php_rs::types::Zval;
use socketio_protocol::limits::{self, Format};
use socketio_protocol::{validate, BroadcastOptions, Message, ProtocolError};

use super::operator::BroadcastOperator;
use super::sender::Shared;
use super::{args, convert, engine, exceptions, plain_args};

/// The last gate before a message leaves: user code run while checking the arguments (a
/// `__toString()`) or converting the values (a `jsonSerialize()`, a destructor of a value the
/// conversion released) may have thrown or called `exit()` without the step that ran it
/// noticing. Then nothing is sent and that exception reaches the caller unchanged.
///
/// A payload or channel over Redis's bulk limit is refused here with that reason: Redis would
/// drop the connection on it, and the caller would only see "Connection reset by peer".
fn publish(shared: &Shared, message: &Message) -> Result<Zval, PhpException> {
    if engine::exception_pending() {
        return Err(convert::pending());
    }
    limits::check_bulk_len("payload", message.payload.len())
        .and_then(|()| limits::check_bulk_len("channel name", message.channel.len()))
        .map_err(|e| exceptions::encoding(e.to_string()))?;
    shared.publish(message)
}

pub fn to(shared: &Shared, opts: &BroadcastOptions, rooms: &Zval) -> Result<BroadcastOperator, PhpException> {
    let mut opts = opts.clone();
    args::room_set(&mut opts.rooms, rooms, 1)?;
    Ok(BroadcastOperator::new(shared.clone(), opts))
}

pub fn except(shared: &Shared, opts: &BroadcastOptions, rooms: &Zval) -> Result<BroadcastOperator, PhpException> {
    let mut opts = opts.clone();
    args::room_set(&mut opts.except, rooms, 1)?;
    Ok(BroadcastOperator::new(shared.clone(), opts))
}

pub fn volatile(shared: &Shared, opts: &BroadcastOptions) -> BroadcastOperator {
    let mut opts = opts.clone();
    opts.flags.set_volatile();
    BroadcastOperator::new(shared.clone(), opts)
}

pub fn compress(
    shared: &Shared,
    opts: &BroadcastOptions,
    compress: Option<&Zval>,
) -> Result<BroadcastOperator, PhpException> {
    let compress = match compress {
        Some(z) => args::boolean(z, 1)?,
        None => true,
    };
    let mut opts = opts.clone();
    opts.flags.set_compress(compress);
    Ok(BroadcastOperator::new(shared.clone(), opts))
}

pub fn emit(shared: &Shared, opts: &BroadcastOptions, event: &Zval, values: &[&Zval]) -> Result<Zval, PhpException> {
    args::no_named_variadics()?;
    let event = args::utf8(event, 1)?;
    validate::event_name(&event).map_err(|e| event_error(&event, e))?;
    limits::check_value_len(event.len()).map_err(|e| args::value_error(1, &format!("is too long: {e}")))?;
    // Plain values go straight into the payload; the rest the full way (see plain_args).
    let plain = shared.scope.broadcast_msgpack_args(opts, &event, values.len(), |out| plain_args::write(values, out));
    if let Some(message) = plain {
        return publish(shared, &message);
    }
    let values = convert::args(values, Format::Msgpack)?;
    publish(shared, &shared.scope.broadcast(opts, &event, &values))
}

pub fn server_side_emit(shared: &Shared, event: &Zval, values: &[&Zval]) -> Result<Zval, PhpException> {
    args::no_named_variadics()?;
    let event = args::utf8(event, 1)?;
    validate::server_side_event_name(&event).map_err(|e| event_error(&event, e))?;
    limits::check_value_len(event.len()).map_err(|e| args::value_error(1, &format!("is too long: {e}")))?;
    let values = convert::args(values, shared.scope.server_side_emit_bytes_format())?;
    publish(shared, &shared.scope.server_side_emit(&event, &values))
}

pub fn sockets_join(shared: &Shared, opts: &BroadcastOptions, rooms: &Zval) -> Result<Zval, PhpException> {
    let rooms = args::room_list(rooms, 1)?;
    publish(shared, &shared.scope.sockets_join(opts, &rooms))
}

pub fn sockets_leave(shared: &Shared, opts: &BroadcastOptions, rooms: &Zval) -> Result<Zval, PhpException> {
    let rooms = args::room_list(rooms, 1)?;
    publish(shared, &shared.scope.sockets_leave(opts, &rooms))
}

pub fn disconnect_sockets(
    shared: &Shared,
    opts: &BroadcastOptions,
    close: Option<&Zval>,
) -> Result<Zval, PhpException> {
    let close = match close {
        Some(z) => args::boolean(z, 1)?,
        None => false,
    };
    publish(shared, &shared.scope.disconnect_sockets(opts, close))
}

/// Reworded as PHP words argument errors: "Argument #1 ($event) must not be empty".
/// The core's reason, except for the empty name, which PHP's own wording states as
/// "Argument #1 ($event) must not be empty".
fn event_error(event: &str, core: ProtocolError) -> PhpException {
    if event.is_empty() {
        args::value_error(1, "must not be empty")
    } else {
        args::value_error(1, &core.to_string())
    }
}
