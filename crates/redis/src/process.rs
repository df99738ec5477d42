//! Which process we are, cheaply: connections compare it on every use to tell a socket
//! inherited through fork, and getpid(2) is a real system call (hundreds of nanoseconds in
//! a container) where an atomic load will do.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;

static PID: AtomicU32 = AtomicU32::new(0);
static REGISTER: Once = Once::new();

/// The current process id, kept up to date across fork by a pthread_atfork child handler.
pub fn current() -> u32 {
    REGISTER.call_once(|| {
        PID.store(std::process::id(), Ordering::Relaxed);
        // If registration fails (ENOMEM), fall back to asking the kernel every time.
        // SAFETY: registers a plain extern "C" function that only stores to an atomic.
        if unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) } != 0 {
            PID.store(0, Ordering::Relaxed);
        }
    });
    match PID.load(Ordering::Relaxed) {
        0 => std::process::id(),
        pid => pid,
    }
}

/// Runs in the child right after fork; getpid is async-signal-safe.
extern "C" fn after_fork_in_child() {
    // SAFETY: getpid(2) has no preconditions.
    PID.store(unsafe { libc::getpid() } as u32, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_the_kernel() {
        assert_eq!(super::current(), std::process::id());
        assert_eq!(super::current(), std::process::id());
    }
}
