// Structured logs: one JSON object per line on stdout ({"time","level","msg",...fields}), so a
// log collector (journald, Docker, Loki) can filter on fields without parsing prose.
// Nothing secret is ever passed here: Redis URLs go through redactUrl(), the token secret never
// leaves config.mjs except into the verifier.

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold = LEVELS.info;

export function setLogLevel(level) {
  if (!(level in LEVELS)) throw new Error(`unknown log level "${level}" (debug, info, warn, error)`);
  threshold = LEVELS[level];
}

export function log(level, msg, fields = {}) {
  if (LEVELS[level] < threshold) return;
  const record = { time: new Date().toISOString(), level, msg, ...fields };
  process.stdout.write(JSON.stringify(record) + "\n");
}

/** The URL with its password replaced by "***" (the user name stays: it helps and is not secret). */
export function redactUrl(raw) {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(unparsable URL)";
  }
}

/** An Error's message without its stack, for a one-line log field. */
export function errorText(err) {
  if (err == null) return "unknown error";
  if (err instanceof AggregateError && err.errors?.length) {
    return err.errors.map(errorText).join("; ");
  }
  return String(err.message || err.code || err);
}
