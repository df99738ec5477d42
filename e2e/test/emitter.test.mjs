// Every public method of SocketIO\Emitter / BroadcastOperator against the official stack: what
// each real client receives, and that the bytes on Redis are the ones @socket.io/redis-emitter
// publishes for the same calls. One PHP process per test runs a batch of calls.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe as suite, test } from "node:test";
import {
  assertNoMoreEvents,
  binary,
  closeAll,
  connectClients,
  hexMessages,
  referencePublishes,
  runPhp,
  runPhpJson,
  startRedis,
  startServer,
  startSpy,
  waitUntil,
} from "../lib/index.mjs";

let redis;
let server;
let spy;

// PUBLISH returns the number of subscribers that got the message, and the spy is one of them:
// what emit() returns in these tests is 1 (the Socket.IO server) + 1 (the spy). The suite below
// measures the return value without a spy.
const SPY_ONLY = 1;
const ONE_SERVER = 1 + SPY_ONLY;
const published = (calls) => Array(calls).fill(ONE_SERVER);

before(async () => {
  redis = await startRedis();
  server = await startServer({ redisUrl: redis.url, namespaces: ["/", "/admin"], serverEvents: ["hello"] });
  spy = await startSpy(redis.url);
});

after(async () => {
  await spy?.stop();
  await server?.stop();
  await redis?.stop();
});

/**
 * Runs `body` with `$io` (an Emitter on the test Redis), `$in` (the `input` object) and `$r`
 * (an array the script fills; returned parsed). The spy is cleared first, so afterwards it holds
 * exactly what this script published.
 */
async function php(body, input = {}) {
  spy.clear();
  return runPhpJson(
    `use SocketIO\\Emitter;
use SocketIO\\Binary;
$io = new Emitter(getenv('REDIS_URL'));
$in = json_decode(stream_get_contents(STDIN), true);
$r = [];
${body}
echo json_encode($r), "\\n";`,
    // PHP's allocator hides small memory errors; with malloc, glibc aborts on them instead.
    { redisUrl: redis.url, stdin: JSON.stringify(input), env: { USE_ZEND_ALLOC: "0" } },
  );
}

async function clients(t, specs) {
  const cs = await connectClients(server.url, specs);
  t.after(() => closeAll(cs));
  return cs;
}

/** The extension's publishes (from the spy) equal the official emitter's for `calls`. */
async function assertSameBytesAsOfficial(calls, opts) {
  const expected = hexMessages(referencePublishes(calls, opts));
  await spy.waitFor(expected.length);
  assert.deepEqual(hexMessages(spy.take()), expected);
}

test("emit() reaches every socket of the namespace, once, and no other namespace", async (t) => {
  const c = await clients(t, {
    inRoom: { rooms: ["r1"] },
    plain: {},
    admin: { nsp: "/admin" },
  });
  const r = await php(`$r[] = $io->emit('hello-all', 'x', 1);`);
  assert.deepEqual(r, [ONE_SERVER], "emit() returns the number of subscribers: the server (and the spy)");
  for (const cl of [c.inRoom, c.plain]) {
    await cl.waitForEvents(1);
    assert.deepEqual(cl.received("hello-all"), [["x", 1]]);
  }
  await assertNoMoreEvents([c.inRoom, c.plain], { allowed: 1 });
  assert.equal(c.admin.count(), 0);
  await assertSameBytesAsOfficial((io) => io.emit("hello-all", "x", 1));
});

test("to(room) reaches only that room, on the room's channel", async (t) => {
  const c = await clients(t, { r1: { rooms: ["r1"] }, r2: { rooms: ["r2"] }, none: {} });
  const r = await php(`
    $r[] = $io->to('r1')->emit('hi', 'x');
    $r[] = $io->in('r2')->emit('hi', 'y');`);
  assert.deepEqual(r, published(2));
  await c.r1.waitForEvents(1);
  await c.r2.waitForEvents(1);
  await assertNoMoreEvents(c, { allowed: (cl) => (cl === c.none ? 0 : 1) });
  assert.deepEqual(c.r1.received("hi"), [["x"]]);
  assert.deepEqual(c.r2.received("hi"), [["y"]]);
  assert.deepEqual(spy.messages.map((m) => m.channel), ["socket.io#/#r1#", "socket.io#/#r2#"]);
  await assertSameBytesAsOfficial((io) => {
    io.to("r1").emit("hi", "x");
    io.in("r2").emit("hi", "y");
  });
});

