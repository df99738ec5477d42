#!/usr/bin/env bash
# The emit-cost benchmark of issue 3 (a script, not a test): prints medians and ratios measured side
# by side in one run. See bench/README.md for what each variant is.
#
#   bash bench/run.sh          (or: make bench)
#
# Tunables (environment): BENCH_ROUNDS=10 BENCH_DURATION=3 (seconds per wrk run)
#   BENCH_CONNECTIONS=8 BENCH_THREADS=2 BENCH_WORKERS=4 (pm.max_children)
#   BENCH_CPU_ROUNDS=5 BENCH_CLI_BATCH=2000 BENCH_CLI_ROUNDS=30 BENCH_KEEP=1 (keep the temp dir and its logs)
#
# Everything runs on private instances (redis-server, php-fpm, nginx) on free loopback ports with
# their own configuration in a temp dir; nothing on the machine is reconfigured. Missing packages
# are installed with apt-get (Debian 12).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
ROUNDS=${BENCH_ROUNDS:-10}
DURATION=${BENCH_DURATION:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
THREADS=${BENCH_THREADS:-2}
WORKERS=${BENCH_WORKERS:-4}
CLI_BATCH=${BENCH_CLI_BATCH:-2000}
CLI_ROUNDS=${BENCH_CLI_ROUNDS:-30}
CPU_ROUNDS=${BENCH_CPU_ROUNDS:-5}
VARIANTS=(noemit floor ext phpredis predis)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# --- packages ------------------------------------------------------------------------------------
ensure_packages() {
    local missing=() extdir
    command -v php >/dev/null || missing+=(php8.2-cli)
    command -v php-fpm8.2 >/dev/null || [ -x /usr/sbin/php-fpm8.2 ] || missing+=(php8.2-fpm)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v redis-cli >/dev/null || missing+=(redis-tools)
    command -v pgrep >/dev/null || missing+=(procps)
    if command -v php >/dev/null; then
        extdir=$(php -n -r 'echo ini_get("extension_dir");')
        [ -f "$extdir/opcache.so" ] || missing+=(php8.2-opcache)
        [ -f "$extdir/redis.so" ] || missing+=(php-redis)
        [ -f "$extdir/msgpack.so" ] || missing+=(php-msgpack)
        [ -f "$extdir/igbinary.so" ] || missing+=(php-igbinary)
    else
        missing+=(php8.2-opcache php-redis php-msgpack php-igbinary)
    fi
    [ -f /usr/share/php/Predis/Autoloader.php ] || missing+=(php-predis)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        [ "$(id -u)" = 0 ] || die "need root (or sudo) to apt-get install ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# --- the extension ---------------------------------------------------------------------------------
ensure_extension() {
    local so="$ROOT/modules/socketio.so"
    if [ ! -f "$so" ] || [ -n "$(find "$ROOT/src" "$ROOT/crates" "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" \
        -newer "$so" \( -name '*.rs' -o -name 'Cargo.*' \) -print -quit 2>/dev/null)" ]; then
        log "building the extension (make build)"
        make -C "$ROOT" build >&2
    fi
    [ -f "$so" ] || die "$so missing after make build"
    SO="$so"
}

# --- helpers ---------------------------------------------------------------------------------------
free_port() {
    php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}

wait_for() { # wait_for <description> <command...>
    local what=$1; shift
    for _ in $(seq 1 200); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.05
    done
    die "$what did not come up; logs in $TMP"
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}

PHPX() { PHP_INI_SCAN_DIR= php -c "$TMP/php.ini" "$@"; }

http_get() { # http_get <path> -> body; fails unless 200
    PHPX -r '$b = @file_get_contents($argv[1]); $s = $http_response_header[0] ?? "no response";
             if ($b === false || !str_contains($s, " 200 ")) { fwrite(STDERR, "$s\n$b\n"); exit(1); } echo $b;' \
        "http://127.0.0.1:$NGINX_PORT/$1"
}

# --- setup -------------------------------------------------------------------------------------------
ensure_packages
ensure_extension
FPM_BIN=$(command -v php-fpm8.2 || echo /usr/sbin/php-fpm8.2)
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
EXTDIR=$(php -n -r 'echo ini_get("extension_dir");')

TMP=$(mktemp -d /tmp/socketio-bench.XXXXXX)
trap cleanup EXIT
mkdir -p "$TMP/app" "$TMP/nginx"
REDIS_PORT=$(free_port)
NGINX_PORT=$(free_port)

log "redis-server on 127.0.0.1:$REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$TMP" --logfile "$TMP/redis.log" &
REDIS_PID=$!
PIDS+=($REDIS_PID)
wait_for redis-server redis-cli -p "$REDIS_PORT" ping

# One php.ini for the pool and the CLI loop; PHP_INI_SCAN_DIR= keeps the system's conf.d out, so
# the machine's own PHP setup cannot change what is measured. igbinary and msgpack load before
# redis because Debian's phpredis is built against them.
cat >"$TMP/php.ini" <<EOF
zend_extension=$EXTDIR/opcache.so
extension=$EXTDIR/igbinary.so
extension=$EXTDIR/msgpack.so
extension=$EXTDIR/redis.so
extension=$SO
opcache.enable=1
opcache.enable_cli=0
opcache.memory_consumption=64
opcache.validate_timestamps=0
memory_limit=128M
display_errors=0
log_errors=1
error_log=$TMP/php-errors.log
EOF

cp "$BENCH"/app/*.php "$TMP/app/"
PHPX -r '
    require $argv[1] . "/common.php";
    $packed = msgpack_pack(emitter_message(build_post()));
    $src = file_get_contents($argv[2]);
    file_put_contents($argv[1] . "/floor.php", str_replace("/*PACKED_MESSAGE*/", var_export($packed, true), $src));
' "$TMP/app" "$BENCH/app/floor.php.in"

cat >"$TMP/fpm.conf" <<EOF
[global]
pid = $TMP/fpm.pid
error_log = $TMP/fpm.log
daemonize = no

[bench]
user = root
group = root
listen = $TMP/fpm.sock
listen.mode = 0666
listen.backlog = 511
pm = static
pm.max_children = $WORKERS
pm.max_requests = 0
catch_workers_output = yes
EOF

log "php-fpm ($WORKERS workers, opcache on) + nginx on 127.0.0.1:$NGINX_PORT"
PHP_INI_SCAN_DIR= "$FPM_BIN" -c "$TMP/php.ini" -y "$TMP/fpm.conf" -F -R &
FPM_PID=$!
PIDS+=($FPM_PID)
wait_for php-fpm test -S "$TMP/fpm.sock"

cat >"$TMP/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    proxy_temp_path $TMP/nginx/proxy;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/app;
        location ~ \.php\$ {
            fastcgi_pass unix:$TMP/fpm.sock;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_param SCRIPT_NAME \$fastcgi_script_name;
            fastcgi_param REQUEST_METHOD \$request_method;
            fastcgi_param QUERY_STRING \$query_string;
            fastcgi_param REQUEST_URI \$request_uri;
            fastcgi_param SERVER_PROTOCOL \$server_protocol;
            fastcgi_param REMOTE_ADDR \$remote_addr;
            fastcgi_param SERVER_NAME \$server_name;
            fastcgi_param SERVER_PORT \$server_port;
            fastcgi_param REDIS_PORT $REDIS_PORT;
        }
    }
}
EOF
"$NGINX_BIN" -p "$TMP/nginx" -c "$TMP/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
PIDS+=($NGINX_PID)
wait_for nginx tcp_open "$NGINX_PORT"

