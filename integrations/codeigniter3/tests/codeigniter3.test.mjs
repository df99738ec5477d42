// The CodeIgniter 3 library on the real framework: CodeIgniter 3.1.13 as Debian packages it
// (fetch-codeigniter3.sh), an app made of the package's skeleton + application/libraries/
// Socketio.php + config/socketio.php + the example controller, served by `php -S` through
// CodeIgniter's own index.php (router, loader, sessions, input, output), against a real
// redis-server, the official Socket.IO server + Redis adapter and real socket.io-client clients.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe as suite, test } from "node:test";
import {
  EXTENSION,
  PHP,
  assertNoMoreEvents,
  closeAll,
  connectClients,
  freePort,
  registerCleanup,
  runPhpJson,
  startRedis,
  startServer,
  startSpy,
  waitUntil,
} from "../../../e2e/lib/index.mjs";
import { stopChild } from "../../../e2e/lib/cleanup.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INTEGRATION = path.dirname(HERE);
const SECRET = "ci3-test-secret-0123456789abcdef-0123456789";

let framework;
let redis;
let server;
let spy;
let app;
let tmp;
const apps = [];

before(async () => {
  framework = execFileSync("bash", [path.join(HERE, "fetch-codeigniter3.sh")], { encoding: "utf8" }).trim();
  tmp = mkdtempSync(path.join(tmpdir(), "ci3-"));
  redis = await startRedis();
  server = await startServer({ redisUrl: redis.url });
  spy = await startSpy(redis.url);
  app = await startApp("main", { SOCKETIO_URL: redis.url });
});

