#!/usr/bin/env node
// Memory of a fetchSockets() answer (issue 10.5): a script that prints figures, not a test.
//
//   node bench/requests-memory.mjs            (sizes: REQUESTS_SIZES=1000,10000,20000)
//
// A stand-in server on a private redis-server answers the classic REMOTE_FETCH request with N
// socket entries shaped like a real one (protocol-requests.md §1.9 C3: headers, handshake,
// rooms, data), all in one response message, as one server holding N sockets sends them. A PHP
// process (the built extension, `php -n`) calls fetchSockets() once per size and prints:
// the answer's bytes, PHP's memory_get_usage() growth for the returned array, the growth of the
// Zend peak (memory_get_peak_usage()), and the growth of the process's peak RSS (VmHWM, reset
// through /proc/self/clear_refs before the call), which also covers the extension's own buffers
// (the response bytes and the decoded tree, outside PHP's allocator).
import { createRequire } from "node:module";
import { startRedis } from "../e2e/lib/redis.mjs";
import { runPhpJson } from "../e2e/lib/php.mjs";

// node-redis from e2e/node_modules (make e2e-deps), where the e2e helpers find it too.
const { createClient } = createRequire(new URL("../e2e/package.json", import.meta.url))("redis");

const sizes = (process.env.REQUESTS_SIZES || "1000,10000,20000").split(",").map(Number);

function entry(i) {
  const id = `sock${String(i).padStart(16, "0")}`;
  return {
    id,
    handshake: {
      headers: {
        "sec-websocket-version": "13",
        "sec-websocket-key": "3ABB7hk5k6Cubrupwka7UQ==",
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-extensions": "permessage-deflate; client_max_window_bits",
        host: "127.0.0.1:3451",
      },
      time: "Sun Nov 22 2026 00:09:49 GMT+0000 (Coordinated Universal Time)",
      address: "127.0.0.1",
      xdomain: false,
      secure: false,
      issued: 1795306189971 + i,
      url: "/socket.io/?rooms=r1&EIO=4&transport=websocket",
      query: { rooms: "r1", EIO: "4", transport: "websocket" },
      auth: { user: `user-${i}` },
    },
    rooms: [id, "r1", i % 100],
    data: { user: `user-${i}`, port: 3451 },
  };
}

const redis = await startRedis();
const pub = createClient({ url: redis.url });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);
let size = 0;
let bytes = 0;
await sub.subscribe("socket.io-request#/#", async (message) => {
  const request = JSON.parse(message);
  if (request.type !== 5) return;
  const body = JSON.stringify({ requestId: request.requestId, sockets: Array.from({ length: size }, (_, i) => entry(i)) });
  bytes = Buffer.byteLength(body);
  await pub.publish("socket.io-response#/#", body);
});

const script = `
function hwm(): int { preg_match('/VmHWM:\\s+(\\d+) kB/', file_get_contents('/proc/self/status'), $m); return (int) $m[1] * 1024; }
$io = new SocketIO\\Emitter(getenv('REDIS_URL'));
$io->of('/warm-up')->fetchSockets(); // opens the pooled connection; no server there, so no answer
gc_collect_cycles();
if (@file_put_contents('/proc/self/clear_refs', '5') !== 1) { fwrite(STDERR, "cannot reset VmHWM\n"); exit(1); }
$m0 = memory_get_usage(); $p0 = memory_get_peak_usage(); $r0 = hwm();
$sockets = $io->timeout(60)->fetchSockets();
$m1 = memory_get_usage(); $p1 = memory_get_peak_usage(); $r1 = hwm();
// The same data through json_decode(), PHP's own reader, for comparison.
$json = json_encode($sockets);
unset($sockets);
gc_collect_cycles();
$j0 = memory_get_usage();
$decoded = json_decode($json, true);
$j1 = memory_get_usage();
echo json_encode(['count' => count($decoded), 'array' => $m1 - $m0, 'zendPeak' => $p1 - $m0, 'rssPeak' => $r1 - $r0, 'jsonDecode' => $j1 - $j0]), "\\n";
`;

const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
console.log("sockets  answer bytes  PHP array  json_decode same  Zend peak growth  RSS peak growth  (per socket: array / RSS)");
try {
  for (const n of sizes) {
    size = n;
    const r = await runPhpJson(script, { redisUrl: redis.url, timeoutMs: 120000 });
    if (r.count !== n) throw new Error(`expected ${n} sockets, got ${r.count}`);
    console.log(
      `${String(n).padStart(7)}  ${mb(bytes).padStart(12)}  ${mb(r.array).padStart(9)}  ${mb(r.jsonDecode).padStart(16)}  ${mb(r.zendPeak).padStart(16)}  ${mb(r.rssPeak).padStart(15)}  (${Math.round(r.array / n)} B / ${Math.round(r.rssPeak / n)} B)`,
    );
  }
} finally {
  await Promise.allSettled([pub.quit(), sub.quit()]);
  await redis.stop();
}
