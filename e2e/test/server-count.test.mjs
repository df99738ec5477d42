// serverCount(): the number of Socket.IO servers listening for a key and namespace, with 0, 1
// and 2 real servers (the official socket.io + @socket.io/redis-adapter), for the classic and
// the sharded adapter, on a standalone Redis and on a Redis Cluster (3 masters, 3 replicas).
// Each figure is also compared with what the servers' own adapter.serverCount() answers.
import assert from "node:assert/strict";
import { after, before, describe as suite, test } from "node:test";
import { startCluster } from "../lib/cluster.mjs";
import { runPhpJson, startRedis, startServer, waitUntil } from "../lib/index.mjs";

/** serverCount() for each [namespace, options] pair, in one PHP process. */
function counts(target, queries) {
  return runPhpJson(
    `$in = json_decode(stream_get_contents(STDIN), true);
$r = [];
foreach ($in['queries'] as [$nsp, $options]) {
    $io = new SocketIO\\Emitter($in['target'], $options);
    $r[] = $io->of($nsp)->serverCount();
}
// An operator asks for its namespace, whatever its rooms.
$r[] = (new SocketIO\\Emitter($in['target'], $in['queries'][0][1]))->of($in['queries'][0][0])->to(['a', 1])->except('b')->serverCount();
echo json_encode($r), "\\n";`,
    { stdin: JSON.stringify({ target, queries }) },
  );
}

/**
 * 0, then 1, then 2 servers, then 1 again after one stops: PHP's figures for "/", "/admin", an
 * unserved namespace and another key, and the servers' own count for "/".
 */
async function scenario(target, adapter, serverOptions) {
  const options = adapter === "sharded" ? { adapter: "sharded" } : {};
  const queries = [
    ["/", options],
    ["/admin", options],
    ["/elsewhere", options],
    ["/", { ...options, key: "other-key" }],
  ];
  const expect = (n) => [n, n, 0, 0, n];
  const servers = [];
  try {
    assert.deepEqual(await counts(target, queries), expect(0), "no server yet");
    servers.push(await startServer({ ...serverOptions, adapter }));
    assert.deepEqual(await counts(target, queries), expect(1), "one server");
    assert.equal(await servers[0].serverCount("/"), 1, "the adapter's own count");
    servers.push(await startServer({ ...serverOptions, adapter }));
    assert.deepEqual(await counts(target, queries), expect(2), "two servers");
    assert.equal(await servers[0].serverCount("/admin"), 2);
    assert.equal(await servers[1].serverCount("/"), 2);
    await servers.pop().stop();
    // Redis drops a subscription when the server's connection closes, which may take a moment.
    await waitUntil(async () => (await counts(target, queries))[0] === 1, { timeoutMs: 10000 });
    assert.deepEqual(await counts(target, queries), expect(1), "one server stopped");
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

suite("standalone Redis", () => {
  let redis;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });

  test("classic adapter: PUBSUB NUMSUB on the request channel", () =>
    scenario(redis.url, "classic", { redisUrl: redis.url }));

  test("sharded adapter: PUBSUB SHARDNUMSUB on the main channel", () =>
    scenario(redis.url, "sharded", { redisUrl: redis.url }));

  test("a Redis that cannot be reached throws, whatever on_error says", async () => {
    const out = await runPhpJson(
      `$r = [];
foreach (['exception', 'warning'] as $mode) {
    try {
        (new SocketIO\\Emitter('redis://127.0.0.1:1', ['on_error' => $mode, 'backoff' => 0]))->serverCount();
        $r[] = 'returned';
    } catch (SocketIO\\ConnectionException $e) {
        $r[] = $e->getMessage();
    }
}
echo json_encode($r), "\\n";`,
    );
    assert.deepEqual(out, [
      "could not connect to redis://127.0.0.1:1: Connection refused",
      "could not connect to redis://127.0.0.1:1: Connection refused",
    ]);
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

  test("classic adapter over a cluster: NUMSUB summed over every node", () =>
    scenario(cluster.seeds, "classic", { redisUrl: cluster.seeds, cluster: true }));

  test("sharded adapter over a cluster: SHARDNUMSUB on the slot's master", () =>
    scenario(cluster.seeds, "sharded", { redisUrl: cluster.seeds, cluster: true }));
});
