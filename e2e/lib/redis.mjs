// Private redis-server processes for tests: each test file gets its own server on a free
// loopback port, so suites can run in parallel and never touch a Redis the machine already runs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerCleanup, stopChild } from "./cleanup.mjs";

const REDIS_SERVER = process.env.REDIS_SERVER || "redis-server";
// Set by tests/servers/run.sh (e.g. "Valkey version=9."): every server a test starts must say so in
// its startup banner, so a run meant for Valkey 9 fails rather than passing on another server.
const EXPECTED_SERVER = process.env.SOCKETIO_EXPECT_SERVER || "";

// The kernel picks the port; closing and reusing it races with other processes, which
// startRedis() absorbs by retrying on "Address already in use".
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a redis-server bound to 127.0.0.1 on a free port (or `port`), without persistence.
 * `args` are extra command-line options, e.g. ["--requirepass", "s3cret"] or
 * ["--cluster-enabled", "yes"]. `password` only shapes the returned `url`.
 *
 * Returns { host, port, url, dir, pid, stop(), kill(signal), output() }.
 */
export async function startRedis({ args = [], port, password, user, timeoutMs = 10000 } = {}) {
  const attempts = port ? 1 : 5;
  let lastError;
  for (let i = 0; i < attempts; i++) {
    const p = port || (await freePort());
    try {
      return await launch(p, args, { password, user, timeoutMs });
    } catch (err) {
      lastError = err;
      if (!/Address already in use/i.test(String(err.message))) break;
    }
  }
  throw lastError;
}

async function launch(port, args, { password, user, timeoutMs }) {
  const dir = mkdtempSync(path.join(tmpdir(), `e2e-redis-${port}-`));
  const child = spawn(
    REDIS_SERVER,
    [
      "--port", String(port),
      "--bind", "127.0.0.1",
      "--save", "",
      "--appendonly", "no",
      "--dir", dir,
      "--daemonize", "no",
      "--protected-mode", "no",
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));

  const exited = new Promise((resolve) => child.once("exit", (code, sig) => resolve({ code, sig })));
  const unregister = registerCleanup(() => child.kill("SIGKILL"));

  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server on port ${port} not ready after ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const onData = () => {
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on("data", onData);
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${REDIS_SERVER}: ${err.message}`));
      });
      exited.then(({ code, sig }) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${port} exited (${code ?? sig}) before ready:\n${output}`));
      });
    });
    if (!output.includes(EXPECTED_SERVER)) {
      throw new Error(`${REDIS_SERVER} on port ${port} is not the expected "${EXPECTED_SERVER}":\n${output}`);
    }
  } catch (err) {
    unregister();
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const auth = password != null
    ? `${user ? encodeURIComponent(user) : ""}:${encodeURIComponent(password)}@`
    : "";
  let stopped;
  return {
    host: "127.0.0.1",
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    dir,
    pid: child.pid,
    process: child,
    output: () => output,
    exited,
    kill(signal = "SIGKILL") {
      child.kill(signal);
      return exited;
    },
    // SIGTERM lets redis close client sockets cleanly; SIGKILL only if it hangs.
    stop() {
      stopped ??= (async () => {
        await stopChild(child, exited, () => child.kill("SIGTERM"), 3000);
        unregister();
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
