// A private Redis Cluster on loopback for the end-to-end tests: 3 masters with one replica each,
// built with `redis-cli --cluster create`, the way users set one up. Each node is a startRedis()
// process (so the cleanup hooks kill it even when a test fails), with its cluster bus on a port of
// its own rather than port+10000, which may be taken or beyond 65535 for high ephemeral ports.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { freePort, startRedis } from "./redis.mjs";
import { sleep, waitUntil } from "./wait.mjs";

const run = promisify(execFile);
const REDIS_CLI = process.env.REDIS_CLI || "redis-cli";

/** CRC16/XMODEM of the key or its {hash tag}, mod 16384: the cluster slot of a channel. */
export function keySlot(key) {
  let bytes = Buffer.from(key);
  const open = bytes.indexOf(0x7b); // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc & 0x3fff;
}

/** One line of CLUSTER NODES. */
function parseNodes(text) {
  return text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const f = line.trim().split(" ");
      const addr = f[1].split("@")[0];
      const flags = f[2].split(",");
      return {
        id: f[0],
        port: Number(addr.slice(addr.lastIndexOf(":") + 1)),
        master: flags.includes("master"),
        failed: flags.includes("fail"),
        masterId: f[3] === "-" ? null : f[3],
        connected: f[7] === "connected",
        slots: f
          .slice(8)
          .filter((s) => !s.startsWith("["))
          .map((s) => (s.includes("-") ? s.split("-").map(Number) : [Number(s), Number(s)])),
      };
    });
}

const owns = (node, slot) => node.slots.some(([a, b]) => a <= slot && slot <= b);

/**
 * Starts the cluster and resolves once every node reports `cluster_state:ok`, sees all 6 nodes
 * with one replica per master, and every replica has synced (an unsynced replica cannot be
 * promoted, which would make a failover test hang).
 *
 * nodeTimeoutMs: cluster-node-timeout. Failover takes about 2× this; 2000 keeps a failover test
 * at a few seconds without false failovers on a busy 2-core machine.
 *
 * Returns { nodes: [{port, url, redis}], ports, seeds (URLs), cli(port, ...args), clusterNodes(),
 * masters(), masterOf(slot), replicasOf(master), channelOwner(channel), kill(port),
 * waitPromoted(slot, oldPort), stop() }.
 */
