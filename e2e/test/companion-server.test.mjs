// The companion server (server/index.mjs), the one users run as is: tokens checked in the
// middleware with the reasons a client sees, rooms joined before `connect` so an emit sent right
// away arrives, namespace and room grants, CORS, /healthz with Redis up and down, graceful
// SIGTERM, configuration errors, classic and sharded adapters, and a Redis Cluster.
// Real processes throughout: redis-server, the server, socket.io-client, PHP with the extension.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe as suite, test } from "node:test";
import { io } from "socket.io-client";
import {
  COMPANION_DIR,
  QUIET_MS,
  claimsFor,
  newSecret,
  phpString,
  registerCleanup,
  runPhpJson,
  signToken,
  sleep,
  startCompanion,
  startRedis,
  waitUntil,
} from "../lib/index.mjs";
import { spawnPhpLive } from "../lib/faults.mjs";
import { startCluster } from "../lib/cluster.mjs";

/**
 * Connects with `auth` and resolves to {client} or {error: {message, code}}: refusals are data
 * here, since most tests are about them. The client records every event it receives.
 */
function attempt(url, { nsp = "/", auth = {}, extraHeaders } = {}) {
  const socket = io(url + nsp, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 5000,
    auth,
    extraHeaders,
  });
  const unregister = registerCleanup(() => socket.disconnect());
  const events = [];
  const disconnects = [];
  socket.onAny((event, ...args) => events.push({ event, args }));
  socket.on("disconnect", (reason) => disconnects.push(reason));
  return new Promise((resolve) => {
    socket.once("connect", () =>
      resolve({
        client: {
          socket,
          events,
          disconnects,
          received: (name) => events.filter((e) => e.event === name).map((e) => e.args),
          close() {
            unregister();
            socket.disconnect();
          },
        },
      }),
    );
    socket.once("connect_error", (err) => {
      unregister();
      socket.disconnect();
      resolve({ error: { message: err.message, code: err.data?.code } });
    });
  });
}

async function connected(url, opts) {
  const res = await attempt(url, opts);
  if (res.error) assert.fail(`expected a connection, got connect_error ${JSON.stringify(res.error)}`);
  return res.client;
}

async function refused(url, opts) {
  const res = await attempt(url, opts);
  if (res.client) {
    res.client.close();
    assert.fail("expected connect_error, but the connection was accepted");
  }
  return res.error;
}

/** PHP with the extension emits `event` with `args` to `rooms`; returns emit()'s result. */
function phpEmit(redisUrl, rooms, event, args, { nsp = "/", options = "[]", except } = {}) {
  const exceptCall = except ? `->except(${phpString(except)})` : "";
  return runPhpJson(
    `$io = new SocketIO\\Emitter(getenv('REDIS_URL'), ${options});
     $rooms = json_decode(${phpString(JSON.stringify(rooms))}, true);
     $args = json_decode(${phpString(JSON.stringify(args))}, true);
     echo json_encode($io->of(${phpString(nsp)})->to($rooms)${exceptCall}->emit(${phpString(event)}, ...$args)), "\\n";`,
    { redisUrl },
  );
}

async function healthz(url) {
  const res = await fetch(url + "/healthz");
  return { status: res.status, body: await res.json() };
}

/** Every log line and stderr byte of `server` is free of `secret`. */
function assertSecretNotShown(server, secret) {
  assert.ok(!server.output().includes(secret), "the secret appears in the server's output");
}

