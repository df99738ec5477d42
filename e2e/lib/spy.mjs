// Records every message published on a Redis server as raw bytes, so a test can compare exactly
// what the extension published with what @socket.io/redis-emitter publishes for the same call.
import { createClient } from "redis";
import { waitUntil } from "./wait.mjs";

/**
 * Subscribes (buffer mode) to `pattern` (default every channel) and, for sharded pub/sub, to the
 * exact `sharded` channels (SPUBLISH never matches a PSUBSCRIBE). Resolves once the
 * subscriptions are confirmed by Redis.
 *
 * Returns { messages: [{channel, payload: Buffer, sharded}], clear(), take(), waitFor(n), stop() }.
 */
export async function startSpy(redisUrl, { pattern = "*", sharded = [] } = {}) {
  const client = createClient({ url: redisUrl });
  client.on("error", () => {}); // a Redis killed by a test must not crash the test process
  await client.connect();
  const messages = [];
  await client.pSubscribe(
    pattern,
    (payload, channel) => messages.push({ channel: channel.toString(), payload: Buffer.from(payload), sharded: false }),
    true,
  );
  for (const ch of sharded) {
    await client.sSubscribe(
      ch,
      (payload, channel) => messages.push({ channel: channel.toString(), payload: Buffer.from(payload), sharded: true }),
      true,
    );
  }

  return {
    messages,
    clear() {
      messages.length = 0;
    },
    /** Returns the recorded messages and forgets them. */
    take() {
      return messages.splice(0, messages.length);
    },
    /** Waits until at least `n` messages were recorded; returns a copy of them. */
    async waitFor(n, { timeoutMs = 5000 } = {}) {
      await waitUntil(() => messages.length >= n, {
        timeoutMs,
        message: () => `spy: expected ${n} message(s), got ${messages.length}: ${JSON.stringify(hexMessages(messages))}`,
      });
      return messages.slice();
    },
    async stop() {
      await client.disconnect().catch(() => {});
    },
  };
}

/** [{channel, hex}] for readable assertion failures. */
export function hexMessages(messages) {
  return messages.map((m) => ({ channel: m.channel, hex: m.payload.toString("hex") }));
}
