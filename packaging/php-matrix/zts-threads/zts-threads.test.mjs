// ZTS: PHP requests on several threads of one process (zts-harness, the embed SAPI as FrankenPHP
// uses it) emit at the same time; a real socket.io client behind the official server and adapter
// must receive every message intact and exactly once, and Redis's MONITOR (which names the client
// connection of every command) shows which connection each thread published on.
//
//   ZTS_HARNESS=.../zts-harness SOCKETIO_SO=.../socketio.so node --test zts-threads.test.mjs
//
// Run by packaging/php-matrix/test.sh for every ZTS PHP of the matrix.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { connectClient, registerCleanup, startRedis, startServer, waitUntil } from "../../../e2e/lib/index.mjs";

const HARNESS = process.env.ZTS_HARNESS;
const SO = process.env.SOCKETIO_SO;
if (!HARNESS || !SO) throw new Error("set ZTS_HARNESS and SOCKETIO_SO");

const THREADS = 8;
const REQUESTS = 4;
const EMITS = 25;
const TOTAL = THREADS * REQUESTS * EMITS;

let redis;
let server;
let dir;

before(async () => {
  redis = await startRedis();
  server = await startServer({ redisUrl: redis.url, namespaces: ["/"] });
  dir = mkdtempSync(path.join(tmpdir(), "zts-threads-"));
});

