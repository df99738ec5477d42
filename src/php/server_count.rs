//! `serverCount()`: how many Socket.IO servers listen for this key and namespace, asked of
//! Redis as the adapters ask it themselves. A diagnostic: it always throws on a connection
//! error (whatever `on_error` says), since "could not ask" must not read as "0 servers".

use ext_php_rs::exception::PhpException;

use super::exceptions;
use super::sender::Shared;

pub fn server_count(shared: &Shared) -> Result<i64, PhpException> {
    let query = shared.scope.server_count_query();
    let c = &*shared.connection;
    socketio_redis::pubsub::subscribers(&c.target, &c.connect, query.sharded, query.channel.as_bytes())
        .map_err(exceptions::connection)
}
