// Room tokens between PHP and Node: a token issued by SocketIO\Token verifies with nothing but
// Node's crypto (HMAC-SHA256, base64url, JSON.parse), and a token Node signs the same way
// verifies in PHP. Also: PHP's token bytes are exactly what JSON.stringify + HMAC give for the
// same claims, so a Node verifier never meets a JSON spelling it does not expect.
import assert from "node:assert/strict";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { test } from "node:test";
import { runPhpJson } from "../lib/index.mjs";

const SECRET = randomBytes(32).toString("hex");
const b64url = (s) => Buffer.from(s).toString("base64url");
const sign = (input, secret = SECRET) => createHmac("sha256", secret).update(input).digest("base64url");

/** The smallest honest HS256 verifier: what a companion server would write with node:crypto. */
function nodeVerify(token, secret = SECRET) {
  const [h, p, s, ...rest] = token.split(".");
  assert.equal(rest.length, 0, "three parts");
  assert.deepEqual(JSON.parse(Buffer.from(h, "base64url").toString()), { alg: "HS256", typ: "JWT" });
  const expected = Buffer.from(sign(`${h}.${p}`, secret), "base64url");
  const given = Buffer.from(s, "base64url");
  assert.ok(given.length === expected.length && timingSafeEqual(given, expected), "signature");
  return JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
}

function nodeIssue(claims, { secret = SECRET, header = { alg: "HS256", typ: "JWT" } } = {}) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign(input, secret)}`;
}

/** Runs PHP with the secret in php.ini (socketio.secret), input on stdin, one JSON line out. */
const php = (body, input) =>
  runPhpJson(`$in = json_decode(stream_get_contents(STDIN), true);\n${body}`, {
    ini: { "socketio.secret": SECRET },
    stdin: JSON.stringify(input ?? null),
  });

const DATA = {
  name: "Zoë </script> \u2028 😀 \"q\" \\ \t",
  ratio: 0.1,
  big: 1e21,
  small: 5e-7,
  list: [1, -2, 2.5, true, false, null, "", []],
  nested: { "10": "index-like key first", a: { b: { c: [{ d: 1 }] } } },
  // No empty object: PHP has one empty array for both [] and {}, and sends it as [] (as
  // json_encode does), so {} could not come back as itself through a PHP round trip.
};

test("a PHP token verifies with node:crypto alone, claims and types intact", async () => {
  const out = await php(
    `$before = time();
$t = SocketIO\\Token::issue(42, ['team:1', 'admin', 7, '7'], 120, $in, nsp: 'chat');
echo json_encode(['token' => $t, 'before' => $before, 'after' => time()]), "\\n";`,
    DATA,
  );
  const claims = nodeVerify(out.token);
  assert.equal(claims.sub, 42);
  assert.deepEqual(claims.rooms, ["team:1", "admin", 7, "7"]);
  assert.equal(claims.nsp, "/chat");
  assert.equal(claims.exp - claims.iat, 120);
  assert.ok(out.before <= claims.iat && claims.iat <= out.after, "iat is the issuing time");
  assert.deepEqual(claims.data, DATA);
  assert.deepEqual(Object.keys(claims), ["sub", "iat", "exp", "rooms", "nsp", "data"]);
  assert.throws(() => nodeVerify(out.token, SECRET + "x"), /signature/);
});

test("PHP writes the bytes JSON.stringify + HMAC write for the same claims", async () => {
  const out = await php(
    `echo json_encode(['token' => SocketIO\\Token::issue('ünïcode', ['r'], 60, $in)]), "\\n";`,
    DATA,
  );
  const claims = nodeVerify(out.token);
  assert.equal(nodeIssue(claims), out.token);
});

test("a node:crypto token verifies in PHP, and PHP refuses what Node got wrong", async () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: "u-1", iat: now, exp: now + 60, rooms: ["team:2", 99], nsp: "/", data: DATA };
  const bad = {
    good: nodeIssue(claims),
    intSub: nodeIssue({ ...claims, sub: 12345 }),
    expired: nodeIssue({ ...claims, iat: now - 600, exp: now - 300 }),
    future: nodeIssue({ ...claims, iat: now + 300, exp: now + 600 }),
    otherSecret: nodeIssue(claims, { secret: randomBytes(32).toString("hex") }),
    none: `${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify(claims))}.`,
    hs384: nodeIssue(claims, { header: { alg: "HS384", typ: "JWT" } }),
  };
  const out = await php(
    `$r = [];
foreach ($in as $name => $token) {
    try {
        $r[$name] = SocketIO\\Token::verify($token);
    } catch (SocketIO\\TokenException $e) {
        $r[$name] = ['code' => array_search($e->getCode(), (new ReflectionClass($e))->getConstants(), true)];
    }
}
echo json_encode($r), "\\n";`,
    bad,
  );
  assert.deepEqual(out.good, claims);
  assert.equal(out.intSub.sub, 12345);
  assert.deepEqual(out.expired, { code: "EXPIRED" });
  assert.deepEqual(out.future, { code: "NOT_YET_VALID" });
  assert.deepEqual(out.otherSecret, { code: "SIGNATURE" });
  assert.deepEqual(out.none, { code: "ALGORITHM" });
  assert.deepEqual(out.hs384, { code: "ALGORITHM" });
});
