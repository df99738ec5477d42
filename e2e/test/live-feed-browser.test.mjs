// The seed's live page in a real browser: Debian's Chromium (headless, driven by puppeteer-core)
// on the live-feed example (examples/live-feed: plain PHP + the extension), the companion server
// and a private Redis. Three people are logged in, each in a browser context of their own (own
// cookies): Ana (team 1), Bo (team 2) and Cy (admin, in team 1). Each posts; the test asserts
// what every page shows and through which path each post arrived (window.liveFeed records the
// socket events, the poster's own HTTP responses and the catch-up fetches).
// Screenshots go to $E2E_ARTIFACTS_DIR (default: a new temp directory); their paths are printed.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe as suite, test } from "node:test";
import puppeteer from "puppeteer-core";
import { QUIET_MS, registerCleanup, sleep, startLiveFeed } from "../lib/index.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const HTML_PAYLOAD = `<img src=x onerror="window.__xss = 1"> <b>not bold</b> & "quotes"`;

const artifacts = process.env.E2E_ARTIFACTS_DIR
  ? (mkdirSync(process.env.E2E_ARTIFACTS_DIR, { recursive: true }), process.env.E2E_ARTIFACTS_DIR)
  : mkdtempSync(path.join(tmpdir(), "live-feed-screenshots-"));