suite("companion server: tokens", () => {
  let redis;
  let server;
  const secret = newSecret();

  before(async () => {
    redis = await startRedis();
    server = await startCompanion({ redisUrl: redis.url, secret, args: ["--namespaces", "/,/admin"] });
  });
  after(async () => {
    await server?.stop();
    await redis?.stop();
    if (server) assertSecretNotShown(server, secret);
  });

  test("a valid token connects and joins exactly the token's rooms before `connect`", async () => {
    const token = signToken(claimsFor(["team:1", 42]), secret);
    const client = await connected(server.url, { auth: { token } });
    try {
      // No wait between connect and emit: the rooms are joined in the middleware.
      assert.equal(await phpEmit(redis.url, ["team:1"], "post", ["to team 1"]), 1);
      assert.equal(await phpEmit(redis.url, [42], "post", ["to int 42"]), 1);
      assert.equal(await phpEmit(redis.url, ["42"], "post", ["to string 42"]), 1);
      assert.equal(await phpEmit(redis.url, ["team:2"], "post", ["to team 2"]), 1);
      await waitUntil(() => client.received("post").length >= 2);
      await sleep(QUIET_MS);
      assert.deepEqual(client.received("post"), [["to team 1"], ["to int 42"]]);
    } finally {
      client.close();
    }
  });

  test("tokens from SocketIO\\Token::issue (secret from socketio.secret) are accepted as PHP issued them", async () => {
    const issue = (args) =>
      runPhpJson(`echo json_encode(SocketIO\\Token::issue(${args})), "\\n";`, { ini: { "socketio.secret": secret } });
    const token = await issue(`42, ['team:1', 7], 60, ['name' => 'Ana']`);
    const client = await connected(server.url, { auth: { token } });
    try {
      assert.equal(await phpEmit(redis.url, [7], "post", ["int room"]), 1);
      await waitUntil(() => client.received("post").length === 1);
      assert.deepEqual(client.received("post"), [["int room"]]);
    } finally {
      client.close();
    }
    // The nsp argument becomes the claim the server enforces.
    const adminOnly = await issue(`'ops-1', ['ops'], 60, [], null, '/admin'`);
    assert.equal((await refused(server.url, { auth: { token: adminOnly } })).code, "namespace_not_granted");
    (await connected(server.url, { nsp: "/admin", auth: { token: adminOnly } })).close();
    // Issued with another secret: refused.
    const other = await runPhpJson(`echo json_encode(SocketIO\\Token::issue(1, ['team:1'])), "\\n";`, {
      ini: { "socketio.secret": newSecret() },
    });
    assert.equal((await refused(server.url, { auth: { token: other } })).code, "signature");
    assert.equal((await refused(server.url, { auth: { token, rooms: ["admin"] } })).code, "room_not_granted");
  });

  test("the client may ask for a subset of its rooms", async () => {
    const token = signToken(claimsFor(["team:1", "admin"]), secret);
    const client = await connected(server.url, { auth: { token, rooms: ["admin"] } });
    try {
      await phpEmit(redis.url, ["team:1"], "post", ["team"]);
      await phpEmit(redis.url, ["admin"], "post", ["admin"]);
      await waitUntil(() => client.received("post").length >= 1);
      await sleep(QUIET_MS);
      assert.deepEqual(client.received("post"), [["admin"]]);
    } finally {
      client.close();
    }
  });

  test("a room the token does not grant is refused, naming the room", async () => {
    const token = signToken(claimsFor(["team:1"]), secret);
    const err = await refused(server.url, { auth: { token, rooms: ["team:1", "admin"] } });
    assert.equal(err.code, "room_not_granted");
    assert.equal(err.message, 'room not granted: "admin"');
    // 42 and "42" are different rooms: a grant of one is not a grant of the other.
    const intToken = signToken(claimsFor([42]), secret);
    const err2 = await refused(server.url, { auth: { token: intToken, rooms: ["42"] } });
    assert.equal(err2.message, 'room not granted: "42"');
  });

  test("a tampered payload is refused as a bad signature", async () => {
    const token = signToken(claimsFor(["team:1"]), secret);
    const [h, , s] = token.split(".");
    const forged = Buffer.from(JSON.stringify(claimsFor(["team:1", "admin"]))).toString("base64url");
    const err = await refused(server.url, { auth: { token: `${h}.${forged}.${s}` } });
    assert.equal(err.code, "signature");
    assert.match(err.message, /^bad token signature/);
  });

  test("a tampered signature is refused", async () => {
    const token = signToken(claimsFor(["team:1"]), secret);
    const last = token.at(-2) === "A" ? "B" : "A";
    const err = await refused(server.url, { auth: { token: token.slice(0, -2) + last + token.at(-1) } });
    assert.equal(err.code, "signature");
  });

  test("a token signed with another secret is refused", async () => {
    const token = signToken(claimsFor(["team:1"]), newSecret());
    const err = await refused(server.url, { auth: { token } });
    assert.equal(err.code, "signature");
    assert.match(err.message, /another secret/);
  });

  test("an expired token is refused; within the 30 s leeway it is accepted", async () => {
    const now = Math.floor(Date.now() / 1000);
    const err = await refused(server.url, {
      auth: { token: signToken(claimsFor(["a"], { iat: now - 400, exp: now - 100 }), secret) },
    });
    assert.equal(err.code, "expired");
    assert.match(err.message, /^token expired 1\d\d s ago \(leeway 30 s\)$/);

    const client = await connected(server.url, {
      auth: { token: signToken(claimsFor(["a"], { iat: now - 300, exp: now - 5 }), secret) },
    });
    client.close();
  });

  test("a token issued in the future beyond the leeway is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const err = await refused(server.url, {
      auth: { token: signToken(claimsFor(["a"], { iat: now + 600, exp: now + 900 }), secret) },
    });
    assert.equal(err.code, "not_yet_valid");
    const client = await connected(server.url, {
      auth: { token: signToken(claimsFor(["a"], { iat: now + 5 }), secret) },
    });
    client.close();
    const nbf = await refused(server.url, { auth: { token: signToken(claimsFor(["a"], { nbf: now + 120 }), secret) } });
    assert.equal(nbf.code, "not_yet_valid");
    assert.match(nbf.message, /not valid for another 1\d\d s \(nbf\)/);
  });

  test("alg none and other algorithms are refused", async () => {
    const claims = claimsFor(["admin"]);
    const enc = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const none = `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`;
    const err = await refused(server.url, { auth: { token: none } });
    assert.equal(err.code, "algorithm");
    assert.equal(err.message, 'unsupported token algorithm "none" (HS256 only)');
    const hs512 = signToken(claims, secret, { alg: "HS512", typ: "JWT" });
    assert.equal((await refused(server.url, { auth: { token: hs512 } })).code, "algorithm");
  });

  test("malformed and missing tokens are refused with the reason", async () => {
    const cases = [
      [undefined, "missing", /^no token/],
      ["", "missing", /^no token/],
      ["not-a-jwt", "malformed", /expected 3 dot-separated parts, got 1/],
      [12345, "malformed", /expected a string, got number/],
      ["a.b", "malformed", /got 2/],
      ["!!!.e30.sig", "malformed", /header is not base64url/],
      [`${Buffer.from("nope").toString("base64url")}.e30.AAAA`, "malformed", /header is not JSON/],
    ];
    for (const [token, code, message] of cases) {
      const err = await refused(server.url, { auth: token === undefined ? {} : { token } });
      assert.equal(err.code, code, `token ${JSON.stringify(token)}`);
      assert.match(err.message, message, `token ${JSON.stringify(token)}`);
    }
    // Signed, but the claims are not what PHP issues.
    const badRooms = signToken({ ...claimsFor([]), rooms: "admin" }, secret);
    const err = await refused(server.url, { auth: { token: badRooms } });
    assert.equal(err.code, "malformed");
    assert.match(err.message, /claim rooms must be a list/);
    const now = Math.floor(Date.now() / 1000);
    const claimCases = [
      [{ sub: 1, iat: now, rooms: [] }, /claim exp is missing/],
      [{ ...claimsFor([]), exp: now + 0.5 }, /claim exp must be an integer/],
      [{ ...claimsFor([]), exp: now - 10, iat: now }, /claim exp is before iat/],
      [{ ...claimsFor([]), sub: "" }, /claim sub must not be empty/],
      [{ ...claimsFor([]), sub: null }, /claim sub must be a string or an integer/],
      [{ ...claimsFor([null]) }, /claim rooms must contain only strings and integers/],
      [{ ...claimsFor([]), nsp: "admin" }, /claim nsp must be a namespace name starting with "\/"/],
    ];
    for (const [claims, message] of claimCases) {
      const got = await refused(server.url, { auth: { token: signToken(claims, secret) } });
      assert.deepEqual([got.code, message.test(got.message)], ["malformed", true], `${JSON.stringify(claims)}: ${got.message}`);
    }
    const crit = signToken(claimsFor([]), secret, { alg: "HS256", crit: ["exp"] });
    assert.match((await refused(server.url, { auth: { token: crit } })).message, /critical extensions/);
  });

  test("the nsp claim restricts the namespace", async () => {
    const token = signToken(claimsFor(["ops"], { nsp: "/admin" }), secret);
    const err = await refused(server.url, { nsp: "/", auth: { token } });
    assert.equal(err.code, "namespace_not_granted");
    assert.equal(err.message, "namespace not granted: the token is for /admin, not /");
    const client = await connected(server.url, { nsp: "/admin", auth: { token } });
    try {
      assert.equal(await phpEmit(redis.url, ["ops"], "alert", ["disk"], { nsp: "/admin" }), 1);
      await waitUntil(() => client.received("alert").length === 1);
      assert.deepEqual(client.received("alert"), [["disk"]]);
    } finally {
      client.close();
    }
    // Without nsp the token is good for every configured namespace.
    const any = signToken(claimsFor(["ops"]), secret);
    (await connected(server.url, { nsp: "/admin", auth: { token: any } })).close();
  });

  test("every refusal is logged with its code, never with the token", async () => {
    const token = signToken(claimsFor(["a"]), newSecret());
    await refused(server.url, { auth: { token } });
    const rec = await server.waitForLog((r) => r.msg === "connection refused" && r.code === "signature");
    assert.equal(rec.level, "info");
    assert.ok(!server.output().includes(token.split(".")[2]), "a token signature appears in the log");
  });
});