# --- preflight: every endpoint answers, and does what its name says ------------------------------------
INFO=$(http_get info.php) || die "info.php failed"
log "pool: $INFO"
PHPX -r '$i = json_decode($argv[1], true);
    if (!$i["opcache"] || $i["scanned"] !== false || count($i["extensions"]) !== 3) { fwrite(STDERR, "unexpected pool setup\n"); exit(1); }' "$INFO" \
    || die "php-fpm does not run with the bench php.ini (see above)"
for v in "${VARIANTS[@]}"; do
    body=$(http_get "$v.php") || die "$v.php failed: see $TMP/php-errors.log"
    case "$body" in *'"ok":true'*) ;; *) die "$v.php answered: $body" ;; esac
done

# Redis's own counters, per request: proves the floor sends no ECHO, phpredis sends one, Predis
# connects every time, and the extension publishes once on a reused connection.
printf '\nRedis commands per request (100 sequential requests each, after warm-up):\n' >"$TMP/preflight.txt"
printf '  %-10s %8s %8s %12s\n' variant PUBLISH ECHO connections >>"$TMP/preflight.txt"
for v in "${VARIANTS[@]}"; do
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    PHPX -r 'for ($i = 0; $i < 100; $i++) file_get_contents($argv[1]);' "http://127.0.0.1:$NGINX_PORT/$v.php"
    stats=$(redis-cli -p "$REDIS_PORT" info all)
    pub=$(sed -n 's/^cmdstat_publish:calls=\([0-9]*\).*/\1/p' <<<"$stats")
    echo_=$(sed -n 's/^cmdstat_echo:calls=\([0-9]*\).*/\1/p' <<<"$stats")
    conns=$(sed -n 's/^total_connections_received:\([0-9]*\).*/\1/p' <<<"$stats" | tr -d '\r')
    # minus 1: the redis-cli connection that reads these counters
    awk -v v="$v" -v p="${pub:-0}" -v e="${echo_:-0}" -v c="${conns:-1}" \
        'BEGIN { printf "  %-10s %8.2f %8.2f %12.2f\n", v, p/100, e/100, (c-1)/100 }' >>"$TMP/preflight.txt"