suite("live feed in Chromium: three pages, team rooms and an admin room", () => {
  let feed;
  let browser;
  let profile;
  const pages = {};
  const pageErrors = [];
  const posts = {}; // label -> {id, team, by}

  async function open(login, name = login, { beforeLoad, waitLoad = true } = {}) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(`${name}: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") pageErrors.push(`${name} console: ${msg.text()}`);
    });
    await page.setViewport({ width: 900, height: 700 });
    if (beforeLoad) await beforeLoad(page);
    const loaded = page.goto(`${feed.appUrl}/login?as=${login}`, { waitUntil: "domcontentloaded" });
    pages[name] = page;
    if (waitLoad) await loaded;
    return { page, loaded };
  }

  const waitLive = (page) => page.waitForSelector('#live-status[data-state="live"]', { timeout: 10000 });

  /** Posts `text` through the page's form; resolves to the new post's id (from the response). */
  async function postFrom(page, text) {
    const before = await page.evaluate(() => window.liveFeed.response.length);
    await page.type("textarea[name=body]", text);
    await page.click("#post-form button[type=submit]");
    await page.waitForFunction((n) => window.liveFeed.response.length > n, { timeout: 10000 }, before);
    return page.evaluate(() => window.liveFeed.response.at(-1));
  }

  /** {id: count} of the posts in the page's list. */
  const shown = (page) =>
    page.$$eval("#posts [data-post-id]", (els) => {
      const counts = {};
      for (const el of els) counts[el.dataset.postId] = (counts[el.dataset.postId] ?? 0) + 1;
      return counts;
    });

  const waitShown = (page, id) => page.waitForSelector(`#posts [data-post-id="${id}"]`, { timeout: 10000 });
  const via = (page) => page.evaluate(() => window.liveFeed);

  async function screenshot(name) {
    const file = path.join(artifacts, `live-feed-${name}.png`);
    await pages[name].screenshot({ path: file, fullPage: true });
    console.log(`# screenshot: ${file}`);
    return file;
  }

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install chromium (scripts/install-deps.sh)`);
    feed = await startLiveFeed();
    profile = mkdtempSync(path.join(tmpdir(), "live-feed-chromium-"));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profile,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    registerCleanup(() => browser.process()?.kill("SIGKILL"));
  });

  after(async () => {
    await browser?.close();
    await feed?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test("each page logs in, renders its feed and connects with its PHP-issued token", async () => {
    await open("team1");
    await open("team2");
    await open("admin");
    for (const page of Object.values(pages)) await waitLive(page);
    assert.match(await pages.team1.$eval(".bar .who", (el) => el.textContent), /Ana · team 1/);
    assert.match(await pages.admin.$eval(".bar .who", (el) => el.textContent), /Cy · team 1\s+admin/);
    // The companion server put each socket in the rooms the token grants, nothing else.
    const accepted = feed.server.logs.filter((r) => r.msg === "connection accepted").map((r) => r.rooms);
    assert.deepEqual(
      accepted.map((rooms) => JSON.stringify(rooms)).sort(),
      ['["team:1","admin"]', '["team:1"]', '["team:2"]'],
    );
  });

  test("a team 1 post: the poster shows it once from its response, the admin live, team 2 never", async () => {
    const id = await postFrom(pages.team1, "Hello from team 1");
    posts.ana1 = { id, team: 1 };
    await waitShown(pages.admin, id);
    await sleep(QUIET_MS);
    assert.equal((await shown(pages.team1))[id], 1);
    assert.equal((await shown(pages.admin))[id], 1);
    assert.equal((await shown(pages.team2))[id], undefined);
    const ana = await via(pages.team1);
    assert.ok(ana.response.includes(id));
    assert.ok(!ana.socket.includes(id), "the poster's socket was excluded (except), yet the broadcast reached it");
    assert.deepEqual((await via(pages.admin)).socket.filter((x) => x === id), [id]);
  });

  test("a team 2 post reaches the admin, not team 1", async () => {
    const id = await postFrom(pages.team2, "Team 2 status: deploy done");
    posts.bo1 = { id, team: 2 };
    await waitShown(pages.admin, id);
    await sleep(QUIET_MS);
    assert.equal((await shown(pages.team2))[id], 1);
    assert.equal((await shown(pages.admin))[id], 1);
    assert.equal((await shown(pages.team1))[id], undefined);
    assert.ok(!(await via(pages.team1)).socket.includes(id));
    assert.ok(!(await via(pages.team2)).socket.includes(id));
  });

  test("the admin's post (team 1 + admin rooms) reaches team 1 once and the admin only from its response", async () => {
    const id = await postFrom(pages.admin, "Admin note: review at 3pm");
    posts.cy1 = { id, team: 1 };
    await waitShown(pages.team1, id);
    await sleep(QUIET_MS);
    assert.equal((await shown(pages.admin))[id], 1);
    assert.equal((await shown(pages.team1))[id], 1);
    assert.equal((await shown(pages.team2))[id], undefined);
    // The admin's socket is in team:1 AND admin, and it is the poster: except() keeps it out of both.
    assert.ok(!(await via(pages.admin)).socket.includes(id));
    assert.deepEqual((await via(pages.team1)).socket.filter((x) => x === id), [id]);
  });

  test("an HTML payload is shown as text on every page that sees it, never run", async () => {
    const id = await postFrom(pages.team1, HTML_PAYLOAD);
    posts.html = { id, team: 1 };
    await waitShown(pages.admin, id);
    for (const name of ["team1", "admin"]) {
      const page = pages[name];
      const body = await page.$eval(`[data-post-id="${id}"] .body`, (el) => el.textContent);
      assert.equal(body, HTML_PAYLOAD, `${name} shows the post's text literally`);
      assert.equal(await page.$$eval(`[data-post-id="${id}"] img, [data-post-id="${id}"] b`, (els) => els.length), 0);
      assert.equal(await page.evaluate(() => window.__xss), undefined, `${name}: the payload ran`);
    }
  });

  test("a page opened after the posts shows each once (server-rendered, then live)", async () => {
    const { page: late } = await open("team1", "team1-late");
    await waitLive(late);
    const counts = await shown(late);
    assert.deepEqual(counts, { [posts.ana1.id]: 1, [posts.cy1.id]: 1, [posts.html.id]: 1 });
    // Catching up on connect found nothing new: everything was in the rendered list.
    assert.deepEqual((await via(late)).catchUp, []);

    const id = await postFrom(pages.admin, "Welcome, late page");
    posts.cy2 = { id, team: 1 };
    await waitShown(late, id);
    await waitShown(pages.team1, id);
    await sleep(QUIET_MS);
    assert.equal((await shown(late))[id], 1);
    assert.deepEqual((await via(late)).socket, [id]);
  });

  test("a post made between the page render and its socket connecting is caught up, once", async () => {
    // The page's HTML (its list and its token) is rendered, then its client script is held
    // back while Bo posts: the page's socket cannot be in its room when PHP emits.
    let release;
    let rendered;
    const held = new Promise((resolve) => (release = resolve));
    const scriptRequested = new Promise((resolve) => (rendered = resolve));
    const { page, loaded } = await open("team2", "team2-slow", {
      waitLoad: false,
      beforeLoad: async (p) => {
        await p.setRequestInterception(true);
        p.on("request", async (req) => {
          if (req.url().includes("/socket.io/socket.io.min.js")) {
            rendered();
            await held;
          }
          req.continue();
        });
      },
    });
    await scriptRequested;
    const id = await postFrom(pages.team2, "Posted while the other page was loading");
    posts.bo2 = { id, team: 2 };
    release();
    await loaded;
    await waitLive(page);
    await waitShown(page, id);
    await sleep(QUIET_MS);
    assert.equal((await shown(page))[id], 1);
    const record = await via(page);
    assert.deepEqual(record.catchUp, [id]);
    assert.ok(!record.socket.includes(id), "the post was emitted before the socket joined its room");
  });

  test("final state: the admin saw every post exactly once, team 2 none of team 1's", async () => {
    const all = Object.values(posts);
    const admin = await shown(pages.admin);
    assert.deepEqual(admin, Object.fromEntries(all.map((p) => [p.id, 1])));
    const adminSocket = (await via(pages.admin)).socket;
    assert.equal(new Set(adminSocket).size, adminSocket.length, "the admin got a post twice over the socket");

    const team2 = await shown(pages.team2);
    for (const p of all.filter((p) => p.team === 1)) assert.equal(team2[p.id], undefined);
    assert.deepEqual(team2, Object.fromEntries(all.filter((p) => p.team === 2).map((p) => [p.id, 1])));

    const team1 = await shown(pages.team1);
    assert.deepEqual(team1, Object.fromEntries(all.filter((p) => p.team === 1).map((p) => [p.id, 1])));

    for (const name of Object.keys(pages)) await screenshot(name);
    assert.deepEqual(pageErrors, []);
    assert.equal(feed.app.output().match(/PHP (Fatal|Warning|Notice|Deprecated)/g), null, feed.app.output());
  });
});
