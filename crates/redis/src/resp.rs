//! RESP2 framing: commands out, replies in.

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Int(i64),
    Simple(String),
    /// `-ERR ...`, `-MOVED 3999 127.0.0.1:7002`, `-WRONGPASS ...`
    Error(String),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

/// Appends `*N\r\n$len\r\narg\r\n...` to `out` (a reused buffer: no allocation when warm).
pub fn encode_command(args: &[&[u8]], out: &mut Vec<u8>) { todo!() }