test("a socket in two targeted rooms receives one copy", async (t) => {
  const c = await clients(t, {
    both: { rooms: ["ra", "rb"] },
    a: { rooms: ["ra"] },
    b: { rooms: ["rb"] },
    none: { rooms: ["rc"] },
  });
  const r = await php(`
    $r[] = $io->to('ra')->to('rb')->emit('two', 1);
    $r[] = $io->to(['ra', 'rb'])->emit('two', 2);
    $r[] = $io->in(['rb', 'ra', 'rb'])->to('ra')->emit('two', 3);
    $r[] = $io->to(['ra', 'ra'])->emit('dup', 4);`);
  assert.deepEqual(r, published(4));
  await c.both.waitForEvents(4);
  await assertNoMoreEvents(c, { allowed: (cl) => ({ both: 4, a: 4, b: 3, none: 0 })[cl.name] });
  assert.deepEqual(c.both.received("two"), [[1], [2], [3]]);
  assert.deepEqual(c.both.received("dup"), [[4]]);
  assert.deepEqual(
    spy.messages.map((m) => m.channel),
    ["socket.io#/#", "socket.io#/#", "socket.io#/#", "socket.io#/#ra#"],
    "one PUBLISH per emit; the room channel only for exactly one room after de-duplication",
  );
  await assertSameBytesAsOfficial((io) => {
    io.to("ra").to("rb").emit("two", 1);
    io.to(["ra", "rb"]).emit("two", 2);
    io.in(["rb", "ra", "rb"]).to("ra").emit("two", 3);
    io.to(["ra", "ra"]).emit("dup", 4);
  });
});

test("except() excludes rooms and socket ids", async (t) => {
  const c = await clients(t, {
    r1: { rooms: ["r1"] },
    r1vip: { rooms: ["r1", "vip"] },
    vip: { rooms: ["vip"] },
    none: {},
  });
  const r = await php(
    `
    $r[] = $io->to('r1')->except('vip')->emit('ex', 1);
    $r[] = $io->except('vip')->emit('ex', 2);
    $r[] = $io->except(['vip', 'r1'])->emit('ex', 3);
    $r[] = $io->except($in['sid'])->emit('ex', 4);`,
    { sid: c.none.id },
  );
  assert.deepEqual(r, published(4));
  await c.r1.waitForEvents(3);
  await assertNoMoreEvents(c, { allowed: (cl) => ({ r1: 3, r1vip: 1, vip: 1, none: 2 })[cl.name] });
  assert.deepEqual(c.r1.received("ex"), [[1], [2], [4]]);
  assert.deepEqual(c.r1vip.received("ex"), [[4]]);
  assert.deepEqual(c.vip.received("ex"), [[4]]);
  assert.deepEqual(c.none.received("ex"), [[2], [3]]);
  await assertSameBytesAsOfficial((io) => {
    io.to("r1").except("vip").emit("ex", 1);
    io.except("vip").emit("ex", 2);
    io.except(["vip", "r1"]).emit("ex", 3);
    io.except(c.none.id).emit("ex", 4);
  });
});

