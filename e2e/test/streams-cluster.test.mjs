// adapter => 'streams' on a Redis Cluster (3 masters + 3 replicas): the official
// @socket.io/redis-streams-adapter 0.3.1 (streamCount 4, so the namespaces' streams sit on
// different masters) and 0.2.3 (one stream), two servers each over node-redis cluster clients;
// PHP, given the cluster's seeds, adds each entry on the master that owns the stream's slot and
// every method reaches the clients on both servers.
import assert from "node:assert/strict";
import { after, before, describe as suite, test } from "node:test";
import { keySlot, startCluster } from "../lib/cluster.mjs";
import { assertNoMoreEvents, binary, closeAll, connectClients, runPhpJson, startServer } from "../lib/index.mjs";

let cluster;

before(async () => {
  cluster = await startCluster();
});

after(async () => {
  await cluster?.stop();
});

function php(body, options) {
  return runPhpJson(
    `use SocketIO\\Emitter;
use SocketIO\\Binary;
$in = json_decode(stream_get_contents(STDIN), true);
$io = new Emitter($in['seeds'], ['adapter' => 'streams'] + $in['options']);
$r = [];
${body}
echo json_encode($r), "\\n";`,
    { stdin: JSON.stringify({ seeds: cluster.seeds, options }) },
  );
}

for (const { adapter, label, streamCount } of [
  { adapter: "streams", label: "0.3.1", streamCount: 4 },
  { adapter: "streams-0.2", label: "0.2.3", streamCount: 1 },
]) {
  suite(`redis-streams-adapter ${label} on a Redis Cluster`, () => {
    let servers;

    before(async () => {
      servers = await Promise.all(
        [0, 1].map(() =>
          startServer({
            redisUrl: cluster.seeds,
            cluster: true,
            adapter,
            streams: { streamCount },
            serverEvents: ["hello"],
          }),
        ),
      );
    });

    after(async () => {
      await Promise.all((servers ?? []).map((s) => s.stop()));
    });

    test("each entry lands on its stream's master; every method reaches both servers' clients", async () => {
      const [a, b] = servers;
      const c = {
        ...(await connectClients(a.url, { a1: { rooms: ["r1"] }, aAdm: { nsp: "/admin" } })),
        ...(await connectClients(b.url, { b1: { rooms: ["r1", "r2"] }, bAdm: { nsp: "/admin", rooms: ["r1"] } })),
      };
      try {
        const r = await php(
          `$r['streams'] = [$io->__debugInfo()['stream'], $io->of('/admin')->__debugInfo()['stream']];
$r['ids'] = [
    $io->to('r1')->emit('hi', 1),
    $io->of('/admin')->emit('adm', new Binary("\\x01")),
    $io->in('r2')->socketsJoin('r9'),
    $io->to('r9')->emit('r9'),
    $io->serverSideEmit('hello', 'sse'),
];
$r['batch'] = $io->batch(function (Emitter $b) {
    $b->to('r1')->emit('batched', 1);
    $b->of('/admin')->to('r1')->emit('batched', 2);
});
$r['nowait'] = (new Emitter($in['seeds'], ['adapter' => 'streams', 'wait' => false] + $in['options']))->to('r1')->emit('late');`,
          { stream_count: streamCount },
        );
        const expectedStreams = streamCount === 4 ? ["socket.io-3", "socket.io-0"] : ["socket.io", "socket.io"];
        assert.deepEqual(r.streams, expectedStreams);
        if (streamCount === 4) {
          assert.notEqual(
            (await cluster.masterOf(keySlot("socket.io-3"))).port,
            (await cluster.masterOf(keySlot("socket.io-0"))).port,
            "the two namespaces' streams are on different masters",
          );
        }
        // Each id is in its stream, on the master that owns the stream's slot.
        const entries = [
          [expectedStreams[0], r.ids[0]],
          [expectedStreams[1], r.ids[1]],
          [expectedStreams[0], r.batch[0]],
          [expectedStreams[1], r.batch[1]],
        ];
        for (const [stream, id] of entries) {
          const owner = await cluster.masterOf(keySlot(stream));
          const got = await cluster.cli(owner.port, "XRANGE", stream, id, id);
          assert.match(got, /uid\s+emitter\s+nsp/, `${stream} ${id} on ${owner.port}: ${got}`);
        }
        assert.equal(r.nowait, null);

        await Promise.all([c.a1.waitForEvents(3), c.b1.waitForEvents(4), c.aAdm.waitForEvents(1), c.bAdm.waitForEvents(2)]);
        for (const x of [c.a1, c.b1]) {
          assert.deepEqual(x.received("hi"), [[1]], x.name);
          assert.deepEqual(x.received("batched"), [[1]], x.name);
          assert.deepEqual(x.received("late"), [[]], x.name);
        }
        assert.deepEqual(c.b1.received("r9"), [[]], "socketsJoin then emit, in stream order");
        assert.equal(c.a1.count("r9"), 0);
        assert.deepEqual(c.aAdm.received("adm"), [[binary("01")]]);
        assert.deepEqual(c.bAdm.received("adm"), [[binary("01")]]);
        assert.deepEqual(c.bAdm.received("batched"), [[2]]);
        for (const s of servers) {
          await s.waitFor((rec) => rec.event === "serverSideEmit");
          assert.deepEqual(s.serverSideEmits("/").map((rec) => rec.args), [["sse"]]);
        }
        await assertNoMoreEvents(Object.values(c), {
          allowed: (x) => ({ a1: 3, b1: 4, aAdm: 1, bAdm: 2 })[x.name],
        });
      } finally {
        closeAll(c);
      }
    });
  });
}
