// fetchSockets(), serverSideEmitWithAck() and emitWithAck() against the official Socket.IO
// servers (socket.io 4.8 + @socket.io/redis-adapter 8.3: createAdapter with both response-channel
// settings, createShardedAdapter), on a standalone Redis and on a Redis Cluster, with real
// socket.io-client clients. Answers are compared with what the servers and clients hold: the
// servers' own io.fetchSockets() for the same rooms, each client's ack. Timeouts carry the
// answers that came (a client that never acks, a server without a listener), and a namespace
// no server has returns [] without publishing anything.
import assert from "node:assert/strict";
import { after, before, describe as suite, test } from "node:test";
import { createClient } from "redis";
import { startCluster } from "../lib/cluster.mjs";
import { closeAll, connectClient, startRedis, waitUntil } from "../lib/index.mjs";
import { php, startRequestsServer } from "../lib/requests.mjs";

const byId = (list) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
const sorted = (list) => [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** The JSON path's Buffer ({"type":"Buffer","data":[...]}) as the fixture prints Buffers. */
function buffersAsBinary(v) {
  if (Array.isArray(v)) return v.map(buffersAsBinary);
  if (v && typeof v === "object") {
    if (v.type === "Buffer" && Array.isArray(v.data)) return { $binary: Buffer.from(v.data).toString("hex") };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, buffersAsBinary(x)]));
  }
  return v;
}

/** PHP arrays print an empty map as [], as they print an empty list. */
function emptyAsList(v) {
  if (Array.isArray(v)) return v.map(emptyAsList);
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    return entries.length === 0 ? [] : Object.fromEntries(entries.map(([k, x]) => [k, emptyAsList(x)]));
  }
  return v;
}

/** A client that acks `ask` with "pong-<name>" (and a second argument, which must not travel)
 * and `askbin` with bytes 01 02 03; `mute` clients never call back. */
async function client(server, name, { rooms = [], nsp = "/", mute = false, lateMs = 0, query = {} } = {}) {
  const c = await connectClient(server.url, { nsp, rooms, name, query: { user: name, ...query } });
  c.socket.on("ask", (q, cb) => {
    if (mute) return;
    if (lateMs) setTimeout(() => cb(`pong-${name}`), lateMs);
    else cb(`pong-${name}`, "second-arg-ignored");
  });
  c.socket.on("askbin", (cb) => {
    if (!mute) cb(Buffer.from([1, 2, 3]));
  });
  return c;
}

/**
 * Two servers A and B; c1 (A: r1, r3), c2 (A: r2, 42, data.blob), c3 (B: r1, r2, data.when),
 * mute (B: r3, never acks), late (B: r4, acks 1.2 s after the question), a1 (B, /admin: r1).
 */
