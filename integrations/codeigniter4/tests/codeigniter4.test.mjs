// The CodeIgniter 4 module's real code (config, service, helpers, spark commands, the example
// controller and views) on a stand-in of the framework (shim/framework.php), against a real
// redis-server, the official Socket.IO server + Redis adapter (e2e/server.mjs) and real
// socket.io-client clients. CodeIgniter 4 itself cannot be installed here; README.md says what
// was checked by hand in a real app.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe as suite, test } from "node:test";
import {
  assertNoMoreEvents,
  closeAll,
  connectClients,
  freePort,
  hexMessages,
  runPhp,
  runPhpJson,
  startRedis,
  startServer,
  startSpy,
} from "../../../e2e/lib/index.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BOOTSTRAP = path.join(HERE, "bootstrap.php");
const SECRET = "ci4-test-secret-0123456789abcdef-0123456789";

let redis;
let server;
let spy;

before(async () => {
  redis = await startRedis();
  server = await startServer({ redisUrl: redis.url, namespaces: ["/", "/feed"], key: "socket.io" });
  spy = await startSpy(redis.url);
});

after(async () => {
  await spy?.stop();
  await server?.stop();
  await redis?.stop();
});

/**
 * Runs `body` after the stand-in framework and the module are loaded, with `env` as the .env
 * entries (CodeIgniter's DotEnv puts them into $_ENV and $_SERVER). `$r` is returned parsed.
 */
function ci4(body, { env = {}, redisUrl = redis.url, ini = {} } = {}) {
  const dotenv = { "socketio.url": redisUrl, "socketio.secret": SECRET, ...env };
  return runPhpJson(
    `require ${JSON.stringify(BOOTSTRAP)};
foreach (${phpArray(dotenv)} as $k => $v) { $_ENV[$k] = $_SERVER[$k] = $v; }
$r = [];
${body}
echo json_encode($r), "\\n";`,
    { ini },
  );
}

/** `php spark <argv...>` on the stand-in: resolves to {code, stdout, stderr}. */
function spark(argv, { env = {}, redisUrl = redis.url } = {}) {
  const dotenv = { "socketio.url": redisUrl, "socketio.secret": SECRET, ...env };
  return runPhp(
    `require ${JSON.stringify(BOOTSTRAP)};
foreach (${phpArray(dotenv)} as $k => $v) { $_ENV[$k] = $_SERVER[$k] = $v; }
exit(Shim\\spark(array_slice($argv, 1)));`,
    { args: argv },
  );
}

/** Nothing was published (the spy sees every channel) during the quiet window. */
async function assertSpyQuiet() {
  await assertNoMoreEvents([{ name: "spy", count: () => spy.messages.length, received: () => hexMessages(spy.messages) }]);
}

function phpArray(obj) {
  return `json_decode(${JSON.stringify(JSON.stringify(obj))}, true)`;
}

/** `name = value` lines of examples/env's region, as CodeIgniter's DotEnv reads them. */
function exampleEnv(name = "env") {
  const text = readFileSync(path.join(HERE, "..", "examples", "env"), "utf8");
  const region = text.split(`# #region ${name}\n`)[1].split(`# #endregion ${name}`)[0];
  const entries = {};
  for (const line of region.split("\n")) {
    const m = line.match(/^([A-Za-z0-9_.]+)\s*=\s*(.*)$/);
    if (m) entries[m[1]] = m[2].trim();
  }
  return entries;
}

