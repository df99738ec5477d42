#!/usr/bin/env node
// TEST FIXTURE, NOT A SERVER TO DEPLOY. It lets any client pick its rooms (`?rooms=admin`) and
// allows every origin, because the tests need exactly that control. The server to run in front
// of real browsers is the companion server in ../server/ (PHP-issued room tokens, CORS from
// configuration, /healthz, graceful shutdown): see ../server/README.md.
//
// The reference Socket.IO server of the tests: the official socket.io 4.8 +
// @socket.io/redis-adapter over node-redis, the same packages and wiring users deploy, so what the
// extension is checked against is what users run. The end-to-end tests and `make demo` use it.
//
//   node server.mjs --redis redis://127.0.0.1:6379 [--port 3000] [--namespaces /,/admin]
//                   [--key socket.io] [--adapter classic|sharded] [--cluster]
//                   [--subscription-mode dynamic|static|dynamic-private]
//                   [--server-events hello,other] [--control]
//   --adapter streams | streams-0.2: @socket.io/redis-streams-adapter 0.3.1 (node-redis 6) or
//                   0.2.3 (node-redis 4.7.1), with [--stream-name socket.io] [--stream-count 1]
//                   [--max-len 10000] (0.3 only: --stream-count) and [--csr] (connectionStateRecovery)
//
// Clients choose their rooms with the handshake query `rooms=a,b,42`; all-digit names are joined
// as numbers, because the adapter matches room names by type and int rooms must be testable.
// `stringRooms=42` joins names as given, always strings (the room "42" as opposed to 42).
// Each line on stdout is one JSON record: {"event":"ready",...}, "connection", "disconnect",
// "serverSideEmit" (what reached a listener registered with io.of(nsp).on(name, ...)), "reply".
// With --control, stdin takes JSON commands ({"id":1,"cmd":"sockets","nsp":"/"}) and the server
// exits when stdin closes, so it dies with the test process that spawned it.
import { createServer } from "node:http";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createClient as createClientLatest, createCluster as createClusterLatest } from "redis";
import { createClient as createClient4, createCluster as createCluster4 } from "redis4";
import { createAdapter as createStreamsAdapter02 } from "redis-streams-adapter-0.2";
import { Server } from "socket.io";

const { values: opt } = parseArgs({
  options: {
    redis: { type: "string", default: process.env.REDIS_URL || "redis://127.0.0.1:6379" },
    port: { type: "string", default: process.env.PORT || "0" },
    host: { type: "string", default: "127.0.0.1" },
    namespaces: { type: "string", default: "/,/admin" },
    key: { type: "string", default: "socket.io" },
    adapter: { type: "string", default: "classic" },
    cluster: { type: "boolean", default: false },
    "subscription-mode": { type: "string", default: "dynamic" },
    "server-events": { type: "string", default: "hello" },
    control: { type: "boolean", default: false },
    "stream-name": { type: "string", default: "socket.io" },
    "stream-count": { type: "string", default: "1" },
    "max-len": { type: "string", default: "10000" },
    csr: { type: "boolean", default: false },
  },
});
const streams = opt.adapter === "streams" || opt.adapter === "streams-0.2";

const out = (record) => process.stdout.write(JSON.stringify(record, jsonReplacer) + "\n");

// Buffers become {"$binary":"<hex>"} so binary survives the JSON lines unambiguously.
function jsonReplacer(_key, value) {
  if (value && value.type === "Buffer" && Array.isArray(value.data)) {
    return { $binary: Buffer.from(value.data).toString("hex") };
  }
  return value;
}

function splitList(raw) {
  return typeof raw === "string" ? raw.split(",").filter(Boolean) : [];
}

function parseRooms(raw) {
  return splitList(raw).map((r) => (/^\d+$/.test(r) ? Number(r) : r));
}

function normaliseNsp(n) {
  return n.startsWith("/") ? n : "/" + n;
}