function scenario(getTarget, { adapter, cluster = false, specificChannel = false }) {
  const flavour = adapter === "classic" ? "classic" : "cluster";
  const options = adapter === "classic" ? {} : { adapter: adapter.startsWith("streams") ? "streams" : adapter };
  /** The streams adapter subscribes on a connection of its own, after its server is up. */
  const settled = async (servers) => {
    if (!adapter.startsWith("streams")) return;
    const admin = createClient({ url: adapter === "streams-0.2" ? target : undefined });
    if (adapter === "streams-0.2") await admin.connect();
    try {
      await waitUntil(async () => {
        if (adapter === "streams-0.2") {
          // What PHP counts: distinct server uids with an entry per namespace in the last 10 s.
          const entries = await admin.sendCommand(["XRANGE", "socket.io", String(Date.now() - 10000), "+"]);
          return ["/", "/admin"].every((nsp) => {
            const uids = new Set();
            for (const [, f] of entries) {
              const m = Object.fromEntries(f.flatMap((v, i) => (i % 2 ? [] : [[v, f[i + 1]]])));
              if (m.nsp === nsp && m.uid !== "emitter") uids.add(m.uid);
            }
            return uids.size === servers;
          });
        }
        // 0.3: the servers' subscriptions, counted as PHP counts them (summed over cluster nodes).
        const counts = await php(target, options, `out([$io->serverCount(), $io->of('/admin')->serverCount()]);`);
        return counts.every((n) => n === servers);
      }, { timeoutMs: 15000, message: `the streams servers never all showed up (${servers})` });
    } finally {
      if (admin.isOpen) await admin.quit();
    }
  };
  let target, A, B, clients;
  const serverOpts = () => ({ redisUrl: target, cluster, adapter, specificChannel });

  before(async () => {
    target = getTarget();
    [A, B] = await Promise.all([startRequestsServer(serverOpts()), startRequestsServer(serverOpts())]);
    await settled(2);
    clients = {
      c1: await client(A, "c1", { rooms: ["r1", "r3"] }),
      c2: await client(A, "c2", { rooms: ["r2", "42"], query: { blob: 1 } }),
      c3: await client(B, "c3", { rooms: ["r1", "r2"], query: { when: 1 } }),
      mute: await client(B, "mute", { rooms: ["r3"], mute: true }),
      late: await client(B, "late", { rooms: ["r4"], lateMs: 1200 }),
      a1: await client(B, "a1", { nsp: "/admin", rooms: ["r1"] }),
    };
  });
  after(async () => {
    if (clients) closeAll(clients);
    await Promise.all([A?.stop(), B?.stop()]);
  });

  test("fetchSockets equals the servers' own io.fetchSockets() for the same rooms", async () => {
    const asks = [
      { nsp: "/", rooms: [], except: [] },
      { nsp: "/", rooms: ["r1"], except: [] },
      { nsp: "/", rooms: [42], except: [] },
      { nsp: "/", rooms: ["r1"], except: ["r2"] },
      { nsp: "/admin", rooms: [], except: [] },
    ];
    const got = await php(
      target,
      options,
      `$r = [];
foreach ($in as $q) {
    $op = $io->of($q['nsp'])->to($q['rooms']);
    if ($q['except']) $op = $op->except($q['except']);
    $r[] = $op->fetchSockets();
}
out($r);`,
      asks,
    );
    for (const [i, q] of asks.entries()) {
      const official = await A.fetchSockets(q);
      assert.deepEqual(byId(buffersAsBinary(got[i])), byId(emptyAsList(official)), `fetchSockets ${JSON.stringify(q)}`);
    }
    const ids = (i) => got[i].map((s) => s.id).sort();
    const id = (c) => clients[c].id;
    assert.deepEqual(ids(0), [id("c1"), id("c2"), id("c3"), id("mute"), id("late")].sort(), "every socket of /");
    assert.deepEqual(ids(1), [id("c1"), id("c3")].sort(), "room r1");
    assert.deepEqual(ids(2), [id("c2")], "numeric room 42");
    assert.deepEqual(ids(3), [id("c1")], "r1 except r2");
    assert.deepEqual(ids(4), [id("a1")], "namespace /admin");
    const c2 = got[0].find((s) => s.id === id("c2"));
    assert.deepEqual(Object.keys(c2), ["id", "handshake", "rooms", "data"]);
    assert.deepEqual(c2.rooms, [id("c2"), "r2", 42], "numeric rooms stay ints");
    assert.equal(typeof c2.handshake.issued, "number");
    assert.deepEqual(c2.data, { user: "c2", port: A.port, blob: { $binary: "dead" } }, "binary: SocketIO\\Binary on every path");
    const c3 = got[0].find((s) => s.id === id("c3"));
    assert.deepEqual(c3.data, { user: "c3", port: B.port, when: "1970-01-01T00:00:00.000Z" }, "Dates as strings");
  });

  test("serverSideEmitWithAck: one answer per server", async () => {
    const got = await php(
      target,
      options,
      `out([$io->serverSideEmitWithAck('sse-ack', 'hello'), $io->timeout(3)->serverSideEmitWithAck('sse-bin'), $io->of('/admin')->serverSideEmitWithAck('sse-ack', ['x' => 1])]);`,
    );
    assert.deepEqual(sorted(got[0]), sorted([{ port: A.port, got: ["hello"] }, { port: B.port, got: ["hello"] }]));
    const bin = { $binary: "010203" };
    assert.deepEqual(got[1], [bin, bin]);
    assert.deepEqual(sorted(got[2]), sorted([{ port: A.port, got: [{ x: 1 }] }, { port: B.port, got: [{ x: 1 }] }]));
  });

  test("emitWithAck: one answer per client that acked, first argument only", async () => {
    const got = await php(
      target,
      options,
      `out([$io->to('r1')->emitWithAck('ask', 'q'), $io->to(42)->emitWithAck('askbin'), $io->to('r1')->except('r2')->emitWithAck('ask', 'q'), $io->to('nobody')->emitWithAck('ask'), $io->of('/admin')->emitWithAck('ask', new SocketIO\\Binary("\\x00"))]);`,
    );
    assert.deepEqual(got[0].sort(), ["pong-c1", "pong-c3"]);
    assert.deepEqual(got[1], [{ $binary: "010203" }], "a binary ack");
    assert.deepEqual(got[2], ["pong-c1"]);
    assert.deepEqual(got[3], [], "no client in the room: every server says 0 and the call ends");
    assert.deepEqual(got[4], ["pong-a1"]);
    for (const c of ["c1", "c3"]) {
      assert.ok(clients[c].received("ask").some((args) => args[0] === "q"), `${c} got the question`);
    }
    assert.deepEqual(clients.a1.received("ask").at(-1).slice(0, 1), [{ $binary: "00" }], "binary argument as a Buffer");
  });

  test("a client that never acks: TimeoutException with the acks that came", async () => {
    const got = await php(target, options, `out(attempt(fn() => $io->to('r3')->timeout(1.5)->emitWithAck('ask', 'q')));`);
    assert.match(got.timeout, /^emitWithAck\(\): timed out after 1\.5s: 1 of 2 client acknowledgements; 2 of 2 servers sent their client count$/);
    assert.equal(got.code, 10);
    assert.deepEqual(got.partial, ["pong-c1"]);
    assert.equal(got.expected, 2);
  });

  test("a late ack is not taken for an answer to the next call", async () => {
    // The first call gives up at 0.5 s; "late" acks at 1.2 s, while the second call (to r3,
    // where "mute" never acks) is waiting: the second call gets its own answers only.
    const got = await php(
      target,
      options,
      `out([attempt(fn() => $io->to('r4')->timeout(0.5)->emitWithAck('ask', 'q')), attempt(fn() => $io->to('r3')->timeout(1.5)->emitWithAck('ask', 'q'))]);`,
    );
    assert.deepEqual([got[0].partial, got[0].expected], [[], 1], JSON.stringify(got));
    assert.deepEqual([got[1].partial, got[1].expected], [["pong-c1"], 2], JSON.stringify(got));
    assert.equal(clients.late.count("ask"), 1, "the question reached the late client");
  });

  test("a server without a listener: TimeoutException with the other servers' answers", async () => {
    const silent = await startRequestsServer({ ...serverOpts(), ackListener: false });
    try {
      await settled(3);
      const got = await php(target, options, `out(attempt(fn() => $io->timeout(1)->serverSideEmitWithAck('sse-ack', 'hi')));`);
      assert.equal(got.timeout, "serverSideEmitWithAck(): timed out after 1s: 2 of 3 servers answered");
      assert.deepEqual(sorted(got.partial), sorted([{ port: A.port, got: ["hi"] }, { port: B.port, got: ["hi"] }]));
      assert.equal(got.expected, 3);
    } finally {
      await silent.stop();
    }
  });

  test("a namespace no server has: [] at once", async () => {
    const got = await php(target, options, `$n = $io->of('/nobody'); out([$n->fetchSockets(), $n->serverSideEmitWithAck('sse-ack'), $n->emitWithAck('ask')]);`);
    assert.deepEqual(got, [[], [], []]);
  });
}

