// Graceful shutdown on SIGTERM (systemd, Docker, Kubernetes) and SIGINT (Ctrl-C): stop accepting,
// disconnect the clients (they reconnect to another server), unsubscribe and close Redis, exit 0.
// Every step has its own time bound, so a dead Redis or a stuck client cannot hold the process
// past --shutdown-timeout; a second signal exits at once.
import { closeRedis } from "./redis.mjs";
import { errorText, log } from "./log.mjs";

function within(promise, ms) {
  let timer;
  return Promise.race([
    promise.then(() => true),
    new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Installs the signal handlers. `parts()` returns what exists so far ({io, httpServer, redis}),
 * since a signal can arrive while the server is still connecting to Redis.
 */
export function installShutdown(config, state, parts) {
  const shutdown = async (signal) => {
    if (state.shuttingDown) {
      log("warn", "second signal during shutdown, exiting now", { signal });
      process.exit(1);
    }
    state.shuttingDown = true;
    const started = Date.now();
    log("info", "shutting down", { signal, timeout_ms: config.shutdownTimeoutMs });
    // Last resort: nothing below should take this long, but the bound must hold regardless.
    setTimeout(() => {
      log("error", "shutdown timed out, exiting", { timeout_ms: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();

    const { io, httpServer, redis } = parts();
    const step = Math.floor(config.shutdownTimeoutMs * 0.4);
    try {
      if (io) {
        // Closes every socket, the adapters (unsubscribing) and the HTTP server.
        const closed = await within(new Promise((resolve) => io.close(() => resolve())), step);
        if (!closed) log("warn", "clients or adapters did not close in time", { waited_ms: step });
      }
      httpServer?.closeAllConnections();
      if (redis) await closeRedis(redis, step);
    } catch (err) {
      log("error", "error during shutdown", { error: errorText(err) });
    }
    log("info", "stopped", { took_ms: Date.now() - started });
    process.exit(0);
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
