//! What an Emitter and every operator derived from it share, and the one place a message
//! leaves for Redis.

use std::sync::{Arc, Mutex};

use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::ErrorType;
use ext_php_rs::types::Zval;
use socketio_protocol::{Message, Scope};
use socketio_redis::pipeline::Batch;
use socketio_redis::{ConnectOptions, Target};

use super::exceptions;
use super::options::{OnError, Settings};

/// Fixed at construction and shared, never copied, by `of()`/`to()`/... results.
pub struct Connection {
    pub target: Target,
    pub connect: ConnectOptions,
    pub on_error: OnError,
    /// false: publish without reading the reply (`wait => false`).
    pub wait: bool,
}

/// The immutable part of every Emitter/BroadcastOperator: where to connect and which
/// namespace. Deriving an object clones two `Arc`s.
#[derive(Clone)]
pub struct Shared {
    pub connection: Arc<Connection>,
    pub scope: Arc<Scope>,
    /// Set on the Emitter that `batch()` hands its callback (and everything derived from it):
    /// messages are queued there instead of published.
    pub batch: Option<Arc<Mutex<Queue>>>,
    /// Set by `timeout()`: how long fetchSockets/serverSideEmitWithAck/emitWithAck wait for
    /// answers (`None`: the default, 5 s).
    pub timeout: Option<std::time::Duration>,
}

/// The messages of one `batch()` callback. Closed when the callback returns: an Emitter that
/// escaped the callback cannot add to a batch that was already sent.
#[derive(Default)]
pub struct Queue {
    pub batch: Batch,
    pub closed: bool,
}

impl Shared {
    pub fn new(settings: Settings, nsp: String) -> Self {
        Shared {
            connection: Arc::new(Connection {
                target: settings.target,
                connect: settings.connect,
                on_error: settings.on_error,
                wait: settings.wait,
            }),
            scope: Arc::new(Scope { key: settings.key, nsp, adapter: settings.adapter }),
            batch: None,
            timeout: None,
        }
    }

    /// The same connection and namespace, queueing into `queue`.
    pub fn with_batch(&self, queue: Arc<Mutex<Queue>>) -> Self {
        Shared { batch: Some(queue), ..self.clone() }
    }

    /// The same, with `timeout()`'s bound for the calls that wait for answers.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        Shared { timeout: Some(timeout), ..self.clone() }
    }

    pub fn with_namespace(&self, nsp: String) -> Self {
        Shared {
            connection: Arc::clone(&self.connection),
            scope: Arc::new(Scope { key: self.scope.key.clone(), nsp, adapter: self.scope.adapter.clone() }),
            batch: self.batch.clone(),
            timeout: self.timeout,
        }
    }

    /// Publishes and returns Redis's reply (the number of subscribed server processes; for a
    /// stream entry its id), or false after a warning when `on_error` is "warning".
    pub fn publish(&self, message: &Message) -> Result<Zval, PhpException> {
        if let Some(queue) = &self.batch {
            let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
            if queue.closed {
                return Err(exceptions::batch_ended());
            }
            if message.entry.is_some() {
                queue.batch.push_args(&message.args());
            } else {
                queue.batch.push(message.command.name(), message.channel.as_bytes(), &message.payload);
            }
            // Queued: the count comes in batch()'s result.
            return Ok(Zval::new());
        }
        let c = &*self.connection;
        let (command, channel, payload) = (message.command.name(), message.channel.as_bytes(), &message.payload);
        let mut out = Zval::new();
        let result = if message.entry.is_some() {
            // A stream entry: the call returns its id (the offset clients see), null unwaited.
            let args = message.args();
            if c.wait {
                socketio_redis::pool::xadd(&c.target, &c.connect, &args).and_then(|id| {
                    out.set_string(&id, false).map_err(|e| {
                        socketio_redis::RedisError::new(socketio_redis::ErrorKind::Protocol, e.to_string())
                    })
                })
            } else {
                socketio_redis::pool::xadd_nowait(&c.target, &c.connect, &args)
            }
        } else if c.wait {
            socketio_redis::pool::publish(&c.target, &c.connect, command, channel, payload).map(|n| out.set_long(n))
        } else {
            // No count is known: the call returns null.
            socketio_redis::pool::publish_nowait(&c.target, &c.connect, command, channel, payload)
        };
        report_unconfirmed(c.on_error);
        match result {
            Ok(()) => {}
            Err(e) => match c.on_error {
                OnError::Exception => return Err(exceptions::connection(e)),
                OnError::Warning => {
                    ext_php_rs::error::php_error(&ErrorType::Warning, &exceptions::connection_message(e));
                    out.set_bool(false);
                }
                OnError::Log => {
                    super::error_log::write(&format!("socketio: {}", exceptions::connection_message(e)));
                    out.set_bool(false);
                }
            },
        }
        Ok(out)
    }
}

/// What the replies of earlier emits sent without waiting (`wait => false`) reported, read
/// during this call: an E_WARNING each (a line in the error log with `on_error => 'log'`, or
/// when an earlier request sent them: this script did not). They belong to earlier calls, so
/// they never become this call's exception.
pub fn report_unconfirmed(on_error: OnError) {
    for u in socketio_redis::pool::take_unconfirmed() {
        let text = unconfirmed_message(&u);
        if on_error == OnError::Log || u.earlier_request {
            super::error_log::write(&format!("socketio: {text}"));
        } else {
            ext_php_rs::error::php_error(&ErrorType::Warning, &text);
        }
    }
}

/// `2 emits sent without waiting were not confirmed: ...`.
pub fn unconfirmed_message(u: &socketio_redis::pool::Unconfirmed) -> String {
    let by = if u.earlier_request { " by an earlier request" } else { "" };
    let what = if u.emits == 1 {
        format!("an emit sent{by} without waiting was")
    } else {
        format!("{} emits sent{by} without waiting were", u.emits)
    };
    let tail = if u.error.kind.outcome_unknown() {
        "; they may still be delivered (Redis may have received them)"
    } else {
        ""
    };
    exceptions::printable(format!("{what} not confirmed: {}{tail}", u.error.message))
}
