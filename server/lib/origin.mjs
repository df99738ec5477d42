// Which web pages may open connections. Socket.IO's `cors` option only answers the CORS
// preflight of HTTP long-polling; browsers do not apply CORS to WebSocket, so allowRequest
// checks the Origin header of every handshake (polling and WebSocket alike) against the same list.
// Requests without an Origin header (non-browser clients, same-origin GETs) are not affected:
// the token is what authorizes a connection, the origin check only keeps other sites' pages out.

/** The `cors` option for new Server(): the configured origins, or none at all (same-origin only). */
export function corsOption(config) {
  if (config.corsOrigins.length === 0) return undefined;
  return { origin: config.corsOrigins, methods: ["GET", "POST"] };
}

function sameOrigin(req, origin) {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The `allowRequest` option: refuses handshakes from origins that are not configured. */
export function allowRequest(config) {
  const allowed = new Set(config.corsOrigins);
  return (req, callback) => {
    const origin = req.headers.origin;
    if (origin === undefined || allowed.has(origin) || sameOrigin(req, origin)) {
      callback(null, true);
    } else {
      callback(`origin ${origin} is not allowed (--cors-origin)`, false);
    }
  };
}