export async function startCluster({ masters = 3, nodeTimeoutMs = 2000, password, timeoutMs = 30000 } = {}) {
  const count = masters * 2;
  const nodes = [];
  const env = password ? { ...process.env, REDISCLI_AUTH: password } : process.env;
  try {
    for (let i = 0; i < count; i++) {
      nodes.push(await startNode({ nodeTimeoutMs, password }));
    }
    const ports = nodes.map((n) => n.port);
    const create = await run(
      REDIS_CLI,
      ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"],
      { env, timeout: timeoutMs },
    ).catch((err) => {
      throw new Error(`redis-cli --cluster create failed: ${err.stdout ?? ""}${err.stderr ?? ""}${err.message}`);
    });
    void create;
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.redis.stop()));
    throw err;
  }

  const live = new Set(nodes.map((n) => n.port));
  const cli = async (port, ...args) => {
    const { stdout } = await run(REDIS_CLI, ["-p", String(port), ...args], { env, timeout: 10000 });
    return stdout;
  };
  const anyLive = () => [...live][0];
  const clusterNodes = async (port = anyLive()) => parseNodes(await cli(port, "CLUSTER", "NODES"));

  const cluster = {
    nodes,
    ports: nodes.map((n) => n.port),
    seeds: nodes.map((n) => n.url),
    password,
    cli,
    clusterNodes,
    async masters() {
      return (await clusterNodes()).filter((n) => n.master && !n.failed && n.slots.length > 0);
    },
    async masterOf(slot) {
      const m = (await clusterNodes()).find((n) => n.master && !n.failed && owns(n, slot));
      if (!m) throw new Error(`no master serves slot ${slot}`);
      return m;
    },
    async replicasOf(master) {
      return (await clusterNodes()).filter((n) => n.masterId === master.id);
    },
    /** The master that owns `channel`'s slot. */
    channelOwner(channel) {
      return cluster.masterOf(keySlot(channel));
    },
    /** Sharded subscribers of `channel` on its owner (PUBSUB SHARDNUMSUB). */
    async shardNumSub(channel) {
      const owner = await cluster.channelOwner(channel);
      const out = (await cli(owner.port, "PUBSUB", "SHARDNUMSUB", channel)).trim().split("\n");
      return Number(out[1]);
    },
    /** SIGKILL: a crashed machine, nothing flushed or announced. */
    async kill(port) {
      const node = nodes.find((n) => n.port === port);
      live.delete(port);
      await node.redis.kill("SIGKILL");
    },
    /** Waits until a live node reports `slot` served by a master other than `oldPort`. */
    async waitPromoted(slot, oldPort, { timeoutMs: limit = 20000 } = {}) {
      return waitUntil(
        async () => (await clusterNodes()).find((n) => n.port !== oldPort && n.master && !n.failed && owns(n, slot)),
        { timeoutMs: limit, intervalMs: 50, message: `no replica took over slot ${slot}` },
      );
    },
    async stop() {
      await Promise.allSettled(nodes.map((n) => n.redis.stop()));
    },
  };

  try {
    await waitHealthy(cluster, count, timeoutMs);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

async function startNode({ nodeTimeoutMs, password }) {
  let lastError;
  // The two ports are picked free, then bound by redis-server: a rare race with another process
  // shows up as "Address already in use" and is retried with new ports.
  for (let attempt = 0; attempt < 5; attempt++) {
    const [port, bus] = [await freePort(), await freePort()];
    if (port === bus) continue;
    try {
      const redis = await startRedis({
        port,
        password,
        args: [
          "--cluster-enabled", "yes",
          "--cluster-port", String(bus),
          "--cluster-config-file", `nodes-${port}.conf`,
          "--cluster-node-timeout", String(nodeTimeoutMs),
          // Replicas sync at once, not after the default 5 s diskless delay.
          "--repl-diskless-sync-delay", "0",
          ...(password ? ["--requirepass", password, "--masterauth", password] : []),
        ],
      });
      return { port, url: redis.url, redis };
    } catch (err) {
      lastError = err;
      if (!/Address already in use/i.test(String(err.message))) break;
    }
  }
  throw lastError;
}

async function waitHealthy(cluster, count, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      let ok = true;
      for (const port of cluster.ports) {
        const info = await cluster.cli(port, "CLUSTER", "INFO");
        const view = parseNodes(await cluster.cli(port, "CLUSTER", "NODES"));
        const masters = view.filter((n) => n.master && n.slots.length > 0);
        const replicated = masters.every((m) => view.some((n) => n.masterId === m.id));
        const repl = await cluster.cli(port, "INFO", "replication");
        const synced = !repl.includes("role:slave") || repl.includes("master_link_status:up");
        if (!info.includes("cluster_state:ok") || view.length !== count || masters.length * 2 !== count || !replicated || !synced) {
          ok = false;
          last = `node ${port}: ${info.split("\n")[0].trim()}, ${view.length} nodes, ${masters.length} masters, synced ${synced}`;
          break;
        }
      }
      if (ok) return;
    } catch (err) {
      last = err.message;
    }
    if (Date.now() > deadline) throw new Error(`Redis Cluster not healthy after ${timeoutMs} ms: ${last}`);
    await sleep(100);
  }
}

/**
 * Room names whose channels `<key>#<nsp>#<room>#` hash to `n` distinct slots, covering every
 * master: the rooms of a real app spread over all shards.
 */
export async function roomsOnDistinctSlots(cluster, n, { key = "socket.io", nsp = "/", prefix = "room-" } = {}) {
  const masters = await cluster.masters();
  const rooms = [];
  const slots = new Set();
  for (let i = 0; rooms.length < n; i++) {
    const room = `${prefix}${i}`;
    const slot = keySlot(`${key}#${nsp}#${room}#`);
    if (slots.has(slot)) continue;
    slots.add(slot);
    rooms.push(room);
  }
  const covered = new Set(rooms.map((r) => masters.find((m) => owns(m, keySlot(`${key}#${nsp}#${r}#`)))?.port));
  if (covered.size !== masters.length) throw new Error(`rooms cover ${covered.size} of ${masters.length} masters`);
  return rooms;
}
