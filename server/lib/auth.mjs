// The connection gate. PHP decides who may join which rooms and says so in a signed token
// (SocketIO\Token::issue); this middleware only checks it. It runs in io.of(nsp).use(), before
// the `connection` event, and joins the granted rooms there: by the time the client sees
// `connect`, the socket is in its rooms and the adapter listens for them, so an event PHP emits
// right after the page rendered cannot be missed.
//
// Client side: io(url, { auth: { token } }) joins every room of the token;
// io(url, { auth: { token, rooms: ["team:1"] } }) joins only the listed ones, each of which the
// token must grant. A refusal reaches the client as `connect_error` with err.message saying why
// and err.data.code one of: missing, malformed, algorithm, signature, expired, not_yet_valid,
// namespace_not_granted, room_not_granted.
import { roomsSubscribed } from "./adapter.mjs";
import { errorText, log } from "./log.mjs";
import { TokenError, verifyToken } from "./token.mjs";

/** How long a connection waits for the adapter to subscribe to its rooms (Redis down). */
const SUBSCRIBE_WAIT_MS = 3000;

function refusal(code, message) {
  const err = new Error(message);
  err.data = { code };
  return err;
}

function describeRoom(room) {
  return JSON.stringify(room);
}

// Rooms compare by type and value, as the adapter does: 42 and "42" are different rooms.
function granted(room, rooms) {
  return rooms.some((r) => r === room);
}

/**
 * Builds the middleware for namespace `nspName`. `redis.sub` is used to wait for the
 * sharded adapter's room subscriptions.
 */
export function authMiddleware(config, redis, nspName) {
  return async (socket, next) => {
    const auth = socket.handshake.auth ?? {};
    const peer = socket.handshake.address;
    let claims;
    try {
      claims = verifyToken(auth.token, config.secret);
    } catch (err) {
      if (!(err instanceof TokenError)) {
        log("error", "token check failed", { nsp: nspName, peer, error: errorText(err) });
        return next(refusal("internal", "internal error while checking the token"));
      }
      log("info", "connection refused", { nsp: nspName, peer, code: err.code, reason: err.message });
      return next(refusal(err.code, err.message));
    }

    if (claims.nsp !== undefined && claims.nsp !== nspName) {
      const message = `namespace not granted: the token is for ${claims.nsp}, not ${nspName}`;
      log("info", "connection refused", { nsp: nspName, peer, sub: claims.sub, code: "namespace_not_granted" });
      return next(refusal("namespace_not_granted", message));
    }

    let rooms = claims.rooms;
    if (auth.rooms !== undefined) {
      const asked = Array.isArray(auth.rooms) ? auth.rooms : [auth.rooms];
      const refused = asked.filter((room) => !granted(room, claims.rooms));
      if (refused.length > 0) {
        const message = `room not granted: ${refused.map(describeRoom).join(", ")}`;
        log("info", "connection refused", { nsp: nspName, peer, sub: claims.sub, code: "room_not_granted" });
        return next(refusal("room_not_granted", message));
      }
      rooms = [...new Set(asked)];
    }

    socket.data.user = claims.sub;
    socket.data.tokenData = claims.data;
    socket.join(rooms);
    try {
      await withTimeout(roomsSubscribed(config, redis.sub, nspName, rooms), SUBSCRIBE_WAIT_MS);
    } catch (err) {
      // Redis is unreachable: the socket is still let in (its rooms are joined, and the adapter
      // resubscribes when Redis is back) rather than left on a page that never reconnects.
      log("warn", "room subscriptions not confirmed", { nsp: nspName, sub: claims.sub, error: errorText(err) });
    }
    log("debug", "connection accepted", { nsp: nspName, peer, sub: claims.sub, rooms });
    next();
  };
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