/** A PHP process that stays up and emits to the room named on each stdin line, at once. */
function livePhpEmitter(redisUrl, options = "[]") {
  return spawnPhpLive(
    `$io = new SocketIO\\Emitter(${phpString(redisUrl)}, ${options});
     while (($line = fgets(STDIN)) !== false) {
         $room = trim($line);
         echo json_encode(['room' => $room, 'sent' => $io->to($room)->emit('hello', $room)]), "\\n";
     }`,
  );
}

for (const [label, args, options] of [
  ["classic", [], "[]"],
  ["sharded (dynamic)", ["--adapter", "sharded"], "['adapter' => 'sharded']"],
  ["sharded (static)", ["--adapter", "sharded", "--subscription-mode", "static"], "['adapter' => 'sharded', 'subscription_mode' => 'static']"],
]) {
  suite(`companion server: ${label} adapter`, () => {
    let redis;
    let server;
    let php;
    const secret = newSecret();

    before(async () => {
      redis = await startRedis();
      server = await startCompanion({ redisUrl: redis.url, secret, args });
      php = livePhpEmitter(redis.url, options);
    });
    after(async () => {
      php?.end();
      await php?.done;
      await server?.stop();
      await redis?.stop();
    });

    test("an emit sent the moment `connect` fires is received, every time (no join race)", async () => {
      // Fresh rooms each round: with the dynamic sharded adapter each is a new subscription that
      // must be active before the client hears `connect`.
      for (let i = 0; i < 15; i++) {
        const room = `fresh-${i}-${Date.now()}`;
        const token = signToken(claimsFor([room]), secret);
        const socket = io(server.url, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { token } });
        const unregister = registerCleanup(() => socket.disconnect());
        const got = new Promise((resolve) => socket.on("hello", resolve));
        socket.on("connect", () => php.send(room));
        const refusedWith = new Promise((resolve) => socket.on("connect_error", resolve));
        const arrived = await Promise.race([
          got,
          refusedWith.then((err) => assert.fail(`refused: ${err.message}`)),
          sleep(5000).then(() => undefined),
        ]);
        assert.equal(arrived, room, `round ${i}: the emit sent on connect was not received`);
        unregister();
        socket.disconnect();
      }
      await php.waitFor((records) => records.length >= 15);
      assert.ok(php.records.every((r) => r.sent >= 1), JSON.stringify(php.records));
    });

    test("PHP's serverCount-style view: /healthz counts this server on the key", async () => {
      const { status, body } = await healthz(server.url);
      assert.equal(status, 200);
      assert.equal(body.status, "ok");
      assert.equal(body.adapter.type, label.startsWith("classic") ? "classic" : "sharded");
      assert.equal(body.adapter.namespaces["/"].servers, 1);
    });
  });
}

