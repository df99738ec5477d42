// Runs PHP with nothing but the extension under test loaded (-n: no php.ini, so a system-wide
// socketio install or other extensions cannot change the outcome).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PHP = process.env.PHP || "php";
export const EXTENSION = process.env.SOCKETIO_SO || path.join(REPO, "modules", "socketio.so");

/**
 * Runs `code` (a script; "<?php" is added when missing) and resolves to
 * { stdout, stderr, code, signal }. The script finds the Redis URL in getenv('REDIS_URL').
 *
 * options: redisUrl, env (extra environment), ini ({name: value} as -d flags), args (argv for
 * the script), stdin (string), timeoutMs.
 */
export async function runPhp(code, { redisUrl, env = {}, ini = {}, args = [], stdin, timeoutMs = 30000 } = {}) {
  if (!existsSync(EXTENSION)) {
    throw new Error(`${EXTENSION} not found: run \`make build\` or set SOCKETIO_SO`);
  }
  const source = /^\s*<\?php/.test(code) ? code : `<?php\n${code}\n`;
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-php-"));
  const file = path.join(dir, "script.php");
  writeFileSync(file, source);

  const flags = ["-n", "-d", `extension=${EXTENSION}`, "-d", "display_errors=stderr", "-d", "error_reporting=-1"];
  for (const [k, v] of Object.entries(ini)) for (const one of [v].flat()) flags.push("-d", `${k}=${one}`); // an array: the flag repeated (extension)

  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(PHP, [...flags, file, ...args], {
        env: { ...process.env, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ...env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.on("error", (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${PHP}: ${err.message}`));
      });
      child.on("close", (exitCode, signal) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code: exitCode, signal });
      });
      child.stdin.end(stdin ?? "");
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `code`, which must print one JSON document as its last stdout line, and returns it
 * parsed. Anything else (non-zero exit, output on stderr, unparsable stdout) is an error that
 * carries the whole output, so a PHP warning never goes unnoticed.
 */
export async function runPhpJson(code, options = {}) {
  const res = await runPhp(code, options);
  const lines = res.stdout.trimEnd().split("\n");
  let value;
  try {
    value = JSON.parse(lines[lines.length - 1]);
  } catch {
    value = undefined;
  }
  if (res.code !== 0 || res.stderr.trim() !== "" || value === undefined) {
    throw new Error(
      `php failed (exit ${res.code ?? res.signal})\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}\n--- script\n${code}`,
    );
  }
  return value;
}

/** A PHP single-quoted string literal for `s` (for splicing test data into scripts). */
export function phpString(s) {
  return "'" + String(s).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
}
