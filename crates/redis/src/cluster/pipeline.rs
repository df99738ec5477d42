//! A batch on a Redis Cluster: commands grouped by the node that serves them (SPUBLISH, XADD:
//! the master of the channel's or stream's slot; PUBLISH: any one node, as classic pub/sub reaches the whole
//! cluster), pipelined per node in chunks. What a pipeline cannot settle goes through the
//! single-publish path one command at a time, in call order: commands redirected (MOVED, ASK:
//! Redis did not execute them, so sending them again is safe), for slots no known master
//! serves, or for nodes that could not be reached before anything was written.

use std::time::Instant;

use super::{host_of, named, open_node, parse_redirect, ClusterClient, NO_NODE};
use crate::connection::CommandError;
use crate::deadline::Deadline;
use crate::pipeline::{Batch, Outcome};
use crate::resp::Reply;
use crate::{ConnectOptions, ErrorKind, RedisError};

impl ClusterClient {
    /// Sends `batch`, filling `outcomes`; the first error that stopped it, if any (error
    /// replies to single commands are left in `outcomes` and do not stop the others).
    pub(crate) fn publish_batch(
        &mut self,
        opts: &ConnectOptions,
        batch: &Batch,
        outcomes: &mut [Outcome],
        overall: Deadline,
    ) -> Option<RedisError> {
        self.forget_inherited_connections();
        if self.refresh_due && self.refresh_allowed() {
            // Best effort, as for a publish: the sends below report the real failure.
            let _ = self.refresh(opts, overall);
        }
        let result = self.pipeline_by(opts, batch, outcomes, overall);
        self.last_used = Instant::now();
        result
    }

    fn pipeline_by(
        &mut self,
        opts: &ConnectOptions,
        batch: &Batch,
        outcomes: &mut [Outcome],
        overall: Deadline,
    ) -> Option<RedisError> {
        // Node index -> the batch's commands for it, in call order.
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut one_by_one: Vec<usize> = Vec::new();
        let mut classic: Option<Option<usize>> = None;
        for i in 0..batch.len() {
            let node = if batch.sharded(i) {
                match self.slots[batch.slot(i) as usize] {
                    NO_NODE => None,
                    idx => Some(idx as usize),
                }
            } else {
                *classic.get_or_insert_with(|| self.route(false, b"", &[]).ok())
            };
            match node {
                None => one_by_one.push(i),
                Some(idx) => match groups.iter_mut().find(|(n, _)| *n == idx) {
                    Some((_, items)) => items.push(i),
                    None => groups.push((idx, vec![i])),
                },
            }
        }

        let mut out = Vec::new();
        for (idx, items) in groups {
            let target = &self.target;
            let node = &mut self.nodes[idx];
            if node.conn.as_ref().is_some_and(|c| !c.is_reusable()) {
                node.conn = None;
            }
            if node.conn.is_none() {
                match open_node(node, target, opts, overall) {
                    Ok(conn) => node.conn = Some(conn),
                    Err(_) => {
                        // Nothing was written: the one-by-one path finds another way (a
                        // refreshed map, another node) or reports why there is none.
                        self.refresh_due = true;
                        one_by_one.extend(items);
                        continue;
                    }
                }
            }
            let host = host_of(&node.endpoint).to_string();
            let name = node.name.clone();
            let conn = node.conn.as_mut().expect("opened above");
            let mut from = 0;
            while from < items.len() {
                let end = batch.chunk_end(&items, from);
                out.clear();
                for &i in &items[from..end] {
                    out.extend_from_slice(batch.command(i));
                }
                let deadline = Deadline::after(opts.timeout).earliest(overall);
                match conn.write_commands(&out, deadline) {
                    Ok(()) => {}
                    Err(CommandError::NotSent(_)) => {
                        node.conn = None;
                        one_by_one.extend_from_slice(&items[from..]);
                        break;
                    }
                    Err(CommandError::MaybeSent(e)) => {
                        node.conn = None;
                        self.refresh_due = true;
                        for &i in &items[from..end] {
                            outcomes[i] = Outcome::Unknown;
                        }
                        return Some(named(e, &name));
                    }
                }
                for k in from..end {
                    let i = items[k];
                    match conn.read_reply(deadline) {
                        Ok(reply) if Outcome::of_reply(&reply).is_some() => {
                            outcomes[i] = Outcome::of_reply(&reply).expect("checked");
                        }
                        Ok(Reply::Error(msg)) => {
                            if parse_redirect(&msg, &host).is_some() {
                                one_by_one.push(i);
                                self.refresh_due = true;
                            } else {
                                if msg.starts_with("CLUSTERDOWN")
                                    || msg.starts_with("TRYAGAIN")
                                    || msg.starts_with("LOADING")
                                {
                                    self.refresh_due = true;
                                }
                                outcomes[i] = Outcome::Failed(RedisError::from_reply(&name, &msg));
                            }
                        }
                        Ok(other) => {
                            node.conn = None;
                            for &i in &items[k..end] {
                                outcomes[i] = Outcome::Unknown;
                            }
                            return Some(RedisError::new(
                                ErrorKind::Protocol,
                                format!("{name} answered PUBLISH with {} instead of an integer", other.type_name()),
                            ));
                        }
                        Err(e) => {
                            node.conn = None;
                            self.refresh_due = true;
                            for &i in &items[k..end] {
                                outcomes[i] = Outcome::Unknown;
                            }
                            return Some(named(e, &name));
                        }
                    }
                }
                from = end;
            }
            if let Some(conn) = node.conn.as_mut() {
                conn.end_pipeline();
            }
        }

        // Redirected and unroutable commands: the full publish path, in call order.
        one_by_one.sort_unstable();
        for i in one_by_one {
            let args = batch.args(i);
            match self.command_by(opts, &args, batch.sharded(i), overall, Outcome::of_reply) {
                Ok(outcome) => outcomes[i] = outcome,
                Err(e) if e.kind.outcome_unknown() => {
                    outcomes[i] = Outcome::Unknown;
                    return Some(e);
                }
                Err(e) => {
                    outcomes[i] = Outcome::Failed(e.clone());
                    return Some(e);
                }
            }
        }
        None
    }
}
