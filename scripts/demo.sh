#!/usr/bin/env bash
# `make demo`: a private Redis on a free port, the reference Socket.IO server (e2e/server.mjs),
# one client in rooms team-7 and admin; then PHP emits `new_post` to both rooms in one call and
# the demo prints what the client received. Everything it starts is stopped on exit, whatever
# happens. Expects `make build` and `npm ci` in e2e/ to have run (make demo does both).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SO="${SOCKETIO_SO:-$ROOT/modules/socketio.so}"
PHP="${PHP:-php}" # the PHP that emits (another PHP than the one on PATH: packaging/php-matrix)
RUN="$ROOT/.run/demo-$$"
mkdir -p "$RUN"

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for FILE REGEX WHAT: the background processes report readiness on their output.
wait_for() {
  local i
  for ((i = 0; i < 150; i++)); do
    grep -Eq "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "demo: $3 did not start; its output:" >&2
  cat "$1" >&2
  exit 1
}

if [[ -t 1 ]]; then
  step() { printf '\n\033[1m%s\033[0m\n' "$*"; }
else
  step() { printf '\n%s\n' "$*"; }
fi

REDIS_PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
step "1. Redis on 127.0.0.1:$REDIS_PORT (private, no persistence)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$RUN" >"$RUN/redis.log" 2>&1 &
pids+=($!)
wait_for "$RUN/redis.log" 'Ready to accept connections' redis-server
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

step "2. Socket.IO server (socket.io 4.8 + @socket.io/redis-adapter, namespaces / and /admin)"
node e2e/server.mjs --redis "$REDIS_URL" --port 0 >"$RUN/server.log" 2>&1 &
pids+=($!)
wait_for "$RUN/server.log" '"event":"ready"' "the Socket.IO server"
SERVER_PORT=$(grep -o '"event":"ready","port":[0-9]*' "$RUN/server.log" | grep -o '[0-9]*$')
echo "   listening on http://127.0.0.1:$SERVER_PORT"

step "3. A client joins rooms team-7 and admin"
node e2e/demo-client.mjs --url "http://127.0.0.1:$SERVER_PORT" --rooms team-7,admin >"$RUN/client.log" 2>&1 &
pids+=($!)
wait_for "$RUN/client.log" '"connected"' "the client"
sed 's/^/   /' "$RUN/client.log"

step "4. PHP (post_message): \$io->to(['team-7', 'admin'])->emit('new_post', \$post)"
echo "   php -n -d extension=$SO scripts/demo-post-message.php"
SOCKETIO_URL="$REDIS_URL" "$PHP" -n -d "extension=$SO" scripts/demo-post-message.php | sed 's/^/   returned: /'

step "5. What the client received"
wait_for "$RUN/client.log" '"event":"new_post"' "delivery of new_post"
sleep 0.5 # a second copy, if one were sent, would arrive within this window
grep '"event"' "$RUN/client.log" | sed 's/^/   /'
copies=$(grep -c '"event":"new_post"' "$RUN/client.log")
echo
if [[ "$copies" == 1 ]]; then
  echo "The client is in both team-7 and admin and received new_post exactly once."
else
  echo "Unexpected: the client received new_post $copies times." >&2
  exit 1
fi
