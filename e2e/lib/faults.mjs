// Misbehaving peers and long-running PHP processes for the connection tests (issue 3 §4): a port
// whose SYNs vanish, a server that accepts and never answers, a PHP process that keeps emitting
// while the test kills and restarts Redis, and an admin connection that reads Redis's counters.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { createClient } from "redis";
import { registerCleanup } from "./cleanup.mjs";
import { EXTENSION, PHP } from "./php.mjs";
import { waitUntil } from "./wait.mjs";

function connectOnce(port, timeoutMs) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => resolve({ connected: false, sock }), timeoutMs);
    sock.once("connect", () => {
      clearTimeout(timer);
      resolve({ connected: true, sock });
    });
    sock.once("error", () => {
      clearTimeout(timer);
      resolve({ connected: false, sock, refused: true });
    });
  });
}

/**
 * A port where connect() hangs until the client's own timeout, like a firewalled host. Loopback
 * never drops packets by itself, so: a listener with backlog 0 that never accepts, whose accept
 * queue is filled by connections held here; Linux then drops further SYNs. A probe proves it.
 *
 * Returns { port, close() }.
 */
export async function startBlackhole() {
  // Node always accepts, so the silent listener is a PHP process (PHP is there in every run).
  const code = `
    $ctx = stream_context_create(['socket' => ['backlog' => 0]]);
    $srv = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    if (!$srv) { fwrite(STDERR, "listen: $es\\n"); exit(1); }
    echo substr(strrchr(stream_socket_get_name($srv, false), ':'), 1), "\\n";
    fgets(STDIN);
  `;
  const child = spawn(PHP, ["-n", "-r", code], { stdio: ["pipe", "pipe", "pipe"] });
  const unregister = registerCleanup(() => child.kill("SIGKILL"));
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (l) => resolve(Number(l)));
    child.once("exit", (c) => reject(new Error(`blackhole listener exited (${c}): ${stderr}`)));
  });

  const fillers = [];
  let holding = false;
  for (let i = 0; i < 8 && !holding; i++) {
    const probe = await connectOnce(port, 300);
    if (probe.connected) fillers.push(probe.sock);
    else {
      probe.sock.destroy();
      if (probe.refused) throw new Error(`blackhole on ${port} refused a connection`);
      holding = true;
    }
  }
  if (!holding) throw new Error(`blackhole on ${port}: the accept queue never filled`);

  return {
    port,
    close() {
      for (const s of fillers) s.destroy();
      unregister();
      child.stdin.end();
      child.kill("SIGKILL");
    },
  };
}

/**
 * Accepts TCP connections, reads everything, never writes a byte: a Redis that hangs.
 * Returns { port, connections: [{ received: Buffer, closed: boolean }], close() }.
 */
export async function startSilentServer() {
  const connections = [];
  const sockets = new Set();
  const server = net.createServer((sock) => {
    const rec = { received: Buffer.alloc(0), closed: false };
    connections.push(rec);
    sockets.add(sock);
    sock.on("data", (d) => (rec.received = Buffer.concat([rec.received, d])));
    sock.on("close", () => {
      rec.closed = true;
      sockets.delete(sock);
    });
    sock.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    connections,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A node-redis connection for reading counters (INFO) and running admin commands. It is opened
 * once and kept, so it does not itself move total_connections_received between two readings.
 */
export async function redisAdmin(url) {
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  return {
    client,
    command: (args) => client.sendCommand(args.map(String)),
    async info(section) {
      const text = await client.sendCommand(["INFO", section]);
      const out = {};
      for (const line of String(text).split(/\r?\n/)) {
        const m = /^([^:#]+):(.*)$/.exec(line);
        if (m) out[m[1]] = m[2];
      }
      return out;
    },
    async connectionsReceived() {
      return Number((await this.info("stats")).total_connections_received);
    },
    /** {command: calls} from INFO commandstats, e.g. {publish: 5, auth: 1}. */
    async commandCalls() {
      const out = {};
      for (const [k, v] of Object.entries(await this.info("commandstats"))) {
        const m = /^cmdstat_(.+)$/.exec(k);
        const calls = /calls=(\d+)/.exec(v);
        if (m && calls) out[m[1]] = Number(calls[1]);
      }
      return out;
    },
    close: () => client.disconnect().catch(() => {}),
  };
}

/**
 * Starts a PHP script that runs while the test acts on it: stdout is read line by line as it
 * comes (JSON lines are parsed into `records`), stdin stays open for commands.
 *
 * Returns { records, lines, stderr(), send(line), waitFor(pred, opts), done, kill() };
 * `done` resolves to { code, signal, stdout, stderr }.
 */
export function spawnPhpLive(code, { env = {}, ini = {}, timeoutMs = 60000 } = {}) {
  if (!existsSync(EXTENSION)) {
    throw new Error(`${EXTENSION} not found: run \`make build\` or set SOCKETIO_SO`);
  }
  const source = /^\s*<\?php/.test(code) ? code : `<?php\n${code}\n`;
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-php-live-"));
  const file = path.join(dir, "script.php");
  writeFileSync(file, source);
  const flags = ["-n", "-d", `extension=${EXTENSION}`, "-d", "display_errors=stderr", "-d", "error_reporting=-1"];
  for (const [k, v] of Object.entries(ini)) flags.push("-d", `${k}=${v}`);

  const child = spawn(PHP, [...flags, file], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  const unregister = registerCleanup(() => child.kill("SIGKILL"));
  const records = [];
  const lines = [];
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => (stdout += d));
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    try {
      records.push(JSON.parse(line));
    } catch {
      // non-JSON output stays in `lines` and fails the test's own assertions
    }
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const done = new Promise((resolve) => {
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      unregister();
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: exitCode, signal, stdout, stderr });
    });
  });
  return {
    records,
    lines,
    stderr: () => stderr,
    send: (line) => child.stdin.write(line + "\n"),
    end: () => child.stdin.end(),
    waitFor: (pred, opts = {}) =>
      waitUntil(() => pred(records), {
        message: () => `php never reached the expected state; last records: ${JSON.stringify(records.slice(-5))}\nstderr: ${stderr}`,
        ...opts,
      }),
    done,
    kill: (sig = "SIGKILL") => child.kill(sig),
  };
}
