//! How many subscribers a channel has, as the Socket.IO adapters' `serverCount()` asks it.

use crate::pool::{query, Route};
use crate::resp::Reply;
use crate::{ConnectOptions, ErrorKind, RedisError, Target};

/// `PUBSUB NUMSUB channel` summed over every node (classic pub/sub: each node counts its own
/// subscribers), or `PUBSUB SHARDNUMSUB channel` on the master owning the channel's slot.
pub fn subscribers(target: &Target, opts: &ConnectOptions, sharded: bool, channel: &[u8]) -> Result<i64, RedisError> {
    let subcommand: &[u8] = if sharded { b"SHARDNUMSUB" } else { b"NUMSUB" };
    let route = if sharded { Route::SlotOwner(channel) } else { Route::EachNode };
    let replies = query(target, opts, route, &[b"PUBSUB", subcommand, channel])?;
    let mut total = 0i64;
    for reply in replies {
        total = total.saturating_add(count_of(reply, subcommand)?);
    }
    Ok(total)
}

/// The reply is `[channel, count]`.
fn count_of(reply: Reply, subcommand: &[u8]) -> Result<i64, RedisError> {
    match reply {
        Reply::Array(Some(items)) if items.len() == 2 => match items[1] {
            Reply::Int(n) => Ok(n),
            _ => Err(unexpected(subcommand)),
        },
        _ => Err(unexpected(subcommand)),
    }
}

fn unexpected(subcommand: &[u8]) -> RedisError {
    RedisError::new(
        ErrorKind::Server,
        format!(
            "Redis answered PUBSUB {} with something else than [channel, count]",
            String::from_utf8_lossy(subcommand)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_count_of_channel_count_pairs() {
        let pair = |n| Reply::Array(Some(vec![Reply::Bulk(Some(b"c".to_vec())), Reply::Int(n)]));
        assert_eq!(count_of(pair(2), b"NUMSUB").unwrap(), 2);
        assert!(count_of(Reply::Int(2), b"NUMSUB").is_err());
        assert!(count_of(Reply::Array(Some(vec![])), b"SHARDNUMSUB").unwrap_err().message.contains("SHARDNUMSUB"));
    }
}