test("of() targets another namespace, with or without the leading slash", async (t) => {
  const c = await clients(t, {
    root: { rooms: ["r1"] },
    admin: { nsp: "/admin", rooms: ["r1"] },
    admin2: { nsp: "/admin" },
  });
  const r = await php(`
    $admin = $io->of('admin');
    $r[] = $admin->emit('ns', 1);
    $r[] = $io->of('/admin')->to('r1')->emit('ns', 2);
    $r[] = $io->emit('ns', 3);
    $r[] = $admin->of('/')->to('r1')->emit('ns', 4);
    $r[] = $io->of('nobody-listens')->emit('ns', 5);`);
  assert.deepEqual(r, [...published(4), SPY_ONLY], "a namespace no server has created: no server counted");
  await c.admin.waitForEvents(2);
  await c.root.waitForEvents(2);
  await assertNoMoreEvents(c, { allowed: (cl) => ({ root: 2, admin: 2, admin2: 1 })[cl.name] });
  assert.deepEqual(c.admin.received("ns"), [[1], [2]]);
  assert.deepEqual(c.admin2.received("ns"), [[1]]);
  assert.deepEqual(c.root.received("ns"), [[3], [4]]);
  await assertSameBytesAsOfficial((io) => {
    const admin = io.of("admin");
    admin.emit("ns", 1);
    io.of("/admin").to("r1").emit("ns", 2);
    io.emit("ns", 3);
    admin.of("/").to("r1").emit("ns", 4);
    io.of("nobody-listens").emit("ns", 5);
  });
});

test("int room 42 and string room \"42\" are different rooms", async (t) => {
  const c = await clients(t, { int: { rooms: [42] }, str: { stringRooms: ["42"] }, both: { rooms: [42], stringRooms: ["42"] } });
  const r = await php(`
    $r[] = $io->to(42)->emit('num', 'int');
    $r[] = $io->to('42')->emit('num', 'str');
    $r[] = $io->to([42, '42'])->emit('num', 'both');
    $r[] = $io->to(7)->except(42)->emit('num', 'none');`);
  assert.deepEqual(r, published(4));
  await c.both.waitForEvents(3);
  await assertNoMoreEvents(c, { allowed: (cl) => ({ int: 2, str: 2, both: 3 })[cl.name] });
  assert.deepEqual(c.int.received("num"), [["int"], ["both"]]);
  assert.deepEqual(c.str.received("num"), [["str"], ["both"]]);
  assert.deepEqual(c.both.received("num"), [["int"], ["str"], ["both"]]);
  await assertSameBytesAsOfficial((io) => {
    io.to(42).emit("num", "int");
    io.to("42").emit("num", "str");
    io.to([42, "42"]).emit("num", "both");
    io.to(7).except(42).emit("num", "none");
  });
});

test("SocketIO\\Binary arrives as binary with the exact bytes", async (t) => {
  const c = await clients(t, { a: {} });
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const r = await php(`
    $all = '';
    for ($i = 0; $i < 256; $i++) { $all .= chr($i); }
    $r[] = $io->emit('bin', new Binary("\\x01\\x02\\x03"));
    $r[] = $io->emit('bin', new Binary($all), ['file' => new Binary("\\xff\\x00\\xfe"), 'name' => 'x.bin']);
    $r[] = $io->emit('bin', new Binary(''), [new Binary("\\x00")], 'not binary');
    $r[] = $io->emit('bin', new Binary(str_repeat("\\xAB", 70000)));`);
  assert.deepEqual(r, published(4));
  const events = await c.a.waitForEvents(4);
  assert.ok(Buffer.isBuffer(events[0].args[0]), "a Buffer, not a string or an array");
  assert.deepEqual(c.a.received("bin"), [
    [binary("010203")],
    [binary(all), { file: binary("ff00fe"), name: "x.bin" }],
    [binary(""), [binary("00")], "not binary"],
    [binary(Buffer.alloc(70000, 0xab))],
  ]);
  await assertSameBytesAsOfficial((io) => {
    io.emit("bin", Buffer.from([1, 2, 3]));
    io.emit("bin", all, { file: Buffer.from([0xff, 0, 0xfe]), name: "x.bin" });
    io.emit("bin", Buffer.alloc(0), [Buffer.from([0])], "not binary");
    io.emit("bin", Buffer.alloc(70000, 0xab));
  });
});

