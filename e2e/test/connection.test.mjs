// Issue 3 §4/§5: the connection layer under real failures, with real processes. Redis servers are
// started, killed, restarted, protected by passwords, ACL users, TLS and unix sockets; PHP measures
// its own timings with hrtime (process start-up is not the extension's cost) and prints JSON.
// Timing bounds are "the configured limit plus a margin": the margin absorbs a noisy shared
// machine, never the difference between waiting and not waiting.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe as suite, test } from "node:test";
import {
  EXTENSION,
  PHP,
  connectClient,
  freePort,
  runPhp,
  runPhpJson,
  sleep,
  startRedis,
  startServer,
  startSpy,
  waitUntil,
} from "../lib/index.mjs";
import { redisAdmin, spawnPhpLive, startBlackhole, startSilentServer } from "../lib/faults.mjs";
import { startFpm } from "../lib/fpm.mjs";
import { makePki, redisTlsArgs } from "../lib/tls.mjs";

const MARGIN_MS = Number(process.env.E2E_TIMING_MARGIN_MS || 600);

// attempt() runs one call and reports what happened and how long it took, so a script can try
// several things and the test asserts on all of them.
const PRELUDE = String.raw`
function attempt(callable $f): array {
    $t = hrtime(true);
    try {
        $r = $f();
        return ['ok' => true, 'result' => $r, 'ms' => (hrtime(true) - $t) / 1e6];
    } catch (\Throwable $e) {
        $chain = [];
        for ($p = $e; $p !== null; $p = $p->getPrevious()) $chain[] = get_class($p) . ': ' . $p->getMessage();
        return [
            'ok' => false,
            'ms' => (hrtime(true) - $t) / 1e6,
            'class' => get_class($e),
            'isRuntime' => $e instanceof \RuntimeException,
            'isSocketIO' => $e instanceof \SocketIO\Exception,
            'isConnection' => $e instanceof \SocketIO\ConnectionException,
            'timeoutCode' => $e->getCode() === \SocketIO\Exception::TIMEOUT,
            'message' => $e->getMessage(),
            'chain' => implode("\n", $chain),
            'string' => (string) $e,
        ];
    }
}
function out($v): void {
    echo json_encode($v, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PRESERVE_ZERO_FRACTION), "\n";
}
`;

const php = (body, opts) => runPhpJson(`${PRELUDE}\n${body}`, opts);

function assertConnectionError(r, what) {
  assert.equal(r.ok, false, `${what}: expected a ConnectionException, got success ${JSON.stringify(r)}`);
  assert.equal(r.class, "SocketIO\\ConnectionException", `${what}: ${JSON.stringify(r)}`);
  assert.ok(r.isSocketIO && r.isRuntime, `${what}: must extend SocketIO\\Exception / RuntimeException`);
}

