// GET /healthz: JSON about Redis and the adapter, 200 when this server can deliver what PHP
// emits and 503 when it cannot (a load balancer or systemd watchdog script can act on the code).
// Every check is bounded: a Redis that does not answer makes the answer "down", never a hang.
import { errorText } from "./log.mjs";
import { redisReady } from "./redis.mjs";

const CHECK_TIMEOUT_MS = 1000;

function bounded(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// A PING through the publishing connection (every master for a cluster): isReady says the socket
// is up, the PING says Redis answers on it.
async function ping(config, pub) {
  if (config.cluster) {
    await Promise.all(pub.masters.map(async (node) => (await pub.nodeClient(node)).ping()));
  } else {
    await pub.ping();
  }
}

/**
 * The /healthz report: {status: "ok" | "unavailable", redis: {...}, adapter: {...}, clients,
 * uptime_s}, and the HTTP status that goes with it.
 */
export async function healthReport(config, io, redis, state) {
  const report = {
    status: "ok",
    redis: {
      target: redis.target,
      cluster: config.cluster,
      publisher: redis.pub.isReady ? "ready" : "disconnected",
      subscriber: redis.sub.isReady ? "ready" : "disconnected",
    },
    adapter: {
      type: config.adapter,
      key: config.key,
      ...(config.adapter === "sharded" ? { subscription_mode: config.subscriptionMode } : {}),
      subscribed: state.subscribed,
      namespaces: {},
    },
    clients: io.engine.clientsCount,
    uptime_s: Math.round(process.uptime()),
  };
  if (state.shuttingDown) report.status = "shutting down";

  if (!redisReady(redis)) {
    report.status = "unavailable";
    report.redis.error = "not connected to Redis (reconnecting)";
  } else {
    try {
      await bounded(ping(config, redis.pub), CHECK_TIMEOUT_MS);
      report.redis.ping = "ok";
    } catch (err) {
      report.status = "unavailable";
      report.redis.ping = "failed";
      report.redis.error = errorText(err);
    }
  }

  // serverCount(): how many Socket.IO servers listen on this key and namespace (this one
  // included); PHP's Emitter::serverCount() sees the same number.
  for (const name of config.namespaces) {
    const entry = { sockets: io.of(name).sockets.size };
    if (report.redis.ping === "ok") {
      try {
        entry.servers = await bounded(io.of(name).adapter.serverCount(), CHECK_TIMEOUT_MS);
      } catch (err) {
        entry.servers_error = errorText(err);
      }
    }
    report.adapter.namespaces[name] = entry;
  }
  if (!state.subscribed && report.status === "ok") report.status = "unavailable";

  return { code: report.status === "ok" ? 200 : 503, report };
}

/** The HTTP handler for everything socket.io does not take (it owns /socket.io/). */
export function httpHandler(config, getIo, redis, state) {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      healthReport(config, getIo(), redis, state)
        .then(({ code, report }) => send(res, code, report, req.method === "HEAD"))
        .catch((err) => send(res, 500, { status: "error", error: errorText(err) }));
      return;
    }
    send(res, 404, { error: "not found", hint: "Socket.IO is at /socket.io/, health at /healthz" });
  };
}

function send(res, code, body, headOnly = false) {
  const text = JSON.stringify(body) + "\n";
  res.writeHead(code, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
  });
  res.end(headOnly ? undefined : text);
}