after(async () => {
  for (const a of apps) await a.stop();
  await spy?.stop();
  await server?.stop();
  await redis?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * An app directory: the package's application/ skeleton, our library and config, the example
 * controller, models and views; index.php is the package's front controller pointed at it.
 */
function buildApp(dir) {
  const appDir = path.join(dir, "application");
  cpSync(path.join(framework, "application"), appDir, { recursive: true });
  cpSync(path.join(INTEGRATION, "application"), appDir, { recursive: true });
  cpSync(path.join(INTEGRATION, "examples", "application"), appDir, { recursive: true });
  mkdirSync(path.join(appDir, "cache", "sessions"), { recursive: true });

  const index = readFileSync(path.join(framework, "index.php"), "utf8");
  const patched = index
    .replace(/\$system_path = '[^']*';/, `$system_path = ${JSON.stringify(path.join(framework, "system"))};`)
    .replace(/\$application_folder = '[^']*';/, `$application_folder = ${JSON.stringify(appDir)};`);
  assert.notEqual(patched, index, "the package's index.php no longer has $system_path/$application_folder lines");
  writeFileSync(path.join(dir, "index.php"), patched);

  const configFile = path.join(appDir, "config", "config.php");
  const config = readFileSync(configFile, "utf8")
    .replace(/\$config\['log_path'\] = [^;]*;/, "$config['log_path'] = '';") // APPPATH/logs/
    .replace(/\$config\['log_threshold'\] = 0;/, "$config['log_threshold'] = 1;") // errors
    .replace(/\$config\['sess_save_path'\] = NULL;/, "$config['sess_save_path'] = APPPATH.'cache/sessions';");
  writeFileSync(configFile, config);
}

/** Serves a fresh app with `php -S`; resolves to { url, dir, request(), logs(), stderr() }. */
async function startApp(name, env) {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  buildApp(dir);
  const port = await freePort();
  const flags = ["-n", "-d", "extension=ctype", "-d", "extension=iconv", "-d", "extension=tokenizer"];
  flags.push("-d", `extension=${EXTENSION}`, "-d", "error_reporting=-1", "-d", "display_errors=stderr");
  const child = spawn(PHP, [...flags, "-S", `127.0.0.1:${port}`, "-t", dir, path.join(dir, "index.php")], {
    cwd: dir,
    // CI_ENV=development: CodeIgniter reports every error and deprecation (error_reporting(-1)).
    env: { ...process.env, CI_ENV: "development", SOCKETIO_SECRET: SECRET, SOCKETIO_SERVER_URL: server.url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const unregister = registerCleanup(() => child.kill("SIGKILL"));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let stderr = "";
  child.stdout.on("data", (d) => (stderr += d));
  child.stderr.on("data", (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => fetch(`${url}/index.php/posts/login/1`, { redirect: "manual" }).then(() => true, () => false), {
    timeoutMs: 10000,
    message: () => `php -S did not start: ${stderr}`,
  });
  const started = {
    url,
    dir,
    async stop() {
      await stopChild(child, exited, () => child.kill("SIGTERM"), 2000);
      unregister();
    },
    /** stderr minus the built-in server's access log lines. */
    stderr: () => stderr.split("\n").filter((l) => l && !/\] (127\.0\.0\.1:\d+ (Accepted|Closing|\[\d+\]:)|PHP [\d.]+ Development Server)/.test(l)).join("\n"),
    logs() {
      const logs = path.join(dir, "application", "logs");
      return execFileSync("bash", ["-c", `cat ${JSON.stringify(logs)}/log*.php 2>/dev/null || true`], { encoding: "utf8" });
    },
  };
  apps.push(started);
  return started;
}

/** A browser-like session: keeps CodeIgniter's session cookie. */
function session(base) {
  let cookie = "";
  return {
    async request(pathname, { method = "GET", form, headers = {} } = {}) {
      const res = await fetch(base.url + pathname, {
        method,
        redirect: "manual",
        headers: { ...(cookie ? { cookie } : {}), ...headers },
        body: form ? new URLSearchParams(form) : undefined,
      });
      const set = res.headers.get("set-cookie");
      if (set) cookie = set.split(";")[0];
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    async login(id) {
      const res = await this.request(`/index.php/posts/login/${id}`);
      assert.ok([302, 303, 307].includes(res.status), `${res.status} ${res.text}`); // CodeIgniter answers GET redirects with 307 on HTTP/1.1
      return this;
    },
  };
}

function verifyToken(token) {
  return runPhpJson(`echo json_encode(SocketIO\\Token::verify(${JSON.stringify(token)}, ${JSON.stringify(SECRET)})), "\\n";`);
}

suite("CodeIgniter 3.1.13 + application/libraries/Socketio.php", () => {
  test("the framework is the Debian package of CodeIgniter 3.1.13", () => {
    const core = readFileSync(path.join(framework, "system", "core", "CodeIgniter.php"), "utf8");
    assert.match(core, /const CI_VERSION = '3\.1\.13';/);
  });

  test("the page gets the client script and a token for the user's rooms", async () => {
    for (const [id, rooms] of [[1, ["team:1"]], [2, ["team:2"]], [3, ["team:1", "admin"]]]) {
      const page = await (await session(app).login(id)).request("/index.php/posts");
      assert.equal(page.status, 200, page.text);
      assert.ok(page.text.includes(`<script src="${server.url}/socket.io/socket.io.min.js"></script>`), page.text);
      const token = page.text.match(/auth: \{ token: "([^"]+)" \}/);
      assert.ok(token, page.text);
      const claims = await verifyToken(token[1]);
      assert.equal(claims.sub, id);
      assert.deepEqual(claims.rooms, rooms);
      assert.equal(claims.exp - claims.iat, 300);
    }
  });

  test("post_message: saved, one emit to the team and the admins, except the poster's own page", async () => {
    const clients = await connectClients(server.url, {
      adaPage: { stringRooms: ["team:1"] },
      teammate: { stringRooms: ["team:1"] },
      rootPage: { stringRooms: ["team:1", "admin"] },
      bobPage: { stringRooms: ["team:2"] },
    });
    try {
      spy.clear();
      const ada = await session(app).login(1);
      const body = `<script>alert("x")</script> & hello`;
      const res = await ada.request("/index.php/posts/post_message", {
        method: "POST",
        form: { body },
        headers: { "X-Socket-ID": clients.adaPage.id },
      });
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get("content-type"), /^application\/json/);
      const json = JSON.parse(res.text); // nothing but JSON: no notice or deprecation in the body
      assert.equal(json.id, 1);
      assert.ok(json.html.includes("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; hello</p>"), json.html);

      for (const c of [clients.teammate, clients.rootPage]) {
        await c.waitForEvents(1, { event: "new_post" });
        assert.deepEqual(c.received("new_post"), [[{ id: 1, html: json.html }]]);
      }
      await assertNoMoreEvents([clients.adaPage, clients.bobPage], { event: "new_post" });
      await assertNoMoreEvents([clients.teammate, clients.rootPage], { event: "new_post", allowed: 1 });
      assert.equal(spy.messages.length, 1, "one PUBLISH for both rooms");

      // The feed rendered afterwards lists the saved post (escaped) for Ada's team and the admin.
      const feed = await ada.request("/index.php/posts");
      assert.ok(feed.text.includes('id="post-1"'));
      const bobFeed = await (await session(app).login(2)).request("/index.php/posts");
      assert.ok(!bobFeed.text.includes('id="post-1"'));
    } finally {
      closeAll(clients);
    }
  });

  test("post_message: an X-Socket-ID that is not a socket id cannot hide the post from admins", async () => {
    const clients = await connectClients(server.url, { rootPage: { stringRooms: ["admin"] } });
    try {
      const bob = await session(app).login(2);
      const res = await bob.request("/index.php/posts/post_message", {
        method: "POST",
        form: { body: "from team 2" },
        headers: { "X-Socket-ID": "admin" },
      });
      assert.equal(res.status, 200, res.text);
      const [event] = await clients.rootPage.waitForEvents(1, { event: "new_post" });
      assert.equal(event.args[0].id, JSON.parse(res.text).id);
    } finally {
      closeAll(clients);
    }
  });

  test("Redis down: the post is saved and answered, the failure is in CodeIgniter's log", async () => {
    const port = await freePort();
    const down = await startApp("redis-down", { SOCKETIO_URL: `redis://:pw-never-logged@127.0.0.1:${port}` });
    const ada = await session(down).login(1);
    const res = await ada.request("/index.php/posts/post_message", { method: "POST", form: { body: "still saved" } });
    assert.equal(res.status, 200, res.text);
    assert.equal(JSON.parse(res.text).id, 1);
    const feed = await ada.request("/index.php/posts");
    assert.ok(feed.text.includes("still saved"));
    const logs = down.logs();
    assert.match(logs, /ERROR - .* --> Post 1 saved but not broadcast: .*127\.0\.0\.1/);
    assert.doesNotMatch(logs, /pw-never-logged/);
    assert.equal(down.stderr(), "");
  });

  test("the library proxies the Emitter and refuses unknown settings and methods", async () => {
    const dir = path.join(tmp, "cli");
    mkdirSync(dir);
    buildApp(dir);
    // A CLI controller: `php index.php check run` runs through CodeIgniter's CLI routing.
    writeFileSync(
      path.join(dir, "application", "controllers", "Check.php"),
      `<?php
class Check extends CI_Controller {
  public function run() {
    $this->load->library('socketio');
    $r = ['class' => get_class($this->socketio->emitter()), 'servers' => $this->socketio->serverCount(),
      'sent' => $this->socketio->to('room-x')->emit('hello_cli', ['a' => 1])];
    try { $this->socketio->nope(); } catch (BadMethodCallException $e) { $r['unknown_method'] = $e->getMessage(); }
    try { new Socketio(['urll' => 'x']); } catch (InvalidArgumentException $e) { $r['unknown_setting'] = $e->getMessage(); }
    echo json_encode($r), "\\n";
  }
}
`,
    );
    const clients = await connectClients(server.url, { x: { stringRooms: ["room-x"] } });
    try {
      const flags = ["-n", "-d", "extension=ctype", "-d", "extension=iconv", "-d", "extension=tokenizer", "-d", `extension=${EXTENSION}`];
      const run = spawnSync(PHP, [...flags, path.join(dir, "index.php"), "check", "run"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, CI_ENV: "development", SOCKETIO_URL: redis.url, SOCKETIO_SECRET: SECRET },
      });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.equal(run.stderr, "");
      const r = JSON.parse(run.stdout.trim().split("\n").pop());
      assert.equal(r.class, "SocketIO\\Emitter");
      assert.equal(r.servers, 1);
      assert.equal(r.sent, 2); // the Socket.IO server and the spy
      assert.match(r.unknown_method, /Socketio::nope\(\) does not exist/);
      assert.equal(r.unknown_setting, "Unknown setting in application/config/socketio.php: $config['urll']");
      await clients.x.waitForEvents(1, { event: "hello_cli" });
      assert.deepEqual(clients.x.received("hello_cli"), [[{ a: 1 }]]);
    } finally {
      closeAll(clients);
    }
  });

  test("PHP 8.2 ran the app without any error, warning or deprecation", () => {
    // CI_ENV=development sets error_reporting(-1); CodeIgniter logs every PHP error it handles
    // ("Severity: ...") and php -S prints the ones it does not.
    assert.doesNotMatch(app.logs(), /Severity|ERROR/);
    assert.equal(app.stderr(), "");
    assert.ok(existsSync(path.join(app.dir, "application", "cache", "posts.json")));
  });
});