suite("Config\\SocketIO", () => {
  test("the README's .env example (examples/env) configures the module", async () => {
    const env = exampleEnv();
    assert.deepEqual(Object.keys(env), ["socketio.url", "socketio.secret", "socketio.serverUrl"]);
    const r = await ci4(
      `$c = config('SocketIO'); $r = ['url' => $c->url, 'secret' => $c->secret, 'serverUrl' => $c->serverUrl];`,
      { env, redisUrl: env["socketio.url"] },
    );
    assert.deepEqual(r, { url: "redis://127.0.0.1:6379", secret: "", serverUrl: "http://127.0.0.1:3000" });
  });

  test("every property is read from .env by the short-name prefix socketio.*", async () => {
    const r = await ci4(
      `$c = config('SocketIO');
$r = ['class' => get_class($c), 'url' => $c->url, 'key' => $c->key, 'namespace' => $c->namespace,
  'options' => $c->options, 'ttl' => $c->tokenTtl, 'serverUrl' => $c->serverUrl,
  'emitterOptions' => SocketIO\\CodeIgniter\\EmitterFactory::options($c)];`,
      {
        env: {
          "socketio.key": "myapp",
          "socketio.namespace": "/feed",
          "socketio.tokenTtl": "60",
          "socketio.serverUrl": "https://rt.example.com",
          "socketio.options.timeout": "0.5",
          "socketio.options.persistent": "false",
          "socketio.options.on_error": "exception",
        },
      },
    );
    assert.equal(r.class, "SocketIO\\CodeIgniter\\Config\\SocketIO");
    assert.equal(r.url, redis.url);
    assert.equal(r.key, "myapp");
    assert.equal(r.namespace, "/feed");
    assert.equal(r.ttl, 60);
    assert.equal(r.serverUrl, "https://rt.example.com");
    assert.equal(r.options.timeout, "0.5");
    assert.equal(r.options.persistent, false);
    // Options left at null are not passed: the extension's php.ini defaults apply.
    assert.deepEqual(r.emitterOptions, { on_error: "exception", timeout: "0.5", persistent: false, key: "myapp" });
  });

  test("the options .env can set are accepted by the extension's Emitter", async () => {
    const r = await ci4(
      `$io = SocketIO\\CodeIgniter\\EmitterFactory::create(config('SocketIO'));
$r = ['class' => get_class($io), 'sent' => $io->emit('ping_all', 1)];`,
      {
        env: {
          "socketio.options.on_error": "exception",
          "socketio.options.connect_timeout": "0.5",
          "socketio.options.timeout": "0.25",
          "socketio.options.backoff": "2",
          "socketio.options.persistent": "false",
          "socketio.options.cluster": "false",
          "socketio.options.adapter": "redis",
          "socketio.options.subscription_mode": "dynamic",
        },
      },
    );
    assert.equal(r.class, "SocketIO\\Emitter");
    assert.equal(r.sent, 2); // the Socket.IO server and the spy
  });

  test("var_dump and print_r of the config show no secret and no Redis password", async () => {
    const r = await ci4(
      `$c = config('SocketIO');
ob_start(); var_dump($c); print_r($c); $dump = ob_get_clean();
$r = ['leaks' => [str_contains($dump, 'redis-pw-1'), str_contains($dump, 'acl-pw-2'), str_contains($dump, ${JSON.stringify(SECRET)})],
  'masked' => substr_count($dump, '***'), 'user' => str_contains($dump, 'redis://app:***@127.0.0.1')];`,
      { env: { "socketio.url": "redis://app:redis-pw-1@127.0.0.1:1", "socketio.options.password": "acl-pw-2" } },
    );
    assert.deepEqual(r.leaks, [false, false, false]);
    assert.equal(r.user, true);
    assert.ok(r.masked >= 6, `masked ${r.masked} times`);
  });
});

suite("service('socketio')", () => {
  test("is found by service discovery, shared, and emits on the configured key and namespace", async () => {
    spy.clear();
    const r = await ci4(
      `$a = service('socketio'); $b = service('socketio'); $c = Config\\Services::socketio(null, false);
$r = ['shared' => $a === $b, 'fresh' => $a !== $c, 'class' => get_class($a),
  'sent' => $a->to('team:7')->emit('new_post', ['id' => 1])];`,
      { env: { "socketio.key": "myapp", "socketio.namespace": "feed" } },
    );
    assert.equal(r.shared, true);
    assert.equal(r.fresh, true);
    assert.equal(r.class, "SocketIO\\Emitter");
    assert.equal(r.sent, 1); // only the spy: the Socket.IO server listens on "socket.io"
    const [message] = await spy.waitFor(1);
    assert.equal(message.channel, "myapp#/feed#team:7#");
  });

  test("an app/Config/SocketIO.php that extends the module's config wins over it", async () => {
    const r = await ci4(
      `eval('namespace Config; class SocketIO extends \\\\SocketIO\\\\CodeIgniter\\\\Config\\\\SocketIO { public string $key = "from-app"; }');
$r = ['class' => get_class(config('SocketIO')), 'key' => config('SocketIO')->key];`,
    );
    assert.deepEqual(r, { class: "Config\\SocketIO", key: "from-app" });
  });
});