after(async () => {
  await server?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// What request $R of thread $T emits: its tag, and a 1 KiB payload derived from the tag, so a
// message whose bytes were mixed with another thread's cannot pass.
const tagOf = (t, r, i) => `t${t}r${r}i${i}`;
const payloadOf = (tag) => createHash("sha256").update(tag).digest("hex").repeat(16);

// How a request emits: the Emitter's options and whether its emits go through batch().
const MODES = {
  "non-persistent": { options: "['persistent' => false]", batch: false, waits: true },
  persistent: { options: "[]", batch: false, waits: true },
  "wait => false": { options: "['wait' => false]", batch: false, waits: false },
  "batch()": { options: "[]", batch: true, waits: true },
};

function script(mode) {
  const { options, batch } = MODES[mode];
  const loop = (io) => `for ($i = 0; $i < ${EMITS}; $i++) {
        $tag = "t{$T}r{$R}i{$i}";
        $counts[] = ${io}->emit('zts', $tag, str_repeat(hash('sha256', $tag), 16));
    }`;
  return `<?php
$io = new SocketIO\\Emitter(getenv('REDIS_URL'), ${options});
$counts = [];
${batch ? `$counts = $io->batch(function (SocketIO\\Emitter $io) use ($T, $R) {
    $counts = [];
    ${loop("$io")}
});` : loop("$io")}
echo json_encode(['t' => $T, 'r' => $R, 'received' => array_sum(array_map('intval', $counts)), 'n' => count($counts)]) . "\\n"; // one write(2): lines of threads never mix
`;
}

/** Every PUBLISH Redis executes, with the client port that sent it (MONITOR). */
async function startMonitor(port) {
  const socket = net.connect(port, "127.0.0.1");
  const unregister = registerCleanup(() => socket.destroy());
  const publishes = [];
  let buffered = "";
  let ready = false;
  socket.setEncoding("latin1");
  socket.on("data", (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf("\r\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 2);
      if (line === "+OK") ready = true;
      // +1733100000.123456 [0 127.0.0.1:45678] "PUBLISH" "socket.io#/#" "...t3r2i5..."
      const m = /^\+[\d.]+ \[\d+ 127\.0\.0\.1:(\d+)\] "publish" .*?(t(\d+)r(\d+)i(\d+))/i.exec(line);
      if (m) publishes.push({ port: Number(m[1]), tag: m[2], thread: Number(m[3]) });
    }
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write("MONITOR\r\n");
  await waitUntil(() => ready, { message: "MONITOR was not acknowledged" });
  return {
    publishes,
    stop() {
      unregister();
      socket.destroy();
    },
  };
}

function runHarness(mode) {
  const slug = mode.replace(/[^a-z]+/g, "-");
  const ini = path.join(dir, `php-${slug}.ini`);
  const php = path.join(dir, `emit-${slug}.php`);
  writeFileSync(ini, `extension=${SO}\ndisplay_errors=stderr\nerror_reporting=-1\n`);
  writeFileSync(php, script(mode));
  return new Promise((resolve, reject) => {
    const child = spawn(HARNESS, [ini, String(THREADS), String(REQUESTS), php], {
      env: { ...process.env, REDIS_URL: redis.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const unregister = registerCleanup(() => child.kill("SIGKILL"));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // A hard bound: a deadlock between threads fails the test instead of hanging it.
    const timer = setTimeout(() => child.kill("SIGKILL"), 120000);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      unregister();
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the harness and checks what every party saw; returns the MONITOR records. */
async function emitFromThreads(t, mode) {
  const client = await connectClient(server.url);
  t.after(() => client.close());
  const monitor = await startMonitor(redis.port);
  t.after(() => monitor.stop());

  const run = await runHarness(mode);
  assert.equal(run.code, 0, `zts-harness exited with ${run.code ?? run.signal}:\n${run.stderr}`);
  assert.match(run.stderr, new RegExp(`${THREADS} threads x ${REQUESTS} requests, 0 failed`));

  // Every request reports what its emits returned: one Socket.IO server received each (emits
  // that do not wait return null).
  const reports = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(reports.length, THREADS * REQUESTS, run.stdout);
  for (const rep of reports) {
    assert.equal(rep.n, EMITS, JSON.stringify(rep));
    assert.equal(rep.received, MODES[mode].waits ? EMITS : 0, JSON.stringify(rep));
  }
  assert.equal(new Set(reports.map((rep) => `${rep.t}/${rep.r}`)).size, THREADS * REQUESTS);

  // The client: every message once, its payload the one its tag implies.
  const events = await client.waitForEvents(TOTAL, { event: "zts", timeoutMs: 30000 });
  const seen = new Map();
  for (const { args } of events) {
    const [tag, payload] = args;
    assert.equal(payload, payloadOf(tag), `payload of ${tag} is not intact`);
    seen.set(tag, (seen.get(tag) ?? 0) + 1);
  }
  for (let th = 0; th < THREADS; th++) {
    for (let r = 0; r < REQUESTS; r++) {
      for (let i = 0; i < EMITS; i++) assert.equal(seen.get(tagOf(th, r, i)), 1, `${tagOf(th, r, i)} arrived ${seen.get(tagOf(th, r, i)) ?? 0} times`);
    }
  }
  assert.equal(events.length, TOTAL);

  await waitUntil(() => monitor.publishes.length >= TOTAL, {
    timeoutMs: 10000,
    message: () => `MONITOR saw ${monitor.publishes.length} of ${TOTAL} publishes`,
  });
  assert.equal(monitor.publishes.length, TOTAL);
  return monitor.publishes;
}

/** port -> the set of threads that published on that connection */
function threadsByConnection(publishes) {
  const byPort = new Map();
  for (const p of publishes) {
    if (!byPort.has(p.port)) byPort.set(p.port, new Set());
    byPort.get(p.port).add(p.thread);
  }
  return byPort;
}

const title = (mode, what) => `${THREADS} threads x ${REQUESTS} requests x ${EMITS} emits, ${mode}: all intact, once; ${what}`;

test(title("non-persistent", "no connection used by two threads"), async (t) => {
  const publishes = await emitFromThreads(t, "non-persistent");
  const byPort = threadsByConnection(publishes);
  for (const [port, threads] of byPort) {
    assert.equal(threads.size, 1, `connection :${port} published for threads ${[...threads].join(", ")}`);
  }
  // Every thread published on connections of its own (at least one per thread).
  const threadsWithConnections = new Set([...byPort.values()].map((s) => [...s][0]));
  assert.equal(threadsWithConnections.size, THREADS);
  t.diagnostic(`${byPort.size} connections for ${THREADS} threads x ${REQUESTS} requests`);
});

// A connection is checked out by one thread for one command (or, not waiting, parked with its
// thread until its replies are read), so the pool never needs more connections than threads
// publishing at once; across requests they are reused.
for (const mode of ["persistent", "wait => false", "batch()"]) {
  test(title(mode, "at most one connection per thread"), async (t) => {
    const publishes = await emitFromThreads(t, mode);
    const byPort = threadsByConnection(publishes);
    assert.ok(byPort.size >= 1 && byPort.size <= THREADS, `${byPort.size} connections for ${THREADS} threads`);
    t.diagnostic(`${byPort.size} connections served ${THREADS} threads x ${REQUESTS} requests`);
  });
}
