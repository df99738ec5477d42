// Real socket.io-client connections that record everything they receive, so a test asserts what
// each client got: which events, how many copies, with which arguments, and why it disconnected.
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { registerCleanup } from "./cleanup.mjs";
import { QUIET_MS, sleep, waitUntil } from "./wait.mjs";

/**
 * Converts received values into plain JSON-comparable data: Buffers, ArrayBuffers and typed
 * arrays become {$binary: "<hex>"}, so deepEqual can tell binary from strings and arrays.
 */
export function toPlain(value) {
  if (Buffer.isBuffer(value)) return { $binary: value.toString("hex") };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("hex") };
  if (ArrayBuffer.isView(value)) {
    return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex") };
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** Shorthand for the expected side of a comparison with toPlain(): binary("0102ff"). */
export const binary = (bytes) => ({
  $binary: Buffer.isBuffer(bytes) ? bytes.toString("hex") : bytes,
});

/**
 * Connects one client to `serverUrl` + `nsp`, asking the reference server to join `rooms`
 * (all-digit names as numbers) and `stringRooms` (always strings).
 * Resolves once connected (the server has joined the rooms by then: it joins synchronously in
 * its connection handler, before the client can see the CONNECT packet).
 */
export async function connectClient(
  serverUrl,
  { nsp = "/", rooms = [], stringRooms = [], name, query = {}, timeoutMs = 5000 } = {},
) {
  const namespace = nsp.startsWith("/") ? nsp : "/" + nsp;
  const socket = io(serverUrl + namespace, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: timeoutMs,
    query: { ...query, rooms: rooms.join(","), stringRooms: stringRooms.join(",") },
  });
  const unregister = registerCleanup(() => socket.disconnect());

  const client = {
    name: name ?? `${namespace}[${[...rooms, ...stringRooms].join(",")}]`,
    nsp: namespace,
    rooms,
    socket,
    id: undefined,
    /** [{event, args}] in arrival order. */
    events: [],
    /** Disconnect reasons in order ("io server disconnect", "io client disconnect", ...). */
    disconnects: [],

    /** The args of every received `event` (or of every event), as plain data. */
    received(event) {
      return this.events.filter((e) => event == null || e.event === event).map((e) => toPlain(e.args));
    },
    count(event) {
      return this.events.filter((e) => event == null || e.event === event).length;
    },
    clear() {
      this.events.length = 0;
      this.disconnects.length = 0;
    },
    /** Waits until at least `n` events (named `event`, if given) have arrived; returns them. */
    async waitForEvents(n = 1, { event, timeoutMs = 5000 } = {}) {
      await waitUntil(() => this.count(event) >= n, {
        timeoutMs,
        message: () =>
          `${this.name}: expected ${n} ${event ?? "event"}(s), got ${this.count(event)}: ` +
          JSON.stringify(this.events.map((e) => ({ event: e.event, args: toPlain(e.args) }))).slice(0, 2000),
      });
      return this.events.filter((e) => event == null || e.event === event);
    },
    async waitForDisconnect({ timeoutMs = 5000 } = {}) {
      await waitUntil(() => this.disconnects.length > 0, {
        timeoutMs,
        message: `${this.name}: was never disconnected`,
      });
      return this.disconnects[0];
    },
    close() {
      unregister();
      if (socket.connected || socket.active) socket.disconnect();
    },
  };

  socket.onAny((event, ...args) => client.events.push({ event, args }));
  socket.on("disconnect", (reason) => client.disconnects.push(reason));

  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", (err) => {
      unregister();
      reject(new Error(`${client.name}: cannot connect to ${serverUrl}${namespace}: ${err.message}`));
    });
  });
  client.id = socket.id;
  return client;
}

/**
 * Connects several clients at once: connectClients(url, {a: {rooms: ["r1"]}, adm: {nsp: "/admin"}})
 * resolves to {a: client, adm: client}.
 */
export async function connectClients(serverUrl, specs) {
  const entries = await Promise.all(
    Object.entries(specs).map(async ([name, spec]) => [name, await connectClient(serverUrl, { name, ...spec })]),
  );
  return Object.fromEntries(entries);
}

export function closeAll(clients) {
  for (const c of Array.isArray(clients) ? clients : Object.values(clients)) c.close();
}

/**
 * Watches `clients` for `windowMs` and fails if any of them received `event` (any event if
 * omitted) in total more than `allowed` times. Call it after the positive waits, so the
 * window only has to cover late or wrongly routed copies.
 */
export async function assertNoMoreEvents(clients, { event, allowed = 0, windowMs = QUIET_MS } = {}) {
  const list = Array.isArray(clients) ? clients : Object.values(clients);
  await sleep(windowMs);
  for (const c of list) {
    assert.equal(
      c.count(event),
      typeof allowed === "function" ? allowed(c) : allowed,
      `${c.name} received ${event ?? "events"}: ${JSON.stringify(c.received(event)).slice(0, 500)}`,
    );
  }
}