async function redisClients() {
  const urls = opt.redis.split(",").map((s) => s.trim()).filter(Boolean);
  // The streams adapter 0.2.x needs node-redis 4 (its XREAD passes v4-only command options).
  const [createClient, createCluster] = opt.adapter === "streams-0.2"
    ? [createClient4, createCluster4]
    : [createClientLatest, createClusterLatest];
  if (opt.cluster) {
    const pub = createCluster({ rootNodes: urls.map((url) => ({ url })) });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) c.on("error", (err) => out({ event: "redis-error", message: String(err) }));
    await Promise.all([pub.connect(), sub.connect()]);
    return { pub, sub };
  }
  const pub = createClient({ url: urls[0] });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on("error", (err) => out({ event: "redis-error", message: String(err) }));
  await Promise.all([pub.connect(), sub.connect()]);
  return { pub, sub };
}

// The adapter subscribes without exposing a promise. Subscribing one more channel on the same
// connection and awaiting it proves Redis has processed the adapter's subscriptions before it,
// so "ready" means an emit published now will be delivered. A hash tag on the namespace channel
// routes the sharded probe to the same cluster node as the adapter's main channel.
async function waitSubscribed(sub, namespaces) {
  const noop = () => {};
  for (const nsp of namespaces) {
    const main = `${opt.key}#${nsp}#`;
    if (opt.adapter === "sharded") {
      const probe = `{${main}}e2e-ready-${process.pid}`;
      await sub.sSubscribe(probe, noop);
      await sub.sUnsubscribe(probe);
    } else {
      const probe = `${opt.key}-e2e-ready#${nsp}#${process.pid}`;
      await sub.subscribe(probe, noop);
      await sub.unsubscribe(probe);
    }
  }
}

// The streams adapter reads its streams from "$" once its poller runs, so an entry added before
// that is never read. Probe entries (a serverSideEmit of READY_EVENT, uid "emitter" as 0.2.x
// servers expect from non-servers) go into every stream the server reads, until each one has
// come back through the adapter: then an entry added now is delivered.
const READY_EVENT = "__e2e_ready";
async function waitStreamsPolling(io, pub, nsp) {
  const count = opt.adapter === "streams" ? Number(opt["stream-count"]) : 1;
  const names = count === 1 ? [opt["stream-name"]] : [...Array(count).keys()].map((i) => `${opt["stream-name"]}-${i}`);
  const seen = new Set();
  io.of(nsp).on(READY_EVENT, (tag) => seen.add(tag));
  for (let round = 0; seen.size < names.length; round++) {
    if (round > 300) throw new Error(`streams never polled: ${[...seen]}`);
    await Promise.all(names.filter((n) => !seen.has(n)).map((name) =>
      pub.xAdd(name, "*", { uid: "emitter", nsp, type: "9", data: JSON.stringify({ packet: [READY_EVENT, name] }) })));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  io.of(nsp).removeAllListeners(READY_EVENT);
}

function makeAdapter(pub, sub) {
  const streamOptions = { streamName: opt["stream-name"], maxLen: Number(opt["max-len"]) };
  switch (opt.adapter) {
    case "sharded":
      return createShardedAdapter(pub, sub, { channelPrefix: opt.key, subscriptionMode: opt["subscription-mode"] });
    case "streams":
      return createStreamsAdapter(pub, { ...streamOptions, channelPrefix: opt.key, streamCount: Number(opt["stream-count"]) });
    case "streams-0.2":
      return createStreamsAdapter02(pub, streamOptions);
    default:
      return createAdapter(pub, sub, { key: opt.key });
  }
}

// 0.2.x calls require("redis") at run time for node-redis 4's commandOptions(); here "redis" is
// node-redis 6 (for everything else) and 4.7.1 is installed as "redis4". What a user's install
// has under "redis" (4.x, which 0.2.x needs), the adapter gets here too.
function redis4ForStreams02() {
  const redis4 = createRequire(import.meta.url).resolve("redis4");
  const resolve = Module._resolveFilename;
  const adapterDir = `${path.sep}redis-streams-adapter-0.2${path.sep}`;
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request === "redis" && parent?.filename?.includes(adapterDir)) return redis4;
    return resolve.call(this, request, parent, ...rest);
  };
}

