//! `Emitter::batch()`: the callback's emits are checked and encoded at once (an error surfaces
//! at its call, as always) and queued; when the callback returns, the queue goes to Redis
//! pipelined (see `socketio_redis::pipeline`). An exception out of the callback discards the
//! queue: nothing of it is sent.

use std::sync::{Arc, Mutex};

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::ErrorType;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, Zval};
use socketio_redis::pipeline::Outcome;

use super::emitter::Emitter;
use super::options::OnError;
use super::sender::{Queue, Shared};
use super::{args, batch_exception, convert, engine, exceptions};

pub fn batch(shared: &Shared, callback: &Zval) -> Result<Zval, PhpException> {
    if shared.batch.is_some() {
        return Err(PhpException::new(
            "batch() cannot be nested: the Emitter given to a batch() callback already queues every emit into that batch"
                .into(),
            0,
            exceptions::base(),
        ));
    }
    if !callback.is_callable() {
        return Err(args::type_error(1, &format!("must be a valid callback, {} given", args::type_name(callback))));
    }
    let queue = Arc::new(Mutex::new(Queue::default()));
    let emitter = Emitter::with_shared(shared.with_batch(Arc::clone(&queue)));
    let emitter = ZendClassObject::new(emitter).into_zval(false).map_err(|e| PhpException::from(e.to_string()))?;
    let called = callback.try_call(vec![&emitter]);
    let batch = {
        let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
        queue.closed = true;
        std::mem::take(&mut queue.batch)
    };
    // The callback threw (or exit()ed): the queue is dropped unsent and that exception goes on.
    if engine::exception_pending() {
        return Err(convert::pending());
    }
    called.map_err(|e| PhpException::from(format!("the batch() callback could not be called: {e}")))?;

    let c = &*shared.connection;
    let sent = socketio_redis::pipeline::send_batch(&c.target, &c.connect, &batch);
    super::sender::report_unconfirmed(c.on_error);
    match sent {
        Ok(outcomes) => {
            let mut list = ZendHashTable::with_capacity(outcomes.len().min(u32::MAX as usize) as u32);
            for outcome in outcomes {
                // As emit() returns it: a receiver count, or a stream entry's id.
                let pushed = match outcome {
                    Outcome::Added(id) => list.push(id),
                    Outcome::Published(n) => list.push(n),
                    _ => list.push(()),
                };
                pushed.map_err(|e| PhpException::from(e.to_string()))?;
            }
            let mut out = Zval::new();
            out.set_hashtable(list);
            Ok(out)
        }
        Err(e) => match c.on_error {
            OnError::Exception => Err(batch_exception::exception(e)),
            OnError::Warning => {
                ext_php_rs::error::php_error(&ErrorType::Warning, &batch_exception::message(&e));
                let mut out = Zval::new();
                out.set_bool(false);
                Ok(out)
            }
            OnError::Log => {
                super::error_log::write(&format!("socketio: {}", batch_exception::message(&e)));
                let mut out = Zval::new();
                out.set_bool(false);
                Ok(out)
            }
        },
    }
}
