//! `serverCount()`: how many Socket.IO servers listen for this key and namespace, asked of
//! Redis as the adapters ask it themselves. A diagnostic: it always throws on a connection
//! error (whatever `on_error` says), since "could not ask" must not read as "0 servers".

use ext_php_rs::exception::PhpException;

use socketio_protocol::AdapterKind;

use super::sender::Shared;
use super::{exceptions, requests};

pub fn server_count(shared: &Shared) -> Result<i64, PhpException> {
    let query = shared.scope.server_count_query();
    let c = &*shared.connection;
    let subscribed =
        socketio_redis::pubsub::subscribers(&c.target, &c.connect, query.sharded, query.channel.as_bytes())
            .map_err(exceptions::connection)?;
    match &shared.scope.adapter {
        // Streams adapter servers 0.2.x subscribe to nothing: they are counted, as they count
        // each other, by the uids heard from in the namespace's stream within 10 s.
        AdapterKind::Streams(target) if subscribed == 0 => {
            requests::stream_server_count(shared, target).map_err(exceptions::connection)
        }
        _ => Ok(subscribed),
    }
}
