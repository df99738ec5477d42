// The README's "Asking the servers" example (examples/asking-the-servers/ask.php, whose region
// the README shows) run as written against two official Socket.IO servers and real clients:
// two sockets of user 42 on different servers, two admin pages of which one never confirms.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { closeAll, connectClient, runPhpJson, startRedis } from "../lib/index.mjs";
import { startRequestsServer } from "../lib/requests.mjs";

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/asking-the-servers/ask.php");

let redis, A, B;
const clients = [];
before(async () => {
  redis = await startRedis();
  [A, B] = await Promise.all([startRequestsServer({ redisUrl: redis.url }), startRequestsServer({ redisUrl: redis.url })]);
});
after(async () => {
  closeAll(clients);
  await Promise.all([A?.stop(), B?.stop()]);
  await redis?.stop();
});

test("README: Asking the servers runs as written", async () => {
  clients.push(await connectClient(A.url, { name: "phone", rooms: ["user:42"] }));
  clients.push(await connectClient(B.url, { name: "laptop", rooms: ["user:42"] }));
  const admin = await connectClient(A.url, { name: "admin-1", rooms: ["admins"] });
  admin.socket.on("confirm", (what, cb) => cb(`ok: ${what}`));
  const away = await connectClient(B.url, { name: "admin-2", rooms: ["admins"] });
  away.socket.on("confirm", () => {}); // the page is open, nobody clicks
  clients.push(admin, away);

  const got = await runPhpJson(readFileSync(EXAMPLE, "utf8"), { redisUrl: redis.url });
  assert.equal(got.online, true);
  assert.equal(got.sockets, 2, "one socket on each server");
  const ports = got.answers.map((a) => a.port).sort();
  assert.deepEqual(ports, [A.port, B.port].sort(), "one answer per server");
  assert.ok(got.answers.every((a) => a.flushed === "users"));
  assert.deepEqual(got.acks, ["ok: deploy #7"]);
  assert.equal(got.missing, 1, "the page that did not answer");
});
