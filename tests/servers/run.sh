#!/usr/bin/env bash
# Runs a suite against one Redis or Valkey server version:
#
#   tests/servers/run.sh SERVER SUITE [FILE...]
#     SERVER  redis7   the host's redis-server (Debian bookworm: Redis 7.0)
#             redis8   Redis 8.x from Debian's source package, built by tests/servers/build.sh
#             valkey9  Valkey 9.x, likewise
#     SUITE   e2e      the core end-to-end tests (E2E_FILES below): the official Socket.IO server
#                      with the classic and the sharded adapter, on a standalone server and on a
#                      6-node Cluster, plus connections (ACL, TLS, unix socket, restarts, fork)
#             cargo    the socketio-redis crate's tests (real servers: ACL, TLS, cluster, failover)
#             phpt     the phpt suite (php-tests/run.sh starts its own server: REDIS_SERVER)
#     FILE    e2e files (relative to e2e/) instead of E2E_FILES, or cargo test arguments
#
# The binaries are handed to the tests as REDIS_SERVER / REDIS_CLI (e2e/lib and the cargo test
# helpers read them). Before anything runs, the binary must report the expected product and
# major version; the e2e helpers also check every server's startup banner
# (SOCKETIO_EXPECT_SERVER), so a run that started another server fails instead of passing.
# Output is the suite's own (TAP for e2e, cargo's "test result:" lines): tests/run-all.sh counts it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
server=${1:?usage: run.sh redis7|redis8|valkey9 e2e|cargo|phpt}
suite=${2:?usage: run.sh redis7|redis8|valkey9 e2e|cargo|phpt}
shift 2

E2E_FILES=(
  test/emitter.test.mjs
  test/batch.test.mjs
  test/cluster.test.mjs
  test/server-count.test.mjs
  test/connection.test.mjs
  test/sharded-standalone.test.mjs
)

case "$server" in
  redis7)
    REDIS_SERVER=$(command -v redis-server) || { echo "run.sh: redis-server is not installed" >&2; exit 1; }
    REDIS_CLI=$(command -v redis-cli) || { echo "run.sh: redis-cli is not installed" >&2; exit 1; }
    version_line="Redis server v=7." banner="Redis version=7."
    ;;
  redis8 | valkey9)
    dir=$("$ROOT/tests/servers/build.sh" "$server")
    product=${server%%[0-9]*}
    REDIS_SERVER="$dir/bin/$product-server" REDIS_CLI="$dir/bin/$product-cli"
    if [[ $product == redis ]]; then
      version_line="Redis server v=8." banner="Redis version=8."
    else
      version_line="Valkey server v=9." banner="Valkey version=9."
    fi
    ;;
  *) echo "run.sh: unknown server '$server' (redis7, redis8 or valkey9)" >&2; exit 2 ;;
esac

reported=$("$REDIS_SERVER" --version)
if [[ "$reported" != "$version_line"* ]]; then
  echo "run.sh: $REDIS_SERVER reports '$reported', expected '$version_line*'" >&2
  exit 1
fi
"$REDIS_CLI" --version >/dev/null
echo "run.sh: $suite against $reported ($REDIS_SERVER)"
export REDIS_SERVER REDIS_CLI SOCKETIO_EXPECT_SERVER="$banner" SOCKETIO_SERVER_UNDER_TEST="$server"

case "$suite" in
  e2e)
    cd "$ROOT/e2e"
    (($#)) && E2E_FILES=("$@")
    exec node --test --test-reporter=tap "${E2E_FILES[@]}"
    ;;
  cargo)
    cd "$ROOT"
    exec cargo test -p socketio-redis --no-fail-fast "$@"
    ;;
  phpt)
    cd "$ROOT"
    exec bash php-tests/run.sh "$@"
    ;;
  *) echo "run.sh: unknown suite '$suite' (e2e, cargo or phpt)" >&2; exit 2 ;;
esac
