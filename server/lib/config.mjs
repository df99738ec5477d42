// Configuration from command-line flags and environment variables (a flag wins over its
// variable). Everything is validated here, once, with messages that name the flag or variable
// at fault, so the rest of the server works with known-good values.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

export const USAGE = `Usage: node index.mjs [options]        (or: npm start -- [options])

Every option can also be set by the environment variable in brackets; a flag wins.

  --port N                 port to listen on [SOCKETIO_PORT, PORT] (default 3000)
  --host ADDR              address to listen on [SOCKETIO_HOST] (default 127.0.0.1; 0.0.0.0 for
                           every interface)
  --redis URL[,URL...]     Redis the PHP extension publishes to [SOCKETIO_REDIS_URL, REDIS_URL]
                           (default redis://127.0.0.1:6379). Several URLs: Redis Cluster seeds.
  --cluster                the single --redis URL is a Redis Cluster seed [SOCKETIO_REDIS_CLUSTER=1]
  --key PREFIX             channel prefix, socketio.key on the PHP side [SOCKETIO_KEY] (default socket.io)
  --adapter TYPE           classic (createAdapter) or sharded (createShardedAdapter) [SOCKETIO_ADAPTER]
                           (default classic; "redis" is accepted for classic, as in PHP's option)
  --subscription-mode M    sharded only: dynamic, static or dynamic-private [SOCKETIO_SUBSCRIPTION_MODE]
                           (default dynamic; must match socketio.subscription_mode in PHP)
  --namespaces LIST        namespaces clients may connect to, comma-separated [SOCKETIO_NAMESPACES]
                           (default /)
  --cors-origin ORIGIN     a browser origin allowed to connect, e.g. https://app.example.com;
                           repeat it or separate with commas [SOCKETIO_CORS_ORIGIN]. No default:
                           without it only same-origin pages can connect.
  --secret-file PATH       file holding the token secret, socketio.secret on the PHP side
                           [SOCKETIO_SECRET_FILE]; or the secret itself in SOCKETIO_SECRET.
                           One trailing newline in the file is ignored.
  --shutdown-timeout S     seconds a graceful shutdown may take before the process exits anyway
                           [SOCKETIO_SHUTDOWN_TIMEOUT] (default 10)
  --log-level LEVEL        debug, info, warn or error [SOCKETIO_LOG_LEVEL] (default info)
  --help                   this text
`;

/** A configuration problem the operator must fix; index.mjs prints it and exits with 2. */
export class ConfigError extends Error {}

const ADAPTERS = { classic: "classic", redis: "classic", sharded: "sharded" };
const SUBSCRIPTION_MODES = ["dynamic", "static", "dynamic-private"];
const LOG_LEVELS = ["debug", "info", "warn", "error"];
/** HS256 keys shorter than the hash output are weak (RFC 7518 3.2); the PHP side refuses them too. */
export const MIN_SECRET_BYTES = 32;

/**
 * Reads the configuration from `argv` (without node and the script) and `env`.
 * Returns a frozen object; the secret is in `secret` (a Buffer, kept out of JSON and inspection).
 */
