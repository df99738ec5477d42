// The fixture of the requests tests (../requests-server.mjs) as a child process, and PHP calls
// that print what fetchSockets / serverSideEmitWithAck / emitWithAck return.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { registerCleanup, stopChild } from "./cleanup.mjs";
import { runPhpJson } from "./php.mjs";
import { waitUntil } from "./wait.mjs";

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "requests-server.mjs");

/**
 * Starts one Socket.IO server. options: redisUrl (string or seed list), cluster, adapter
 * ("classic" | "sharded"), specificChannel, ackListener (default true), namespaces, key.
 * Returns { port, url, pid, fetchSockets({nsp, rooms, except}), stop() }.
 */
export async function startRequestsServer({
  redisUrl,
  cluster = false,
  adapter = "classic",
  specificChannel = false,
  ackListener = true,
  namespaces = ["/", "/admin"],
  key = "socket.io",
} = {}) {
  const args = [
    FIXTURE,
    "--redis", [redisUrl].flat().join(","),
    "--adapter", adapter,
    "--namespaces", namespaces.join(","),
    "--key", key,
  ];
  if (cluster) args.push("--cluster");
  if (specificChannel) args.push("--specific-channel");
  if (!ackListener) args.push("--no-ack-listener");
  const child = spawn(process.execPath, args, { cwd: path.dirname(FIXTURE), stdio: ["pipe", "pipe", "pipe"] });
  const unregister = registerCleanup(() => child.kill("SIGKILL"));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const records = [];
  const pending = new Map();
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const rec = JSON.parse(line);
    if (rec.event === "reply" && pending.has(rec.id)) {
      const { resolve, reject } = pending.get(rec.id);
      pending.delete(rec.id);
      rec.error ? reject(new Error(rec.error)) : resolve(rec.data);
    } else {
      records.push(rec);
    }
  });
  const ready = await Promise.race([
    waitUntil(() => records.find((r) => r.event === "ready"), {
      timeoutMs: 15000,
      message: () => `requests fixture not ready: ${JSON.stringify(records)} ${stderr}`,
    }),
    exited.then((code) => {
      throw new Error(`requests fixture exited (${code}): ${stderr}`);
    }),
  ]);
  let nextId = 1;
  const command = (cmd, extra) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.stdin.write(JSON.stringify({ id, cmd, ...extra }) + "\n");
    });
  let stopped;
  return {
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid,
    records,
    stderr: () => stderr,
    fetchSockets: ({ nsp = "/", rooms = [], except = [] } = {}) => command("fetchSockets", { nsp, rooms, except }),
    stop() {
      stopped ??= stopChild(child, exited, () => child.stdin.end(), 5000).then(unregister);
      return stopped;
    },
  };
}

/**
 * Runs `body` (PHP statements using `$io`, an Emitter for `target` with `options`, `$target`
 * and `$in`, the decoded `input`) and returns what it printed with `out($value)`: answers as JSON,
 * SocketIO\Binary as {"$binary": "<hex>"}, a TimeoutException as
 * {"timeout": message, "code", "partial", "expected"}.
 */
export function php(target, options, body, input = null) {
  return runPhpJson(
    `$all = json_decode(stream_get_contents(STDIN), true);
$target = $all['target'];
$io = new SocketIO\\Emitter($target, $all['options']);
$in = $all['input'];
function plain($v) {
    if ($v instanceof SocketIO\\Binary) return ['$binary' => bin2hex($v->getBytes())];
    if (is_array($v)) return array_map('plain', $v);
    return $v;
}
function out($v) { echo json_encode(plain($v), JSON_PRESERVE_ZERO_FRACTION), "\\n"; }
function attempt(callable $f) {
    try {
        return plain($f());
    } catch (SocketIO\\TimeoutException $e) {
        return ['timeout' => $e->getMessage(), 'code' => $e->getCode(), 'partial' => plain($e->getPartialResults()), 'expected' => $e->getExpectedCount()];
    }
}
${body}`,
    { stdin: JSON.stringify({ target, options, input }), timeoutMs: 60000 },
  );
}
