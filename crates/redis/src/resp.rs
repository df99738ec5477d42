//! RESP2 framing: commands out, replies in.
use std::io::{self, Read};

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Int(i64),
    Simple(String),
    /// `-ERR ...`, `-MOVED 3999 127.0.0.1:7002`, `-WRONGPASS ...`
    Error(String),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

/// Bounds on what a reply may claim, so that a garbled or hostile stream cannot make the
/// process allocate without limit. A publisher only ever reads small replies (integers,
/// `+OK`, errors, CLUSTER SLOTS), so these are far above anything legitimate.
pub const MAX_BULK_LEN: usize = 64 << 20;
pub const MAX_ARRAY_LEN: usize = 1 << 20;
pub const MAX_DEPTH: usize = 16;
pub const MAX_LINE_LEN: usize = 64 << 10;

impl Reply {
    /// For messages about a reply of the wrong kind.
    pub fn type_name(&self) -> &'static str {
        match self {
            Reply::Int(_) => "an integer",
            Reply::Simple(_) => "a status",
            Reply::Error(_) => "an error",
            Reply::Bulk(_) => "a bulk string",
            Reply::Array(_) => "an array",
        }
    }
}

/// Appends `*N\r\n$len\r\narg\r\n...` to `out` (a reused buffer: no allocation when warm).
pub fn encode_command(args: &[&[u8]], out: &mut Vec<u8>) {
    let size: usize = args.iter().map(|a| a.len() + 16).sum::<usize>() + 16;
    out.reserve(size);
    out.push(b'*');
    push_decimal(out, args.len());
    out.extend_from_slice(b"\r\n");
    for arg in args {
        out.push(b'$');
        push_decimal(out, arg.len());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
}

/// Appends `command channel payload` as [`encode_command`] writes it, for the two publishing
/// commands without a copy call per framing piece (a batch encodes one per emit, and small
/// copies of run-time length each cost a `memcpy` call): the framing is written byte by byte.
pub fn encode_publish(command: &str, channel: &[u8], payload: &[u8], out: &mut Vec<u8>) {
    let prefix: &[u8] = match command {
        "PUBLISH" => b"*3\r\n$7\r\nPUBLISH\r\n$",
        "SPUBLISH" => b"*3\r\n$8\r\nSPUBLISH\r\n$",
        _ => return encode_command(&[command.as_bytes(), channel, payload], out),
    };
    out.reserve(prefix.len() + channel.len() + payload.len() + 48);
    out.extend_from_slice(prefix);
    push_digits(out, channel.len());
    out.push(b'\r');
    out.push(b'\n');
    out.extend_from_slice(channel);
    out.push(b'\r');
    out.push(b'\n');
    out.push(b'$');
    push_digits(out, payload.len());
    out.push(b'\r');
    out.push(b'\n');
    out.extend_from_slice(payload);
    out.push(b'\r');
    out.push(b'\n');
}

/// `n` in decimal, one byte at a time.
fn push_digits(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    for &d in decimal(n, &mut digits) {
        out.push(d);
    }
}

/// `n` in decimal, written at the end of `buf`.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    // Argument counts and most lengths (names, channels, small payloads): no loop.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    if n < 100 {
        out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// The bytes are not RESP, or claim more than the bounds allow. The stream is out of sync
/// after this and must not be read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses one complete reply at the start of `buf`: `Ok(None)` when more bytes are needed,
/// otherwise the reply and how many bytes it took.
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, ProtocolError> {
    let mut pos = 0;
    match parse_at(buf, &mut pos, 0)? {
        Some(reply) => Ok(Some((reply, pos))),
        None => Ok(None),
    }
}

/// How every HTTP response starts.
const HTTP: &[u8] = b"HTTP/";

fn parse_at(buf: &[u8], pos: &mut usize, depth: usize) -> Result<Option<Reply>, ProtocolError> {
    let Some(&kind) = buf.get(*pos) else { return Ok(None) };
    if !matches!(kind, b'+' | b'-' | b':' | b'$' | b'*') {
        // A URL pointing at a web server or proxy: say so rather than quote a byte.
        let rest = &buf[*pos..];
        if depth == 0 && rest.len() < HTTP.len() && HTTP.starts_with(rest) {
            return Ok(None);
        }
        if depth == 0 && rest.starts_with(HTTP) {
            return Err(ProtocolError(
                "the server answered like an HTTP server, not Redis (is the port right?)".into(),
            ));
        }
        return Err(ProtocolError(format!("unexpected RESP type byte 0x{kind:02x}")));
    }
    let Some(line) = read_line(buf, *pos + 1)? else { return Ok(None) };
    let body = &buf[*pos + 1..line];
    let after_line = line + 2;
    let reply = match kind {
        b'+' => Reply::Simple(String::from_utf8_lossy(body).into_owned()),
        b'-' => Reply::Error(String::from_utf8_lossy(body).into_owned()),
        b':' => Reply::Int(parse_int(body)?),
        b'$' => {
            let len = parse_int(body)?;
            if len == -1 {
                *pos = after_line;
                return Ok(Some(Reply::Bulk(None)));
            }
            let len = checked_len(len, MAX_BULK_LEN, "bulk string")?;
            let end = after_line + len;
            if buf.len() < end + 2 {
                return Ok(None);
            }
            if &buf[end..end + 2] != b"\r\n" {
                return Err(ProtocolError("bulk string not terminated by CRLF".into()));
            }
            *pos = end + 2;
            return Ok(Some(Reply::Bulk(Some(buf[after_line..end].to_vec()))));
        }
        b'*' => {
            let len = parse_int(body)?;
            if len == -1 {
                *pos = after_line;
                return Ok(Some(Reply::Array(None)));
            }
            let len = checked_len(len, MAX_ARRAY_LEN, "array")?;
            if depth + 1 > MAX_DEPTH {
                return Err(ProtocolError(format!("reply nested deeper than {MAX_DEPTH} arrays")));
            }
            let mut cursor = after_line;
            // Capacity follows the bytes present, not the announced length, so that a lying
            // header costs nothing until its elements really arrive.
            let mut items = Vec::with_capacity(len.min(buf.len() - cursor));
            for _ in 0..len {
                match parse_at(buf, &mut cursor, depth + 1)? {
                    Some(item) => items.push(item),
                    None => return Ok(None),
                }
            }
            *pos = cursor;
            return Ok(Some(Reply::Array(Some(items))));
        }
        _ => unreachable!("type byte checked above"),
    };
    *pos = after_line;
    Ok(Some(reply))
}

/// Index of the `\r` ending the line that starts at `from`, if the whole line is there.
fn read_line(buf: &[u8], from: usize) -> Result<Option<usize>, ProtocolError> {
    let rest = &buf[from.min(buf.len())..];
    match rest.iter().position(|&b| b == b'\n') {
        Some(0) => Err(ProtocolError("line not terminated by CRLF".into())),
        Some(i) if rest[i - 1] != b'\r' => Err(ProtocolError("line not terminated by CRLF".into())),
        Some(i) if i - 1 > MAX_LINE_LEN => Err(ProtocolError(format!("reply line longer than {MAX_LINE_LEN} bytes"))),
        Some(i) => Ok(Some(from + i - 1)),
        None if rest.len() > MAX_LINE_LEN + 1 => {
            Err(ProtocolError(format!("reply line longer than {MAX_LINE_LEN} bytes")))
        }
        None => Ok(None),
    }
}

fn parse_int(body: &[u8]) -> Result<i64, ProtocolError> {
    let bad = || ProtocolError("invalid integer in reply".into());
    let (negative, digits) = match body.first() {
        Some(b'-') => (true, &body[1..]),
        _ => (false, body),
    };
    if digits.is_empty() || digits.len() > 19 {
        return Err(bad());
    }
    let mut n: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return Err(bad());
        }
        let digit = (d - b'0') as i64;
        n = if negative {
            n.checked_mul(10).and_then(|n| n.checked_sub(digit))
        } else {
            n.checked_mul(10).and_then(|n| n.checked_add(digit))
        }
        .ok_or_else(bad)?;
    }
    Ok(n)
}