test("volatile() and compress() set the flags, and the events are delivered", async (t) => {
  const c = await clients(t, { r1: { rooms: ["r1"] }, r1r3: { rooms: ["r1", "r3"] }, a: { rooms: ["a"] } });
  // One emit at a time, each awaited: the server drops a volatile packet while the client's
  // transport is still busy with the previous one, which is what volatile is for.
  const ALL3 = ["r1", "r1r3", "a"];
  const steps = [
    [1, ALL3, `$io->volatile()->emit('f', 1)`, (io) => io.volatile.emit("f", 1)],
    [2, ALL3, `$io->compress(false)->emit('f', 2)`, (io) => io.compress(false).emit("f", 2)],
    [3, ALL3, `$io->compress()->emit('f', 3)`, (io) => io.compress(true).emit("f", 3)],
    [4, ALL3, `$io->volatile()->compress(false)->emit('f', 4)`, (io) => io.volatile.compress(false).emit("f", 4)],
    [5, ["r1"], `$io->to('r1')->except('r3')->volatile()->emit('f', 5)`, (io) => io.to("r1").except("r3").volatile.emit("f", 5)],
    [6, ["a"], `$io->compress(true)->to(['a', 'a'])->emit('f', 6)`, (io) => io.compress(true).to(["a", "a"]).emit("f", 6)],
  ];
  const expected = { r1: [], r1r3: [], a: [] };
  for (const [value, receivers, code, reference] of steps) {
    assert.deepEqual(await php(`$r[] = ${code};`), published(1), code);
    await assertSameBytesAsOfficial(reference);
    for (const name of receivers) {
      expected[name].push([value]);
      await c[name].waitForEvents(expected[name].length, { event: "f" });
    }
  }
  await assertNoMoreEvents(c, { allowed: (cl) => expected[cl.name].length });
  for (const name of Object.keys(expected)) assert.deepEqual(c[name].received("f"), expected[name], name);
});

test("socketsJoin() / socketsLeave() change rooms; the next emit sees the change", async (t) => {
  const c = await clients(t, { base: { rooms: ["base"] }, other: { rooms: ["other"] }, admin: { nsp: "/admin" } });
  // One PHP process, one connection: Redis delivers the requests and the emits in this order.
  const r = await php(`
    $r[] = $io->in('base')->socketsJoin('joined');
    $r[] = $io->to('joined')->emit('j', 1);
    $r[] = $io->socketsJoin(['all-in', 7]);
    $r[] = $io->to('all-in')->emit('j', 2);
    $r[] = $io->to(7)->emit('j', 3);
    $r[] = $io->except('base')->socketsJoin('not-base');
    $r[] = $io->to('not-base')->emit('j', 4);
    $r[] = $io->socketsLeave('all-in');
    $r[] = $io->to('all-in')->emit('j', 'left: nobody');
    $r[] = $io->to('other')->socketsLeave(['other', 7]);
    $r[] = $io->to(['other', 7])->emit('j', 5);
    $r[] = $io->of('admin')->socketsJoin('adm');
    $r[] = $io->of('admin')->to('adm')->emit('j', 6);
    $r[] = $io->emit('j', 'end');`);
  assert.deepEqual(r, published(14));
  await c.other.waitForEvents(4);
  await c.base.waitForEvents(5);
  await c.admin.waitForEvents(1);
  await assertNoMoreEvents(c, { allowed: (cl) => ({ base: 5, other: 4, admin: 1 })[cl.name] });
  // j5 goes to ['other', 7]: 'other' left both, 'base' is still in 7.
  assert.deepEqual(c.base.received("j"), [[1], [2], [3], [5], ["end"]]);
  assert.deepEqual(c.other.received("j"), [[2], [3], [4], ["end"]]);
  assert.deepEqual(c.admin.received("j"), [[6]]);

  const rooms = Object.fromEntries((await server.sockets("/")).map((s) => [s.id, s.rooms]));
  assert.deepEqual(rooms[c.base.id], [c.base.id, "base", "joined", 7]);
  assert.deepEqual(rooms[c.other.id], [c.other.id, "not-base"]);

  await assertSameBytesAsOfficial((io) => {
    io.in("base").socketsJoin("joined");
    io.to("joined").emit("j", 1);
    io.socketsJoin(["all-in", 7]);
    io.to("all-in").emit("j", 2);
    io.to(7).emit("j", 3);
    io.except("base").socketsJoin("not-base");
    io.to("not-base").emit("j", 4);
    io.socketsLeave("all-in");
    io.to("all-in").emit("j", "left: nobody");
    io.to("other").socketsLeave(["other", 7]);
    io.to(["other", 7]).emit("j", 5);
    io.of("admin").socketsJoin("adm");
    io.of("admin").to("adm").emit("j", 6);
    io.emit("j", "end");
  });
});

