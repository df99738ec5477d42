#!/usr/bin/env node
// TEST FIXTURE for the requests that get answers (fetchSockets, serverSideEmitWithAck,
// emitWithAck): the official socket.io 4.8 + @socket.io/redis-adapter (createAdapter or
// createShardedAdapter) or @socket.io/redis-streams-adapter 0.3 over node-redis, as users deploy them, plus what the answers are made
// of. Kept apart from server.mjs so those tests' fixture stays as it is.
//
//   node requests-server.mjs --redis URL[,URL...] [--cluster] [--adapter classic|sharded|streams|streams-0.2]
//        [--namespaces /,/admin] [--key socket.io] [--specific-channel] [--no-ack-listener]
//
// On connection a socket joins the rooms of its query (`rooms=r1,42`, all-digit names as
// numbers) and gets `socket.data = {user: <query.user>, port}`, plus `blob` (Buffer de ad) with
// `blob=1` and `when` (new Date(0)) with `when=1`. Every namespace answers the serverSideEmit
// events `sse-ack` (cb({port, got: [arg]})), `sse-bin` (cb(Buffer 01 02 03)) and `flush-cache`
// (cb({flushed: arg, port}), the README's example), unless
// --no-ack-listener: then it has no listener and never answers (a server that stays silent).
// stdout: one JSON record per line ({"event":"ready",...}, "reply"); stdin: JSON commands
// ({"id":1,"cmd":"fetchSockets","nsp":"/","rooms":[],"except":[]}); closing stdin stops it.
import { createServer } from "node:http";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createClient, createCluster } from "redis";
import { createClient as createClient4 } from "redis4";
import { createAdapter as createStreamsAdapter02 } from "redis-streams-adapter-0.2";
import { Server } from "socket.io";

const { values: opt } = parseArgs({
  options: {
    redis: { type: "string" },
    cluster: { type: "boolean", default: false },
    adapter: { type: "string", default: "classic" },
    namespaces: { type: "string", default: "/,/admin" },
    key: { type: "string", default: "socket.io" },
    "specific-channel": { type: "boolean", default: false },
    "no-ack-listener": { type: "boolean", default: false },
  },
});

// Buffers become {"$binary":"<hex>"}, as PHP prints SocketIO\Binary in these tests.
const plain = (_k, v) => (v && v.type === "Buffer" && Array.isArray(v.data) ? { $binary: Buffer.from(v.data).toString("hex") } : v);
const out = (record) => process.stdout.write(JSON.stringify(record, plain) + "\n");

// 0.2.x needs node-redis 4 (installed as "redis4"), also for its own run-time require("redis"):
// the same redirection as server.mjs's.
if (opt.adapter === "streams-0.2") {
  const redis4 = createRequire(import.meta.url).resolve("redis4");
  const resolve = Module._resolveFilename;
  const adapterDir = `${path.sep}redis-streams-adapter-0.2${path.sep}`;
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request === "redis" && parent?.filename?.includes(adapterDir)) return redis4;
    return resolve.call(this, request, parent, ...rest);
  };
}

async function redisClients() {
  const urls = opt.redis.split(",");
  const pub = opt.adapter === "streams-0.2"
    ? createClient4({ url: urls[0] })
    : opt.cluster ? createCluster({ rootNodes: urls.map((url) => ({ url })) }) : createClient({ url: urls[0] });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on("error", (err) => out({ event: "redis-error", message: String(err) }));
  await Promise.all([pub.connect(), sub.connect()]);
  return { pub, sub };
}

// The adapter subscribes without a promise: one more subscription on the same connection,
// awaited, proves Redis processed the adapter's before it (see server.mjs).
async function waitSubscribed(sub, namespaces) {
  for (const nsp of namespaces) {
    if (opt.adapter === "sharded") {
      const probe = `{${opt.key}#${nsp}#}ready-${process.pid}`;
      await sub.sSubscribe(probe, () => {});
      await sub.sUnsubscribe(probe);
    } else {
      const probe = `${opt.key}-ready#${nsp}#${process.pid}`;
      await sub.subscribe(probe, () => {});
      await sub.unsubscribe(probe);
    }
  }
}

const { pub, sub } = await redisClients();
const adapter =
  opt.adapter === "sharded"
    ? createShardedAdapter(pub, sub, { channelPrefix: opt.key })
    : opt.adapter === "streams"
      ? createStreamsAdapter(pub, { channelPrefix: opt.key })
      : opt.adapter === "streams-0.2"
      ? createStreamsAdapter02(pub, {})
      : createAdapter(pub, sub, { key: opt.key, publishOnSpecificResponseChannel: opt["specific-channel"] });
const httpServer = createServer();
const io = new Server(httpServer, { adapter });
await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
const { port } = httpServer.address();

const namespaces = opt.namespaces.split(",").filter(Boolean);
for (const name of namespaces) {
  const nsp = io.of(name);
  nsp.on("connection", (socket) => {
    const q = socket.handshake.query;
    socket.join(String(q.rooms ?? "").split(",").filter(Boolean).map((r) => (/^\d+$/.test(r) ? Number(r) : r)));
    socket.data = { user: q.user ?? null, port };
    if (q.blob) socket.data.blob = Buffer.from([0xde, 0xad]);
    if (q.when) socket.data.when = new Date(0);
  });
  if (!opt["no-ack-listener"]) {
    nsp.on("sse-ack", (arg, cb) => cb({ port, got: [arg] }));
    nsp.on("sse-bin", (cb) => cb(Buffer.from([1, 2, 3])));
    nsp.on("flush-cache", (what, cb) => cb({ flushed: what, port }));
  }
}
// The streams adapter 0.3 subscribes on a connection of its own: the tests wait for its NUMSUB.
if (!opt.adapter.startsWith("streams")) await waitSubscribed(sub, namespaces);
// 0.2.x reads the stream from "$" once its poller runs: entries written before are never read.
// Probe entries (uid "emitter") until one came back through the adapter, as server.mjs does.
if (opt.adapter === "streams-0.2") {
  for (const name of namespaces) {
    let seen = false;
    io.of(name).on("__ready", () => (seen = true));
    for (let round = 0; !seen; round++) {
      if (round > 300) throw new Error("the stream was never polled");
      await pub.xAdd("socket.io", "*", { uid: "emitter", nsp: name, type: "9", data: JSON.stringify({ packet: ["__ready"] }) });
      await new Promise((r) => setTimeout(r, 50));
    }
    io.of(name).removeAllListeners("__ready");
  }
}

async function control(cmd) {
  const nsp = io.of(cmd.nsp ?? "/");
  switch (cmd.cmd) {
    case "fetchSockets": {
      // The server's own answer for the same question, to compare PHP's with.
      const sockets = await nsp.in(cmd.rooms ?? []).except(cmd.except ?? []).fetchSockets();
      return sockets.map((s) => ({ id: s.id, handshake: s.handshake, rooms: [...s.rooms], data: s.data }));
    }
    case "serverCount":
      return nsp.adapter.serverCount();
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
}

createInterface({ input: process.stdin })
  .on("line", async (line) => {
    const cmd = JSON.parse(line);
    try {
      out({ event: "reply", id: cmd.id, data: await control(cmd) });
    } catch (err) {
      out({ event: "reply", id: cmd.id, error: String(err?.message ?? err) });
    }
  })
  .on("close", async () => {
    io.close();
    await Promise.allSettled([pub.disconnect(), sub.disconnect()]);
    process.exit(0);
  });

out({ event: "ready", port, pid: process.pid });