fn checked_len(len: i64, max: usize, what: &str) -> Result<usize, ProtocolError> {
    if len < 0 {
        return Err(ProtocolError(format!("invalid {what} length {len}")));
    }
    if len as u64 > max as u64 {
        return Err(ProtocolError(format!("{what} of {len} bytes or items exceeds the limit of {max}")));
    }
    Ok(len as usize)
}

/// Why a reply could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// The server closed the connection.
    Eof,
    Protocol(ProtocolError),
}

/// Replies read from a stream through a buffer kept across calls: its memory is reused, and
/// bytes left after a reply (which a publisher never expects) stay visible to the caller.
#[derive(Debug, Default)]
pub struct ReplyReader {
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

const READ_CHUNK: usize = 16 << 10;

impl ReplyReader {
    pub fn new() -> Self {
        ReplyReader::default()
    }

    /// Reads until one whole reply is buffered, however the stream splits it.
    pub fn read_reply<R: Read>(&mut self, stream: &mut R) -> Result<Reply, ReadError> {
        loop {
            if self.end > self.start {
                match parse_reply(&self.buf[self.start..self.end]) {
                    Ok(Some((reply, used))) => {
                        self.start += used;
                        if self.start == self.end {
                            self.start = 0;
                            self.end = 0;
                        }
                        return Ok(reply);
                    }
                    Ok(None) => {}
                    Err(e) => return Err(ReadError::Protocol(e)),
                }
            }
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.buf.len() < self.end + READ_CHUNK {
                self.buf.resize(self.end + READ_CHUNK, 0);
            }
            match stream.read(&mut self.buf[self.end..]) {
                Ok(0) => return Err(ReadError::Eof),
                Ok(n) => self.end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ReadError::Io(e)),
            }
        }
    }

