#!/usr/bin/env node
// The companion Socket.IO server for the socketio PHP extension: run it as is.
//
//   npm ci && SOCKETIO_SECRET_FILE=/etc/socketio/secret node index.mjs --redis redis://127.0.0.1:6379 \
//       --cors-origin https://app.example.com
//
// PHP publishes with SocketIO\Emitter and issues room tokens with SocketIO\Token::issue(); this
// server checks the tokens, puts each socket in the rooms PHP granted, and delivers what PHP
// emits through the official @socket.io/redis-adapter. `node index.mjs --help` lists the options;
// README.md explains them.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { adapterSubscribed, makeAdapter } from "./lib/adapter.mjs";
import { authMiddleware } from "./lib/auth.mjs";
import { ConfigError, USAGE, loadConfig } from "./lib/config.mjs";
import { httpHandler } from "./lib/health.mjs";
import { errorText, log, setLogLevel } from "./lib/log.mjs";
import { allowRequest, corsOption } from "./lib/origin.mjs";
import { connectRedis } from "./lib/redis.mjs";
import { installShutdown } from "./lib/shutdown.mjs";

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`socketio server: ${err.message}\n`);
  process.exit(2);
}
if (config.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
setLogLevel(config.logLevel);

// A bug in a handler must not take every connection down silently: log it; an uncaught
// exception leaves the process in an unknown state, so it exits for the supervisor to restart.
process.on("unhandledRejection", (err) => log("error", "unhandled rejection", { error: errorText(err) }));
process.on("uncaughtException", (err) => {
  log("error", "uncaught exception", { error: errorText(err), stack: String(err?.stack ?? "") });
  process.exit(1);
});

const state = { subscribed: false, shuttingDown: false };
const parts = {};
installShutdown(config, state, () => parts);

log("info", "starting", {
  adapter: config.adapter,
  ...(config.adapter === "sharded" ? { subscription_mode: config.subscriptionMode } : {}),
  key: config.key,
  namespaces: config.namespaces,
  cors_origins: config.corsOrigins,
  secret: `from ${config.secretSource}`,
});

try {
  parts.redis = await connectRedis(config);
  if (state.shuttingDown) await new Promise(() => {}); // the shutdown handler exits

  parts.httpServer = createServer(httpHandler(config, () => parts.io, parts.redis, state));
  parts.io = new Server(parts.httpServer, {
    adapter: makeAdapter(config, parts.redis),
    cors: corsOption(config),
    allowRequest: allowRequest(config),
  });

  for (const name of config.namespaces) {
    const nsp = parts.io.of(name);
    nsp.use(authMiddleware(config, parts.redis, name));
    nsp.on("connection", (socket) => {
      log("debug", "connected", { nsp: name, id: socket.id, sub: socket.data.user, rooms: [...socket.rooms] });
      socket.on("disconnect", (reason) => log("debug", "disconnected", { nsp: name, id: socket.id, reason }));
    });
  }

  await adapterSubscribed(config, parts.redis.sub, config.namespaces);
  state.subscribed = true;

  await new Promise((resolve, reject) => {
    parts.httpServer.once("error", reject);
    parts.httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = parts.httpServer.address();
  log("info", "ready", { host: config.host, port, pid: process.pid });
} catch (err) {
  log("error", "cannot start", { error: errorText(err) });
  process.exit(1);
}