suite("helpers", () => {
  test("socketio() is the shared service", async () => {
    const r = await ci4(`helper('socketio'); $r = ['same' => socketio() === service('socketio')];`);
    assert.equal(r.same, true);
  });

  test("socketio_token() signs the rooms with the configured secret and TTL", async () => {
    const r = await ci4(
      `helper('socketio');
$t = socketio_token(12, ['team:7', 'admin'], null, ['name' => 'Ada']);
$r = ['claims' => SocketIO\\Token::verify($t, ${JSON.stringify(SECRET)}), 'now' => time()];
try { SocketIO\\Token::verify($t, 'another-secret-0123456789abcdef-0123456789'); $r['wrong'] = 'accepted'; }
catch (SocketIO\\Exception $e) { $r['wrong'] = get_class($e); }`,
      { env: { "socketio.tokenTtl": "120" } },
    );
    assert.equal(r.claims.sub, 12);
    assert.deepEqual(r.claims.rooms, ["team:7", "admin"]);
    assert.deepEqual(r.claims.data, { name: "Ada" });
    assert.equal(r.claims.exp - r.claims.iat, 120);
    assert.ok(Math.abs(r.claims.iat - r.now) <= 2);
    assert.equal(r.claims.nsp, undefined);
    assert.notEqual(r.wrong, "accepted");
  });

  test("socketio_token() names the configured namespace in the nsp claim", async () => {
    const r = await ci4(
      `helper('socketio'); $r = SocketIO\\Token::verify(socketio_token('u-1', ['team:1'], 30), ${JSON.stringify(SECRET)});`,
      { env: { "socketio.namespace": "/feed" } },
    );
    assert.equal(r.sub, "u-1");
    assert.equal(r.nsp, "/feed");
    assert.equal(r.exp - r.iat, 30);
  });

  test("socketio_sender_id() accepts a Socket.IO id and nothing that could name another room", async () => {
    const r = await ci4(
      `helper('socketio');
foreach (['AbCdEfGhIj-_0123456789', 'abcdefghij0123456789', 'admin', 'team:7', '', 'abcdefghij012345678\\n', 'abcdefghij01234567890'] as $h) {
  Shim\\Registry::$services['request'] = new Shim\\Request([], ['X-Socket-ID' => $h]);
  $r[] = socketio_sender_id();
}`,
    );
    assert.deepEqual(r, [null, "abcdefghij0123456789", null, null, null, null, null]);
  });
});

