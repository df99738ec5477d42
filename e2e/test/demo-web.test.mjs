// `make demo-web` (scripts/demo-web.sh) as a user runs it: it prints the URL and the three login
// links, the links log in and the page is wired to a healthy companion server, and Ctrl-C (SIGINT
// to the whole process group, as a terminal sends it) or a SIGTERM to the script alone stops
// everything it started and exits 0.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { EXTENSION, registerCleanup, waitUntil } from "../lib/index.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

for (const [how, stop] of [
  ["Ctrl-C (SIGINT to its process group)", (pid) => process.kill(-pid, "SIGINT")],
  ["SIGTERM to the script alone", (pid) => process.kill(pid, "SIGTERM")],
]) test(`demo-web prints working login links and stops cleanly on ${how}`, async () => {
  const child = spawn("bash", [path.join(ROOT, "scripts", "demo-web.sh")], {
    cwd: ROOT,
    env: { ...process.env, DEMO_WEB_PORT: "0", SOCKETIO_SO: EXTENSION },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so the test can send SIGINT to all of it like a terminal
  });
  const unregister = registerCleanup(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));

  try {
    await waitUntil(() => /Ctrl-C stops everything/.test(out), { timeoutMs: 30000, message: () => `no banner:\n${out}` });
    const links = Object.fromEntries(
      [...out.matchAll(/^\s+(team 1 \(Ana\)|team 2 \(Bo\)|admin in team 1 \(Cy\)):\s+(\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    assert.deepEqual(Object.keys(links).sort(), ["admin in team 1 (Cy)", "team 1 (Ana)", "team 2 (Bo)"], out);
    const health = out.match(/health: (\S+\/healthz)\)/)[1];

    const expected = { "team 1 (Ana)": "Ana · team 1", "team 2 (Bo)": "Bo · team 2", "admin in team 1 (Cy)": "Cy · team 1" };
    for (const [label, url] of Object.entries(links)) {
      const login = await fetch(url, { redirect: "manual" });
      assert.equal(login.status, 303, label);
      const cookie = login.headers.get("set-cookie").split(";")[0];
      const page = await (await fetch(new URL("/", url), { headers: { cookie } })).text();
      assert.ok(page.includes(expected[label]), `${label}: ${page.slice(0, 500)}`);
      assert.match(page, /"token":"[\w-]+\.[\w-]+\.[\w-]+"/);
    }
    const h = await fetch(health);
    assert.equal(h.status, 200);
    assert.equal((await h.json()).status, "ok");

    stop(child.pid);
    const { code } = await exited;
    assert.equal(code, 0, out);
    // Nothing it started is left: no server answers, no php -S worker holds the port.
    await assert.rejects(fetch(health), "the companion server still answers");
    await assert.rejects(fetch(Object.values(links)[0]), "the PHP app (or one of its workers) still answers");
    assert.ok(!out.includes(" did not start") && !out.includes("stopped unexpectedly"), out);
  } finally {
    unregister();
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // stopped as it should
    }
  }
});