function assertNoSecret(text, secrets, where) {
  for (const s of secrets) {
    assert.ok(!String(text).includes(s), `${where} contains the secret ${JSON.stringify(s)}:\n${String(text).slice(0, 3000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
suite("Redis unreachable: bounded by connect_timeout, then fail-fast during backoff", () => {
  test("nothing listens on the port: ConnectionException within connect_timeout, naming the endpoint", async () => {
    const port = await freePort();
    const r = await php(`
      $url = 'redis://127.0.0.1:' . getenv('PORT');
      out(attempt(fn() => (new SocketIO\\Emitter($url, ['connect_timeout' => 1.0]))->to('r')->emit('ev', 1)));
    `, { env: { PORT: String(port) } });
    assertConnectionError(r, "refused port");
    assert.ok(r.ms < 1000 + MARGIN_MS, `took ${r.ms} ms, connect_timeout is 1000 ms`);
    assert.match(r.message, new RegExp(String(port)), "the message should say which endpoint failed");
  });

  test("SYNs dropped: waits connect_timeout, then fails at once during backoff, then tries again after it", async (t) => {
    const hole = await startBlackhole();
    t.after(() => hole.close());
    const r = await php(`
      $url = 'redis://127.0.0.1:' . getenv('PORT');
      $opts = ['connect_timeout' => 1.0, 'timeout' => 1.0, 'backoff' => 2.0];
      $first = attempt(fn() => (new SocketIO\\Emitter($url, $opts))->to('r')->emit('ev', 1));
      // A new Emitter object on the same URL: backoff belongs to the process and URL.
      $during = attempt(fn() => (new SocketIO\\Emitter($url, $opts))->emit('ev', 2));
      $during2 = attempt(fn() => (new SocketIO\\Emitter($url, $opts))->to('x')->emit('ev', 3));
      usleep(2400000);
      $afterBackoff = attempt(fn() => (new SocketIO\\Emitter($url, $opts))->emit('ev', 4));
      out(compact('first', 'during', 'during2', 'afterBackoff'));
    `, { env: { PORT: String(hole.port) } });

    assertConnectionError(r.first, "first connect");
    assert.ok(r.first.ms >= 800, `first attempt gave up after ${r.first.ms} ms, before connect_timeout (1000 ms)`);
    assert.ok(r.first.ms < 1000 + MARGIN_MS, `first attempt took ${r.first.ms} ms, connect_timeout is 1000 ms`);
    assert.match(r.first.message, /time[sd]?[ -]?out|timeout/i, "a connect timeout should say so");

    for (const k of ["during", "during2"]) {
      assertConnectionError(r[k], k);
      assert.ok(r[k].ms < 200, `${k}: during backoff an emit must fail at once, took ${r[k].ms} ms`);
    }

    assertConnectionError(r.afterBackoff, "after backoff");
    assert.ok(r.afterBackoff.ms >= 800,
      `after the backoff expired the emit must try to connect again (took only ${r.afterBackoff.ms} ms)`);
  });
});

// ---------------------------------------------------------------------------------------------
suite("a server that accepts and never answers", () => {
  test("bounded by timeout; the connection in an unknown state is dropped and nothing is sent twice", async (t) => {
    const silent = await startSilentServer();
    t.after(() => silent.close());
    const r = await php(`
      $url = 'redis://127.0.0.1:' . getenv('PORT');
      $opts = ['connect_timeout' => 1.0, 'timeout' => 0.5, 'backoff' => 0.2];
      $e = new SocketIO\\Emitter($url, $opts);
      $first = attempt(fn() => $e->to('r')->emit('ev', 'first-message'));
      usleep(400000);
      $second = attempt(fn() => $e->to('r')->emit('ev', 'second-message'));
      out(compact('first', 'second'));
    `, { env: { PORT: String(silent.port) } });

    for (const k of ["first", "second"]) {
      // Sent, no reply: the outcome is unknown, so a TimeoutException (a ConnectionException).
      assert.equal(r[k].ok, false, `${k}: ${JSON.stringify(r[k])}`);
      assert.equal(r[k].class, "SocketIO\\TimeoutException", `${k}: ${JSON.stringify(r[k])}`);
      assert.ok(r[k].isConnection && r[k].isSocketIO && r[k].timeoutCode, `${k}: ${JSON.stringify(r[k])}`);
      assert.match(r[k].message, /may still be delivered/, `${k}: ${r[k].message}`);
      assert.ok(r[k].ms >= 400, `${k}: gave up after ${r[k].ms} ms, before timeout (500 ms)`);
      assert.ok(r[k].ms < 500 + MARGIN_MS, `${k}: took ${r[k].ms} ms, timeout is 500 ms`);
      assert.match(r[k].message, /time[sd]?[ -]?out|timeout|no reply|within/i, `${k}: a read timeout should say so`);
    }
    // The first socket may still deliver a late reply: it must never be used again.
    await waitUntil(() => silent.connections.length >= 2 && silent.connections.every((c) => c.closed), {
      timeoutMs: 3000,
      message: () => `connections: ${JSON.stringify(silent.connections.map((c) => ({ closed: c.closed, bytes: c.received.length })))}`,
    });
    assert.equal(silent.connections.length, 2, "one connection per emit: the timed-out one is not reused");
    const [c1, c2] = silent.connections.map((c) => c.received.toString("latin1"));
    assert.ok(c1.includes("first-message"), "the first PUBLISH reached the server");
    assert.ok(!c2.includes("first-message"), "a PUBLISH that may have reached Redis must never be retried");
    assert.equal(c1.split("first-message").length - 1, 1, "sent once on the first connection");
    assert.ok(c2.includes("second-message"));
  });
});

// ---------------------------------------------------------------------------------------------
suite("Redis killed and restarted while a long-running PHP process keeps emitting", () => {
  test("recovers by itself; every emit Redis confirmed reached the client, none twice", { timeout: 90000 }, async (t) => {
    let redis = await startRedis();
    const port = redis.port;
    const server = await startServer({ redisUrl: redis.url, namespaces: ["/"] });
    t.after(async () => {
      await server.stop();
      await redis.stop();
    });
    const client = await connectClient(server.url, { rooms: ["live"] });
    t.after(() => client.close());

    const live = spawnPhpLive(`${PRELUDE}
      $e = new SocketIO\\Emitter(getenv('REDIS_URL'), ['connect_timeout' => 0.3, 'timeout' => 0.5, 'backoff' => 0.2]);
      stream_set_blocking(STDIN, false);
      $deadline = microtime(true) + 60;
      for ($i = 0; microtime(true) < $deadline; $i++) {
          $cmd = fgets(STDIN);
          if ($cmd !== false && trim($cmd) === 'stop') break;
          $t = hrtime(true);
          try {
              $n = $e->to('live')->emit('tick', $i);
              out(['i' => $i, 'n' => $n, 'ms' => (hrtime(true) - $t) / 1e6]);
          } catch (SocketIO\\ConnectionException $x) {
              out(['i' => $i, 'n' => null, 'ms' => (hrtime(true) - $t) / 1e6, 'err' => $x->getMessage()]);
          }
          usleep(20000);
      }
      out(['done' => true, 'count' => $i]);
    `, { env: { REDIS_URL: redis.url }, timeoutMs: 80000 });
    t.after(() => live.kill());

    const ticks = () => live.records.filter((r) => "i" in r);
    await live.waitFor(() => ticks().filter((r) => r.n >= 1).length >= 15, { timeoutMs: 10000 });

    await redis.kill("SIGKILL");
    await redis.stop();
    const killedAt = ticks().length;
    await live.waitFor(() => ticks().slice(killedAt).filter((r) => r.n === null).length >= 5, { timeoutMs: 10000 });

    redis = await startRedis({ port });
    // The Socket.IO server's node-redis reconnects and re-issues its PSUBSCRIBE by itself.
    const admin = await redisAdmin(redis.url);
    t.after(() => admin.close());
    await waitUntil(async () => Number(await admin.command(["PUBSUB", "NUMPAT"])) >= 1, {
      timeoutMs: 15000,
      message: "the Socket.IO server's adapter never resubscribed to the restarted Redis",
    });
    const resubscribedAt = ticks().length;

    // 25 confirmed emits in a row (half a second of traffic) after the restart, with no help.
    const streak = () => {
      let s = 0;
      for (const r of ticks().slice(resubscribedAt)) s = r.n >= 1 ? s + 1 : 0;
      return s;
    };
    await live.waitFor(() => streak() >= 25, { timeoutMs: 15000 });
    live.send("stop");
    const res = await live.done;
    assert.equal(res.code, 0, `php exited ${res.code ?? res.signal}: ${res.stderr}`);
    assert.equal(res.stderr.trim(), "", "no warning or error output");
    assert.ok(live.records.at(-1)?.done, "the script ran to its end");

    const all = ticks();
    const failures = all.filter((r) => r.n === null);
    assert.ok(failures.length >= 5, "emits failed while Redis was down");
    assert.ok(failures.every((r) => r.ms < 300 + MARGIN_MS),
      `a failing emit must be bounded by connect_timeout/timeout: ${JSON.stringify(failures.filter((r) => r.ms >= 300 + MARGIN_MS).slice(0, 3))}`);
    const firstFailure = all.indexOf(failures[0]);
    assert.ok(all.slice(0, firstFailure).every((r) => r.n >= 1), "all emits before the kill were delivered to the server");

    const confirmed = all.filter((r) => r.n >= 1).map((r) => r.i);
    await waitUntil(() => {
      const got = new Set(client.received("tick").map((a) => a[0]));
      return confirmed.every((i) => got.has(i));
    }, {
      timeoutMs: 5000,
      message: () => {
        const got = new Set(client.received("tick").map((a) => a[0]));
        return `confirmed but never received: ${JSON.stringify(confirmed.filter((i) => !got.has(i)))}`;
      },
    });
    const received = client.received("tick").map((a) => a[0]);
    assert.equal(new Set(received).size, received.length, `a message arrived twice: ${JSON.stringify(received)}`);
  });
});

// ---------------------------------------------------------------------------------------------
suite("passwords and ACL users", () => {
  const PW = "right-Pw-7c1e";
  const WRONG = "WrongPass-e93a4";
  let redis;
  let spy;
  let admin;

  before(async () => {
    redis = await startRedis({ args: ["--requirepass", PW], password: PW });
    spy = await startSpy(redis.url);
    admin = await redisAdmin(redis.url);
    // alice may only publish to her own room's channel: an emit that goes out on her connection
    // to any other channel is refused, which shows whose connection an emit really used.
    await admin.command(["ACL", "SETUSER", "alice", "on", ">alice-Pw-51", "resetchannels", "&socket.io#/#alice-room#", "+@all", "~*"]);
  });
  after(async () => {
    await admin?.close();
    await spy?.stop();
    await redis?.stop();
  });

  test("wrong password: ConnectionException saying authentication failed, without the password", async () => {
    const r = await php(`
      $port = getenv('PORT');
      $opts = ['connect_timeout' => 1.0, 'backoff' => 0.0];
      $url = attempt(fn() => (new SocketIO\\Emitter('redis://:${WRONG}@127.0.0.1:' . $port, $opts))->emit('ev', 1));
      $opt = attempt(fn() => (new SocketIO\\Emitter('redis://127.0.0.1:' . $port, $opts + ['password' => '${WRONG}']))->to('a')->emit('ev', 2));
      $none = attempt(fn() => (new SocketIO\\Emitter('redis://127.0.0.1:' . $port, $opts))->emit('ev', 3));
      $right = attempt(fn() => (new SocketIO\\Emitter('redis://:${PW}@127.0.0.1:' . $port, $opts))->to('ok')->emit('ev', 4));
      out(compact('url', 'opt', 'none', 'right'));
    `, { env: { PORT: String(redis.port) } });
    for (const k of ["url", "opt"]) {
      assertConnectionError(r[k], `${k}: wrong password`);
      assert.match(r[k].message, /authentication failed/i, `${k}: ${r[k].message}`);
      assertNoSecret(r[k].chain, [WRONG, PW], `${k}: exception message`);
      assertNoSecret(r[k].string, [WRONG, PW], `${k}: (string) exception`);
    }
    assertConnectionError(r.none, "no password on a protected server");
    assert.match(r.none.message, /auth/i, r.none.message);
    assert.equal(r.right.ok, true, JSON.stringify(r.right));
    assert.equal(r.right.result, 1, "the right password publishes (the spy is subscribed)");
  });

  test("ACL user from the URL and from options; credentials are part of the connection's identity", async () => {
    spy.clear();
    const before = await admin.connectionsReceived();
    const r = await php(`
      $port = getenv('PORT');
      $opts = ['backoff' => 0.0];
      $aliceUrl = attempt(fn() => (new SocketIO\\Emitter('redis://alice:alice-Pw-51@127.0.0.1:' . $port, $opts))->to('alice-room')->emit('ev', 'alice-url'));
      $aliceOpt = attempt(fn() => (new SocketIO\\Emitter('redis://127.0.0.1:' . $port, $opts + ['username' => 'alice', 'password' => 'alice-Pw-51']))->to('alice-room')->emit('ev', 'alice-opt'));
      // The default user on the same host:port must get its own connection, not alice's.
      $default = attempt(fn() => (new SocketIO\\Emitter('redis://:${PW}@127.0.0.1:' . $port, $opts))->to('other-room')->emit('ev', 'default'));
      // ...and alice's connection really is alice's: her ACL refuses this channel.
      $aliceElsewhere = attempt(fn() => (new SocketIO\\Emitter('redis://alice:alice-Pw-51@127.0.0.1:' . $port, $opts))->to('other-room')->emit('ev', 'refused'));
      $aliceWrong = attempt(fn() => (new SocketIO\\Emitter('redis://alice:not-alices-pw@127.0.0.1:' . $port, $opts))->to('alice-room')->emit('ev', 'x'));
      out(compact('aliceUrl', 'aliceOpt', 'default', 'aliceElsewhere', 'aliceWrong'));
    `, { env: { PORT: String(redis.port) } });
    for (const k of ["aliceUrl", "aliceOpt", "default"]) {
      assert.equal(r[k].ok, true, `${k}: ${JSON.stringify(r[k])}`);
      assert.equal(r[k].result, 1, `${k}: the spy should have received it`);
    }
    assert.equal(r.aliceElsewhere.ok, false, "alice's ACL must refuse other-room: was another user's connection used?");
    assertConnectionError(r.aliceWrong, "alice with a wrong password");
    assert.match(r.aliceWrong.message, /authentication failed/i);
    assertNoSecret(r.aliceWrong.string, ["not-alices-pw", "alice-Pw-51", PW], "alice's failure");

    const msgs = await spy.waitFor(3);
    assert.deepEqual(msgs.map((m) => m.channel).sort(),
      ["socket.io#/#alice-room#", "socket.io#/#alice-room#", "socket.io#/#other-room#"]);
    const after = await admin.connectionsReceived();
    assert.ok(after - before >= 3, `alice and the default user cannot share a socket (${after - before} connections)`);
  });
});

// ---------------------------------------------------------------------------------------------
suite("TLS with a private CA", () => {
  let pki;
  let redis;
  let tlsPort;
  let wrongNameRedis;
  let wrongNamePort;
  let mtlsRedis;
  let mtlsPort;
  let pwRedis;
  let pwPort;
  let spy;

  before(async () => {
    pki = makePki();
    tlsPort = await freePort();
    redis = await startRedis({ args: redisTlsArgs({ tlsPort, leaf: pki.server, ca: pki.ca }) });
    wrongNamePort = await freePort();
    wrongNameRedis = await startRedis({ args: redisTlsArgs({ tlsPort: wrongNamePort, leaf: pki.wrongName, ca: pki.ca }) });
    mtlsPort = await freePort();
    mtlsRedis = await startRedis({ args: redisTlsArgs({ tlsPort: mtlsPort, leaf: pki.server, ca: pki.ca, authClients: "yes" }) });
    pwPort = await freePort();
    pwRedis = await startRedis({ args: [...redisTlsArgs({ tlsPort: pwPort, leaf: pki.server, ca: pki.ca }), "--requirepass", "tls-Pw-0d2c"] });
    spy = await startSpy(redis.url);
  });
  after(async () => {
    await spy?.stop();
    await Promise.all([redis?.stop(), wrongNameRedis?.stop(), mtlsRedis?.stop(), pwRedis?.stop()]);
    pki?.cleanup();
  });

  // One PHP process per case: no pool or backoff state carries from one case to the next.
  const attemptTls = (port, tls, label, auth = "") => php(`
    $opts = ['connect_timeout' => 2.0, 'timeout' => 2.0];
    $tls = json_decode(getenv('TLS'), true);
    if ($tls !== null) $opts['tls'] = $tls;
    out(attempt(fn() => (new SocketIO\\Emitter('rediss://' . getenv('AUTH') . '127.0.0.1:' . getenv('PORT'), $opts))->to('tls')->emit('ev', getenv('LABEL'))));
  `, { env: { PORT: String(port), TLS: JSON.stringify(tls), LABEL: label, AUTH: auth } });

  test("cafile = the private CA: works", async () => {
    spy.clear();
    const r = await attemptTls(tlsPort, { cafile: pki.ca }, "right-ca");
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result, 1);
    const [m] = await spy.waitFor(1);
    assert.equal(m.channel, "socket.io#/#tls#");
    assert.ok(m.payload.includes(Buffer.from("right-ca")));
  });

  test("a wrong CA, or the system CAs, are refused", async () => {
    spy.clear();
    for (const [label, tls] of [["wrong-ca", { cafile: pki.otherCa }], ["system-ca", null], ["system-ca-explicit", { verify_peer: true }]]) {
      const r = await attemptTls(tlsPort, tls, label);
      assertConnectionError(r, label);
      assert.ok(r.ms < 2000 + MARGIN_MS, `${label}: took ${r.ms} ms`);
      assert.match(r.message, /tls|ssl|certif|verif|handshake/i, `${label}: the message should say why: ${r.message}`);
    }
    await sleep(200);
    assert.equal(spy.messages.length, 0, "nothing may be published over an untrusted connection");
  });

  test("verify_peer = false works without a CA", async () => {
    spy.clear();
    const r = await attemptTls(tlsPort, { verify_peer: false }, "no-verify");
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result, 1);
    await spy.waitFor(1);
  });

  test("a certificate for another name is refused unless verify_peer_name = false", async () => {
    const refused = await attemptTls(wrongNamePort, { cafile: pki.ca }, "wrong-name");
    assertConnectionError(refused, "certificate for wrong.example");
    const accepted = await attemptTls(wrongNamePort, { cafile: pki.ca, verify_peer_name: false }, "wrong-name-ok");
    assert.equal(accepted.ok, true, JSON.stringify(accepted));
  });

  test("a password over TLS: AUTH is sent inside the TLS session", async () => {
    const ok = await attemptTls(pwPort, { cafile: pki.ca }, "tls-pw", ":tls-Pw-0d2c@");
    assert.equal(ok.ok, true, JSON.stringify(ok));
    const wrong = await attemptTls(pwPort, { cafile: pki.ca }, "tls-pw-wrong", ":tls-wrong-77@");
    assertConnectionError(wrong, "wrong password over TLS");
    assert.match(wrong.message, /authentication failed/i);
    assertNoSecret(wrong.string, ["tls-wrong-77", "tls-Pw-0d2c"], "TLS auth failure");
  });

  test("mutual TLS: local_cert/local_pk are presented; without them the server refuses", async () => {
    const withCert = await attemptTls(mtlsPort, { cafile: pki.ca, local_cert: pki.client.cert, local_pk: pki.client.key }, "mtls");
    assert.equal(withCert.ok, true, JSON.stringify(withCert));
    const withoutCert = await attemptTls(mtlsPort, { cafile: pki.ca }, "mtls-missing");
    assertConnectionError(withoutCert, "mutual TLS without a client certificate");
  });
});

// ---------------------------------------------------------------------------------------------
suite("unix sockets", () => {
  let dir;
  let plain;
  let protectedRedis;
  const PW = "unix-Pw-3b9d";

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "e2e-unix-"));
    plain = await startRedis({ args: ["--unixsocket", path.join(dir, "plain.sock"), "--unixsocketperm", "700"] });
    protectedRedis = await startRedis({
      args: ["--unixsocket", path.join(dir, "pw.sock"), "--unixsocketperm", "700", "--requirepass", PW],
      password: PW,
    });
  });
  after(async () => {
    await Promise.all([plain?.stop(), protectedRedis?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("unix:///path works, and unix://:pw@/path or the password option authenticate", async (t) => {
    const spyPlain = await startSpy(plain.url);
    const spyPw = await startSpy(protectedRedis.url);
    t.after(() => Promise.all([spyPlain.stop(), spyPw.stop()]));
    const r = await php(`
      $dir = getenv('DIR');
      $o = ['backoff' => 0.0];
      $plain = attempt(fn() => (new SocketIO\\Emitter("unix://$dir/plain.sock", $o))->to('u')->emit('ev', 'plain'));
      $pwUrl = attempt(fn() => (new SocketIO\\Emitter("unix://:${PW}@$dir/pw.sock", $o))->to('u')->emit('ev', 'pw-url'));
      $pwOpt = attempt(fn() => (new SocketIO\\Emitter("unix://$dir/pw.sock", $o + ['password' => '${PW}']))->to('u')->emit('ev', 'pw-opt'));
      $wrong = attempt(fn() => (new SocketIO\\Emitter("unix://:bad-unix-pw@$dir/pw.sock", $o))->to('u')->emit('ev', 'wrong'));
      $missing = attempt(fn() => (new SocketIO\\Emitter("unix://$dir/missing.sock", $o))->emit('ev', 'missing'));
      out(compact('plain', 'pwUrl', 'pwOpt', 'wrong', 'missing'));
    `, { env: { DIR: dir } });
    for (const k of ["plain", "pwUrl", "pwOpt"]) {
      assert.equal(r[k].ok, true, `${k}: ${JSON.stringify(r[k])}`);
      assert.equal(r[k].result, 1, `${k}: the spy should have received it`);
    }
    assertConnectionError(r.wrong, "unix socket, wrong password");
    assert.match(r.wrong.message, /authentication failed/i);
    assertNoSecret(r.wrong.string, ["bad-unix-pw", PW], "unix auth failure");
    assertConnectionError(r.missing, "unix socket that does not exist");
    assert.deepEqual((await spyPlain.waitFor(1)).map((m) => m.channel), ["socket.io#/#u#"]);
    assert.equal((await spyPw.waitFor(2)).length, 2);
  });
});

// ---------------------------------------------------------------------------------------------
suite("pcntl_fork()", () => {
  test("parent and child emit concurrently on the Emitter created before the fork: every message intact", { timeout: 60000 }, async (t) => {
    const redis = await startRedis();
    const server = await startServer({ redisUrl: redis.url, namespaces: ["/"] });
    const admin = await redisAdmin(redis.url);
    t.after(async () => {
      await admin.close();
      await server.stop();
      await redis.stop();
    });
    const client = await connectClient(server.url, { rooms: ["fork"] });
    t.after(() => client.close());
    const N = 200;
    const PAD = 3000;

    const before = await admin.connectionsReceived();
    const res = await runPhp(`${PRELUDE}
      $e = new SocketIO\\Emitter(getenv('REDIS_URL'));
      $pre = $e->to('fork')->emit('pre', 'before the fork');   // the connection is live now
      $start = microtime(true) + 0.3;
      $pid = pcntl_fork();
      if ($pid < 0) { out(['error' => 'fork failed']); exit(1); }
      $who = $pid === 0 ? 'child' : 'parent';
      time_sleep_until($start);
      $ok = 0; $zero = 0; $errors = [];
      for ($i = 0; $i < ${N}; $i++) {
          try {
              $n = $e->to('fork')->emit('m', ['who' => $who, 'i' => $i, 'pad' => str_repeat(chr(97 + $i % 26), ${PAD})]);
              $n >= 1 ? $ok++ : $zero++;
          } catch (\\Throwable $x) {
              $errors[] = "$i: " . get_class($x) . ': ' . $x->getMessage();
          }
      }
      out(['who' => $who, 'pid' => getmypid(), 'ok' => $ok, 'zero' => $zero, 'errors' => array_slice($errors, 0, 5), 'nerrors' => count($errors)]);
      if ($pid === 0) exit(0);
      pcntl_waitpid($pid, $status);
      $after = attempt(fn() => $e->to('fork')->emit('post', 'after the child exited'));
      out(['who' => 'final', 'pre' => $pre, 'childExited' => pcntl_wifexited($status), 'childStatus' => pcntl_wexitstatus($status), 'after' => $after]);
    `, { redisUrl: redis.url, timeoutMs: 40000 });
    assert.equal(res.code, 0, `php exited ${res.code ?? res.signal}\n${res.stdout}\n${res.stderr}`);
    assert.equal(res.stderr.trim(), "", res.stderr);
    const recs = res.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const by = Object.fromEntries(recs.map((r) => [r.who, r]));
    assert.equal(by.final?.pre, 1, JSON.stringify(recs));
    assert.equal(by.final.childExited, true);
    assert.equal(by.final.childStatus, 0);
    for (const who of ["parent", "child"]) {
      assert.deepEqual({ who, ok: by[who]?.ok, zero: by[who]?.zero, nerrors: by[who]?.nerrors, errors: by[who]?.errors },
        { who, ok: N, zero: 0, nerrors: 0, errors: [] }, `${who}: every emit confirmed by Redis`);
    }
    assert.notEqual(by.parent.pid, by.child.pid);
    assert.equal(by.final.after.ok, true, `the parent still emits after its child exited: ${JSON.stringify(by.final.after)}`);

    await client.waitForEvents(2 * N, { event: "m", timeoutMs: 15000 });
    await client.waitForEvents(1, { event: "post", timeoutMs: 5000 });
    await sleep(200);
    const got = client.received("m").map((a) => a[0]);
    assert.equal(got.length, 2 * N, "exactly one copy of each message");
    for (const who of ["parent", "child"]) {
      const mine = got.filter((m) => m.who === who);
      assert.deepEqual(mine.map((m) => m.i).sort((a, b) => a - b), [...Array(N).keys()], `${who}: every index exactly once`);
      for (const m of mine) {
        assert.equal(m.pad, String.fromCharCode(97 + (m.i % 26)).repeat(PAD), `${who} #${m.i}: payload corrupted`);
      }
    }
    const after = await admin.connectionsReceived();
    assert.ok(after - before >= 2, `the child must open its own connection, not share the parent's (${after - before} new connections)`);
  });
});