suite("spark socketio:check", () => {
  test("reports the Redis version, the round trip and the servers listening", async () => {
    const res = await spark(["socketio:check"]);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /Connected {2}Redis \d+\.\d+\.\d+ \(standalone\), PING round trip \d+\.\d\d ms/);
    assert.match(res.stdout, /Servers {4}1 Socket\.IO server listens on key "socket\.io", namespace "\/"/);
    assert.equal(res.stderr, "");
  });

  test("0 servers: exit code 2 and what 0 means (key, namespace, server down, adapter)", async () => {
    const res = await spark(["socketio:check"], { env: { "socketio.key": "nobody-listens" } });
    assert.equal(res.code, 2, res.stdout + res.stderr);
    assert.match(res.stderr, /Servers {4}0: no Socket\.IO server listens on key "nobody-listens", namespace "\/"/);
    for (const cause of [/not running/, /another Redis/, /another key: its adapter key \(--key\) must be "nobody-listens"/, /namespace "\/"/, /sharded/]) {
      assert.match(res.stdout, cause);
    }
  });

  test("counts per namespace: /feed has a server, /nothing has none", async () => {
    const feed = await spark(["socketio:check"], { env: { "socketio.namespace": "/feed" } });
    assert.equal(feed.code, 0, feed.stdout + feed.stderr);
    const none = await spark(["socketio:check"], { env: { "socketio.namespace": "/nothing" } });
    assert.equal(none.code, 2, none.stdout + none.stderr);
    assert.match(none.stderr, /namespace "\/nothing"/);
  });

  test("Redis down: exit code 1 and the URL without its password", async () => {
    const port = await freePort();
    const res = await spark(["socketio:check"], { redisUrl: `redis://app:hunter2-secret@127.0.0.1:${port}` });
    assert.equal(res.code, 1, res.stdout + res.stderr);
    assert.match(res.stderr, new RegExp(`Redis is not reachable: could not connect to redis://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(res.stdout + res.stderr, /hunter2/);
  });

  test("authenticates with the URL's password and never prints it", async () => {
    const secured = await startRedis({ args: ["--requirepass", "s3cr3t-pw"], password: "s3cr3t-pw" });
    try {
      const ok = await spark(["socketio:check"], { redisUrl: `redis://:s3cr3t-pw@127.0.0.1:${secured.port}` });
      assert.equal(ok.code, 2, ok.stdout + ok.stderr); // reachable, no Socket.IO server on it
      assert.match(ok.stdout, /Connected {2}Redis/);
      const bad = await spark(["socketio:check"], { redisUrl: `redis://:wrong-pw@127.0.0.1:${secured.port}` });
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stderr, /AUTH refused by redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
      assert.doesNotMatch(ok.stdout + ok.stderr + bad.stdout + bad.stderr, /s3cr3t-pw|wrong-pw/);
    } finally {
      await secured.stop();
    }
  });
});

suite("spark socketio:emit", () => {
  test("emits the JSON argument to the rooms given with --to", async () => {
    const clients = await connectClients(server.url, {
      team7: { stringRooms: ["team:7"] },
      admin: { stringRooms: ["admin"] },
      team8: { stringRooms: ["team:8"] },
    });
    try {
      const res = await spark(["socketio:emit", "announcement", '{"text":"maintenance at 18:00","level":2}', "--to", "team:7,admin"]);
      assert.equal(res.code, 0, res.stdout + res.stderr);
      // Redis counts the spy (subscribed to every channel) as a second receiver.
      assert.match(res.stdout, /Emitted "announcement" to rooms team:7, admin: 2 Socket\.IO servers received it\./);
      for (const c of [clients.team7, clients.admin]) {
        await c.waitForEvents(1, { event: "announcement" });
        assert.deepEqual(c.received("announcement"), [[{ text: "maintenance at 18:00", level: 2 }]]);
      }
      await assertNoMoreEvents([clients.team8], { event: "announcement" });
      await assertNoMoreEvents([clients.team7, clients.admin], { event: "announcement", allowed: 1 });
    } finally {
      closeAll(clients);
    }
  });

  test("--except leaves rooms out; no JSON means no argument", async () => {
    const clients = await connectClients(server.url, {
      a: { stringRooms: ["team:1"] },
      muted: { stringRooms: ["team:1", "muted"] },
    });
    try {
      const res = await spark(["socketio:emit", "ping_all", "--to", "team:1", "--except", "muted"]);
      assert.equal(res.code, 0, res.stdout + res.stderr);
      await clients.a.waitForEvents(1, { event: "ping_all" });
      assert.deepEqual(clients.a.received("ping_all"), [[]]);
      await assertNoMoreEvents([clients.muted], { event: "ping_all" });
    } finally {
      closeAll(clients);
    }
  });

  test("bad JSON, a reserved event or --to without rooms: exit 1 and nothing published", async () => {
    spy.clear();
    const badJson = await spark(["socketio:emit", "x", "{not json"]);
    assert.equal(badJson.code, 1);
    assert.match(badJson.stderr, /The second argument is not valid JSON \(Syntax error\): \{not json/);
    const reserved = await spark(["socketio:emit", "disconnect"]);
    assert.equal(reserved.code, 1);
    assert.match(reserved.stderr, /Not emitted: .*disconnect/);
    const noRooms = await spark(["socketio:emit", "x", "--to"]);
    assert.equal(noRooms.code, 1);
    assert.match(noRooms.stderr, /--to needs a value/);
    const usage = await spark(["socketio:emit"]);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /Usage: php spark socketio:emit <event>/);
    await assertSpyQuiet();
  });

  test("no server listening: exit code 2 pointing to socketio:check", async () => {
    // A Redis of its own: on the shared one the spy, subscribed to every channel, counts as a receiver.
    const quiet = await startRedis();
    try {
      const zero = await spark(["socketio:emit", "x", "1"], { redisUrl: quiet.url });
      assert.equal(zero.code, 2, zero.stdout + zero.stderr);
      assert.match(zero.stderr, /Emitted "x" to every socket, but no Socket\.IO server received it \(run `php spark socketio:check`\)/);
    } finally {
      await quiet.stop();
    }
  });
});

