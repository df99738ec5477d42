// Child processes (redis-server, Socket.IO servers) must not outlive a test file, even when it
// fails, times out or is interrupted: leftovers would hold ports and keep `node --test` waiting.
const hooks = new Set();
let installed = false;

function runAll() {
  for (const fn of hooks) {
    try {
      fn();
    } catch {
      // best effort: the process is going away anyway
    }
  }
  hooks.clear();
}

function install() {
  if (installed) return;
  installed = true;
  process.on("exit", runAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(sig, () => {
      runAll();
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]);
    });
  }
}

/** Registers a synchronous kill function; returns a function that unregisters it. */
export function registerCleanup(fn) {
  install();
  hooks.add(fn);
  return () => hooks.delete(fn);
}

/**
 * Asks a child process to stop (`ask()`: a signal, closing its stdin…) and waits for `exited`;
 * SIGKILL if it is still running after `graceMs`. Nothing to do when it has already exited.
 */
export async function stopChild(child, exited, ask, graceMs) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  ask();
  const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(t);
}
