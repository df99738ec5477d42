//! One point in time by which an operation must end, passed down pool -> cluster -> connection
//! -> stream, so that every wait (connect, TLS, AUTH, write, each byte of a reply) draws on the
//! same budget. A signal (EINTR), a peer that drips one byte at a time or a reader that takes a
//! few bytes at a time cannot extend it: waits are computed from the deadline, never restarted.
use std::os::fd::RawFd;
use std::time::{Duration, Instant};
use std::{io, ptr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// `None`: no bound.
    end: Option<Instant>,
    /// The limit it was made from, for messages ("no reply within 0.5s").
    limit: Duration,
}

impl Deadline {
    /// No bound at all.
    pub const NONE: Deadline = Deadline { end: None, limit: Duration::ZERO };

    /// `limit` from now; zero means no limit (as in phpredis). Any positive limit is a bound,
    /// however small: a nanosecond expires at once. A limit too far to represent is no bound.
    pub fn after(limit: Duration) -> Deadline {
        if limit.is_zero() {
            return Deadline::NONE;
        }
        match Instant::now().checked_add(limit) {
            Some(end) => Deadline { end: Some(end), limit },
            None => Deadline::NONE,
        }
    }

    /// The earlier of two deadlines.
    pub fn earliest(self, other: Deadline) -> Deadline {
        match (self.end, other.end) {
            (Some(a), Some(b)) if b < a => other,
            (Some(_), _) => self,
            (None, _) => other,
        }
    }

    /// The limit this deadline was made from (zero when unbounded).
    pub fn limit(&self) -> Duration {
        self.limit
    }

    pub fn is_bounded(&self) -> bool {
        self.end.is_some()
    }

    pub fn expired(&self) -> bool {
        self.end.is_some_and(|end| Instant::now() >= end)
    }

    /// Time left: `Some(None)` unbounded, `None` when spent.
    pub fn remaining(&self) -> Option<Option<Duration>> {
        match self.end {
            None => Some(None),
            Some(end) => {
                let left = end.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    None
                } else {
                    Some(Some(left))
                }
            }
        }
    }

    /// Waits until `fd` is ready for `events` (`POLLIN`, `POLLOUT`) or this deadline passes.
    /// `Ok(true)`: ready (or in error or hung up: the next read or write says which);
    /// `Ok(false)`: the deadline passed. A signal only shortens one `ppoll`: the next one waits
    /// for what is left, to the nanosecond.
    pub fn wait(&self, fd: RawFd, events: libc::c_short) -> io::Result<bool> {
        loop {
            let left = match self.remaining() {
                None => return Ok(false),
                Some(left) => left,
            };
            let ts = left.map(|d| libc::timespec {
                tv_sec: d.as_secs().min(libc::time_t::MAX as u64) as libc::time_t,
                tv_nsec: d.subsec_nanos() as libc::c_long,
            });
            let mut pfd = libc::pollfd { fd, events, revents: 0 };
            let ts_ptr = ts.as_ref().map_or(ptr::null(), |t| t as *const libc::timespec);
            // SAFETY: `pfd` is one valid pollfd for the duration of the call; `ts_ptr` is null or
            // points to a timespec that lives until the call returns; a null sigmask keeps the
            // thread's signal mask.
            let rc = unsafe { libc::ppoll(&mut pfd, 1, ts_ptr, ptr::null()) };
            if rc > 0 {
                return Ok(true);
            }
            if rc < 0 {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
            // Timed out or interrupted: the loop asks the deadline what is left.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_no_bound_and_any_positive_limit_is_one() {
        assert!(!Deadline::after(Duration::ZERO).is_bounded());
        assert_eq!(Deadline::after(Duration::ZERO).remaining(), Some(None));
        let tiny = Deadline::after(Duration::from_nanos(1));
        assert!(tiny.is_bounded());
        std::thread::sleep(Duration::from_millis(1));
        assert!(tiny.expired());
        assert_eq!(tiny.remaining(), None);
        assert!(!Deadline::after(Duration::MAX).is_bounded(), "beyond what Instant holds: no bound");
    }

    #[test]
    fn earliest_wins() {
        let soon = Deadline::after(Duration::from_secs(1));
        let late = Deadline::after(Duration::from_secs(100));
        assert_eq!(soon.earliest(late), soon);
        assert_eq!(late.earliest(soon), soon);
        assert_eq!(Deadline::NONE.earliest(soon), soon);
        assert_eq!(soon.earliest(Deadline::NONE), soon);
        assert_eq!(Deadline::NONE.earliest(Deadline::NONE), Deadline::NONE);
    }

    #[test]
    fn waiting_on_a_silent_socket_ends_at_the_deadline() {
        let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
        use std::os::fd::AsRawFd;
        let deadline = Deadline::after(Duration::from_millis(20));
        assert!(!deadline.wait(a.as_raw_fd(), libc::POLLIN).unwrap());
        assert!(deadline.expired());
        assert!(Deadline::NONE.wait(a.as_raw_fd(), libc::POLLOUT).unwrap(), "writable at once");
    }
}
