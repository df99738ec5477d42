#!/usr/bin/env bash
# Runs the phpt suite against the built extension with a private redis-server.
#
#   php-tests/run.sh                      # every php-tests/*.phpt, extension modules/socketio.so
#   SO=target/debug/libsocketio.so php-tests/run.sh php-tests/010-values.phpt
#
# run-tests.php exits 0 when every test is skipped or none is found, so success here is decided
# from the per-test results (-W): at least one test, and every single one PASSED.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SO=${SO:-$ROOT/modules/socketio.so}
case $SO in /*) ;; *) SO=$PWD/$SO ;; esac
PHP=${PHP:-php}
RUN_TESTS=${RUN_TESTS:-/usr/lib/php/20220829/build/run-tests.php}
REDIS_SERVER=${REDIS_SERVER:-redis-server}

if [[ ! -f $SO ]]; then
    echo "phpt: extension not found at $SO (run make build, or set SO=)" >&2
    echo "phpt: 0 passed, 1 failed"
    exit 1
fi

TMP=$(mktemp -d)
REDIS_PID=
cleanup() {
    if [[ -n $REDIS_PID ]]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    "$PHP" -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}

# Another process may grab the port between our probe and redis binding it: retry.
for _ in 1 2 3 4 5; do
    PORT=$(free_port)
    # DEBUG SLEEP (041: a busy server) needs the debug command, from loopback only.
    "$REDIS_SERVER" --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$TMP" --logfile "$TMP/redis.log" --daemonize no --enable-debug-command local &
    REDIS_PID=$!
    for _ in $(seq 1 100); do
        if "$PHP" -n -r '$s = @stream_socket_client("tcp://127.0.0.1:" . $argv[1], $e, $m, 0.2);
                if (!$s) exit(1); fwrite($s, "PING\r\n"); exit(fgets($s) === "+PONG\r\n" ? 0 : 1);' "$PORT"; then
            break 2
        fi
        kill -0 "$REDIS_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=
done
if [[ -z $REDIS_PID ]]; then
    echo "phpt: could not start redis-server" >&2
    cat "$TMP/redis.log" >&2 || true
    echo "phpt: 0 passed, 1 failed"
    exit 1
fi

export SOCKETIO_TEST_REDIS="redis://127.0.0.1:$PORT"
export SOCKETIO_TEST_SO=$SO
# A Rust panic's backtrace on stderr would end up in the compared output.
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
export NO_INTERACTION=1

if [[ $# -gt 0 ]]; then TESTS=("$@"); else TESTS=("$ROOT/php-tests/"); fi

RESULTS=$TMP/results.txt
set +e
"$PHP" "$RUN_TESTS" -q --no-color -n -W "$RESULTS" -d "extension=$SO" "${TESTS[@]}" >"$TMP/out.txt" 2>&1
STATUS=$?
set -e

# The summary block run-tests prints (from the rule above "Number of tests"), with the list of
# failures when there are any.
START=$(grep -n '^Number of tests' "$TMP/out.txt" | tail -n 1 | cut -d: -f1 || true)
if [[ -n $START ]]; then
    tail -n "+$((START - 1))" "$TMP/out.txt"
fi
if [[ ! -s $RESULTS ]]; then
    # Nothing ran: show all of run-tests' output, it says why.
    cat "$TMP/out.txt"
fi

TOTAL=$(grep -c . "$RESULTS" 2>/dev/null || true)
PASSED=$(grep -c '^PASSED	' "$RESULTS" 2>/dev/null || true)
TOTAL=${TOTAL:-0}
PASSED=${PASSED:-0}
FAILED=$((TOTAL - PASSED))
if [[ $FAILED -gt 0 ]]; then
    grep -v '^PASSED	' "$RESULTS" | sed 's/^/  /'
fi
if [[ $TOTAL -eq 0 ]]; then
    FAILED=1
    echo "phpt: no test ran"
fi
echo "phpt: $PASSED passed, $FAILED failed"
if [[ $FAILED -gt 0 || $STATUS -ne 0 ]]; then
    exit 1
fi
