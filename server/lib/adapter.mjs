// The official Redis adapter, classic (createAdapter: PUBLISH/PSUBSCRIBE) or sharded
// (createShardedAdapter: SPUBLISH/SSUBSCRIBE, Redis 7+), and proof that its subscriptions are
// active. The adapter subscribes without handing out a promise; a probe subscribe on the same
// connection, awaited, returns only after Redis has processed every subscribe sent before it.
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";

/** The adapter factory for `new Server(http, { adapter })`. */
export function makeAdapter(config, { pub, sub }) {
  if (config.adapter === "sharded") {
    return createShardedAdapter(pub, sub, {
      channelPrefix: config.key,
      subscriptionMode: config.subscriptionMode,
    });
  }
  return createAdapter(pub, sub, { key: config.key });
}

let probeCounter = 0;

// A channel in the same cluster slot as `channel`: Redis hashes only the part between the first
// "{" and the next "}" when there is one, so "{channel}" lands where `channel` does. When the
// channel has a hash tag of its own, reusing that tag keeps the slot.
function sameSlotProbe(channel) {
  const open = channel.indexOf("{");
  const close = open >= 0 ? channel.indexOf("}", open + 1) : -1;
  const tag = open >= 0 && close > open + 1 ? channel.slice(open + 1, close) : null;
  if (tag === null && channel.includes("}")) return null; // cannot be wrapped; no probe possible
  return `{${tag ?? channel}}socketio-probe-${process.pid}-${++probeCounter}`;
}

async function probeSharded(sub, channel) {
  const probe = sameSlotProbe(channel);
  if (probe === null) return;
  await sub.sSubscribe(probe, () => {});
  await sub.sUnsubscribe(probe);
}

async function probeClassic(sub) {
  const probe = `socketio-probe-${process.pid}-${++probeCounter}`;
  await sub.subscribe(probe, () => {});
  await sub.unsubscribe(probe);
}

/** Resolves once the adapter of every namespace in `namespaces` receives what PHP publishes. */
export async function adapterSubscribed(config, sub, namespaces) {
  if (config.adapter === "sharded") {
    await Promise.all(namespaces.map((nsp) => probeSharded(sub, `${config.key}#${nsp}#`)));
  } else {
    await probeClassic(sub);
  }
}

/**
 * Resolves once the sharded adapter in a dynamic mode has subscribed to the channels of `rooms`
 * it subscribes to when a socket joins them (`<key>#<nsp>#<room>#`); PHP publishes a message for
 * one room there, so a socket told "connected" before this would miss an emit sent right away.
 * The classic adapter and the static mode listen on fixed channels: nothing to wait for.
 */
export async function roomsSubscribed(config, sub, nsp, rooms) {
  if (config.adapter !== "sharded" || config.subscriptionMode === "static") return;
  await Promise.all(rooms.map((room) => probeSharded(sub, `${config.key}#${nsp}#${room}#`)));
}
