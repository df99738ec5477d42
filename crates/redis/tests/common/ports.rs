//! Loopback ports for test servers that nothing else will take, not even while a test has
//! stopped its server to restart it.
//!
//! Why not `bind(0)`: those ports come from the kernel's ephemeral range, which every `bind(0)`
//! and every outgoing connection of every process on the machine draws from. While a test's
//! server is down for a restart its port is free, and another test process (several suites run
//! at once on a shared machine) could start its own redis-server there; the restart's readiness
//! probe would then get a PONG from that foreign server and the test would go on against it
//! (confirmed publishes "lost", "never recovered"). A client socket could even be given that
//! port as its source port and connect to itself.
//!
//! So: ports just below the ephemeral range, which the kernel never hands out by itself, each
//! claimed by an exclusive `flock` on a file named after it. The lock is held until the process
//! exits (the kernel drops it even on SIGKILL), so concurrent test processes never share a port,
//! and a test process never reuses one either.
#![allow(dead_code)]

use std::fs::{File, OpenOptions};
use std::net::TcpListener;
use std::os::fd::AsRawFd;
use std::sync::Mutex;

/// Ports claimed by this process, with the open lock files that claim them.
static HELD: Mutex<Vec<(u16, File)>> = Mutex::new(Vec::new());

/// How many ports below the ephemeral range to draw from.
const SPAN: u16 = 10_000;

/// A port no other process or test holds and nothing listens on right now.
pub fn reserve() -> u16 {
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    let low = ephemeral_low();
    if low < SPAN + 1024 {
        // A machine whose ephemeral range starts low: no safe band below it.
        return reserve_ephemeral(&mut held);
    }
    let dir = std::env::temp_dir().join("socketio-test-ports");
    std::fs::create_dir_all(&dir).expect("create the port lock directory");
    let mut rng = Seed::new();
    for _ in 0..1000 {
        let port = low - 1 - (rng.next() % u64::from(SPAN)) as u16;
        if held.iter().any(|(p, _)| *p == port) {
            continue;
        }
        let Ok(lock) =
            OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(format!("{port}.lock")))
        else {
            continue;
        };
        // SAFETY: flock on a descriptor this function owns; no memory is involved.
        if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            continue; // another test process holds it
        }
        // Something outside the tests (a developer's redis) may listen there.
        if TcpListener::bind(("127.0.0.1", port)).is_err() {
            continue;
        }
        held.push((port, lock));
        return port;
    }
    panic!("no free port below {low} after 1000 tries");
}

fn reserve_ephemeral(held: &mut Vec<(u16, File)>) -> u16 {
    loop {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if !held.iter().any(|(p, _)| *p == port) {
            let placeholder = File::open("/dev/null").expect("/dev/null");
            held.push((port, placeholder));
            return port;
        }
    }
}

/// The first port of `net.ipv4.ip_local_port_range` (32768 on Linux by default).
fn ephemeral_low() -> u16 {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(32768)
}

/// xorshift64*, seeded by pid and time: different processes probe different ports first.
struct Seed(u64);

impl Seed {
    fn new() -> Seed {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
        Seed((u64::from(std::process::id()) << 32) ^ nanos | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}
