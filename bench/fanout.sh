#!/usr/bin/env bash
# The fan-out benchmark of issue 11 (a script, not a test): batch() vs a phpredis pipeline of
# pre-packed messages vs the plain emit loop, side by side in one process, on a private
# redis-server. See bench/fanout.php and bench/README.md.
#
#   bash bench/fanout.sh        (make bench runs it after bench/run.sh; make bench-fanout alone)
#
# Tunables (environment): FANOUT_SIZES=10000,100000 FANOUT_ROUNDS=7
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${FANOUT_SIZES:-10000,100000}
ROUNDS=${FANOUT_ROUNDS:-7}
SO="$ROOT/modules/socketio.so"
[ -f "$SO" ] || make -C "$ROOT" build >&2

EXTDIR=$(php -n -r 'echo ini_get("extension_dir");')
for ext in igbinary msgpack redis; do
    if [ ! -f "$EXTDIR/$ext.so" ]; then
        echo "[fanout] installing php-$ext (apt-get)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "php-$ext" >/dev/null
    fi
done

TMP=$(mktemp -d)
REDIS_PID=
cleanup() {
    [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

PORT=$(php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);')
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" \
    --logfile "$TMP/redis.log" --daemonize no &
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done

# igbinary and msgpack load before redis: Debian's phpredis is built against them.
cat >"$TMP/php.ini" <<INI
extension=$EXTDIR/igbinary.so
extension=$EXTDIR/msgpack.so
extension=$EXTDIR/redis.so
extension=$SO
memory_limit=1G
INI
PHP_INI_SCAN_DIR= php -c "$TMP/php.ini" "$ROOT/bench/fanout.php" "$PORT" "$SIZES" "$ROUNDS" | tee -a "$ROOT/.run/bench-fanout.txt"