suite("example controller Posts", () => {
  /** Runs Posts::$method with a session user, POST fields and headers; returns the response and the log. */
  function controller(method, { user, post = {}, headers = {}, redisUrl = redis.url }) {
    return ci4(
      `Shim\\Registry::$session['user'] = ${phpArray(user)};
Shim\\Registry::$services['request'] = $request = new Shim\\Request(${phpArray(post)}, ${phpArray(headers)});
$controller = new App\\Controllers\\Posts($request, $response = new Shim\\Response());
$result = $controller->${method}();
$r = ['status' => $response->status, 'json' => $response->json, 'html' => is_string($result) ? $result : null,
  'log' => Shim\\Registry::$log, 'rows' => CodeIgniter\\Model::$tables['posts'] ?? []];`,
      { redisUrl, env: { "socketio.options.on_error": "exception" } },
    );
  }

  const ada = { id: 12, name: "Ada", team_id: 7, is_admin: false };

  test("post_message: saved, then one emit to the team and the admins, except the poster's page", async () => {
    const clients = await connectClients(server.url, {
      poster: { stringRooms: ["team:7"] },
      teammate: { stringRooms: ["team:7"] },
      admin: { stringRooms: ["team:1", "admin"] },
      adminOfTeam7: { stringRooms: ["team:7", "admin"] },
      team8: { stringRooms: ["team:8"] },
    });
    try {
      spy.clear();
      const body = `<img src=x onerror="alert('xss')"> & hi`;
      const r = await controller("post_message", {
        user: ada,
        post: { body },
        headers: { "X-Socket-ID": clients.poster.id },
      });
      assert.equal(r.status, 200);
      assert.equal(r.json.id, 1);
      assert.equal(r.rows.length, 1);
      assert.equal(r.rows[0].body, body);
      assert.deepEqual(r.log, []);
      const escaped = "&lt;img src=x onerror=&quot;alert(&#039;xss&#039;)&quot;&gt; &amp; hi";
      assert.ok(r.json.html.includes(`<p>${escaped}</p>`), r.json.html);
      assert.ok(r.json.html.includes('id="post-1"'));

      for (const c of [clients.teammate, clients.admin, clients.adminOfTeam7]) {
        await c.waitForEvents(1, { event: "new_post" });
        assert.deepEqual(c.received("new_post"), [[{ id: 1, html: r.json.html }]]);
      }
      await assertNoMoreEvents([clients.poster, clients.team8], { event: "new_post" });
      await assertNoMoreEvents([clients.teammate, clients.admin, clients.adminOfTeam7], { event: "new_post", allowed: 1 });
      // One call: one PUBLISH for both rooms (the adapter then delivers once per socket).
      assert.equal(spy.messages.length, 1);
    } finally {
      closeAll(clients);
    }
  });

  test("post_message: an X-Socket-ID that is not a socket id cannot hide the post from a room", async () => {
    const clients = await connectClients(server.url, { admin: { stringRooms: ["admin"] } });
    try {
      const r = await controller("post_message", { user: ada, post: { body: "hello" }, headers: { "X-Socket-ID": "admin" } });
      assert.equal(r.status, 200);
      await clients.admin.waitForEvents(1, { event: "new_post" });
    } finally {
      closeAll(clients);
    }
  });

  test("post_message: Redis down, the post is still saved and answered, the failure is logged", async () => {
    const port = await freePort();
    const r = await controller("post_message", {
      user: ada,
      post: { body: "saved anyway" },
      redisUrl: `redis://:pw-not-in-logs@127.0.0.1:${port}`,
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.id, 1);
    assert.equal(r.rows[0].body, "saved anyway");
    assert.equal(r.log.length, 1);
    assert.equal(r.log[0].level, "error");
    assert.match(r.log[0].message, /^Post 1 saved but not broadcast: .*127\.0\.0\.1/);
    assert.doesNotMatch(r.log[0].message, /pw-not-in-logs/);
  });

  test("post_message: an empty post is refused and nothing is emitted", async () => {
    spy.clear();
    const r = await controller("post_message", { user: ada, post: { body: "   " } });
    assert.equal(r.status, 422);
    assert.deepEqual(r.rows, []);
    await assertSpyQuiet();
  });

  test("index: the layout loads the client from the companion server with a token for the user's rooms", async () => {
    const pages = {};
    for (const [name, user] of Object.entries({ ada, root: { id: 1, name: "Root", team_id: 1, is_admin: true } })) {
      const r = await controller("index", { user });
      const src = r.html.match(/<script src="([^"]+)"><\/script>/);
      assert.ok(src, r.html);
      assert.equal(src[1], "http://127.0.0.1:3000/socket.io/socket.io.min.js");
      const token = r.html.match(/auth: \{ token: "([^"]+)" \}/);
      assert.ok(token, r.html);
      pages[name] = await ci4(`$r = SocketIO\\Token::verify(${JSON.stringify(token[1])}, ${JSON.stringify(SECRET)});`);
      assert.ok(r.html.includes('<form id="post-form" action="/index.php/posts/post_message"'));
    }
    assert.deepEqual(pages.ada.rooms, ["team:7"]);
    assert.equal(pages.ada.sub, 12);
    assert.deepEqual(pages.root.rooms, ["team:1", "admin"]);
  });
});

