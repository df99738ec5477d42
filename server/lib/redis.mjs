// The two Redis connections the adapter needs (one publishes, one subscribes), for a single
// Redis or a Redis Cluster, with every event node-redis reports turned into a log line. An
// `error` listener is mandatory: node-redis emits `error` on every failed reconnect, and an
// EventEmitter without one throws, which would kill the server the first time Redis restarts.
import { createClient, createCluster } from "redis";
import { errorText, log, redactUrl } from "./log.mjs";

/** node-redis' own backoff (50 ms steps, at most 2 s, with jitter) keeps retrying forever. */
function reconnectStrategy(retries) {
  return Math.min(2000, 50 * 2 ** Math.min(retries, 6)) + Math.floor(Math.random() * 100);
}

/**
 * Creates and connects `{pub, sub}` for config.redisUrls (a cluster when config.cluster).
 * Resolves once both are connected; until then node-redis retries and each attempt is logged.
 */
export async function connectRedis(config) {
  const urls = config.redisUrls;
  let pub;
  if (config.cluster) {
    // Credentials and TLS of the first seed apply to every node the cluster announces, as on
    // the PHP side.
    const first = new URL(urls[0]);
    const defaults = {
      socket: { reconnectStrategy, ...(first.protocol === "rediss:" ? { tls: true } : {}) },
    };
    if (first.username) defaults.username = decodeURIComponent(first.username);
    if (first.password) defaults.password = decodeURIComponent(first.password);
    pub = createCluster({ rootNodes: urls.map((url) => ({ url })), defaults });
  } else {
    pub = createClient({ url: urls[0], socket: { reconnectStrategy } });
  }
  const sub = pub.duplicate();
  const target = urls.map(redactUrl).join(",");
  watch(pub, "publisher", target);
  watch(sub, "subscriber", target);
  log("info", "connecting to Redis", { redis: target, cluster: config.cluster });
  await Promise.all([pub.connect(), sub.connect()]);
  return { pub, sub, target };
}

/**
 * Logs what happens to one connection. Repeated identical errors while Redis is down are
 * logged on the 1st, 2nd, 4th, 8th... occurrence, so an outage is visible without flooding
 * the log with one line per retry.
 */
function watch(client, role, target) {
  let lastError = "";
  let repeats = 0;
  let wasReady = false;
  client.on("error", (err) => {
    const text = errorText(err);
    repeats = text === lastError ? repeats + 1 : 1;
    lastError = text;
    if ((repeats & (repeats - 1)) === 0) {
      log("error", "redis error", { role, redis: target, error: text, repeats });
    }
  });
  client.on("ready", () => {
    log("info", wasReady ? "redis reconnected" : "redis ready", { role, redis: target });
    wasReady = true;
    lastError = "";
    repeats = 0;
  });
  client.on("end", () => log("info", "redis connection closed", { role, redis: target }));
  client.on("reconnecting", () => log("debug", "redis reconnecting", { role, redis: target }));
  // Cluster clients report per node.
  client.on("node-error", (err, node) =>
    log("debug", "redis node error", { role, node: `${node?.host}:${node?.port}`, error: errorText(err) }),
  );
  client.on("node-ready", (node) => log("debug", "redis node ready", { role, node: `${node?.host}:${node?.port}` }));
  client.on("node-disconnect", (node) =>
    log("warn", "redis node disconnected", { role, node: `${node?.host}:${node?.port}` }),
  );
}

/** Whether every connection is usable now, without a round trip. */
export function redisReady({ pub, sub }) {
  return Boolean(pub.isReady && sub.isReady);
}

/** Closes both connections: pending commands get `graceMs` to finish, then they are dropped. */
export async function closeRedis({ pub, sub }, graceMs) {
  const close = async (client) => {
    if (!client.isOpen) return;
    let timer;
    try {
      await Promise.race([
        client.close(),
        new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
    } catch {
      // a connection that was already broken: destroy() below is all that is left to do
    } finally {
      clearTimeout(timer);
    }
    if (client.isOpen) client.destroy();
  };
  await Promise.all([close(pub), close(sub)]);
}
