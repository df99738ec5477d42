#!/usr/bin/env bash
# The php-fpm request benchmark of issue 11 (a script, not a test): requests with one emit, with
# `wait => false` vs waiting vs no emit at all, driven over FastCGI straight into php-fpm (no web
# server in between) by bench/fcgi_load.php. Throughput under load and latency one request at a
# time, interleaved round by round; medians and ratios printed, nothing asserted.
#
#   bash bench/fpm.sh          (make bench runs it; make bench-fpm alone)
#
# Tunables (environment): FPM_ROUNDS=10 FPM_DURATION=2 (seconds per throughput run)
#   FPM_CONNECTIONS=8 (throughput concurrency = php-fpm workers: keep-alive pins one connection
#   to one worker) FPM_LATENCY_REQUESTS=1000 (per variant per round) FPM_KEEP=1 (keep the temp dir)
#
# Private redis-server and php-fpm on free loopback ports, configured in a temp dir; nothing on
# the machine is reconfigured.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
ROUNDS=${FPM_ROUNDS:-10}
DURATION=${FPM_DURATION:-2}
CONNECTIONS=${FPM_CONNECTIONS:-8}
LATENCY_REQUESTS=${FPM_LATENCY_REQUESTS:-1000}
VARIANTS=(noemit ext nowait)
SO="$ROOT/modules/socketio.so"

log() { printf '[fpm] %s\n' "$*" >&2; }
die() { printf '[fpm] error: %s\n' "$*" >&2; exit 1; }

missing=()
command -v php >/dev/null || missing+=(php8.2-cli)
command -v php-fpm8.2 >/dev/null || [ -x /usr/sbin/php-fpm8.2 ] || missing+=(php8.2-fpm)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-cli >/dev/null || missing+=(redis-tools)
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -f "$SO" ] || make -C "$ROOT" build >&2
FPM_BIN=$(command -v php-fpm8.2 || echo /usr/sbin/php-fpm8.2)
EXTDIR=$(php -n -r 'echo ini_get("extension_dir");')

TMP=$(mktemp -d /tmp/socketio-fpm-bench.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "${FPM_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
free_port() {
    php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}
wait_for() {
    local what=$1
    shift
    for _ in $(seq 1 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done
    die "$what did not start"
}

REDIS_PORT=$(free_port)
FPM_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$TMP" --logfile "$TMP/redis.log" &
PIDS+=($!)
wait_for redis-server redis-cli -p "$REDIS_PORT" ping

mkdir -p "$TMP/app"
cp "$BENCH"/app/common.php "$BENCH"/app/noemit.php "$BENCH"/app/ext.php "$BENCH"/app/nowait.php "$TMP/app/"
cat >"$TMP/php.ini" <<INI
zend_extension=$EXTDIR/opcache.so
extension=$SO
opcache.enable=1
opcache.validate_timestamps=0
memory_limit=128M
display_errors=0
log_errors=1
error_log=$TMP/php-errors.log
INI
cat >"$TMP/fpm.conf" <<CONF
[global]
pid = $TMP/fpm.pid
error_log = $TMP/fpm.log
daemonize = no

[bench]
user = root
group = root
listen = 127.0.0.1:$FPM_PORT
listen.backlog = 511
pm = static
pm.max_children = $CONNECTIONS
pm.max_requests = 0
catch_workers_output = yes
CONF
PHP_INI_SCAN_DIR= "$FPM_BIN" -c "$TMP/php.ini" -y "$TMP/fpm.conf" -F -R &
PIDS+=($!)
wait_for php-fpm php -n -r "exit(@fsockopen('127.0.0.1', $FPM_PORT) ? 0 : 1);"
log "php-fpm ($CONNECTIONS workers, opcache) on 127.0.0.1:$FPM_PORT, redis-server on $REDIS_PORT"

load() { php -n "$BENCH/fcgi_load.php" "$1" "127.0.0.1:$FPM_PORT" "$TMP/app/$2.php" "$REDIS_PORT" "${@:3}"; }
publish_calls() {
    redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | sed -n 's/^cmdstat_publish:calls=\([0-9]*\).*/\1/p'
}

# Warm-up (every worker's opcache and Redis connection), then what each variant sends.
for v in "${VARIANTS[@]}"; do load rate "$v" "$CONNECTIONS" 1 >/dev/null; done
: >"$TMP/publishes.tsv"
for v in "${VARIANTS[@]}"; do
    before=$(publish_calls); before=${before:-0}
    load latency "$v" 200 >/dev/null
    after=$(publish_calls); after=${after:-0}
    printf '%s\t%s\n' "$v" "$(( after - before ))" >>"$TMP/publishes.tsv"
done

log "$ROUNDS rounds: ${DURATION} s at $CONNECTIONS connections + $LATENCY_REQUESTS requests one at a time, per variant"
: >"$TMP/rounds.jsonl"
for r in $(seq 1 "$ROUNDS"); do
    order=("${VARIANTS[@]:r%3}" "${VARIANTS[@]:0:r%3}")
    for v in "${order[@]}"; do
        rate=$(load rate "$v" "$CONNECTIONS" "$DURATION")
        lat=$(load latency "$v" "$LATENCY_REQUESTS")
        printf '{"round":%d,"variant":"%s","rate":%s,"latency":%s}\n' "$r" "$v" "$rate" "$lat" >>"$TMP/rounds.jsonl"
    done
    log "round $r/$ROUNDS done"
done
[ -s "$TMP/php-errors.log" ] && { cat "$TMP/php-errors.log" >&2; die "PHP logged errors during the run"; }

mkdir -p "$ROOT/.run"
php -n "$BENCH/fpm_report.php" "$TMP/rounds.jsonl" "$TMP/publishes.tsv" "$CONNECTIONS" "$DURATION" "$LATENCY_REQUESTS" \
    | tee -a "$ROOT/.run/bench-fpm.txt"