    /// Bytes received beyond the last reply.
    pub fn buffered(&self) -> usize {
        self.end - self.start
    }

    /// Keeps a large reply's buffer from pinning memory for the life of a persistent connection.
    pub fn shrink(&mut self) {
        if self.buf.len() > 4 * READ_CHUNK && self.buffered() == 0 {
            self.buf = Vec::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(bytes: &[u8]) -> Reply {
        let (reply, used) = parse_reply(bytes).unwrap().expect("complete");
        assert_eq!(used, bytes.len(), "consumed everything");
        reply
    }

    #[test]
    fn an_http_answer_is_named_as_such() {
        let e = parse_reply(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").unwrap_err();
        assert!(e.0.contains("HTTP server, not Redis"), "{e}");
        assert_eq!(parse_reply(b"HTT").unwrap(), None, "may still become HTTP/: wait for more");
        assert!(parse_reply(b"HTX").unwrap_err().0.contains("0x48"));
        assert!(parse_reply(b"Hello").unwrap_err().0.contains("0x48"));
    }

    #[test]
    fn publish_encoding_equals_the_generic_one() {
        for (command, channel_len, payload_len) in
            [("PUBLISH", 0, 0), ("SPUBLISH", 9, 10), ("PUBLISH", 21, 99), ("PUBLISH", 100, 100_000), ("X", 1, 1)]
        {
            let (channel, payload) = (vec![b'c'; channel_len], vec![7u8; payload_len]);
            let (mut a, mut b) = (b"prefix".to_vec(), b"prefix".to_vec());
            encode_command(&[command.as_bytes(), &channel, &payload], &mut a);
            encode_publish(command, &channel, &payload, &mut b);
            assert_eq!(a, b, "{command} {channel_len} {payload_len}");
        }
        let long = "C".repeat(40);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        encode_command(&[long.as_bytes(), b"ch", b"p"], &mut a);
        encode_publish(&long, b"ch", b"p", &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn encodes_commands() {
        let mut out = Vec::new();
        encode_command(&[b"PUBLISH", b"ch", b""], &mut out);
        assert_eq!(out, b"*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$0\r\n\r\n");
        // appends, does not clear: callers reuse one buffer
        encode_command(&[b"PING"], &mut out);
        assert!(out.ends_with(b"*1\r\n$4\r\nPING\r\n"));
        let mut big = Vec::new();
        let payload = vec![0u8; 1234567];
        encode_command(&[b"X", &payload], &mut big);
        assert!(big.starts_with(b"*2\r\n$1\r\nX\r\n$1234567\r\n"));
        assert_eq!(big.len(), 4 + 7 + 10 + 1234567 + 2);
    }

    #[test]
    fn warm_buffer_does_not_reallocate() {
        let mut out = Vec::new();
        encode_command(&[b"PUBLISH", b"channel", &[7u8; 300]], &mut out);
        let cap = out.capacity();
        let ptr = out.as_ptr();
        for _ in 0..10 {
            out.clear();
            encode_command(&[b"PUBLISH", b"channel", &[7u8; 300]], &mut out);
        }
        assert_eq!((out.capacity(), out.as_ptr()), (cap, ptr));
    }

    #[test]
    fn parses_every_type() {
        assert_eq!(parse_all(b":42\r\n"), Reply::Int(42));
        assert_eq!(parse_all(b":-7\r\n"), Reply::Int(-7));
        assert_eq!(parse_all(b":9223372036854775807\r\n"), Reply::Int(i64::MAX));
        assert_eq!(parse_all(b":-9223372036854775808\r\n"), Reply::Int(i64::MIN));
        assert_eq!(parse_all(b"+OK\r\n"), Reply::Simple("OK".into()));
        assert_eq!(parse_all(b"-ERR unknown command\r\n"), Reply::Error("ERR unknown command".into()));
        assert_eq!(parse_all(b"$5\r\nhe\r\no\r\n"), Reply::Bulk(Some(b"he\r\no".to_vec())));
        assert_eq!(parse_all(b"$0\r\n\r\n"), Reply::Bulk(Some(vec![])));
        assert_eq!(parse_all(b"$-1\r\n"), Reply::Bulk(None));
        assert_eq!(parse_all(b"*-1\r\n"), Reply::Array(None));
        assert_eq!(parse_all(b"*0\r\n"), Reply::Array(Some(vec![])));
    }

    #[test]
    fn parses_cluster_slots_nesting() {
        let bytes = b"*2\r\n*3\r\n:0\r\n:5460\r\n*3\r\n$9\r\n127.0.0.1\r\n:7000\r\n$3\r\nabc\r\n\
*4\r\n:5461\r\n:16383\r\n*2\r\n$9\r\n127.0.0.1\r\n:7001\r\n*2\r\n$-1\r\n:7002\r\n";
        let reply = parse_all(bytes);
        let node = |host: Option<&[u8]>, port, extra: Option<&[u8]>| {
            let mut v = vec![Reply::Bulk(host.map(|h| h.to_vec())), Reply::Int(port)];
            if let Some(e) = extra {
                v.push(Reply::Bulk(Some(e.to_vec())));
            }
            Reply::Array(Some(v))
        };
        assert_eq!(
            reply,
            Reply::Array(Some(vec![
                Reply::Array(Some(vec![Reply::Int(0), Reply::Int(5460), node(Some(b"127.0.0.1"), 7000, Some(b"abc"))])),
                Reply::Array(Some(vec![
                    Reply::Int(5461),
                    Reply::Int(16383),
                    node(Some(b"127.0.0.1"), 7001, None),
                    node(None, 7002, None),
                ])),
            ]))
        );
    }

    #[test]
    fn partial_frames_wait_for_more() {
        let frames: [&[u8]; 5] = [
            b":12345\r\n",
            b"-MOVED 3999 127.0.0.1:7002\r\n",
            b"$10\r\n0123456789\r\n",
            b"*2\r\n*1\r\n+a\r\n$-1\r\n",
            b"*3\r\n:1\r\n$3\r\nfoo\r\n-ERR x\r\n",
        ];
        for frame in frames {
            for cut in 0..frame.len() {
                assert_eq!(parse_reply(&frame[..cut]), Ok(None), "{:?} cut at {cut}", String::from_utf8_lossy(frame));
            }
            let mut with_tail = frame.to_vec();
            with_tail.extend_from_slice(b":1\r\n");
            let (_, used) = parse_reply(&with_tail).unwrap().unwrap();
            assert_eq!(used, frame.len(), "stops at the end of the first reply");
        }
    }

    #[test]
    fn rejects_malformed_input() {
        let bad: [&[u8]; 12] = [
            b"?1\r\n",
            b":12a\r\n",
            b":\r\n",
            b":99999999999999999999\r\n",
            b":9223372036854775808\r\n",
            b"$-2\r\n",
            b"$3\r\nabcd\r\n",
            b"*-5\r\n",
            b"+OK\n",
            b"\n",
            b"$99999999999\r\n",
            b"*99999999999\r\n",
        ];
        for input in bad {
            assert!(parse_reply(input).is_err(), "{:?} must be rejected", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn bounds_sizes_and_depth() {
        let long_line = vec![b'+'; MAX_LINE_LEN + 10];
        assert!(parse_reply(&long_line).is_err(), "an endless line is an error, not a wait");
        let header = format!("${}\r\n", MAX_BULK_LEN + 1);
        assert!(parse_reply(header.as_bytes()).is_err());
        let header = format!("${}\r\n", MAX_BULK_LEN);
        assert_eq!(parse_reply(header.as_bytes()), Ok(None), "the limit itself is allowed");
        let deep = "*1\r\n".repeat(MAX_DEPTH + 1) + ":1\r\n";
        assert!(parse_reply(deep.as_bytes()).is_err());
        let ok = "*1\r\n".repeat(MAX_DEPTH) + ":1\r\n";
        assert!(parse_reply(ok.as_bytes()).unwrap().is_some());
    }

    /// Hands out its data in pieces of at most `step` bytes, like a slow socket.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn reader_handles_byte_by_byte_streams() {
        let data = b"*2\r\n$3\r\nfoo\r\n:7\r\n:8\r\n-ERR nope\r\n";
        for step in [1, 2, 3, 5, 64] {
            let mut reader = ReplyReader::new();
            let mut stream = Trickle { data, step };
            assert_eq!(
                reader.read_reply(&mut stream).unwrap(),
                Reply::Array(Some(vec![Reply::Bulk(Some(b"foo".to_vec())), Reply::Int(7)]))
            );
            assert_eq!(reader.read_reply(&mut stream).unwrap(), Reply::Int(8));
            assert_eq!(reader.read_reply(&mut stream).unwrap(), Reply::Error("ERR nope".into()));
            assert_eq!(reader.buffered(), 0);
            assert!(matches!(reader.read_reply(&mut stream), Err(ReadError::Eof)));
        }
    }

    #[test]
    fn reader_keeps_extra_bytes_visible() {
        let mut reader = ReplyReader::new();
        let mut stream = Trickle { data: b":1\r\n+stray\r\n", step: 100 };
        assert_eq!(reader.read_reply(&mut stream).unwrap(), Reply::Int(1));
        assert_eq!(reader.buffered(), 8);
    }

    #[test]
    fn reader_reports_eof_mid_reply_and_garbage() {
        let mut reader = ReplyReader::new();
        let mut stream = Trickle { data: b"$10\r\nabc", step: 2 };
        assert!(matches!(reader.read_reply(&mut stream), Err(ReadError::Eof)));
        let mut reader = ReplyReader::new();
        let mut stream = Trickle { data: b"HTTP/1.1 400 Bad Request\r\n", step: 4 };
        assert!(matches!(reader.read_reply(&mut stream), Err(ReadError::Protocol(_))));
    }

    #[test]
    fn reader_reads_large_bulk() {
        let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut data = format!("${}\r\n", payload.len()).into_bytes();
        data.extend_from_slice(&payload);
        data.extend_from_slice(b"\r\n");
        let mut reader = ReplyReader::new();
        let mut stream = Trickle { data: &data, step: 7000 };
        assert_eq!(reader.read_reply(&mut stream).unwrap(), Reply::Bulk(Some(payload)));
        reader.shrink();
        assert_eq!(reader.buffered(), 0);
    }
}
