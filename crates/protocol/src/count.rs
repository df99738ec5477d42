//! How to ask Redis how many Socket.IO servers listen for a scope: the adapters' own
//! `serverCount()` (protocol-requests.md §1.5, §2.1).

use crate::{channel, AdapterKind, Scope};

/// A `PUBSUB` query: `PUBSUB NUMSUB <channel>` or `PUBSUB SHARDNUMSUB <channel>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountQuery {
    /// `SHARDNUMSUB` (sharded adapter: answered by the master owning the channel's slot) rather
    /// than `NUMSUB` (classic: per node, so a cluster is asked node by node and summed).
    pub sharded: bool,
    /// Every server of the namespace subscribes to it exactly once.
    pub channel: String,
}

impl CountQuery {
    pub fn subcommand(&self) -> &'static str {
        if self.sharded {
            "SHARDNUMSUB"
        } else {
            "NUMSUB"
        }
    }
}

impl Scope {
    /// Classic servers each SUBSCRIBE the request channel `<key>-request#<nsp>#` once (not the
    /// broadcast channel, which they PSUBSCRIBE as a pattern and NUMSUB does not count);
    /// sharded servers SSUBSCRIBE the main channel `<key>#<nsp>#` in every subscription mode;
    /// streams 0.3.x servers SUBSCRIBE `<key>#<nsp>#` (what their own `serverCount()` asks).
    pub fn server_count_query(&self) -> CountQuery {
        match self.adapter {
            AdapterKind::Classic => CountQuery { sharded: false, channel: channel::request(&self.key, &self.nsp) },
            AdapterKind::Sharded(_) => CountQuery { sharded: true, channel: channel::namespace(&self.key, &self.nsp) },
            // 0.3.x servers SUBSCRIBE their public channel `<channelPrefix>#<nsp>#` (the key is
            // the channelPrefix); 0.2.x servers subscribe to nothing and are not counted.
            AdapterKind::Streams(_) => CountQuery { sharded: false, channel: channel::namespace(&self.key, &self.nsp) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SubscriptionMode;

    #[test]
    fn queries_the_channel_every_server_subscribes_once() {
        let classic = Scope { key: "socket.io".into(), nsp: "/admin".into(), adapter: AdapterKind::Classic };
        let q = classic.server_count_query();
        assert_eq!((q.subcommand(), q.channel.as_str()), ("NUMSUB", "socket.io-request#/admin#"));
        let sharded = Scope {
            key: "app".into(),
            nsp: "/".into(),
            adapter: AdapterKind::Sharded(SubscriptionMode::DynamicPrivate),
        };
        let q = sharded.server_count_query();
        assert_eq!((q.subcommand(), q.channel.as_str()), ("SHARDNUMSUB", "app#/#"));
    }
}
