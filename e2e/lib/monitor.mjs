// Redis MONITOR as a recorder: every command any client sends, with its arguments as Redis
// received them. Used to compare the XADD the extension sends with the one an official Socket.IO
// server sends for the same call (the streams adapter's entries are not pub/sub messages, so a
// subscribing spy cannot see them).
import net from "node:net";
import { registerCleanup } from "./cleanup.mjs";
import { waitUntil } from "./wait.mjs";

/**
 * Parses one MONITOR line: `+1796183345.605123 [0 127.0.0.1:54321] "XADD" "socket.io" ...`.
 * Arguments are quoted with Redis's `sdscatrepr` escapes (\" \\ \n \r \t \a \b \xHH); returns
 * them as Buffers, or null for a line that is not a command.
 */
export function parseMonitorLine(line) {
  const start = line.indexOf('] "');
  if (!line.startsWith("+") || start < 0) return null;
  const args = [];
  let i = start + 2;
  while (i < line.length) {
    if (line[i] === " ") {
      i++;
      continue;
    }
    if (line[i] !== '"') return null;
    i++;
    const bytes = [];
    for (;;) {
      if (i >= line.length) return null;
      const c = line[i];
      if (c === '"') {
        i++;
        break;
      }
      if (c === "\\") {
        const e = line[i + 1];
        const simple = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, "\\": 92 }[e];
        if (simple !== undefined) {
          bytes.push(simple);
          i += 2;
        } else if (e === "x") {
          bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
        } else {
          return null;
        }
        continue;
      }
      bytes.push(...Buffer.from(c, "latin1"));
      i++;
    }
    args.push(Buffer.from(bytes));
  }
  return args;
}

/**
 * Starts MONITOR on `url` (redis://host:port) and resolves once Redis has confirmed it.
 * Returns { commands(name?) -> [[arg as string, ...]], clear(), waitFor(pred), stop() }.
 */
export async function startMonitor(url) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const unregister = registerCleanup(() => socket.destroy());
  const commands = [];
  let buffer = Buffer.alloc(0);
  let confirmed = false;
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    let nl;
    while ((nl = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.subarray(0, nl).toString("latin1");
      buffer = buffer.subarray(nl + 2);
      if (line === "+OK") {
        confirmed = true;
        continue;
      }
      const args = parseMonitorLine(line);
      if (args) commands.push(args);
    }
  });
  socket.on("error", () => {});
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write("MONITOR\r\n");
  await waitUntil(() => confirmed, { message: "MONITOR not confirmed" });
  const named = (name) =>
    commands
      .filter((args) => name == null || args[0].toString().toUpperCase() === name)
      .map((args) => args.map((a) => a.toString("utf8")));
  return {
    commands: named,
    clear() {
      commands.length = 0;
    },
    waitFor(pred, { timeoutMs = 5000 } = {}) {
      return waitUntil(() => pred(named()), {
        timeoutMs,
        message: () => `MONITOR never saw it: ${JSON.stringify(named().slice(-10))}`,
      });
    },
    stop() {
      unregister();
      socket.destroy();
    },
  };
}
