// A Redis Sentinel setup for tests: one master, one replica and three sentinels
// (`redis-server <conf> --sentinel`, quorum 2), all private processes on loopback, killed by the
// cleanup hooks whatever happens to the test.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "redis";
import { registerCleanup, stopChild } from "./cleanup.mjs";
import { freePort, startRedis } from "./redis.mjs";
import { waitUntil } from "./wait.mjs";

const REDIS_SERVER = process.env.REDIS_SERVER || "redis-server";

/** Down after 1 s without an answer: a busy 2-core machine does not fail over a healthy master. */
export const DOWN_AFTER_MS = 1000;

/**
 * Starts one sentinel watching `name` at 127.0.0.1:`masterPort`.
 * Returns { port, pid, output(), kill(), stop() }.
 */
export async function startSentinel({ name, masterPort, quorum = 2, timeoutMs = 10000 }) {
  let lastError;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), `e2e-sentinel-${port}-`));
    const conf = path.join(dir, "sentinel.conf");
    writeFileSync(
      conf,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        "daemonize no",
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} ${quorum}`,
        `sentinel down-after-milliseconds ${name} ${DOWN_AFTER_MS}`,
        `sentinel failover-timeout ${name} 5000`,
        `sentinel parallel-syncs ${name} 1`,
        "",
      ].join("\n"),
    );
    const child = spawn(REDIS_SERVER, [conf, "--sentinel"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise((resolve) => child.once("exit", (code, sig) => resolve({ code, sig })));
    const unregister = registerCleanup(() => child.kill("SIGKILL"));
    let gone = false;
    exited.then(() => (gone = true));
    try {
      await waitUntil(() => gone || /Sentinel ID is|\+monitor master/.test(output), {
        timeoutMs,
        message: () => `sentinel on port ${port} not ready:\n${output}`,
      });
      if (gone) throw new Error(`sentinel on port ${port} exited:\n${output}`);
    } catch (err) {
      lastError = err;
      unregister();
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      if (/Address already in use/i.test(output)) continue;
      throw err;
    }
    let stopped;
    return {
      port,
      pid: child.pid,
      output: () => output,
      kill() {
        child.kill("SIGKILL");
        return exited;
      },
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
  throw lastError;
}

/** `SENTINEL master <name>` as an object, from a short-lived client. */
async function sentinelMaster(port, name) {
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on("error", () => {});
  await client.connect();
  try {
    const reply = await client.sendCommand(["SENTINEL", "master", name]);
    if (!Array.isArray(reply)) return Object.fromEntries(Object.entries(reply).map(([k, v]) => [k, String(v)]));
    const fields = {}; // RESP2: a flat list of names and values
    for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
    return fields;
  } finally {
    await client.disconnect().catch(() => {});
  }
}

/**
 * Master, replica, three sentinels; resolves once the replica is in sync and every sentinel
 * knows the replica and the two other sentinels (only then can they fail over).
 *
 * Returns { name, master, replica, sentinels, url (redis+sentinel://...), stop() }.
 */
export async function startSentinelSetup({ name = "mymaster", timeoutMs = 60000 } = {}) {
  const master = await startRedis();
  const replica = await startRedis({ args: ["--replicaof", "127.0.0.1", String(master.port)] });
  const sentinels = [];
  for (let i = 0; i < 3; i++) sentinels.push(await startSentinel({ name, masterPort: master.port }));
  const setup = {
    name,
    master,
    replica,
    sentinels,
    url: `redis+sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(",")}/${name}`,
    stop: () => Promise.allSettled([master.stop(), replica.stop(), ...sentinels.map((s) => s.stop())]),
  };
  await waitUntil(
    async () => {
      const all = await Promise.all(sentinels.map((s) => sentinelMaster(s.port, name).catch(() => ({}))));
      return all.every((f) => f.flags === "master" && f["num-slaves"] === "1" && f["num-other-sentinels"] === "2");
    },
    { timeoutMs, intervalMs: 200, message: () => `sentinel setup not ready:\n${sentinels[0].output()}` },
  );
  return setup;
}