// ---------------------------------------------------------------------------------------------
suite("on_error = warning", () => {
  test("Redis down: E_WARNING and false, and the script goes on (option and php.ini)", async () => {
    const port = await freePort();
    const r = await php(`
      $warnings = [];
      set_error_handler(function (int $no, string $str) use (&$warnings) { $warnings[] = ['no' => $no, 'str' => $str]; return true; });
      $url = 'redis://:warn-secret-Pw@127.0.0.1:' . getenv('PORT');
      $e = new SocketIO\\Emitter($url, ['on_error' => 'warning', 'connect_timeout' => 0.5]);
      $first = attempt(fn() => $e->to('r')->emit('ev', 1));
      $second = attempt(fn() => $e->emit('ev', 2));
      restore_error_handler();
      out(['first' => $first, 'second' => $second, 'warnings' => $warnings, 'continued' => true]);
    `, { env: { PORT: String(port) } });
    for (const k of ["first", "second"]) {
      assert.equal(r[k].ok, true, `${k}: no exception with on_error=warning: ${JSON.stringify(r[k])}`);
      assert.equal(r[k].result, false, `${k}: emit() returns false`);
      assert.ok(r[k].ms < 500 + MARGIN_MS, `${k}: took ${r[k].ms} ms`);
    }
    assert.ok(r.warnings.length >= 2, JSON.stringify(r.warnings));
    for (const w of r.warnings) {
      assert.equal(w.no, 2 /* E_WARNING */, JSON.stringify(w));
      assertNoSecret(w.str, ["warn-secret-Pw"], "warning");
    }
    assert.equal(r.continued, true);

    // The php.ini default applies when the option is not given.
    const ini = await php(`
      set_error_handler(function (int $no, string $str) { echo json_encode(['no' => $no, 'str' => $str]), "\\n"; return true; });
      out(attempt(fn() => (new SocketIO\\Emitter('redis://127.0.0.1:' . getenv('PORT')))->emit('ev', 3)));
    `, { env: { PORT: String(port) }, ini: { "socketio.on_error": "warning" } });
    assert.equal(ini.ok, true, `socketio.on_error=warning in php.ini: ${JSON.stringify(ini)}`);
    assert.equal(ini.result, false);
  });

  test("without an error handler the warning is printed and the script exits 0", async () => {
    const port = await freePort();
    const res = await runPhp(`
      $e = new SocketIO\\Emitter('redis://127.0.0.1:' . getenv('PORT'), ['on_error' => 'warning']);
      var_dump($e->emit('ev', 1));
      echo "continued\\n";
    `, { env: { PORT: String(port) } });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /Warning: /, res.stderr);
    assert.match(res.stdout, /bool\(false\)\s+continued/);
  });
});

