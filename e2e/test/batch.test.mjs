// batch() and wait => false against the official stack: a fan-out to one room per user reaches
// every user once; an exception in the callback reaches no one; a batch on a Redis Cluster
// spreads over every shard (sharded adapter); and across a Redis restart in the middle of a
// long-running PHP process, in either mode, nothing is lost and nothing arrives twice.
import assert from "node:assert/strict";
import { after, before, describe as suite, test } from "node:test";
import { roomsOnDistinctSlots, startCluster } from "../lib/cluster.mjs";
import { redisAdmin, spawnPhpLive } from "../lib/faults.mjs";
import {
  assertNoMoreEvents,
  closeAll,
  connectClients,
  runPhpJson,
  startRedis,
  startServer,
  waitUntil,
} from "../lib/index.mjs";

const USERS = 30;

/** One client per user, each in its own room `user:<i>`. */
async function users(url, n = USERS, rooms = (i) => [`user:${i}`]) {
  const specs = Object.fromEntries(Array.from({ length: n }, (_, i) => [`u${i}`, { stringRooms: rooms(i) }]));
  return connectClients(url, specs);
}

suite("batch() on one Redis", () => {
  let redis;
  let server;
  before(async () => {
    redis = await startRedis();
    server = await startServer({ redisUrl: redis.url, namespaces: ["/", "/admin"] });
  });
  after(async () => {
    await server?.stop();
    await redis?.stop();
  });

  test("a fan-out to one room per user: every user gets exactly its own event; counts in call order", async (t) => {
    const c = await users(server.url);
    t.after(() => closeAll(c));
    const r = await runPhpJson(
      `$io = new SocketIO\\Emitter(getenv('REDIS_URL'));
       $inside = [];
       $counts = $io->batch(function (SocketIO\\Emitter $b) use (&$inside) {
           for ($i = 0; $i < ${USERS}; $i++) {
               $inside[] = $b->to("user:$i")->emit('order', ['id' => $i, 'status' => 'shipped']);
           }
           $b->of('/admin')->emit('nobody-listens-here');
           $b->to('user:0')->to('user:1')->emit('pair', 'x');
       });
       echo json_encode(['counts' => $counts, 'inside' => array_unique($inside)]), "\\n";`,
      { redisUrl: redis.url },
    );
    assert.deepEqual(r.inside, [null], "queued calls return null");
    assert.deepEqual(r.counts, Array(USERS + 2).fill(1), "one Socket.IO server received each");
    await Promise.all(Object.values(c).map((cl) => cl.waitForEvents(1, { event: "order" })));
    await c.u1.waitForEvents(2);
    await assertNoMoreEvents(c, { allowed: (cl) => (cl === c.u0 || cl === c.u1 ? 2 : 1) });
    for (let i = 0; i < USERS; i++) {
      assert.deepEqual(c[`u${i}`].received("order"), [[{ id: i, status: "shipped" }]], `user ${i}`);
    }
    assert.deepEqual(c.u0.received("pair"), [["x"]]);
    assert.deepEqual(c.u1.received("pair"), [["x"]]);
  });

  test("an exception thrown by the callback: nothing reaches anyone", async (t) => {
    const c = await users(server.url, 5);
    t.after(() => closeAll(c));
    const r = await runPhpJson(
      `$io = new SocketIO\\Emitter(getenv('REDIS_URL'));
       try {
           $io->batch(function (SocketIO\\Emitter $b) {
               for ($i = 0; $i < 5; $i++) $b->to("user:$i")->emit('never', $i);
               throw new RuntimeException('changed my mind');
           });
       } catch (RuntimeException $e) {
           $msg = $e->getMessage();
       }
       echo json_encode(['caught' => $msg, 'after' => $io->to('user:0')->emit('after')]), "\\n";`,
      { redisUrl: redis.url },
    );
    assert.deepEqual(r, { caught: "changed my mind", after: 1 });
    await c.u0.waitForEvents(1);
    await assertNoMoreEvents(c, { allowed: (cl) => (cl === c.u0 ? 1 : 0) });
    assert.deepEqual(c.u0.received("after"), [[]]);
  });
});

