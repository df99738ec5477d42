// Connection-state recovery with events from PHP: Socket.IO servers run the official
// @socket.io/redis-streams-adapter (0.3.1, and 0.2.3 with node-redis 4.7.1) with
// `connectionStateRecovery`; a real socket.io-client loses its transport, PHP emits three
// events to its room (and one elsewhere) while it is away, and when it reconnects it gets the
// three, in order, once each, with `socket.recovered === true` and the same socket id. Each
// event carries its stream entry id as the last argument, which is what emit() returned.
import assert from "node:assert/strict";
import { after, before, describe as suite, test } from "node:test";
import { createClient } from "redis";
import { assertNoMoreEvents, connectClient, runPhpJson, startRedis, startServer, waitUntil } from "../lib/index.mjs";

function php(redisUrl, body) {
  return runPhpJson(
    `$io = new SocketIO\\Emitter(getenv('REDIS_URL'), ['adapter' => 'streams']);
$r = [];
${body}
echo json_encode($r), "\\n";`,
    { redisUrl },
  );
}

for (const { adapter, label } of [
  { adapter: "streams", label: "0.3.1" },
  { adapter: "streams-0.2", label: "0.2.3" },
]) {
  suite(`connection-state recovery, redis-streams-adapter ${label}`, () => {
    let redis;
    let servers;
    let admin;

    before(async () => {
      redis = await startRedis();
      servers = await Promise.all([0, 1].map(() => startServer({ redisUrl: redis.url, adapter, csr: true })));
      admin = createClient({ url: redis.url });
      admin.on("error", () => {});
      await admin.connect();
    });

    after(async () => {
      await admin?.disconnect().catch(() => {});
      await Promise.all((servers ?? []).map((s) => s.stop()));
      await redis?.stop();
    });

    test("a client that drops gets the three events PHP emitted meanwhile, in order, once each", async () => {
      const [a, b] = servers;
      const r = await connectClient(a.url, { name: "R", rooms: ["r1"] });
      const other = await connectClient(b.url, { name: "other", rooms: ["r1"] });
      try {
        const pid = r.socket._pid;
        assert.ok(pid, "the server offered recovery (a pid)");
        const firstId = r.id;

        // An event through the stream gives the client its offset: the entry id, which is also
        // what emit() returned.
        const [before] = await php(redis.url, `$r[] = $io->to('r1')->emit('ev', 'before');`);
        await r.waitForEvents(1);
        assert.deepEqual(r.received("ev"), [["before", before]]);

        // The transport goes; the server keeps the session in Redis.
        r.socket.io.engine.close();
        await r.waitForDisconnect();
        // A recoverable reason on the server's side (an explicit disconnect would not be).
        await a.waitFor((rec) => rec.event === "disconnect" && rec.id === firstId && rec.reason === "transport close");
        await waitUntil(async () => (await admin.exists(`sio:session:${pid}`)) === 1, {
          message: "the server never stored the session",
        });

        const ids = await php(
          redis.url,
          `$r[] = $io->to('r1')->emit('ev', 1);
$r[] = $io->to('elsewhere')->emit('ev', 'not for R');
$r[] = $io->to('r1')->emit('ev', 2, ['k' => 'v']);
$r[] = $io->except('nobody')->emit('ev', 3);`,
        );
        const [id1, elsewhere, id2, id3] = ids;
        const order = (id) => id.split("-").map(BigInt);
        for (const [x, y] of [[before, id1], [id1, elsewhere], [elsewhere, id2], [id2, id3]]) {
          const [[xm, xs], [ym, ys]] = [order(x), order(y)];
          assert.ok(xm < ym || (xm === ym && xs < ys), `${x} before ${y}`);
        }
        // The client that stayed got the three live (with their offsets), not the other one.
        await other.waitForEvents(4);

        r.socket.connect();
        await waitUntil(() => r.socket.connected, { message: "R never reconnected" });
        assert.equal(r.socket.recovered, true, "socket.recovered");
        assert.equal(r.socket.id, firstId, "the same socket id");
        await r.waitForEvents(4);
        assert.deepEqual(r.received("ev"), [
          ["before", before],
          [1, id1],
          [2, { k: "v" }, id2],
          [3, id3],
        ]);
        await a.waitFor((rec) => rec.event === "connection" && rec.recovered === true && rec.id === firstId);
        assert.deepEqual(other.received("ev"), [
          ["before", before],
          [1, id1],
          [2, { k: "v" }, id2],
          [3, id3],
        ]);
        await assertNoMoreEvents([r, other], { allowed: 4 });
      } finally {
        r.close();
        other.close();
      }
    });
  });
}