test("disconnectSockets() disconnects the targeted sockets only", async (t) => {
  const c = await clients(t, {
    bye: { rooms: ["bye"] },
    stay: { rooms: ["stay"] },
    admin: { nsp: "/admin", rooms: ["bye"] },
    adminAll: { nsp: "/admin" },
  });
  let r = await php(`$r[] = $io->to('bye')->disconnectSockets(true);`);
  assert.deepEqual(r, published(1));
  assert.equal(await c.bye.waitForDisconnect(), "io server disconnect");

  r = await php(`
    $r[] = $io->of('/admin')->except('bye')->disconnectSockets();
    $r[] = $io->emit('still-here', 1);`);
  assert.deepEqual(r, published(2));
  assert.equal(await c.adminAll.waitForDisconnect(), "io server disconnect");
  await c.stay.waitForEvents(1, { event: "still-here" });
  assert.deepEqual(c.stay.disconnects, []);
  assert.deepEqual(c.admin.disconnects, [], "except('bye') kept the admin socket in 'bye'");
  assert.ok(c.stay.socket.connected && c.admin.socket.connected);

  r = await php(`$r[] = $io->disconnectSockets();`);
  assert.deepEqual(r, published(1));
  assert.equal(await c.stay.waitForDisconnect(), "io server disconnect");
  assert.deepEqual(c.admin.disconnects, [], "another namespace is not affected");
  await assertSameBytesAsOfficial((io) => io.disconnectSockets());
});

test("disconnectSockets() requests are byte-identical to the official emitter's", async () => {
  await php(`
    $r[] = $io->to('bye')->disconnectSockets(true);
    $r[] = $io->of('/admin')->except('bye')->disconnectSockets();
    $r[] = $io->except(['x', 5])->disconnectSockets(false);`);
  await assertSameBytesAsOfficial((io) => {
    io.to("bye").disconnectSockets(true);
    io.of("/admin").except("bye").disconnectSockets();
    io.except(["x", 5]).disconnectSockets(false);
  });
});

test("serverSideEmit() reaches the server's listener with its arguments", async () => {
  const before = server.serverSideEmits().length;
  const r = await php(`
    $r[] = $io->serverSideEmit('hello', 'world', 1, ['a' => [1, 2]], null, 1.5);
    $r[] = $io->of('admin')->serverSideEmit('hello', 'from admin');
    $r[] = $io->serverSideEmit('hello');`);
  assert.deepEqual(r, published(3));
  await waitUntil(() => server.serverSideEmits().length >= before + 3, { message: "serverSideEmit not received" });
  const got = server.serverSideEmits().slice(before).map(({ nsp, name, args }) => ({ nsp, name, args }));
  assert.deepEqual(got, [
    { nsp: "/", name: "hello", args: ["world", 1, { a: [1, 2] }, null, 1.5] },
    { nsp: "/admin", name: "hello", args: ["from admin"] },
    { nsp: "/", name: "hello", args: [] },
  ]);
  await assertSameBytesAsOfficial((io) => {
    io.serverSideEmit("hello", "world", 1, { a: [1, 2] }, null, 1.5);
    io.of("admin").serverSideEmit("hello", "from admin");
    io.serverSideEmit("hello");
  });
});

