// Issue 9 §5: Redis Sentinel, end to end. One master, one replica, three sentinels (quorum 2);
// the official Socket.IO server with @socket.io/redis-adapter on node-redis's sentinel client
// (createSentinel: it asks the sentinels for the master and subscribes again on the new one
// after a failover); a real socket.io-client. One PHP process emits a stream of numbered events
// to `redis+sentinel://...` while the master is SIGKILLed.
//
// Asserted: the stream resumes in the same PHP process after the promotion; no event arrives
// twice; no emit that failed with a known outcome (nothing sent) arrives; every emit that Redis
// confirmed to at least one Socket.IO server arrives. Printed, not asserted (no timed
// assertions): the time from the sentinels' +switch-master to the first successful emit, the
// slowest failed emit, and the emits confirmed while no Socket.IO server was subscribed yet.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { createClient } from "redis";
import { connectClient, startServer, waitUntil, sleep } from "../lib/index.mjs";
import { spawnPhpLive } from "../lib/faults.mjs";
import { startSentinelSetup } from "../lib/sentinel.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

let setup;
before(async () => {
  setup = await startSentinelSetup();
});
after(async () => {
  await setup?.stop();
});

// The README's Sentinel example, in a loop; default options (connect_timeout 1 s, timeout 1 s,
// backoff 1 s): what users get.
const STREAM = readFileSync(path.join(ROOT, "examples", "sentinel", "stream.php"), "utf8");

test("a master killed during a stream of emits: they fail fast, resume after the promotion, no duplicate", async (t) => {
  const server = await startServer({ redisUrl: setup.url, namespaces: ["/"] });
  t.after(() => server.stop());
  const client = await connectClient(server.url);
  t.after(() => client.close());

  // +switch-master as the first sentinel announces it.
  const watcher = createClient({ url: `redis://127.0.0.1:${setup.sentinels[0].port}` });
  watcher.on("error", () => {});
  await watcher.connect();
  t.after(() => watcher.disconnect().catch(() => {}));
  let switchedAt = null;
  let switchMessage = null;
  await watcher.subscribe("+switch-master", (message) => {
    switchedAt ??= Date.now();
    switchMessage ??= message;
  });

  const php = spawnPhpLive(STREAM, {
    env: { SOCKETIO_URL: setup.url, REDIS_PASSWORD: "", SENTINEL_PASSWORD: "" },
    timeoutMs: 120000,
  });
  t.after(() => php.kill?.());
  await waitUntil(() => php.records.filter((r) => r.ok).length >= 30 && client.count("tick") >= 30, {
    timeoutMs: 30000,
    message: () => `no steady stream: ${php.lines.slice(-5).join("\n")}\n${php.stderr()}`,
  });
  const killedAt = Date.now();
  await setup.master.kill();

  const result = await php.done;
  assert.equal(result.code, 0, `php exited ${result.code ?? result.signal}: ${php.stderr()}`);
  assert.equal(php.stderr(), "", "no PHP warning");
  await sleep(500); // the last events are on their way through the server

  const records = php.records;
  const received = client.received("tick").map((args) => args[0]);
  const counts = new Map();
  for (const n of received) counts.set(n, (counts.get(n) ?? 0) + 1);

  const firstFailure = records.findIndex((r) => !r.ok);
  assert.ok(firstFailure > 0, "emits failed while no master existed");
  const resumed = records.slice(firstFailure).find((r) => r.ok);
  assert.ok(resumed, "emits resumed in the same PHP process");
  assert.ok(switchedAt, "the sentinels announced +switch-master");
  assert.match(switchMessage, new RegExp(`^${setup.name} 127\\.0\\.0\\.1 ${setup.master.port} 127\\.0\\.0\\.1 ${setup.replica.port}$`));

  const failed = records.filter((r) => !r.ok);
  const unknownOutcome = failed.filter((r) => r.code === 10 || r.code === 11); // TIMEOUT, CONNECTION_LOST
  const duplicated = [...counts].filter(([, c]) => c > 1).map(([n]) => n);
  const failedArrived = failed.filter((r) => !unknownOutcome.includes(r) && counts.has(r.n)).map((r) => r.n);
  const confirmed = records.filter((r) => r.ok);
  const lost = confirmed.filter((r) => r.receivers > 0 && !counts.has(r.n)).map((r) => r.n);
  const toNobody = confirmed.filter((r) => r.receivers === 0);
  const slowestFailure = Math.max(...failed.map((r) => r.ms));
  const codes = [...new Set(failed.map((r) => r.code))].sort();

  const figures = {
    emits: records.length,
    confirmed: confirmed.length,
    failed: failed.length,
    failedCodes: codes,
    unknownOutcome: unknownOutcome.length,
    unknownOutcomeDelivered: unknownOutcome.filter((r) => counts.has(r.n)).length,
    lost: lost.length,
    duplicated: duplicated.length,
    confirmedToNoServerYet: toNobody.length,
    killToSwitchMs: switchedAt - killedAt,
    switchToFirstEmitMs: Math.round(resumed.at - switchedAt),
    killToFirstEmitMs: Math.round(resumed.at - killedAt),
    switchToServerSubscribedMs: Math.round(
      records.find((r, i) => i > firstFailure && r.ok && r.receivers === 1).at - switchedAt,
    ),
    slowestFailedEmitMs: Math.round(slowestFailure * 10) / 10,
    firstFailure: failed[0].message,
  };
  t.diagnostic(`sentinel failover figures: ${JSON.stringify(figures)}`);

  assert.deepEqual(duplicated, [], "no event arrives twice");
  assert.deepEqual(failedArrived, [], "an emit that failed with nothing sent never arrives");
  assert.deepEqual(lost, [], "every emit confirmed to a Socket.IO server arrives");
  // An emit in flight when the master died may have been delivered (TimeoutException); every
  // other failure happened before anything was sent and names the master (or the backoff).
  for (const r of failed.filter((f) => !unknownOutcome.includes(f))) {
    assert.match(r.message, new RegExp(`"${setup.name}"|backoff`), "failures name the master (or the backoff)");
    assert.ok([3, 4, 7, 9].includes(r.code), `CONNECT, CONNECT_TIMEOUT, BACKOFF or NOT_SENT: ${JSON.stringify(r)}`);
  }
  // Once the server has subscribed on the new master, the stream is whole again.
  const reachedAgain = records.findIndex((r, i) => i > firstFailure && r.ok && r.receivers === 1);
  const tail = records.slice(reachedAgain);
  assert.ok(tail.length >= 100, "100 emits reached the server after the failover");
  assert.ok(tail.every((r) => r.ok && r.receivers === 1 && counts.get(r.n) === 1), "steady after failover");
});
