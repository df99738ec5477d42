//! Requests that get answers (fetchSockets, serverSideEmit with ack, broadcast with acks) as a
//! process that is not a Socket.IO server sends them (protocol-requests.md §1, §2, §3.3): the
//! envelope, where to publish it, where the answers come back, how many servers to wait for,
//! and how to read and count the answers.
mod answers;
mod envelope;
mod read_json;
mod read_msgpack;
pub mod streams02;

pub use answers::{read_answer, read_answer_with, scrub_socket, Answer, Progress};
pub use read_json::{read_json, read_json_streaming};
pub use read_msgpack::{iso8601, read_msgpack, read_msgpack_streaming};

use crate::{channel, AdapterKind, BroadcastOptions, CountQuery, Message, PublishCommand, Scope, Value};

/// What is asked.
#[derive(Debug, Clone, Copy)]
pub enum Call<'a> {
    /// `fetchSockets()` for the rooms/except of the options.
    FetchSockets,
    /// `serverSideEmitWithAck(event, ...args)`: one answer per server. The event name must
    /// already be validated with [`crate::validate::server_side_event_name`].
    ServerSideEmit { event: &'a str, args: &'a [Value] },
    /// `emitWithAck(event, ...args)` to the sockets of the options: one answer per client.
    /// The event name must already be validated with [`crate::validate::event_name`].
    Broadcast { event: &'a str, args: &'a [Value] },
}

impl Call<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            Call::FetchSockets => Kind::FetchSockets,
            Call::ServerSideEmit { .. } => Kind::ServerSideEmit,
            Call::Broadcast { .. } => Kind::Broadcast,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    FetchSockets,
    ServerSideEmit,
    Broadcast,
}

/// How responses are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// createAdapter: bare `{requestId, ...}` responses, no responder id.
    Classic,
    /// ClusterAdapter (sharded, streams 0.3): `{type, data: {requestId, ...}, uid, nsp}`.
    Cluster,
}

/// Everything one request needs on the wire.
#[derive(Debug, Clone)]
pub struct Request {
    /// What to publish, once the response channels are subscribed.
    pub message: Message,
    /// The channels to subscribe before publishing (never the counted one).
    pub responses: Vec<String>,
    /// SSUBSCRIBE (on the master owning the channel's slot) rather than SUBSCRIBE.
    pub sharded_responses: bool,
    /// How many servers will answer.
    pub count: CountQuery,
    pub flavour: Flavour,
    pub kind: Kind,
    pub request_id: String,
}

impl Scope {
    /// The request for `call` to the sockets or servers of this namespace (and, for fetchSockets
    /// and emitWithAck, `opts`' rooms and except). `request_id` must be fresh and random: servers
    /// ignore a request whose id they use themselves.
    pub fn request(&self, opts: &BroadcastOptions, call: Call<'_>, request_id: &str) -> Request {
        match self.adapter {
            AdapterKind::Classic => {
                let common = format!("{}-response#{}#", self.key, self.nsp);
                // Which of the two a server answers on is its `publishOnSpecificResponseChannel`
                // option, which the requester cannot know (§1.4): both are subscribed.
                let specific = format!("{common}{}#", crate::parts::UID);
                Request {
                    message: Message {
                        command: PublishCommand::Publish,
                        channel: channel::request(&self.key, &self.nsp),
                        payload: envelope::classic(self, opts, &call, request_id),
                        entry: None,
                    },
                    responses: vec![common, specific],
                    sharded_responses: false,
                    count: self.server_count_query(),
                    flavour: Flavour::Classic,
                    kind: call.kind(),
                    request_id: request_id.to_owned(),
                }
            }
            AdapterKind::Sharded(_) => Request {
                message: Message {
                    command: PublishCommand::SPublish,
                    channel: channel::namespace(&self.key, &self.nsp),
                    payload: envelope::cluster(self, opts, &call, request_id, false),
                    entry: None,
                },
                responses: vec![format!("{}#{}#{}#", self.key, self.nsp, crate::parts::UID)],
                sharded_responses: true,
                count: self.server_count_query(),
                flavour: Flavour::Cluster,
                kind: call.kind(),
                request_id: request_id.to_owned(),
            },
            // Streams 0.3.x: the ClusterAdapter messages over classic pub/sub, msgpack only
            // (the servers decode that channel as msgpack), answers on `<prefix>#<nsp>#<uid>#`
            // (protocol-requests.md §3.3). 0.2.x servers do not listen there: they time out.
            AdapterKind::Streams(_) => Request {
                message: Message {
                    command: PublishCommand::Publish,
                    channel: channel::namespace(&self.key, &self.nsp),
                    payload: envelope::cluster(self, opts, &call, request_id, true),
                    entry: None,
                },
                responses: vec![format!("{}#{}#{}#", self.key, self.nsp, crate::parts::UID)],
                sharded_responses: false,
                count: self.server_count_query(),
                flavour: Flavour::Cluster,
                kind: call.kind(),
                request_id: request_id.to_owned(),
            },
        }
    }
}
