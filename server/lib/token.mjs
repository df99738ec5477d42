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
  return typeof value === "string" || Number.isSafeInteger(value);
}

/** Longest token accepted, as on the PHP side (Token::verify refuses longer ones as malformed). */
export const MAX_TOKEN_BYTES = 64 * 1024;

const malformedClaim = (name, what) => new TokenError("malformed", `malformed token: claim ${name} ${what}`);

function timeClaim(claims, name, required) {
  const value = claims[name];
  if (value === undefined && !required) return undefined;
  if (value === undefined) throw malformedClaim(name, "is missing");
  if (!Number.isSafeInteger(value)) throw malformedClaim(name, "must be an integer (seconds since the Unix epoch)");
  return value;
}

// The claims PHP's Token::issue writes, with the types Token::verify requires of them.
function checkClaims(claims) {
  const { sub, rooms, nsp } = claims;
  if (sub === undefined) throw malformedClaim("sub", "is missing");
  if (sub === "") throw malformedClaim("sub", "must not be empty");
  if (!(typeof sub === "string" || Number.isSafeInteger(sub))) throw malformedClaim("sub", "must be a string or an integer");
  const iat = timeClaim(claims, "iat", true);
  const exp = timeClaim(claims, "exp", true);
  if (exp < iat) throw malformedClaim("exp", "is before iat");
  const nbf = timeClaim(claims, "nbf", false);
  if (rooms === undefined) throw malformedClaim("rooms", "is missing");
  if (!Array.isArray(rooms)) throw malformedClaim("rooms", "must be a list of strings and integers");
  if (!rooms.every(isRoom)) throw malformedClaim("rooms", "must contain only strings and integers");
  if (nsp !== undefined && !(typeof nsp === "string" && nsp.startsWith("/") && !nsp.includes(","))) {
    throw malformedClaim("nsp", 'must be a namespace name starting with "/" and without ","');
  }
  return { iat, exp, nbf };
}

/**
 * Checks `token` against `secret` (a Buffer) and returns its claims
 * `{sub, iat, exp, rooms, nsp?, data?, ...}`. Throws a TokenError whose code is one of
 * "missing", "malformed", "algorithm", "signature", "expired", "not_yet_valid".
 * The order is PHP's: header (algorithm), then the signature, and only then the claims, so
 * nothing in an unsigned payload is trusted.
 */
export function verifyToken(token, secret, { now = Math.floor(Date.now() / 1000), leeway = LEEWAY_SECONDS } = {}) {
  if (token === undefined || token === null || token === "") {
    throw new TokenError("missing", "no token: connect with io(url, { auth: { token } })");
  }
  if (typeof token !== "string") {
    throw new TokenError("malformed", `malformed token: expected a string, got ${typeof token}`);
  }
  if (token.length > MAX_TOKEN_BYTES) {
    throw new TokenError("malformed", `malformed token: longer than ${MAX_TOKEN_BYTES} bytes`);
  }
  const parts = token.split(".");
  if (parts.length !== 3) {
    throw new TokenError("malformed", `malformed token: expected 3 dot-separated parts, got ${parts.length}`);
  }
  const [headerPart, payloadPart, signaturePart] = parts;

  const header = decodeJson(headerPart, "header");
  if (typeof header.alg !== "string") {
    throw new TokenError("algorithm", 'the token header names no algorithm ("alg")');
  }
  if (header.alg !== "HS256") {
    throw new TokenError("algorithm", `unsupported token algorithm ${JSON.stringify(header.alg.slice(0, 16))} (HS256 only)`);
  }
  if ("crit" in header) {
    throw new TokenError("malformed", 'malformed token: the header has critical extensions ("crit"), none are supported');
  }

  const signature = decodeSegment(signaturePart, "signature");
  const expected = createHmac("sha256", secret).update(`${headerPart}.${payloadPart}`).digest();
  // timingSafeEqual needs equal lengths; the length of a valid signature is public (32).
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new TokenError("signature", "bad token signature (tampered, or signed with another secret)");
  }

  const claims = decodeJson(payloadPart, "payload");
  const { iat, exp, nbf } = checkClaims(claims);
  if (now >= exp + leeway) {
    throw new TokenError("expired", `token expired ${now - exp} s ago (leeway ${leeway} s)`);
  }
  if (iat > now + leeway) {
    throw new TokenError("not_yet_valid", `token issued ${iat - now} s in the future (check the clocks)`);
  }
  if (nbf !== undefined && nbf > now + leeway) {
    throw new TokenError("not_yet_valid", `token not valid for another ${nbf - now} s (nbf)`);
  }
  return claims;
}
