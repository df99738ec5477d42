#!/usr/bin/env node
// The browser side of `make demo`: one socket.io-client connection that prints every event it
// receives, one JSON line each, so the demo can show exactly what arrived and how many times.
//
//   node demo-client.mjs --url http://127.0.0.1:3000 [--nsp /] [--rooms team-7,admin]
import { parseArgs } from "node:util";
import { io } from "socket.io-client";

const { values: opt } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    nsp: { type: "string", default: "/" },
    rooms: { type: "string", default: "" },
  },
});

const line = (record) => process.stdout.write(JSON.stringify(record) + "\n");
const socket = io(opt.url + opt.nsp, { transports: ["websocket"], query: { rooms: opt.rooms } });

socket.on("connect", () => line({ connected: socket.id, rooms: opt.rooms.split(",").filter(Boolean) }));
socket.on("connect_error", (err) => line({ connect_error: err.message }));
socket.on("disconnect", (reason) => line({ disconnected: reason }));
socket.onAny((event, ...args) => line({ event, args }));
process.on("SIGTERM", () => {
  socket.disconnect();
  process.exit(0);
});
