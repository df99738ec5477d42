// The live-feed example (../../examples/live-feed) with everything it needs: a private Redis,
// the companion server allowing the app's origin, and the PHP app under `php -S` with the
// extension. The browser test drives it; `make demo-web` starts the same stack from a shell.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { registerCleanup, stopChild } from "./cleanup.mjs";
import { newSecret, startCompanion } from "./companion.mjs";
import { EXTENSION, PHP } from "./php.mjs";
import { freePort, startRedis } from "./redis.mjs";
import { waitUntil } from "./wait.mjs";

export const LIVE_FEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "live-feed");

/**
 * php.ini for the app: only the extensions it needs, socketio.url/secret (in a file, so the
 * secret is not on a command line that `ps` shows), sessions and the database in `dir`.
 */
export function liveFeedIni({ dir, redisUrl, secret }) {
  return [
    "extension=pdo",
    "extension=pdo_sqlite",
    `extension=${EXTENSION}`,
    `socketio.url = "${redisUrl}"`,
    `socketio.secret = "${secret}"`,
    `session.save_path = "${dir}"`,
    "display_errors = 0",
    "log_errors = 1",
    "error_reporting = -1",
    "",
  ].join("\n");
}

/**
 * Starts Redis, the companion server and the app. Returns { appUrl, socketUrl, redis, server,
 * app: {output()}, dir, stop() }.
 */
export async function startLiveFeed() {
  const dir = mkdtempSync(path.join(tmpdir(), "live-feed-"));
  const secret = newSecret();
  const redis = await startRedis();
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const server = await startCompanion({ redisUrl: redis.url, secret, args: ["--cors-origin", appUrl] });

  const ini = path.join(dir, "php.ini");
  writeFileSync(ini, liveFeedIni({ dir, redisUrl: redis.url, secret }), { mode: 0o600 });
  const child = spawn(
    PHP,
    ["-c", ini, "-S", `127.0.0.1:${appPort}`, "-t", path.join(LIVE_FEED_DIR, "public"), path.join(LIVE_FEED_DIR, "public", "index.php")],
    {
      cwd: LIVE_FEED_DIR,
      env: {
        ...process.env,
        PHP_INI_SCAN_DIR: "", // nothing but the ini above, whatever the machine has in conf.d
        PHP_CLI_SERVER_WORKERS: "4",
        LIVE_FEED_DB: path.join(dir, "feed.sqlite"),
        SOCKETIO_PUBLIC_URL: server.url,
      },
      stdio: ["ignore", "pipe", "pipe"],
      // php -S with workers does not pass a SIGTERM on to them: the server runs in a process
      // group of its own, and the whole group is signalled.
      detached: true,
    },
  );
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const unregister = registerCleanup(() => signalGroup("SIGKILL"));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`php -S exited: ${output}`);
      try {
        return (await fetch(appUrl + "/")).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 15000, message: () => `php -S did not answer on ${appUrl}: ${output}` },
  );

  let stopped;
  return {
    appUrl,
    socketUrl: server.url,
    secret,
    redis,
    server,
    dir,
    app: { output: () => output },
    stop() {
      stopped ??= (async () => {
        await stopChild(child, exited, () => signalGroup("SIGTERM"), 3000);
        signalGroup("SIGKILL"); // workers that outlived the main process
        unregister();
        await server.stop();
        await redis.stop();
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