// ---------------------------------------------------------------------------------------------
suite("persistent connections", () => {
  let redis;
  let spy;
  let admin;

  before(async () => {
    redis = await startRedis();
    spy = await startSpy(redis.url);
    admin = await redisAdmin(redis.url);
  });
  after(async () => {
    await admin?.close();
    await spy?.stop();
    await redis?.stop();
  });

  test("CLI: several Emitter objects in one process share one connection", async () => {
    const before = await admin.connectionsReceived();
    const r = await php(`
      $n = [];
      for ($i = 0; $i < 5; $i++) {
          $e = new SocketIO\\Emitter(getenv('REDIS_URL'));
          $n[] = $e->to('r')->emit('ev', $i);
          unset($e);
      }
      $n[] = (new SocketIO\\Emitter(getenv('REDIS_URL')))->of('/admin')->emit('ev', 'x');
      out($n);
    `, { redisUrl: redis.url });
    assert.deepEqual(r, [1, 1, 1, 1, 1, 1]);
    assert.equal((await admin.connectionsReceived()) - before, 1, "one connection for the whole process");
  });

  test("php-fpm: one worker reuses its connection across requests with no liveness round trip; persistent=false closes at request end", { timeout: 60000 }, async (t) => {
    const fpm = await startFpm({
      files: {
        "emit.php": `<?php
          $e = new SocketIO\\Emitter('redis://127.0.0.1:' . $_GET['port'], ['persistent' => $_GET['p'] === '1']);
          echo json_encode(['pid' => getmypid(), 'n' => $e->to('r')->emit('ev', (int) $_GET['i'])]);`,
      },
    });
    t.after(() => fpm.stop());
    const get = async (p, i) => {
      const res = await fpm.request("emit.php", `port=${redis.port}&p=${p}&i=${i}`);
      assert.equal(res.status, 200, `${res.body}\n${res.stderr}\n${fpm.logs()}`);
      return JSON.parse(res.body);
    };
    const clientsNow = async () => Number((await admin.info("clients")).connected_clients);

    // Non-persistent first, on a fresh worker: each request connects and closes its socket.
    const baseline = await clientsNow();
    let before = await admin.connectionsReceived();
    const pids = new Set();
    for (let i = 0; i < 3; i++) {
      const r = await get(0, i);
      pids.add(r.pid);
      assert.equal(r.n, 1);
      await waitUntil(async () => (await clientsNow()) === baseline, {
        timeoutMs: 2000,
        message: "persistent=false: the connection must be closed when the request ends",
      });
    }
    assert.equal((await admin.connectionsReceived()) - before, 3, "persistent=false: one connection per request");

    await admin.command(["CONFIG", "RESETSTAT"]);
    before = await admin.connectionsReceived();
    for (let i = 0; i < 6; i++) {
      const r = await get(1, i);
      pids.add(r.pid);
      assert.equal(r.n, 1);
    }
    assert.equal(pids.size, 1, "a single fpm worker served every request");
    assert.equal((await admin.connectionsReceived()) - before, 1, "persistent: one connection for six requests");
    const calls = await admin.commandCalls();
    delete calls.info;
    delete calls.config;
    assert.equal(calls.publish, 6, JSON.stringify(calls));
    assert.equal(calls.ping ?? 0, 0, `no liveness PING per request: ${JSON.stringify(calls)}`);
    assert.equal(calls.echo ?? 0, 0, `no liveness ECHO per request: ${JSON.stringify(calls)}`);
    const others = Object.entries(calls).filter(([k]) => k !== "publish").reduce((s, [, v]) => s + v, 0);
    assert.ok(others <= 2, `only a connection handshake besides PUBLISH: ${JSON.stringify(calls)}`);

    // Redis drops the worker's idle connection between two requests: the next request must find
    // out without a round trip, reconnect, and publish exactly once.
    const myId = Number(await admin.command(["CLIENT", "ID"]));
    const list = String(await admin.command(["CLIENT", "LIST", "TYPE", "normal"]));
    for (const id of [...list.matchAll(/\bid=(\d+)/g)].map((m) => Number(m[1])).filter((id) => id !== myId)) {
      await admin.command(["CLIENT", "KILL", "ID", id]);
    }
    await sleep(100);
    spy.clear();
    const r = await get(1, 99);
    assert.equal(r.n, 1, "the stale connection is replaced transparently");
    await sleep(300);
    assert.equal(spy.messages.length, 1, "published exactly once");
  });
});