suite("companion server: /healthz and Redis outages", () => {
  test("200 with Redis up, 503 while it is down, 200 again after it restarts; outages are logged", async () => {
    const secret = newSecret();
    const redis = await startRedis();
    const server = await startCompanion({ redisUrl: redis.url, secret });
    try {
      const up = await healthz(server.url);
      assert.equal(up.status, 200);
      assert.deepEqual(
        { status: up.body.status, pub: up.body.redis.publisher, sub: up.body.redis.subscriber, ping: up.body.redis.ping },
        { status: "ok", pub: "ready", sub: "ready", ping: "ok" },
      );
      assert.equal(up.body.adapter.subscribed, true);

      const token = signToken(claimsFor(["r"]), secret);
      const client = await connected(server.url, { auth: { token } });

      await redis.kill("SIGKILL");
      const down = await waitUntil(async () => {
        const h = await healthz(server.url);
        return h.status === 503 ? h : null;
      });
      assert.equal(down.body.status, "unavailable");
      assert.match(down.body.redis.error, /not connected|no answer/);
      await server.waitForLog((r) => r.msg === "redis error" && r.level === "error");
      // The server itself stays up and keeps its clients.
      assert.equal(client.socket.connected, true);

      const again = await startRedis({ port: redis.port });
      try {
        await server.waitForLog((r) => r.msg === "redis reconnected" && r.role === "subscriber", { timeoutMs: 10000 });
        const back = await waitUntil(async () => {
          const h = await healthz(server.url);
          return h.status === 200 ? h : null;
        }, { timeoutMs: 10000 });
        assert.equal(back.body.status, "ok");
        // The adapter resubscribed: an emit reaches the client that stayed connected.
        await waitUntil(async () => (await phpEmit(again.url, ["r"], "back", [1])) === 1, { timeoutMs: 10000 });
        await waitUntil(() => client.received("back").length >= 1);
      } finally {
        client.close();
        await server.stop();
        await again.stop();
      }
      // Redis errors are logged, on a bounded number of lines despite the retries.
      const errors = server.logs.filter((r) => r.msg === "redis error");
      assert.ok(errors.length >= 1 && errors.length <= 20, `${errors.length} redis error lines`);
    } finally {
      await server.stop();
      await redis.stop();
    }
  });

  test("/healthz answers only GET/HEAD /healthz; anything else is a JSON 404", async () => {
    const redis = await startRedis();
    const server = await startCompanion({ redisUrl: redis.url, secret: newSecret() });
    try {
      const res = await fetch(server.url + "/nothing");
      assert.equal(res.status, 404);
      assert.equal((await res.json()).error, "not found");
      const head = await fetch(server.url + "/healthz", { method: "HEAD" });
      assert.equal(head.status, 200);
    } finally {
      await server.stop();
      await redis.stop();
    }
  });
});

