// The sharded adapter (createShardedAdapter) on one standalone server, not a cluster: SPUBLISH
// and SSUBSCRIBE work there too (Redis 7+, Valkey), and this is how the sharded adapter is tried
// before a cluster exists. Two Socket.IO servers, clients on both, each subscription mode. Run
// against the host's Redis 7 by `make test`, and against Redis 8 and Valkey 9 by tests/servers.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe as suite, test } from "node:test";
import {
  assertNoMoreEvents,
  binary,
  closeAll,
  connectClients,
  runPhpJson,
  startRedis,
  startServer,
  waitUntil,
} from "../lib/index.mjs";

const run = promisify(execFile);
const REDIS_CLI = process.env.REDIS_CLI || "redis-cli";

let redis;

before(async () => {
  redis = await startRedis();
});

after(async () => {
  await redis?.stop();
});

/** Runs `body` with `$io` (a sharded Emitter on the test server, plus `options`), `$in`, `$r`. */
function php(body, { options = "", input = {} } = {}) {
  return runPhpJson(
    `use SocketIO\\Emitter;
use SocketIO\\Binary;
$io = new Emitter(getenv('REDIS_URL'), ['adapter' => 'sharded'${options}]);
$in = json_decode(stream_get_contents(STDIN), true);
$r = [];
${body}
echo json_encode($r), "\\n";`,
    { redisUrl: redis.url, stdin: JSON.stringify(input) },
  );
}

/** Two Socket.IO servers for the enclosing suite: started before its tests, stopped after. */
function serverPair(subscriptionMode) {
  const pair = { A: undefined, B: undefined };
  before(async () => {
    [pair.A, pair.B] = await Promise.all(
      [0, 1].map(() => startServer({ redisUrl: redis.url, adapter: "sharded", subscriptionMode })),
    );
  });
  after(async () => {
    await Promise.all([pair.A?.stop(), pair.B?.stop()]);
  });
  return pair;
}

/** Clients on server A (`a*` names) and B (`b*` names), closed after the test. */
async function spread(t, { A, B }, specs) {
  const pick = (p) => Object.fromEntries(Object.entries(specs).filter(([n]) => n.startsWith(p)));
  const [ca, cb] = await Promise.all([connectClients(A.url, pick("a")), connectClients(B.url, pick("b"))]);
  const all = { ...ca, ...cb };
  t.after(() => closeAll(all));
  return all;
}

/** Sharded subscribers of `channel` (PUBSUB SHARDNUMSUB). */
async function shardNumSub(channel) {
  const { stdout } = await run(REDIS_CLI, ["-p", String(redis.port), "PUBSUB", "SHARDNUMSUB", channel], {
    timeout: 10000,
  });
  return Number(stdout.trim().split("\n")[1]);
}

/** The dynamic modes SSUBSCRIBE a room's channel when the room is created, without waiting. */
function roomListeners(room, n) {
  return waitUntil(async () => (await shardNumSub(`socket.io#/#${room}#`)) === n, {
    timeoutMs: 5000,
    message: `fewer than ${n} servers SSUBSCRIBEd socket.io#/#${room}#`,
  });
}