test("a 1 MiB payload arrives intact", async (t) => {
  const c = await clients(t, { a: { rooms: ["big"] } });
  const text = "0123456789abcdef".repeat(65536); // 1 MiB of ASCII
  const bytes = Buffer.alloc(1 << 20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  const r = await php(`
    $text = str_repeat('0123456789abcdef', 65536);
    $bytes = '';
    for ($i = 0; $i < (1 << 20); $i++) { $bytes .= chr(($i * 31 + 7) & 0xff); }
    $r[] = $io->to('big')->emit('big', $text);
    $r[] = $io->to('big')->emit('big', new Binary($bytes), ['text' => $text]);`);
  assert.deepEqual(r, published(2));
  const events = await c.a.waitForEvents(2, { timeoutMs: 15000 });
  assert.equal(events[0].args[0].length, 1 << 20);
  assert.ok(events[0].args[0] === text, "1 MiB string intact");
  assert.ok(Buffer.isBuffer(events[1].args[0]) && events[1].args[0].equals(bytes), "1 MiB binary intact");
  assert.ok(events[1].args[1].text === text);

  const sha = (m) => ({ channel: m.channel, length: m.payload.length, sha: createHash("sha256").update(m.payload).digest("hex") });
  const expected = referencePublishes((io) => {
    io.to("big").emit("big", text);
    io.to("big").emit("big", bytes, { text });
  }).map(sha);
  await spy.waitFor(2);
  assert.deepEqual(spy.take().map(sha), expected);
});

test("unicode strings and keys arrive unchanged", async (t) => {
  const c = await clients(t, { a: {} });
  const samples = ["é€😀", "日本語テキスト", "مرحبا", "a\u0000b", "\u200d\ufeff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢".repeat(10), ""];
  const r = await php(
    `
    $r[] = $io->emit('s', 'é€😀');
    $r[] = $io->emit('u', ...$in['samples']);
    $r[] = $io->emit('k', ['ключ' => 'значение', '🔑' => ['ü' => 'ß']]);`,
    { samples },
  );
  assert.deepEqual(r, published(3));
  await c.a.waitForEvents(3);
  assert.deepEqual(c.a.received(), [["é€😀"], samples, [{ ключ: "значение", "🔑": { ü: "ß" } }]]);
  await assertSameBytesAsOfficial((io) => {
    io.emit("s", "é€😀");
    io.emit("u", ...samples);
    io.emit("k", { ключ: "значение", "🔑": { ü: "ß" } });
  });
});

test("numbers, nested lists and maps, objects and enums map as json_encode would", async (t) => {
  const c = await clients(t, { a: {} });
  const r = await php(`
    enum Suit: string { case Hearts = 'H'; }
    enum Level: int { case High = 3; }
    final class Point implements JsonSerializable {
      public function __construct(private int $x, private int $y) {}
      public function jsonSerialize(): mixed { return ['x' => $this->x, 'y' => $this->y]; }
    }
    final class User { public $name = 'ann'; public $tags = ['a', 'b']; protected $hidden = 1; private $secret = 2; }
    $r[] = $io->emit('n', 1.5, -1, 255, 65536, -129, 2 ** 40, 0, -32, -33, 127, 128, -2 ** 40);
    $r[] = $io->emit('nest', [1, [2, [3, [4, []]]]], ['a' => ['b' => ['c' => [true, false, null]]]], []);
    $r[] = $io->emit('maps', [3 => 'a', 1 => 'b', 'z' => 1, 'y' => 2], [1 => 'x', 2 => 'y'], ['b' => 1, 'a' => 2]);
    $r[] = $io->emit('obj', new Point(1, 2), new User(), Suit::Hearts, Level::High, new stdClass());
    $deep = 'leaf';
    for ($i = 0; $i < 100; $i++) { $deep = [$deep]; }
    $r[] = $io->emit('deep', $deep);
    $r[] = $io->emit('floats', 0.1, -2.5e-300, 1.0e-300, -0.5);`);
  assert.deepEqual(r, published(6));
  await c.a.waitForEvents(6);
  let deep = "leaf";
  for (let i = 0; i < 100; i++) deep = [deep];
  const expected = {
    n: [1.5, -1, 255, 65536, -129, 2 ** 40, 0, -32, -33, 127, 128, -(2 ** 40)],
    nest: [[1, [2, [3, [4, []]]]], { a: { b: { c: [true, false, null] } } }, []],
    maps: [{ 3: "a", 1: "b", z: 1, y: 2 }, { 1: "x", 2: "y" }, { b: 1, a: 2 }],
    obj: [{ x: 1, y: 2 }, { name: "ann", tags: ["a", "b"] }, "H", 3, {}],
    deep: [deep],
    floats: [0.1, -2.5e-300, 1.0e-300, -0.5],
  };
  assert.deepEqual(
    Object.fromEntries(c.a.events.map((e) => [e.event, e.args])),
    expected,
  );
  await assertSameBytesAsOfficial((io) => {
    for (const [ev, args] of Object.entries(expected)) io.emit(ev, ...args);
  });
});

test("DateTimeInterface arrives as Date.toJSON()'s ISO string", async (t) => {
  const c = await clients(t, { a: {} });
  const r = await php(`
    $r[] = $io->emit('d',
      new DateTimeImmutable('@1700000000.123'),
      new DateTime('2023-11-14 23:13:20.123456', new DateTimeZone('Europe/Paris')),
      ['at' => new DateTimeImmutable('@0')],
      new DateTimeImmutable('1969-07-20T20:17:40.5-04:00'));`);
  assert.deepEqual(r, published(1));
  await c.a.waitForEvents(1);
  const iso = [
    "2023-11-14T22:13:20.123Z",
    "2023-11-14T22:13:20.123Z",
    { at: "1970-01-01T00:00:00.000Z" },
    "1969-07-21T00:17:40.500Z",
  ];
  assert.deepEqual(c.a.received("d"), [iso]);
  // The official emitter sends a Date as a msgpack timestamp that the server turns into this same
  // string; the extension sends the string itself (see README), so the reference is the strings.
  await assertSameBytesAsOfficial((io) => io.emit("d", ...iso));
  assert.equal(new Date(1700000000123).toJSON(), iso[0]);
});

test("operators are immutable: nothing leaks into the next emit", async (t) => {
  const c = await clients(t, { a: { rooms: ["a"] }, ab: { rooms: ["a", "b"] }, none: {} });
  const r = await php(`
    $io->to('a');
    $io->except('none');
    $io->volatile();
    $io->compress(false);
    $io->of('admin');
    $r[] = $io->emit('imm', 1);
    $op = $io->to('a');
    $op->except('b');
    $op->to('b');
    $op->volatile();
    $r[] = $op->emit('imm', 2);
    $ex = $op->except('b');
    $r[] = $ex->emit('imm', 3);
    $r[] = $op->emit('imm', 4);`);
  assert.deepEqual(r, published(4));
  await c.a.waitForEvents(4);
  await assertNoMoreEvents(c, { allowed: (cl) => ({ a: 4, ab: 3, none: 1 })[cl.name] });
  assert.deepEqual(c.a.received("imm"), [[1], [2], [3], [4]]);
  assert.deepEqual(c.ab.received("imm"), [[1], [2], [4]]);
  assert.deepEqual(c.none.received("imm"), [[1]]);
  await assertSameBytesAsOfficial((io) => {
    io.emit("imm", 1);
    const op = io.to("a");
    op.emit("imm", 2);
    op.except("b").emit("imm", 3);
    op.emit("imm", 4);
  });
});

test("a refused call publishes nothing and leaves the server working", async (t) => {
  const c = await clients(t, { a: {} });
  const res = await runPhp(
    `<?php
    $io = new SocketIO\\Emitter(getenv('REDIS_URL'));
    $calls = [
      fn() => $io->emit('bad', "\\xff\\xfe not utf-8"),
      fn() => $io->emit('bad', ['ok' => 1, 'nan' => NAN]),
      fn() => $io->to('r')->emit('bad', 1, fopen('php://memory', 'r')),
      fn() => $io->emit('disconnect', 1),
      fn() => $io->emit('', 1),
      fn() => $io->serverSideEmit('bad', INF),
    ];
    foreach ($calls as $i => $call) {
      try { $call(); echo "$i: no exception\\n"; }
      catch (Throwable $e) { echo "$i: ", get_class($e), "\\n"; }
    }
    echo $io->emit('good', 'after'), "\\n";`,
    { redisUrl: redis.url },
  );
  assert.equal(res.stderr, "");
  assert.deepEqual(res.stdout.trim().split("\n"), [
    "0: SocketIO\\EncodingException",
    "1: SocketIO\\EncodingException",
    "2: SocketIO\\EncodingException",
    "3: ValueError",
    "4: ValueError",
    "5: SocketIO\\EncodingException",
    String(ONE_SERVER),
  ]);
  await c.a.waitForEvents(1);
  assert.deepEqual(c.a.received(), [["after"]]);
  await assertSameBytesAsOfficial((io) => io.emit("good", "after"));
});

suite("return values and routing by key", () => {
  test("every publishing method returns the number of subscribed servers: 0, 1, 2", async (t) => {
    // A Redis of its own: no spy, so the counts are servers only.
    const own = await startRedis();
    t.after(() => own.stop());
    const countAll = (extra = "") =>
      runPhpJson(
        `<?php
        $io = new SocketIO\\Emitter(getenv('REDIS_URL'));
        echo json_encode([$io->emit('x'), $io->to('r')->emit('x'), $io->to(['r', 's'])->emit('x'),
          $io->socketsJoin('r'), $io->in('r')->socketsLeave('r'), $io->disconnectSockets(),
          $io->serverSideEmit('hello'), $io->of('admin')->emit('x')]), "\\n";`,
        { redisUrl: own.url },
      );
    assert.deepEqual(await countAll(), [0, 0, 0, 0, 0, 0, 0, 0], "no server listens");

    const first = await startServer({ redisUrl: own.url, namespaces: ["/", "/admin"] });
    t.after(() => first.stop());
    assert.deepEqual(await countAll(), [1, 1, 1, 1, 1, 1, 1, 1], "one server");

    const second = await startServer({ redisUrl: own.url, namespaces: ["/"] });
    t.after(() => second.stop());
    assert.deepEqual(await countAll(), [2, 2, 2, 2, 2, 2, 2, 1], "two servers on '/', one of them has '/admin'");
  });

  test("the key option (and the legacy host/port array) reaches a server with that adapter key", async (t) => {
    const mine = await startServer({ redisUrl: redis.url, namespaces: ["/"], key: "myapp" });
    t.after(() => mine.stop());
    const [myClient, defaultClient] = await Promise.all([
      connectClients(mine.url, { c: {} }).then((x) => x.c),
      connectClients(server.url, { c: {} }).then((x) => x.c),
    ]);
    t.after(() => closeAll([myClient, defaultClient]));
    const r = await php(
      `
      $r[] = (new Emitter(getenv('REDIS_URL'), ['key' => 'myapp']))->emit('k', 1);
      $r[] = (new Emitter(['host' => '127.0.0.1', 'port' => $in['port'], 'key' => 'myapp']))->emit('k', 2);
      $r[] = (new Emitter(['host' => '127.0.0.1', 'port' => $in['port']]))->emit('k', 3);`,
      { port: redis.port },
    );
    assert.deepEqual(r, published(3));
    await myClient.waitForEvents(2);
    await defaultClient.waitForEvents(1);
    await assertNoMoreEvents([myClient, defaultClient], { allowed: (cl) => (cl === myClient ? 2 : 1) });
    assert.deepEqual(myClient.received("k"), [[1], [2]]);
    assert.deepEqual(defaultClient.received("k"), [[3]]);
    const expected = [
      ...hexMessages(referencePublishes((io) => io.emit("k", 1), { key: "myapp" })),
      ...hexMessages(referencePublishes((io) => io.emit("k", 2), { key: "myapp" })),
      ...hexMessages(referencePublishes((io) => io.emit("k", 3))),
    ];
    await spy.waitFor(3);
    assert.deepEqual(hexMessages(spy.take()), expected);
  });
});