suite("standalone Redis", () => {
  let redis;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });
  suite("classic adapter", () => scenario(() => redis.url, { adapter: "classic" }));
  suite("classic adapter, publishOnSpecificResponseChannel", () =>
    scenario(() => redis.url, { adapter: "classic", specificChannel: true }));
  suite("sharded adapter", () => scenario(() => redis.url, { adapter: "sharded" }));
  suite("streams adapter 0.3 (requests over pub/sub)", () => scenario(() => redis.url, { adapter: "streams" }));
  suite("streams adapter 0.2 (requests and answers in the stream)", () =>
    scenario(() => redis.url, { adapter: "streams-0.2" }));

  test("no server: nothing is published, nothing subscribed", async () => {
    const admin = createClient({ url: redis.url });
    await admin.connect();
    try {
      const stats = async () => {
        const info = await admin.info("commandstats");
        const calls = (cmd) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
        return { publish: calls("publish"), spublish: calls("spublish"), subscribe: calls("subscribe"), ssubscribe: calls("ssubscribe") };
      };
      const before = await stats();
      const got = await php(
        redis.url,
        {},
        `$s = new SocketIO\\Emitter($target, ['adapter' => 'sharded']);
out([$io->fetchSockets(), $io->serverSideEmitWithAck('e'), $io->emitWithAck('e'), $s->fetchSockets(), $s->emitWithAck('e')]);`,
      );
      assert.deepEqual(got, [[], [], [], [], []]);
      assert.deepEqual(await stats(), before);
    } finally {
      await admin.quit();
    }
  });
});

suite("Redis Cluster", () => {
  let cluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop();
  });
  suite("classic adapter over a cluster (NUMSUB summed over the nodes)", () =>
    scenario(() => cluster.seeds, { adapter: "classic", cluster: true }));
  suite("sharded adapter over a cluster (SSUBSCRIBE on the slot owner)", () =>
    scenario(() => cluster.seeds, { adapter: "sharded", cluster: true }));
  suite("streams adapter 0.3 over a cluster", () => scenario(() => cluster.seeds, { adapter: "streams", cluster: true }));
});