suite("sharded adapter on a standalone server, subscription mode dynamic", () => {
  const pair = serverPair("dynamic");

  test("a room with members on both servers: SPUBLISH on the room's channel, one copy each", async (t) => {
    const c = await spread(t, pair, { a1: { rooms: ["r1"] }, b1: { rooms: ["r1"] }, a2: {}, b2: { rooms: ["r2"] } });
    await roomListeners("r1", 2);
    const r = await php(`$r[] = $io->to('r1')->emit('hi', 'x', 1);`);
    assert.deepEqual(r, [2], "SPUBLISH counts the two servers subscribed to the room's channel");
    await c.a1.waitForEvents(1);
    await c.b1.waitForEvents(1);
    await assertNoMoreEvents(c, { allowed: (cl) => (cl === c.a1 || cl === c.b1 ? 1 : 0) });
    assert.deepEqual(c.a1.received("hi"), [["x", 1]]);
    assert.deepEqual(c.b1.received("hi"), [["x", 1]]);
  });

  test("broadcasts, several rooms, except() and another namespace", async (t) => {
    const c = await spread(t, pair, {
      a12: { rooms: ["s1", "s2"] },
      bVip: { rooms: ["s1", "vip"] },
      bNone: {},
      aAdm: { nsp: "/admin" },
    });
    const r = await php(`
      $r[] = $io->to(['s1', 's2'])->except('vip')->emit('multi', 1);
      $r[] = $io->emit('everyone', 2);
      $r[] = $io->of('admin')->emit('adm', 3);`);
    assert.deepEqual(r, [2, 2, 2], "the main channel of each namespace: both servers");
    await c.a12.waitForEvents(2);
    await c.bVip.waitForEvents(1);
    await c.bNone.waitForEvents(1);
    await c.aAdm.waitForEvents(1);
    await assertNoMoreEvents(c, { allowed: (cl) => ({ a12: 2, bVip: 1, bNone: 1, aAdm: 1 })[cl.name] });
    assert.deepEqual(c.a12.received("multi"), [[1]]);
    assert.deepEqual(c.bVip.received("multi"), []);
    assert.deepEqual(c.aAdm.received("adm"), [[3]]);
  });

  test("binary, serverSideEmit(), socketsJoin() then an emit to the joined room", async (t) => {
    const c = await spread(t, pair, { aBase: { rooms: ["base"] }, bBase: { rooms: ["base"] }, bOther: {} });
    await roomListeners("base", 2);
    const r1 = await php(`
      $r[] = $io->to('base')->emit('blob', new Binary("\\x01\\xff"), ['n' => 1]);
      $r[] = $io->serverSideEmit('hello', 'world');
      $r[] = $io->in('base')->socketsJoin('joined');`);
    assert.deepEqual(r1, [2, 2, 2]);
    for (const cl of [c.aBase, c.bBase]) {
      await cl.waitForEvents(1);
      assert.deepEqual(cl.received("blob"), [[binary("01ff"), { n: 1 }]]);
    }
    for (const s of [pair.A, pair.B]) {
      const rec = await s.waitFor((x) => x.event === "serverSideEmit" && x.args?.[0] === "world");
      assert.deepEqual(rec.args, ["world"]);
    }
    await roomListeners("joined", 2);
    const r2 = await php(`$r[] = $io->to('joined')->emit('in-joined', 1);`);
    assert.deepEqual(r2, [2]);
    await c.aBase.waitForEvents(2);
    await c.bBase.waitForEvents(2);
    await assertNoMoreEvents(c, { allowed: (cl) => (cl === c.bOther ? 0 : 2) });
  });
});

suite("sharded adapter on a standalone server, subscription mode static", () => {
  const pair = serverPair("static");

  test("subscription_mode static: a one-room emit goes to the main channel and arrives", async (t) => {
    const c = await spread(t, pair, { aR: { rooms: ["st"] }, bR: { rooms: ["st"] }, bNo: {} });
    const r = await php(`$r[] = $io->to('st')->emit('static', 1);`, { options: ", 'subscription_mode' => 'static'" });
    assert.deepEqual(r, [2]);
    await c.aR.waitForEvents(1);
    await c.bR.waitForEvents(1);
    await assertNoMoreEvents(c, { allowed: (cl) => (cl === c.bNo ? 0 : 1) });
    assert.equal(await shardNumSub("socket.io#/#st#"), 0, "static servers listen on no room channel");
  });
});

suite("sharded adapter on a standalone server, subscription mode dynamic-private", () => {
  const pair = serverPair("dynamic-private");

  test("a socket id room uses that socket's own channel; a public room its room channel", async (t) => {
    const c = await spread(t, pair, { aMe: { rooms: ["dp"] }, bMe: { rooms: ["dp"] }, bOther: {} });
    await roomListeners("dp", 2);
    await roomListeners(c.bMe.id, 1);
    const r = await php(
      `
      $r[] = $io->to($in['sid'])->emit('private', 1);
      $r[] = $io->to('dp')->emit('public', 2);`,
      { options: ", 'subscription_mode' => 'dynamic-private'", input: { sid: c.bMe.id } },
    );
    assert.deepEqual(r, [1, 2], "the socket's channel has one listener, the room's two");
    await c.bMe.waitForEvents(2);
    await c.aMe.waitForEvents(1);
    await assertNoMoreEvents(c, { allowed: (cl) => ({ aMe: 1, bMe: 2, bOther: 0 })[cl.name] });
    assert.deepEqual(c.bMe.received("private"), [[1]]);
  });
});
