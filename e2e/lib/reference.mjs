// The byte reference: what the official @socket.io/redis-emitter publishes for a call. It talks to
// a stand-in client that only records publish(), so the reference needs no Redis and its output
// cannot be confused with the extension's.
import { Emitter } from "@socket.io/redis-emitter";

/**
 * Calls `fn(emitter)` with an official Emitter (options as for `new Emitter(client, opts)`)
 * and returns what it published: [{channel, payload: Buffer}] in order.
 */
export function referencePublishes(fn, opts = {}) {
  const published = [];
  const recorder = {
    publish(channel, message) {
      published.push({ channel, payload: Buffer.isBuffer(message) ? Buffer.from(message) : Buffer.from(String(message)) });
      return Promise.resolve(0);
    },
  };
  fn(new Emitter(recorder, opts));
  return published;
}
