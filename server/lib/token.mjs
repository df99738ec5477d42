// Verifies the JWTs (HS256) that PHP issues with SocketIO\Token::issue(), on node:crypto alone.
// The rules match Token::verify on the PHP side: same claims, same leeway, same refusals, so a
// token PHP accepts is a token this server accepts, and the other way round.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Seconds of clock difference tolerated between the PHP hosts and this one (exp and iat). */
export const LEEWAY_SECONDS = 30;

/** Why a token was refused: `code` is stable (for clients and tests), `message` is for people. */
export class TokenError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "TokenError";
    this.code = code;
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment, what) {
  // Node's base64url decoder skips characters it does not know; a strict check first, so a
  // token with stray characters is malformed rather than silently different.
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) {
    throw new TokenError("malformed", `malformed token: the ${what} is not base64url`);
  }
  return Buffer.from(segment, "base64url");
}

function decodeJson(segment, what) {
  let value;
  try {
    value = JSON.parse(decodeSegment(segment, what).toString("utf8"));
  } catch (err) {
    if (err instanceof TokenError) throw err;
    throw new TokenError("malformed", `malformed token: the ${what} is not JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TokenError("malformed", `malformed token: the ${what} is not a JSON object`);
  }
  return value;
}

function isRoom(value) {
  return typeof value === "string" || (Number.isSafeInteger(value));
}

/**
 * Checks `token` against `secret` (a Buffer) and returns its claims
 * `{sub, iat, exp, rooms, nsp?, data?}`. Throws a TokenError whose code is one of
 * "missing", "malformed", "algorithm", "signature", "expired", "not_yet_valid".
 * The signature is checked before any claim, so nothing in an unsigned payload is trusted.
 */
export function verifyToken(token, secret, { now = Date.now() / 1000, leeway = LEEWAY_SECONDS } = {}) {
  if (token === undefined || token === null || token === "") {
    throw new TokenError("missing", "no token: connect with io(url, { auth: { token } })");
  }
  if (typeof token !== "string") {
    throw new TokenError("malformed", `malformed token: expected a string, got ${typeof token}`);
  }
  const parts = token.split(".");
  if (parts.length !== 3) {
    throw new TokenError("malformed", `malformed token: expected 3 dot-separated parts, got ${parts.length}`);
  }
  const [headerPart, payloadPart, signaturePart] = parts;

  const header = decodeJson(headerPart, "header");
  if (header.alg !== "HS256") {
    throw new TokenError("algorithm", `unsupported token algorithm ${JSON.stringify(header.alg ?? null)} (HS256 only)`);
  }
  if (header.typ !== undefined && header.typ !== "JWT") {
    throw new TokenError("malformed", `malformed token: header typ ${JSON.stringify(header.typ)} is not "JWT"`);
  }

  const signature = decodeSegment(signaturePart, "signature");
  const expected = createHmac("sha256", secret).update(`${headerPart}.${payloadPart}`).digest();
  // timingSafeEqual needs equal lengths; the length of a valid signature is public (32).
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new TokenError("signature", "bad token signature (tampered, or signed with another secret)");
  }

  const claims = decodeJson(payloadPart, "payload");
  const { sub, iat, exp, rooms, nsp } = claims;
  if (!(typeof sub === "string" || Number.isSafeInteger(sub))) {
    throw new TokenError("malformed", "malformed token: claim sub must be a string or an integer");
  }
  if (!Number.isFinite(exp)) throw new TokenError("malformed", "malformed token: claim exp must be a number");
  if (!Number.isFinite(iat)) throw new TokenError("malformed", "malformed token: claim iat must be a number");
  if (!Array.isArray(rooms) || !rooms.every(isRoom)) {
    throw new TokenError("malformed", "malformed token: claim rooms must be a list of strings or integers");
  }
  if (nsp !== undefined && nsp !== null && typeof nsp !== "string") {
    throw new TokenError("malformed", "malformed token: claim nsp must be a string");
  }
  if (now > exp + leeway) {
    throw new TokenError("expired", `token expired ${Math.floor(now - exp)} s ago (leeway ${leeway} s)`);
  }
  if (iat > now + leeway) {
    throw new TokenError("not_yet_valid", `token issued ${Math.ceil(iat - now)} s in the future (check the clocks)`);
  }
  return claims;
}
