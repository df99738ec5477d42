// A Socket.IO server on the Redis Streams adapter with connection-state recovery: what PHP
// emits with ['adapter' => 'streams'] reaches its clients, and a client that drops for a moment
// gets what it missed when it comes back. Run by e2e/test/streams-example.test.mjs as written
// (REDIS_URL and PORT from the environment).
// #region server
import { createServer } from "node:http";
import { createClient } from "redis";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";

const redis = createClient({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
await redis.connect();

const httpServer = createServer();
const io = new Server(httpServer, {
  adapter: createAdapter(redis, {
    streamName: "socket.io", // = the emitter's stream_name
    maxLen: 10000, //           = max_len
    streamCount: 1, //          = stream_count
  }),
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
});

io.on("connection", (socket) => {
  // Demo only: the client names its user. In production, a PHP-issued room token (see server/).
  if (!socket.recovered) socket.join(`user:${socket.handshake.auth.user}`);
});

httpServer.listen(Number(process.env.PORT ?? 3000), "127.0.0.1");
// #endregion
httpServer.on("listening", () => console.log(JSON.stringify({ listening: httpServer.address().port })));
