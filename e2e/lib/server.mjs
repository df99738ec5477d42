// Runs the reference server (../server.mjs) as a child process. Child processes rather than
// in-process servers: multi-server tests need several independent adapters (each with its own uid
// and Redis connections), a test can kill one, and a server that crashes on a bad message shows up
// as a failed test instead of taking the test runner down.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createInterface } from "node:readline";
import { registerCleanup, stopChild } from "./cleanup.mjs";
import { waitUntil } from "./wait.mjs";

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "server.mjs");

/**
 * Starts one Socket.IO server and resolves once its adapter's subscriptions are active.
 *
 * options: redisUrl (string, or an array of seed URLs with cluster: true), namespaces
 * (default ["/", "/admin"]), key, adapter ("classic" | "sharded" | "streams" | "streams-0.2"), streams, csr, cluster, subscriptionMode,
 * serverEvents (names whose serverSideEmit arrivals are recorded; default ["hello"]), env.
 *
 * Returns { port, url, pid, records, serverSideEmits(), waitFor(pred), sockets(nsp),
 * serverCount(nsp), kill(signal), stop() }.
 */
export async function startServer({
  redisUrl,
  namespaces = ["/", "/admin"],
  key = "socket.io",
  adapter = "classic",
  cluster = false,
  subscriptionMode = "dynamic",
  serverEvents = ["hello"],
  port = 0,
  env = {},
  timeoutMs = 15000,
  // Streams adapter (adapter "streams" or "streams-0.2"): {streamName, streamCount, maxLen}.
  streams = {},
  csr = false,
} = {}) {
  if (!redisUrl) throw new Error("startServer: redisUrl is required");
  const args = [
    SERVER,
    "--control",
    "--redis", Array.isArray(redisUrl) ? redisUrl.join(",") : redisUrl,
    "--port", String(port),
    "--namespaces", namespaces.join(","),
    "--key", key,
    "--adapter", adapter,
    "--subscription-mode", subscriptionMode,
    "--server-events", serverEvents.join(","),
  ];
  if (cluster) args.push("--cluster");
  if (csr) args.push("--csr");
  if (streams.streamName) args.push("--stream-name", streams.streamName);
  if (streams.streamCount) args.push("--stream-count", String(streams.streamCount));
  if (streams.maxLen) args.push("--max-len", String(streams.maxLen));

  const child = spawn(process.execPath, args, {
    cwd: path.dirname(SERVER),
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const unregister = registerCleanup(() => child.kill("SIGKILL"));
  const exited = new Promise((resolve) => child.once("exit", (code, sig) => resolve({ code, sig })));

  const records = [];
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const pending = new Map();
  createInterface({ input: child.stdout }).on("line", (line) => {
    let rec;
    try {
      rec = JSON.parse(line);
    } catch {
      rec = { event: "stdout", line };
    }
    if (rec.event === "reply" && pending.has(rec.id)) {
      const { resolve, reject } = pending.get(rec.id);
      pending.delete(rec.id);
      rec.error ? reject(new Error(rec.error)) : resolve(rec.data);
      return;
    }
    records.push(rec);
  });

  const describe = () => `server pid ${child.pid}\nrecords: ${JSON.stringify(records)}\nstderr: ${stderr}`;

  try {
    await Promise.race([
      waitUntil(() => records.find((r) => r.event === "ready"), {
        timeoutMs,
        message: () => `Socket.IO server not ready: ${describe()}`,
      }),
      exited.then(({ code, sig }) => {
        throw new Error(`Socket.IO server exited (${code ?? sig}) before ready: ${describe()}`);
      }),
    ]);
  } catch (err) {
    unregister();
    child.kill("SIGKILL");
    throw err;
  }
  const ready = records.find((r) => r.event === "ready");

  let nextId = 1;
  const command = (cmd, extra = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.stdin.write(JSON.stringify({ id, cmd, ...extra }) + "\n");
    });

  let stopped;
  return {
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid,
    process: child,
    exited,
    records,
    stderr: () => stderr,
    serverSideEmits: (nsp) =>
      records.filter((r) => r.event === "serverSideEmit" && (nsp == null || r.nsp === nsp)),
    waitFor: (pred, opts = {}) =>
      waitUntil(() => records.find(pred), { message: () => `server never saw the record: ${describe()}`, ...opts }),
    /** [{id, rooms}] of the sockets connected to `nsp` on this server, as the server sees them. */
    sockets: (nsp = "/") => command("sockets", { nsp }),
    serverCount: (nsp = "/") => command("serverCount", { nsp }),
    /** Runs a control command (broadcast, socketsJoin, ...: see server.mjs) and waits for its reply. */
    command,
    kill(signal = "SIGKILL") {
      child.kill(signal);
      return exited;
    },
    // Closing stdin is the server's cue to shut down gracefully (see --control).
    stop() {
      stopped ??= (async () => {
        await stopChild(child, exited, () => child.stdin.end(), 5000);
        unregister();
      })();
      return stopped;
    },
  };
}
