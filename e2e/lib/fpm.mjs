// A private php-fpm with the extension loaded, and a minimal FastCGI client to send it requests.
// It is the only way to test what the pool promises across *requests* of one worker: the CLI
// serves a single request per process.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerCleanup, stopChild } from "./cleanup.mjs";
import { EXTENSION } from "./php.mjs";
import { freePort } from "./redis.mjs";
import { sleep } from "./wait.mjs";

function findFpm() {
  if (process.env.PHP_FPM) return process.env.PHP_FPM;
  for (const c of ["php-fpm8.2", "php-fpm"]) {
    for (const dir of ["/usr/sbin", "/usr/local/sbin", "/usr/bin"]) {
      if (existsSync(path.join(dir, c))) return path.join(dir, c);
    }
  }
  const r = spawnSync("sh", ["-c", "command -v php-fpm8.2 || command -v php-fpm"], { encoding: "utf8" });
  if (r.stdout.trim()) return r.stdout.trim();
  throw new Error("php-fpm not found: install php8.2-fpm (apt-get install php8.2-fpm) or set PHP_FPM");
}

/**
 * Starts php-fpm (no php.ini, the extension by -d) with one static pool of `workers` processes
 * listening on a free loopback port. `files` ({name: source}) are written to its document root.
 *
 * Returns { port, root, request(script, query), logs(), stop() }.
 */
export async function startFpm({ files = {}, workers = 1, ini = {}, timeoutMs = 10000 } = {}) {
  if (!existsSync(EXTENSION)) throw new Error(`${EXTENSION} not found: run \`make build\``);
  const fpm = findFpm();
  const root = mkdtempSync(path.join(tmpdir(), "e2e-fpm-"));
  for (const [name, src] of Object.entries(files)) writeFileSync(path.join(root, name), src);
  const port = await freePort();
  const conf = path.join(root, "fpm.conf");
  // pm.max_requests = 0: a worker is never recycled, so "the same process" holds for every request.
  writeFileSync(conf, [
    "[global]",
    `pid = ${root}/fpm.pid`,
    `error_log = ${root}/fpm.log`,
    "daemonize = no",
    "[e2e]",
    "user = root",
    "group = root",
    `listen = 127.0.0.1:${port}`,
    "pm = static",
    `pm.max_children = ${workers}`,
    "pm.max_requests = 0",
    "clear_env = no",
    "catch_workers_output = yes",
    "decorate_workers_output = no",
    "",
  ].join("\n"));

  const args = ["-n", "-d", `extension=${EXTENSION}`, "-d", "display_errors=stderr", "-d", "error_reporting=-1"];
  for (const [k, v] of Object.entries(ini)) args.push("-d", `${k}=${v}`);
  // -R: the tests run as root in CI containers; -F: stay in the foreground so we own the process.
  const child = spawn(fpm, [...args, "-y", conf, "-F", "-R"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const unregister = registerCleanup(() => child.kill("SIGKILL"));
  const exited = new Promise((resolve) => child.once("exit", (code, sig) => resolve({ code, sig })));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      unregister();
      throw new Error(`php-fpm exited before listening: ${output}`);
    }
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      unregister();
      throw new Error(`php-fpm not listening on ${port} after ${timeoutMs} ms: ${output}`);
    }
    await sleep(50);
  }

  return {
    port,
    root,
    logs: () => output,
    request: (script, query = "") => fastcgiRequest(port, path.join(root, script), query),
    async stop() {
      await stopChild(child, exited, () => child.kill("SIGQUIT"), 3000);
      unregister();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function record(type, requestId, content = Buffer.alloc(0)) {
  const header = Buffer.alloc(8);
  header.writeUInt8(1, 0); // FCGI_VERSION_1
  header.writeUInt8(type, 1);
  header.writeUInt16BE(requestId, 2);
  header.writeUInt16BE(content.length, 4);
  return Buffer.concat([header, content]);
}

function nameValue(name, value) {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  const len = (l) => {
    if (l < 128) return Buffer.from([l]);
    const b = Buffer.alloc(4);
    b.writeUInt32BE((l | 0x80000000) >>> 0);
    return b;
  };
  return Buffer.concat([len(n.length), len(v.length), n, v]);
}

/** One GET request; resolves to { status, headers, body, stderr }. */
export function fastcgiRequest(port, scriptFilename, query = "", { timeoutMs = 15000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    const params = Buffer.concat(Object.entries({
      SCRIPT_FILENAME: scriptFilename,
      SCRIPT_NAME: "/" + path.basename(scriptFilename),
      REQUEST_METHOD: "GET",
      QUERY_STRING: query,
      SERVER_PROTOCOL: "HTTP/1.1",
      GATEWAY_INTERFACE: "CGI/1.1",
      REMOTE_ADDR: "127.0.0.1",
    }).map(([k, v]) => nameValue(k, v)));
    const begin = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]); // role RESPONDER, no keep-conn
    sock.write(Buffer.concat([
      record(1, 1, begin),
      record(4, 1, params),
      record(4, 1),
      record(5, 1),
    ]));
    let buf = Buffer.alloc(0);
    let stdout = Buffer.alloc(0);
    let stderr = "";
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`FastCGI request to ${scriptFilename} timed out`));
    }, timeoutMs);
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 8) {
        const type = buf.readUInt8(1);
        const len = buf.readUInt16BE(4);
        const pad = buf.readUInt8(6);
        if (buf.length < 8 + len + pad) break;
        const content = buf.subarray(8, 8 + len);
        buf = buf.subarray(8 + len + pad);
        if (type === 6) stdout = Buffer.concat([stdout, content]);
        else if (type === 7) stderr += content.toString();
        else if (type === 3) {
          clearTimeout(timer);
          sock.destroy();
          const text = stdout.toString();
          const cut = text.indexOf("\r\n\r\n");
          const head = cut >= 0 ? text.slice(0, cut) : "";
          const body = cut >= 0 ? text.slice(cut + 4) : text;
          const status = Number(/^Status:\s*(\d+)/im.exec(head)?.[1] ?? 200);
          resolve({ status, headers: head, body, stderr });
          return;
        }
      }
    });
    sock.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