async function main() {
  if (opt.adapter === "streams-0.2") redis4ForStreams02();
  const { pub, sub } = await redisClients();
  const adapter = makeAdapter(pub, sub);

  const httpServer = createServer();
  const io = new Server(httpServer, {
    adapter,
    cors: { origin: "*" },
    ...(opt.csr ? { connectionStateRecovery: { maxDisconnectionDuration: 60000 } } : {}),
  });

  const namespaces = opt.namespaces.split(",").map((s) => s.trim()).filter(Boolean).map(normaliseNsp);
  const serverEvents = opt["server-events"].split(",").map((s) => s.trim()).filter(Boolean);

  for (const name of namespaces) {
    const nsp = io.of(name);
    nsp.on("connection", (socket) => {
      const rooms = [
        ...parseRooms(socket.handshake.query.rooms),
        ...splitList(socket.handshake.query.stringRooms),
      ];
      socket.join(rooms);
      out({ event: "connection", nsp: name, id: socket.id, rooms, recovered: socket.recovered });
      socket.on("disconnect", (reason) => out({ event: "disconnect", nsp: name, id: socket.id, reason }));
    });
    for (const ev of serverEvents) {
      nsp.on(ev, (...args) => out({ event: "serverSideEmit", nsp: name, name: ev, args }));
    }
  }

  if (streams) {
    await waitStreamsPolling(io, pub, namespaces[0]);
  } else {
    await waitSubscribed(sub, namespaces);
  }
  await new Promise((resolve) => httpServer.listen(Number(opt.port), opt.host, resolve));
  const { port } = httpServer.address();

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await new Promise((resolve) => io.close(() => resolve()));
    await Promise.allSettled([pub.disconnect(), sub.disconnect()]);
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);

  if (opt.control) {
    const rl = createInterface({ input: process.stdin });
    rl.on("line", async (line) => {
      let cmd;
      try {
        cmd = JSON.parse(line);
        out({ event: "reply", id: cmd.id, data: await control(io, cmd) });
      } catch (err) {
        out({ event: "reply", id: cmd?.id, error: String(err?.message ?? err) });
      }
    });
    rl.on("close", shutdown);
  }

  out({ event: "ready", port, pid: process.pid, namespaces, adapter: opt.adapter, key: opt.key });
}

/** {"$binary": "<hex>"} (the records' form) back to a Buffer. */
function fromPlain(value) {
  if (value && typeof value === "object" && typeof value.$binary === "string") return Buffer.from(value.$binary, "hex");
  if (Array.isArray(value)) return value.map(fromPlain);
  return value;
}

async function control(io, cmd) {
  const nsp = io.of(normaliseNsp(cmd.nsp ?? "/"));
  switch (cmd.cmd) {
    case "sockets":
      return [...nsp.sockets.values()].map((s) => ({ id: s.id, rooms: [...s.rooms] }));
    case "serverCount":
      return await nsp.adapter.serverCount();
    // What the server itself publishes for the same call as an emitter's (byte comparisons).
    case "broadcast": {
      let op = nsp.to(cmd.rooms ?? []).except(cmd.except ?? []);
      if (cmd.volatile) op = op.volatile;
      if (cmd.compress !== undefined) op = op.compress(cmd.compress);
      op.emit(cmd.event, ...(cmd.args ?? []).map(fromPlain));
      return true;
    }
    case "socketsJoin":
      nsp.in(cmd.rooms ?? []).socketsJoin(cmd.join);
      return true;
    case "socketsLeave":
      nsp.in(cmd.rooms ?? []).socketsLeave(cmd.leave);
      return true;
    case "disconnectSockets":
      nsp.in(cmd.rooms ?? []).disconnectSockets(cmd.close ?? false);
      return true;
    case "serverSideEmit":
      nsp.serverSideEmit(cmd.event, ...(cmd.args ?? []).map(fromPlain));
      return true;
    case "shutdown":
      setImmediate(() => process.emit("SIGTERM"));
      return true;
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
}

main().catch((err) => {
  out({ event: "fatal", message: String(err?.stack ?? err) });
  process.exit(1);
});
