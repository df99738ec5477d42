// Runs the companion server (../../server/index.mjs, the one users deploy) as a child process
// and signs tokens for it with node:crypto, so its tests do not depend on the PHP side.
// Unlike the reference fixture (../server.mjs), it is configured only through its public
// interface: flags, environment variables, and its JSON log lines on stdout.
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { registerCleanup, stopChild } from "./cleanup.mjs";
import { waitUntil } from "./wait.mjs";

export const COMPANION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "server");
const ENTRY = path.join(COMPANION_DIR, "index.mjs");

/** A fresh 64-hex-character secret (32 random bytes as text, the form `openssl rand -hex 32` gives). */
export const newSecret = () => randomBytes(32).toString("hex");

/** Signs `claims` as an HS256 JWT with `secret`; `header` overrides the header (tests of alg). */
export function signToken(claims, secret, header = { alg: "HS256", typ: "JWT" }) {
  const enc = (obj) => Buffer.from(JSON.stringify(obj)).toString("base64url");
  const input = `${enc(header)}.${enc(claims)}`;
  const sig = createHmac("sha256", secret).update(input).digest("base64url");
  return `${input}.${sig}`;
}

/** Claims valid now for `rooms`, with `extra` merged in (e.g. {exp: ...} or {nsp: "/admin"}). */
export function claimsFor(rooms, extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { sub: "user-1", iat: now, exp: now + 300, rooms, ...extra };
}

/**
 * Starts the companion server and resolves once it logged "ready".
 *
 * options: redisUrl (string or array of cluster seeds), secret (string; passed in SOCKETIO_SECRET
 * unless `args` has --secret-file), args (extra flags), env, waitReady (false: resolve at once,
 * for tests of start-up failures).
 *
 * Returns { url, port, pid, logs, exited, waitForLog(pred), output(), kill(sig), stop() }.
 */
export async function startCompanion({ redisUrl, secret, args = [], env = {}, waitReady = true, timeoutMs = 15000 } = {}) {
  if (!existsSync(path.join(COMPANION_DIR, "node_modules"))) {
    throw new Error(`${COMPANION_DIR}/node_modules is missing: run \`npm ci\` in server/ (make test does)`);
  }
  const flags = ["--port", "0", "--host", "127.0.0.1", "--log-level", "debug"];
  if (redisUrl) flags.push("--redis", Array.isArray(redisUrl) ? redisUrl.join(",") : redisUrl);
  const child = spawn(process.execPath, [ENTRY, ...flags, ...args], {
    cwd: COMPANION_DIR,
    env: { ...process.env, ...(secret !== undefined ? { SOCKETIO_SECRET: secret } : {}), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const unregister = registerCleanup(() => child.kill("SIGKILL"));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  exited.then(unregister);

  const logs = [];
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  createInterface({ input: child.stdout }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line));
    } catch {
      logs.push({ msg: "(not JSON)", line });
    }
  });
  const output = () => stdout + stderr;
  const describe = () => `companion server pid ${child.pid}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  const waitForLog = (pred, opts = {}) =>
    waitUntil(() => logs.find(pred), { message: () => `the server never logged it: ${describe()}`, ...opts });

  const server = {
    pid: child.pid,
    process: child,
    logs,
    exited,
    output,
    stderr: () => stderr,
    describe,
    waitForLog,
    kill(signal = "SIGKILL") {
      child.kill(signal);
      return exited;
    },
    stop() {
      return stopChild(child, exited, () => child.kill("SIGTERM"), 5000);
    },
  };
  if (!waitReady) return server;

  const ready = await Promise.race([
    waitForLog((r) => r.msg === "ready", { timeoutMs }),
    exited.then(({ code, signal }) => {
      throw new Error(`companion server exited (${code ?? signal}) before ready: ${describe()}`);
    }),
  ]).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });
  server.port = ready.port;
  server.url = `http://127.0.0.1:${ready.port}`;
  return server;
}
