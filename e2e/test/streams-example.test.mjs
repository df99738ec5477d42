// The README's "Redis Streams adapter" example, run as written: examples/streams/server.mjs (a
// Socket.IO server on @socket.io/redis-streams-adapter 0.3.1 with connection-state recovery)
// and examples/streams/emit.php. A client in user:42 gets the notification with the entry id
// emit.php printed, and gets the next one after losing its transport, recovered.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { io as connect } from "socket.io-client";
import { createClient } from "redis";
import { phpString, registerCleanup, runPhp, sleep, startRedis, waitUntil } from "../lib/index.mjs";
import { QUIET_MS } from "../lib/wait.mjs";

const E2E = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EXAMPLE = path.resolve(E2E, "..", "examples", "streams");

let redis;
let server;
let dir;

before(async () => {
  redis = await startRedis();
  // The example imports its packages by name: next to a copy of it, e2e's node_modules.
  dir = mkdtempSync(path.join(tmpdir(), "streams-example-"));
  copyFileSync(path.join(EXAMPLE, "server.mjs"), path.join(dir, "server.mjs"));
  symlinkSync(path.join(E2E, "node_modules"), path.join(dir, "node_modules"), "dir");
  server = spawn(process.execPath, [path.join(dir, "server.mjs")], {
    env: { ...process.env, REDIS_URL: redis.url, PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  registerCleanup(() => server.kill("SIGKILL"));
  server.port = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).on("line", (line) => resolve(JSON.parse(line).listening));
    server.once("exit", (code) => reject(new Error(`examples/streams/server.mjs exited (${code})`)));
  });
});

after(async () => {
  server?.kill("SIGTERM");
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function emitPhp() {
  const res = await runPhp(`require ${phpString(path.join(EXAMPLE, "emit.php"))};`, { redisUrl: redis.url });
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.stderr, "");
  const id = res.stdout.trim();
  assert.match(id, /^\d+-\d+$/);
  return id;
}

test("examples/streams: emit.php reaches user:42, and again after a dropped transport", async () => {
  const admin = createClient({ url: redis.url });
  await admin.connect();
  const socket = connect(`http://127.0.0.1:${server.port}`, {
    auth: { user: 42 },
    transports: ["websocket"],
    reconnection: false,
  });
  registerCleanup(() => socket.disconnect());
  const got = [];
  socket.on("notification", (...args) => got.push(args));
  // Each notification ends with its entry id (recovery is on): events are told apart by it.
  const withId = (id) => got.filter((args) => args.at(-1) === id);
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  try {
    // The adapter starts reading the stream at its end, once its poller runs: emit until one
    // arrives.
    await waitUntil(async () => (await emitPhp(), got.length > 0), { timeoutMs: 10000, intervalMs: 100 });

    const id = await emitPhp();
    await waitUntil(() => withId(id).length === 1, { message: "no notification" });
    assert.deepEqual(withId(id)[0], [{ text: "Your order has shipped" }, id], "the payload, then its offset");

    socket.io.engine.close();
    await waitUntil(async () => (await admin.keys("sio:session:*")).length === 1, {
      message: "the server never stored the session",
    });
    const missed = await emitPhp();
    socket.connect();
    await waitUntil(() => socket.connected && withId(missed).length === 1, {
      message: () => `got ${JSON.stringify(got)}`,
    });
    assert.equal(socket.recovered, true);
    assert.deepEqual(withId(missed)[0], [{ text: "Your order has shipped" }, missed]);
    await sleep(QUIET_MS);
    assert.equal(withId(id).length + withId(missed).length, 2, "once each");
  } finally {
    socket.disconnect();
    await admin.disconnect();
  }
});