export function loadConfig(argv = process.argv.slice(2), env = process.env) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        redis: { type: "string" },
        cluster: { type: "boolean" },
        key: { type: "string" },
        adapter: { type: "string" },
        "subscription-mode": { type: "string" },
        namespaces: { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        "secret-file": { type: "string" },
        "shutdown-timeout": { type: "string" },
        "log-level": { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (err) {
    throw new ConfigError(`${err.message}\n\n${USAGE}`);
  }
  if (values.help) return { help: true };

  const pick = (flag, ...vars) => {
    if (values[flag] !== undefined) return { value: values[flag], from: `--${flag}` };
    for (const name of vars) {
      if (env[name] !== undefined && env[name] !== "") return { value: env[name], from: name };
    }
    return { value: undefined, from: `--${flag}` };
  };

  const port = parsePort(pick("port", "SOCKETIO_PORT", "PORT"));
  const host = pick("host", "SOCKETIO_HOST").value ?? "127.0.0.1";

  const redisOpt = pick("redis", "SOCKETIO_REDIS_URL", "REDIS_URL");
  const redisUrls = splitList(redisOpt.value ?? "redis://127.0.0.1:6379");
  if (redisUrls.length === 0) throw new ConfigError(`${redisOpt.from} is empty`);
  for (const url of redisUrls) checkRedisUrl(url, redisOpt.from);
  const clusterFlag = values.cluster ?? /^(1|true|yes|on)$/i.test(env.SOCKETIO_REDIS_CLUSTER ?? "");
  const cluster = clusterFlag || redisUrls.length > 1;

  const key = pick("key", "SOCKETIO_KEY").value ?? "socket.io";
  if (key === "") throw new ConfigError("--key must not be empty");

  const adapterOpt = pick("adapter", "SOCKETIO_ADAPTER");
  const adapter = ADAPTERS[(adapterOpt.value ?? "classic").toLowerCase()];
  if (!adapter) {
    throw new ConfigError(`${adapterOpt.from}: "${adapterOpt.value}" is not an adapter (classic or sharded)`);
  }
  const modeOpt = pick("subscription-mode", "SOCKETIO_SUBSCRIPTION_MODE");
  const subscriptionMode = modeOpt.value ?? "dynamic";
  if (!SUBSCRIPTION_MODES.includes(subscriptionMode)) {
    throw new ConfigError(`${modeOpt.from}: "${subscriptionMode}" is not one of ${SUBSCRIPTION_MODES.join(", ")}`);
  }

  const namespaces = [...new Set(splitList(pick("namespaces", "SOCKETIO_NAMESPACES").value ?? "/").map(normaliseNsp))];
  if (namespaces.length === 0) throw new ConfigError("--namespaces lists no namespace");

  const corsOrigins = parseOrigins(values["cors-origin"] ?? splitList(env.SOCKETIO_CORS_ORIGIN ?? ""));

  const secret = readSecret(values["secret-file"], env);

  const timeoutOpt = pick("shutdown-timeout", "SOCKETIO_SHUTDOWN_TIMEOUT");
  const shutdownTimeoutMs = parseSeconds(timeoutOpt, 10) * 1000;

  const levelOpt = pick("log-level", "SOCKETIO_LOG_LEVEL");
  const logLevel = levelOpt.value ?? "info";
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`${levelOpt.from}: "${logLevel}" is not one of ${LOG_LEVELS.join(", ")}`);
  }

  const config = {
    port,
    host,
    redisUrls,
    cluster,
    key,
    adapter,
    subscriptionMode,
    namespaces,
    corsOrigins,
    shutdownTimeoutMs,
    logLevel,
    secretSource: secret.source,
  };
  // Not enumerable: JSON.stringify(config), console.log(config) and util.inspect never show it.
  Object.defineProperty(config, "secret", { value: secret.bytes, enumerable: false });
  return Object.freeze(config);
}

function splitList(raw) {
  return String(raw)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function normaliseNsp(name) {
  return name.startsWith("/") ? name : "/" + name;
}

function parsePort({ value, from }) {
  if (value === undefined) return 3000;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`${from}: "${value}" is not a port number (0-65535)`);
  }
  return Number(value);
}

function parseSeconds({ value, from }, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${from}: "${value}" is not a positive number of seconds`);
  return n;
}

function checkRedisUrl(url, from) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${from}: "${url.replace(/:[^:@/]*@/, ":***@")}" is not a URL (redis://host:port)`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new ConfigError(`${from}: ${parsed.protocol}// is not supported (redis:// or rediss://)`);
  }
}

// "*" is refused on purpose: it lets any web page open connections with a token it obtained.
function parseOrigins(list) {
  const origins = [];
  for (const raw of list.flatMap(splitList)) {
    if (raw === "*") {
      throw new ConfigError('--cors-origin "*" is refused: list the origins of your pages (https://app.example.com)');
    }
    let url;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(`--cors-origin: "${raw}" is not an origin (scheme://host[:port])`);
    }
    if (url.origin === "null" || url.origin !== raw.replace(/\/$/, "")) {
      throw new ConfigError(`--cors-origin: "${raw}" is not an origin (scheme://host[:port], no path)`);
    }
    origins.push(url.origin);
  }
  return [...new Set(origins)];
}

function readSecret(file, env) {
  let bytes;
  let source;
  const path = file ?? (env.SOCKETIO_SECRET_FILE || undefined);
  if (path !== undefined) {
    source = file !== undefined ? `--secret-file ${path}` : `SOCKETIO_SECRET_FILE ${path}`;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new ConfigError(`cannot read the token secret from ${path}: ${err.code ?? err.message}`);
    }
    // `echo secret > file` adds a newline that is not part of the secret.
    if (bytes.at(-1) === 0x0a) bytes = bytes.subarray(0, bytes.at(-2) === 0x0d ? -2 : -1);
  } else if (env.SOCKETIO_SECRET !== undefined && env.SOCKETIO_SECRET !== "") {
    source = "SOCKETIO_SECRET";
    bytes = Buffer.from(env.SOCKETIO_SECRET, "utf8");
  } else {
    throw new ConfigError(
      "no token secret: pass --secret-file PATH or set SOCKETIO_SECRET (the same value as socketio.secret in PHP)",
    );
  }
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `the token secret from ${source} is ${bytes.length} bytes; at least ${MIN_SECRET_BYTES} are needed ` +
        "(e.g. openssl rand -hex 32)",
    );
  }
  return { bytes: Buffer.from(bytes), source };
}