suite("batch() on a Redis Cluster, sharded adapter", () => {
  let cluster;
  let servers;
  before(async () => {
    cluster = await startCluster();
    servers = await Promise.all(
      [0, 1].map(() => startServer({ redisUrl: cluster.seeds, cluster: true, adapter: "sharded", subscriptionMode: "dynamic" })),
    );
  });
  after(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await cluster?.stop();
  });

  test("rooms on every shard, clients on both servers: each gets its event once", async (t) => {
    const rooms = await roomsOnDistinctSlots(cluster, 12);
    const half = rooms.length / 2;
    const onA = await users(servers[0].url, half, (i) => [rooms[i]]);
    const onBRaw = await users(servers[1].url, half, (i) => [rooms[half + i]]);
    const c = { ...onA, ...Object.fromEntries(Object.entries(onBRaw).map(([k, v]) => [`b${k}`, v])) };
    t.after(() => closeAll(c));
    // Dynamic mode: each room has its own channel (on its own shard), which the server holding
    // the room's client SSUBSCRIBEs when the room is created, without waiting.
    for (const room of rooms) {
      await waitUntil(async () => (await cluster.shardNumSub(`socket.io#/#${room}#`)) === 1, {
        timeoutMs: 5000,
        message: `no server SSUBSCRIBEd the channel of ${room}`,
      });
    }
    const r = await runPhpJson(
      `$io = new SocketIO\\Emitter(json_decode(getenv('SEEDS'), true), ['adapter' => 'sharded']);
       $rooms = json_decode(getenv('ROOMS'), true);
       $counts = $io->batch(function (SocketIO\\Emitter $b) use ($rooms) {
           foreach ($rooms as $i => $room) $b->to($room)->emit('hello', $i);
           $b->emit('everyone', 'all');
       });
       echo json_encode($counts), "\\n";`,
      { env: { SEEDS: JSON.stringify(cluster.seeds), ROOMS: JSON.stringify(rooms) } },
    );
    // A room's channel: one server listens; the namespace channel: both.
    assert.deepEqual(r, [...Array(rooms.length).fill(1), 2]);
    const list = Object.values(c);
    await Promise.all(list.map((cl) => cl.waitForEvents(2)));
    await assertNoMoreEvents(c, { allowed: 2 });
    for (let i = 0; i < half; i++) {
      assert.deepEqual(c[`u${i}`].received("hello"), [[i]], `room ${rooms[i]}`);
      assert.deepEqual(c[`bu${i}`].received("hello"), [[half + i]], `room ${rooms[half + i]}`);
    }
  });
});

suite("Redis restarted while a long-running PHP process sends batches and no-wait emits", () => {
  test("nothing lost, nothing twice, in either mode", { timeout: 90000 }, async (t) => {
    let redis = await startRedis();
    const port = redis.port;
    const server = await startServer({ redisUrl: redis.url, namespaces: ["/"] });
    t.after(async () => {
      await server.stop();
      await redis.stop();
    });
    const c = await users(server.url, 4);
    t.after(() => closeAll(c));

    // Phase 1, then wait for "go" on stdin (the test restarts Redis meanwhile), then phase 2.
    const live = spawnPhpLive(
      `function out($v) { echo json_encode($v), "\\n"; }
       $batch = new SocketIO\\Emitter(getenv('REDIS_URL'));
       $nowait = new SocketIO\\Emitter(getenv('REDIS_URL'), ['wait' => false]);
       function phase($batch, $nowait, $p) {
           $counts = $batch->batch(function ($b) use ($p) {
               for ($i = 0; $i < 4; $i++) for ($k = 0; $k < 50; $k++) $b->to("user:$i")->emit('b', "$p-$k");
           });
           for ($i = 0; $i < 4; $i++) for ($k = 0; $k < 50; $k++) $nowait->to("user:$i")->emit('n', "$p-$k");
           // A waiting call reads every reply still unread.
           $check = $batch->to('user:0')->emit('check', $p);
           out(['phase' => $p, 'counts' => array_count_values($counts), 'check' => $check]);
       }
       phase($batch, $nowait, 1);
       $line = fgets(STDIN);
       phase($batch, $nowait, 2);
       out(['done' => true]);`,
      { env: { REDIS_URL: redis.url }, timeoutMs: 80000 },
    );
    t.after(() => live.kill());
    await live.waitFor((rs) => rs.some((r) => r.phase === 1), { timeoutMs: 20000 });
    // Redis pub/sub delivers at most once: a message Redis confirmed to PHP but that the
    // Socket.IO server had not read yet dies with a SIGKILLed Redis (the kernel resets the
    // connection and drops what was unread). So phase 1 counts as delivered only once every
    // client has it all (100 events each, and u0 its check); only then is Redis killed.
    await Promise.all(Object.values(c).map((cl) => cl.waitForEvents(100, { timeoutMs: 10000 })));
    await c.u0.waitForEvents(1, { event: "check", timeoutMs: 10000 });

    await redis.kill("SIGKILL");
    await redis.stop();
    redis = await startRedis({ port });
    const admin = await redisAdmin(redis.url);
    t.after(() => admin.close());
    await waitUntil(async () => Number(await admin.command(["PUBSUB", "NUMPAT"])) >= 1, {
      timeoutMs: 15000,
      message: "the Socket.IO server's adapter never resubscribed to the restarted Redis",
    });
    live.send("go");
    const res = await live.done;
    assert.equal(res.code, 0, `php exited ${res.code ?? res.signal}: ${res.stderr}`);
    assert.equal(res.stderr.trim(), "", "no warning: every reply confirmed");
    const phases = live.records.filter((r) => "phase" in r);
    assert.deepEqual(phases, [
      { phase: 1, counts: { 1: 200 }, check: 1 },
      { phase: 2, counts: { 1: 200 }, check: 1 },
    ]);

    const expected = [1, 2].flatMap((p) => Array.from({ length: 50 }, (_, k) => `${p}-${k}`));
    await Promise.all(Object.values(c).map((cl) => cl.waitForEvents(200, { timeoutMs: 10000 })));
    await c.u0.waitForEvents(2, { event: "check" });
    await assertNoMoreEvents(c, { allowed: (cl) => (cl === c.u0 ? 202 : 200) });
    for (let i = 0; i < 4; i++) {
      const cl = c[`u${i}`];
      assert.deepEqual(cl.received("b").flat(), expected, `user ${i}: batch emits, each once, in order`);
      assert.deepEqual(cl.received("n").flat(), expected, `user ${i}: no-wait emits, each once, in order`);
    }
  });
});
