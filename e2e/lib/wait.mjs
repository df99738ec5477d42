// Polling waits. Deliveries cross two processes and Redis, so tests wait for a condition with a
// deadline instead of sleeping a fixed time; only "nothing must arrive" needs a fixed window.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the first truthy value of `fn()`; rejects after `timeoutMs`. */
export async function waitUntil(fn, { timeoutMs = 5000, intervalMs = 10, message } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) {
      const text = typeof message === "function" ? message() : message;
      throw new Error(text || `condition not met within ${timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}

/**
 * How long "nothing arrives" is watched. Deliveries on loopback take a few ms; the window is
 * long enough that a wrongly routed message would have arrived, and overridable for slow CI.
 */
export const QUIET_MS = Number(process.env.E2E_QUIET_MS || 300);