// ---------------------------------------------------------------------------------------------
suite("secrets never leak", () => {
  const CORE = "Zq9SecretCore";
  const PW = `p@ss:${CORE}/x%`; // needs percent-encoding in a URL
  let redis;

  before(async () => {
    redis = await startRedis({ args: ["--requirepass", PW] });
  });
  after(() => redis?.stop());

  test("not in var_dump, print_r, var_export, debug_zval_dump, casts, json, serialize or phpinfo()", async () => {
    // The password comes in on stdin, not the environment: phpinfo() prints the environment.
    const res = await runPhp(`${PRELUDE}
      $pw = rtrim(fgets(STDIN), "\\n");
      $port = getenv('PORT');
      $e1 = new SocketIO\\Emitter('redis://:' . rawurlencode($pw) . '@127.0.0.1:' . $port);
      $e2 = new SocketIO\\Emitter('redis://127.0.0.1:' . $port, ['password' => $pw, 'username' => 'default']);
      $e3 = new SocketIO\\Emitter(['host' => '127.0.0.1', 'port' => (int) $port, 'password' => $pw]);
      $objects = [$e1, $e2, $e3, $e1->to('r')->except('x'), $e2->of('/admin')->volatile(), $e3->compress(false)];
      $emits = [attempt(fn() => $e1->to('a')->emit('ev', 1)), attempt(fn() => $e2->emit('ev', 2)), attempt(fn() => $e3->emit('ev', 3))];
      ob_start();
      foreach ($objects as $o) {
          var_dump($o); print_r($o); echo "\\n"; var_export($o); echo "\\n"; debug_zval_dump($o);
          var_dump((array) $o, get_object_vars($o)); echo json_encode($o), "\\n";
          try { echo serialize($o), "\\n"; } catch (\\Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\\n"; }
          echo (new ReflectionObject($o))->getName(), "\\n";
      }
      phpinfo();
      $dump = ob_get_clean();
      echo $dump, "\\n";
      out(['emits' => $emits, 'dumpLength' => strlen($dump)]);
    `, { env: { PORT: String(redis.port) }, stdin: PW + "\n" });
    assert.equal(res.code, 0, res.stderr);
    const last = JSON.parse(res.stdout.trim().split("\n").at(-1));
    for (const [i, e] of last.emits.entries()) assert.equal(e.ok, true, `emit ${i} with the right password: ${JSON.stringify(e)}`);
    assert.ok(last.dumpLength > 1000, "phpinfo() and the dumps were captured");
    assert.match(res.stdout, /socketio/i, "phpinfo() shows the extension");
    assertNoSecret(res.stdout + res.stderr, [CORE, encodeURIComponent(PW)], "dumps / phpinfo()");
  });

  test("not in exceptions or warnings for a wrong password", async () => {
    const res = await runPhp(`${PRELUDE}
      $pw = 'bad' . rtrim(fgets(STDIN), "\\n");
      $port = getenv('PORT');
      $url = 'redis://:' . rawurlencode($pw) . '@127.0.0.1:' . $port;
      $ex = attempt(fn() => (new SocketIO\\Emitter($url, ['backoff' => 0.0]))->emit('ev', 1));
      $w = (new SocketIO\\Emitter($url, ['on_error' => 'warning', 'backoff' => 0.0]))->emit('ev', 2);
      out(['ex' => $ex, 'w' => $w]);
    `, { env: { PORT: String(redis.port) }, stdin: PW + "\n" });
    assert.equal(res.code, 0, res.stderr);
    const r = JSON.parse(res.stdout.trim().split("\n").at(-1));
    assertConnectionError(r.ex, "wrong password");
    assert.match(r.ex.message, /authentication failed/i);
    assert.equal(r.w, false);
    assert.match(res.stderr, /Warning: .*authentication failed/i, "the warning says why");
    assertNoSecret(res.stdout + res.stderr, [CORE, encodeURIComponent(PW)], "exception / warning");
  });

  test("not in php --ri socketio nor phpinfo() when the URL with a password comes from php.ini", () => {
    const url = `redis://:${encodeURIComponent(PW)}@127.0.0.1:${redis.port}`;
    const base = ["-n", "-d", `extension=${EXTENSION}`, "-d", `socketio.url=${url}`, "-d", `socketio.password=${PW}`];
    const ri = spawnSync(PHP, [...base, "--ri", "socketio"], { encoding: "utf8" });
    assert.equal(ri.status, 0, ri.stderr);
    assert.match(ri.stdout, /socketio/i);
    assert.match(ri.stdout, /127\.0\.0\.1/, "the URL is shown, without its password");
    assertNoSecret(ri.stdout + ri.stderr, [CORE, encodeURIComponent(PW)], "php --ri socketio");

    const info = spawnSync(PHP, [...base, "-r", "(new SocketIO\\Emitter())->emit('ev', 1); phpinfo(INFO_MODULES);"], { encoding: "utf8" });
    assert.equal(info.status, 0, info.stderr);
    assertNoSecret(info.stdout + info.stderr, [CORE, encodeURIComponent(PW)], "phpinfo(INFO_MODULES) with an open connection");
  });
});
