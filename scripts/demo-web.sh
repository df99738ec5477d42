#!/usr/bin/env bash
# `make demo-web`: the live feed (examples/live-feed) running for real on this machine: a private
# Redis on a free port, the companion Socket.IO server (server/), and the PHP app under `php -S`
# with the extension. Prints the URL and the three login links; Ctrl-C stops everything.
# Expects `make build` and `npm ci` in server/ (make demo-web does both).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SO="${SOCKETIO_SO:-$ROOT/modules/socketio.so}"
RUN="$ROOT/.run/demo-web-$$"
mkdir -p "$RUN"
chmod 700 "$RUN"

pids=()
# php -S does not pass SIGTERM on to its workers (PHP_CLI_SERVER_WORKERS), so the children of
# each started process are stopped too, by parent pid.
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'echo; echo "stopping"; exit 0' INT TERM

wait_for() {
  local i
  for ((i = 0; i < 150; i++)); do
    grep -Eq "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "demo-web: $3 did not start; its output:" >&2
  cat "$1" >&2
  exit 1
}

free_port() {
  node -e 'const s = require("net").createServer().listen(+process.argv[1] || 0, "127.0.0.1", () => { console.log(s.address().port); s.close(); }).on("error", () => process.exit(1))' "${1:-0}"
}

# 8080 (or DEMO_WEB_PORT) when it is free, any free port otherwise.
APP_PORT=$(free_port "${DEMO_WEB_PORT:-8080}" 2>/dev/null || free_port 0)
APP_URL="http://127.0.0.1:$APP_PORT"

REDIS_PORT=$(free_port 0)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$RUN" >"$RUN/redis.log" 2>&1 &
pids+=($!)
wait_for "$RUN/redis.log" 'Ready to accept connections' redis-server
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

# The token secret both sides share: a file for the server, php.ini for PHP. Never on a command line.
(umask 077 && openssl rand -hex 32 >"$RUN/secret")

node server/index.mjs --port 0 --redis "$REDIS_URL" --cors-origin "$APP_URL" --secret-file "$RUN/secret" \
  >"$RUN/server.log" 2>&1 &
pids+=($!)
wait_for "$RUN/server.log" '"msg":"ready"' "the companion Socket.IO server"
SOCKET_PORT=$(grep -o '"msg":"ready".*"port":[0-9]*' "$RUN/server.log" | grep -o '[0-9]*$')

(
  umask 077
  cat >"$RUN/php.ini" <<INI
extension=pdo
extension=pdo_sqlite
extension=$SO
socketio.url = "$REDIS_URL"
socketio.secret = "$(cat "$RUN/secret")"
session.save_path = "$RUN"
display_errors = 0
log_errors = 1
error_reporting = -1
INI
)
PHP_INI_SCAN_DIR="" PHP_CLI_SERVER_WORKERS=4 LIVE_FEED_DB="$RUN/feed.sqlite" \
  SOCKETIO_PUBLIC_URL="http://127.0.0.1:$SOCKET_PORT" \
  php -c "$RUN/php.ini" -S "127.0.0.1:$APP_PORT" -t examples/live-feed/public examples/live-feed/public/index.php \
  >"$RUN/php.log" 2>&1 &
pids+=($!)
wait_for "$RUN/php.log" 'Development Server .* started' "php -S"

cat <<TEXT

The live feed is running:

  $APP_URL

Log in (open each in its own browser or private window: the session is a cookie):
  team 1 (Ana):            $APP_URL/login?as=team1
  team 2 (Bo):             $APP_URL/login?as=team2
  admin in team 1 (Cy):    $APP_URL/login?as=admin

Behind it: Redis $REDIS_URL, the companion server http://127.0.0.1:$SOCKET_PORT
(health: http://127.0.0.1:$SOCKET_PORT/healthz), logs in $RUN.
Ctrl-C stops everything.
TEXT

# Runs until Ctrl-C, or until one of the three stops on its own.
wait -n "${pids[@]}"
echo "demo-web: a process stopped unexpectedly; logs:" >&2
tail -n 20 "$RUN"/*.log >&2
exit 1