suite("example app files (what the README says to copy)", () => {
  const APP = path.join(HERE, "..", "examples", "app");
  const phpFiles = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? phpFiles(path.join(dir, e.name)) : e.name.endsWith(".php") ? [path.join(dir, e.name)] : [],
    );

  test("every example file is valid PHP (php -l)", async () => {
    const files = phpFiles(APP);
    assert.ok(files.length >= 8, `${files.length} files`);
    for (const file of files) {
      const res = await runPhp(`passthru(PHP_BINARY . ' -l ' . escapeshellarg(${JSON.stringify(file)}), $code); exit($code);`);
      assert.equal(res.code, 0, file + res.stdout + res.stderr);
    }
  });

  test("Config/Routes.php routes every path to a method of an example controller", async () => {
    const r = await ci4(
      `$routes = new CodeIgniter\\Router\\RouteCollection();
require ${JSON.stringify(path.join(APP, "Config", "Routes.php"))};
foreach ($routes->routes as [$verb, $path, $handler]) {
  [$class, $method] = explode('::', explode('/', $handler)[0]);
  $r[] = [$verb, $path, $handler, $class === 'Home' || method_exists("App\\\\Controllers\\\\{$class}", $method)];
}`,
    );
    assert.deepEqual(r, [
      ["GET", "/", "Home::index", true],
      ["GET", "posts", "Posts::index", true],
      ["POST", "posts/post_message", "Posts::post_message", true],
      ["GET", "login/(:num)", "Login::demo/$1", true],
    ]);
  });

  test("the migration creates the posts table PostModel writes to (SQLite through PDO)", async () => {
    const r = await ci4(
      `$pdo = new PDO('sqlite::memory:', null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
// spark migrate finds migrations by file name (a timestamp first), not by autoloading.
foreach (glob(${JSON.stringify(path.join(APP, "Database", "Migrations"))} . '/*_CreatePosts.php') as $file) { require $file; }
$migration = new App\\Database\\Migrations\\CreatePosts(new CodeIgniter\\Database\\Forge($pdo));
$migration->up();
// The row exactly as PostModel::insert() writes it (allowed fields and both timestamps).
model(App\\Models\\PostModel::class)->insert(['user_id' => 3, 'author' => 'Root', 'team_id' => 1, 'body' => 'hi', 'x' => 1]);
$row = CodeIgniter\\Model::$tables['posts'][0];
unset($row['id']);
$pdo->prepare('INSERT INTO posts (' . implode(', ', array_keys($row)) . ') VALUES (' . rtrim(str_repeat('?, ', count($row)), ', ') . ')')
  ->execute(array_values($row));
$r['written'] = array_keys($row);
$r['rows'] = $pdo->query('SELECT id, user_id, author, team_id, body FROM posts WHERE team_id = 1 ORDER BY id DESC')->fetchAll(PDO::FETCH_ASSOC);
$r['stamped'] = $pdo->query('SELECT COUNT(*) FROM posts WHERE created_at IS NOT NULL AND updated_at IS NOT NULL')->fetchColumn();
$migration->down();
$r['after_down'] = $pdo->query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'posts'")->fetchColumn();`,
      { ini: { extension: ["pdo", "pdo_sqlite"] } }, // the test PHP runs with -n: nothing else loaded
    );
    // The README's database settings: SQLite3 (CodeIgniter's driver for it), the file in writable/.
    assert.deepEqual(exampleEnv("database"), { "database.default.DBDriver": "SQLite3", "database.default.database": "feed.db" });
    assert.deepEqual(r.written, ["user_id", "author", "team_id", "body", "created_at", "updated_at"]);
    assert.deepEqual(r.rows, [{ id: 1, user_id: 3, author: "Root", team_id: 1, body: "hi" }]);
    assert.equal(r.stamped, 1);
    assert.equal(r.after_down, 0);
  });

  test("the demo login puts id, name, team_id, is_admin into the session and the feed signs its rooms", async () => {
    const r = await ci4(
      `Shim\\Registry::$services['request'] = $request = new Shim\\Request();
$before = (new App\\Controllers\\Posts($request, new Shim\\Response()))->index();
$login = new App\\Controllers\\Login($request, $response = new Shim\\Response());
$missing = $login->demo('9');
$r['missing'] = [$response->status, $response->body, Shim\\Registry::$session];
$r['before'] = $before;
$redirect = $login->demo('3');
$r['location'] = $redirect->location;
$r['user'] = Shim\\Registry::$session['user'];
$html = (new App\\Controllers\\Posts($request, new Shim\\Response()))->index();
preg_match('/auth: \\{ token: "([^"]+)" \\}/', $html, $m);
$r['claims'] = SocketIO\\Token::verify($m[1], ${JSON.stringify(SECRET)});`,
    );
    assert.equal(r.missing[0], 404);
    assert.match(r.missing[1], /No demo user 9/);
    assert.deepEqual(r.missing[2], []);
    assert.match(r.before, /Not logged in: open \/index\.php\/login\/1/);
    assert.equal(r.location, "/index.php/posts");
    assert.deepEqual(r.user, { id: 3, name: "Root", team_id: 1, is_admin: true });
    assert.equal(r.claims.sub, 3);
    assert.deepEqual(r.claims.rooms, ["team:1", "admin"]);
  });
});