done

# CPU time per request of each server process group, from /proc/<pid>/schedstat (nanoseconds on
# CPU). Other load on the machine stretches wall time, not these, so they show what each variant
# costs even when req/s is noisy.
sched_ns() { # sched_ns <pid...> -> total ns on CPU
    local total=0 pid v
    for pid in "$@"; do
        read -r v _ <"/proc/$pid/schedstat" 2>/dev/null || v=0
        total=$((total + v))
    done
    echo "$total"
}
FPM_WORKERS=$(pgrep -P "$FPM_PID" | tr '\n' ' ')
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | tr '\n' ' ')
# Interleaved like (a), 5 rounds x 2 s, wrk with as many connections as the pool has workers.
log "server CPU per request: $CPU_ROUNDS rounds x 2 s per variant"
: >"$TMP/cpu.tsv"
for ((r = 0; r < CPU_ROUNDS; r++)); do
    for ((k = 0; k < ${#VARIANTS[@]}; k++)); do
        v=${VARIANTS[$(((r + k) % ${#VARIANTS[@]}))]}
        # shellcheck disable=SC2086
        p0=$(sched_ns $FPM_WORKERS); n0=$(sched_ns $NGINX_WORKERS); r0=$(sched_ns "$REDIS_PID")
        reqs=$(wrk -t1 -c"$WORKERS" -d2s "http://127.0.0.1:$NGINX_PORT/$v.php" | awk '/requests in/ { print $1 }')
        # shellcheck disable=SC2086
        p1=$(sched_ns $FPM_WORKERS); n1=$(sched_ns $NGINX_WORKERS); r1=$(sched_ns "$REDIS_PID")
        printf '%d\t%s\t%s\t%s\t%s\t%s\n' "$r" "$v" "$reqs" $((p1 - p0)) $((n1 - n0)) $((r1 - r0)) >>"$TMP/cpu.tsv"
    done
done

# --- (a) php-fpm + nginx + wrk -----------------------------------------------------------------------
run_wrk() { # run_wrk <variant> <seconds> -> "req/s<TAB>failed requests"
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${2}s" "http://127.0.0.1:$NGINX_PORT/$1.php")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        log "$1: $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ';')"
    fi
    awk '
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { err += $NF }
        /Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
        END { printf "%s\t%d\n", rps, err }' <<<"$out"
}

log "warm-up: 2 s per variant"
for v in "${VARIANTS[@]}"; do run_wrk "$v" 2 >/dev/null; done

: >"$TMP/fpm.tsv"
n=${#VARIANTS[@]}
for ((r = 0; r < ROUNDS; r++)); do
    line="round $((r + 1))/$ROUNDS:"
    # Rotated order each round, so no variant always runs first or right after the same one.
    for ((k = 0; k < n; k++)); do
        v=${VARIANTS[$(((r + k) % n))]}
        res=$(run_wrk "$v" "$DURATION")
        printf '%d\t%s\t%s\n' "$r" "$v" "$res" >>"$TMP/fpm.tsv"
        line+=" $v=$(cut -f1 <<<"$res")"
    done
    log "$line"
done

# --- (b) warm CLI loop -----------------------------------------------------------------------------------
log "warm CLI loop: $CLI_ROUNDS x $CLI_BATCH emits per variant"
PHPX "$BENCH/cli_loop.php" "$REDIS_PORT" "$CLI_BATCH" "$CLI_ROUNDS" >"$TMP/cli.json"

# --- report -------------------------------------------------------------------------------------------------
{
    echo "socketio emit benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
        "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
    echo "Software: $(redis-server --version | sed 's/ sha=.*//'), PHP $(php -n -r 'echo PHP_VERSION;')" \
        "(php-fpm, opcache), $("$NGINX_BIN" -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}')"
    echo "Clients: socketio $(PHPX -r 'echo phpversion("socketio");'), phpredis $(PHPX -r 'echo phpversion("redis");')," \
        "msgpack $(PHPX -r 'echo phpversion("msgpack");'), Predis $(PHPX -r 'require "/usr/share/php/Predis/Autoloader.php"; Predis\Autoloader::register(); echo Predis\Client::VERSION;')"
    echo "Setup: nginx 1 worker, php-fpm pm=static max_children=$WORKERS, wrk -t$THREADS -c$CONNECTIONS," \
        "$ROUNDS rounds x ${DURATION} s per variant, round-robin; Redis, nginx, php-fpm and wrk share the machine;" \
        "no Socket.IO server subscribed"
    cat "$TMP/preflight.txt"
    PHPX "$BENCH/summarize.php" "$TMP/fpm.tsv" "$TMP/cli.json" "$TMP/cpu.tsv"
} | tee "$TMP/report.txt"

mkdir -p "$ROOT/.run"
cp "$TMP/report.txt" "$ROOT/.run/bench-report.txt"
log "report saved to .run/bench-report.txt"