suite("companion server: lifecycle and configuration", () => {
  test("SIGTERM: clients are disconnected, Redis is closed, exit code 0", async () => {
    const secret = newSecret();
    const redis = await startRedis();
    const server = await startCompanion({ redisUrl: redis.url, secret });
    try {
      const client = await connected(server.url, { auth: { token: signToken(claimsFor(["x"]), secret) } });
      const { code, signal } = await server.kill("SIGTERM");
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, server.describe());
      await waitUntil(() => client.disconnects.length > 0);
      assert.ok(server.logs.some((r) => r.msg === "shutting down" && r.signal === "SIGTERM"));
      assert.ok(server.logs.some((r) => r.msg === "stopped"));
      client.close();
    } finally {
      await redis.stop();
    }
  });

  test("SIGTERM with Redis gone still exits 0 within the shutdown bound", async () => {
    const redis = await startRedis();
    const server = await startCompanion({ redisUrl: redis.url, secret: newSecret(), args: ["--shutdown-timeout", "3"] });
    await redis.kill("SIGKILL");
    await server.waitForLog((r) => r.msg === "redis error");
    const { code } = await server.kill("SIGTERM");
    assert.equal(code, 0, server.describe());
  });

  test("SIGINT while still waiting for Redis exits 0", async () => {
    const redis = await startRedis();
    const port = redis.port;
    await redis.stop();
    const server = await startCompanion({
      redisUrl: `redis://127.0.0.1:${port}`,
      secret: newSecret(),
      waitReady: false,
    });
    await server.waitForLog((r) => r.msg === "redis error");
    const { code } = await server.kill("SIGINT");
    assert.equal(code, 0, server.describe());
  });

  test("the secret comes from --secret-file (trailing newline ignored) and is never printed", async () => {
    const secret = newSecret();
    const dir = mkdtempSync(path.join(tmpdir(), "companion-secret-"));
    const file = path.join(dir, "secret");
    writeFileSync(file, secret + "\n", { mode: 0o600 });
    const redis = await startRedis();
    const server = await startCompanion({ redisUrl: redis.url, args: ["--secret-file", file] });
    try {
      const starting = server.logs.find((r) => r.msg === "starting");
      assert.equal(starting.secret, `from --secret-file ${file}`);
      (await connected(server.url, { auth: { token: signToken(claimsFor(["a"]), secret) } })).close();
      await fetch(server.url + "/healthz");
      assertSecretNotShown(server, secret);
    } finally {
      await server.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("configuration errors: clear message on stderr, exit code 2, nothing listens", async () => {
    const cases = [
      [[], {}, /no token secret: pass --secret-file PATH or set SOCKETIO_SECRET/],
      [[], { SOCKETIO_SECRET: "short" }, /is 5 bytes; at least 32 are needed/],
      [["--cors-origin", "*"], { SOCKETIO_SECRET: newSecret() }, /--cors-origin "\*" is refused/],
      [["--cors-origin", "https://a.example/path"], { SOCKETIO_SECRET: newSecret() }, /not an origin/],
      [["--adapter", "memory"], { SOCKETIO_SECRET: newSecret() }, /--adapter: "memory" is not an adapter/],
      [[], { SOCKETIO_SECRET: newSecret(), SOCKETIO_ADAPTER: "x" }, /SOCKETIO_ADAPTER: "x" is not an adapter/],
      [["--port", "http"], { SOCKETIO_SECRET: newSecret() }, /--port: "http" is not a port number/],
      [["--redis", "http://x"], { SOCKETIO_SECRET: newSecret() }, /http:\/\/ is not supported/],
      [["--secret-file", "/nonexistent/secret"], {}, /cannot read the token secret from \/nonexistent\/secret: ENOENT/],
      [["--bogus"], { SOCKETIO_SECRET: newSecret() }, /Unknown option '--bogus'/],
    ];
    await Promise.all(
      cases.map(async ([args, env, message]) => {
        const server = await startCompanion({ args, env: { SOCKETIO_SECRET: "", ...env }, waitReady: false });
        const { code } = await server.exited;
        assert.equal(code, 2, `${args.join(" ")}: ${server.describe()}`);
        assert.match(server.stderr(), message);
        assert.equal(server.logs.length, 0, "nothing is logged (nor listened on) before the configuration is valid");
        if (env.SOCKETIO_SECRET) assert.ok(!server.output().includes(env.SOCKETIO_SECRET));
      }),
    );
  });

  test("`npm start -- <flags>` runs it (the README's start command)", async () => {
    const secret = newSecret();
    const redis = await startRedis();
    const npm = spawn("npm", ["start", "--silent", "--", "--port", "0", "--redis", redis.url], {
      cwd: COMPANION_DIR,
      env: { ...process.env, SOCKETIO_SECRET: secret },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const unregister = registerCleanup(() => npm.kill("SIGKILL"));
    const exited = new Promise((resolve) => npm.once("exit", (code) => resolve(code)));
    let out = "";
    npm.stdout.on("data", (d) => (out += d));
    npm.stderr.on("data", (d) => (out += d));
    try {
      const ready = await waitUntil(() => out.split("\n").map((l) => l.trim()).find((l) => l.includes('"msg":"ready"')), {
        timeoutMs: 15000,
        message: () => out,
      });
      const { pid, port } = JSON.parse(ready);
      assert.equal((await healthz(`http://127.0.0.1:${port}`)).status, 200);
      process.kill(pid, "SIGTERM"); // the node process npm started, as systemd would stop it
      assert.equal(await exited, 0, out);
    } finally {
      unregister();
      npm.kill("SIGKILL");
      await redis.stop();
    }
  });

  test("--help prints the options and exits 0", async () => {
    const server = await startCompanion({ args: ["--help"], waitReady: false });
    assert.equal((await server.exited).code, 0);
    for (const flag of ["--port", "--redis", "--key", "--adapter", "--cors-origin", "--secret-file", "SOCKETIO_SECRET"]) {
      assert.ok(server.output().includes(flag), flag);
    }
  });

  test("flags and environment: --key and SOCKETIO_KEY select the channels PHP must use", async () => {
    const secret = newSecret();
    const redis = await startRedis();
    const byEnv = await startCompanion({ redisUrl: redis.url, secret, env: { SOCKETIO_KEY: "from-env" } });
    const byFlag = await startCompanion({
      redisUrl: redis.url,
      secret,
      args: ["--key", "from-flag"],
      env: { SOCKETIO_KEY: "ignored" },
    });
    try {
      const token = signToken(claimsFor(["r"]), secret);
      const a = await connected(byEnv.url, { auth: { token } });
      const b = await connected(byFlag.url, { auth: { token } });
      assert.equal(await phpEmit(redis.url, ["r"], "k", ["env"], { options: "['key' => 'from-env']" }), 1);
      assert.equal(await phpEmit(redis.url, ["r"], "k", ["flag"], { options: "['key' => 'from-flag']" }), 1);
      assert.equal(await phpEmit(redis.url, ["r"], "k", ["default"]), 0);
      await waitUntil(() => a.received("k").length === 1 && b.received("k").length === 1);
      await sleep(QUIET_MS);
      assert.deepEqual([a.received("k"), b.received("k")], [[["env"]], [["flag"]]]);
      a.close();
      b.close();
    } finally {
      await byEnv.stop();
      await byFlag.stop();
      await redis.stop();
    }
  });
});

suite("companion server: CORS", () => {
  let redis;
  let server;
  const secret = newSecret();
  before(async () => {
    redis = await startRedis();
    server = await startCompanion({ redisUrl: redis.url, secret, args: ["--cors-origin", "http://app.test:8080"] });
  });
  after(async () => {
    await server?.stop();
    await redis?.stop();
  });

  const handshake = (origin) =>
    fetch(server.url + "/socket.io/?EIO=4&transport=polling", { headers: origin ? { origin } : {} });

  test("a configured origin gets the CORS header, another origin is refused (polling and WebSocket)", async () => {
    const ok = await handshake("http://app.test:8080");
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("access-control-allow-origin"), "http://app.test:8080");
    const bad = await handshake("http://evil.test");
    assert.equal(bad.status, 403);
    assert.equal(bad.headers.get("access-control-allow-origin"), null);

    const token = signToken(claimsFor(["a"]), secret);
    const err = await refused(server.url, { auth: { token }, extraHeaders: { origin: "http://evil.test" } });
    assert.match(err.message, /websocket error/);
    (await connected(server.url, { auth: { token }, extraHeaders: { origin: "http://app.test:8080" } })).close();
  });

  test("clients without an Origin header (servers, CLIs) are not affected", async () => {
    assert.equal((await handshake()).status, 200);
  });
});

suite("companion server: Redis Cluster", () => {
  let cluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  for (const [label, args, options] of [
    ["classic", [], "['cluster' => true]"],
    ["sharded", ["--adapter", "sharded"], "['cluster' => true, 'adapter' => 'sharded']"],
  ]) {
    test(`${label} adapter over a cluster: PHP emits to rooms on different shards arrive`, async () => {
      const secret = newSecret();
      const server = await startCompanion({ redisUrl: cluster.seeds.slice(0, 2), secret, args });
      try {
        const rooms = ["team:1", "team:2", "admin", "team:3", "team:4"];
        const client = await connected(server.url, { auth: { token: signToken(claimsFor(rooms), secret) } });
        for (const room of rooms) {
          const sent = await runPhpJson(
            `$io = new SocketIO\\Emitter(getenv('REDIS_URL'), ${options});
             echo json_encode($io->to(${phpString(room)})->emit('c', ${phpString(room)})), "\\n";`,
            { redisUrl: cluster.seeds[0] },
          );
          // Classic PUBLISH on a cluster counts the subscribers of the node it reached only
          // (0 when the server subscribed elsewhere); delivery is what is asserted below.
          if (label === "sharded") assert.equal(sent, 1, `${room}: emit returned ${sent}`);
          else assert.equal(typeof sent, "number", `${room}: emit returned ${sent}`);
        }
        await waitUntil(() => client.received("c").length === rooms.length);
        assert.deepEqual(client.received("c").map((a) => a[0]).sort(), [...rooms].sort());
        const h = await healthz(server.url);
        assert.equal(h.status, 200);
        assert.equal(h.body.redis.cluster, true);
        client.close();
      } finally {
        await server.stop();
      }
    });
  }
});
