# Shared by the packaging tests (sourced): counted checks, a private redis-server, and the two
# ways a test shows an installed extension working.
#
# Each test closes with "<suite>: N passed, M failed, 0 skipped", the line tests/run-all.sh reads.

source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
ROOT=$PACKAGING_ROOT
pass=0
fail=0

# check NAME CMD...: runs CMD with its output streamed, counts it as passed or failed.
check() {
  local name=$1
  shift
  echo "--- $name"
  if "$@"; then
    echo "ok   $name"
    pass=$((pass + 1))
  else
    echo "FAIL $name"
    fail=$((fail + 1))
  fi
}

# summary SUITE: the closing line; exit status 1 when anything failed or nothing ran.
summary() {
  echo "$1: $pass passed, $fail failed, 0 skipped"
  ((fail == 0 && pass > 0))
}

# start_redis DIR: a private redis-server on a free port; sets REDIS_PORT and REDIS_PID.
start_redis() {
  local dir=$1 try i
  for try in 1 2 3 4 5; do
    REDIS_PORT=$(php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);')
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
      --logfile "$dir/redis.log" --daemonize no &
    REDIS_PID=$!
    for ((i = 0; i < 100; i++)); do
      [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && return 0
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.05
    done
    kill "$REDIS_PID" 2>/dev/null
    wait "$REDIS_PID" 2>/dev/null
    REDIS_PID=
  done
  echo "could not start redis-server" >&2
  return 1
}

stop_redis() {
  if [[ -n ${REDIS_PID:-} ]]; then
    kill "$REDIS_PID" 2>/dev/null
    wait "$REDIS_PID" 2>/dev/null
    REDIS_PID=
  fi
}

# loads_socketio PHP_ARGS...: `php ARGS --ri socketio` says the extension is enabled, at the
# version Cargo.toml declares.
loads_socketio() {
  local out
  out=$("$@" --ri socketio 2>&1) || { echo "$out"; return 1; }
  echo "$out" | head -n 4
  grep -q '^socketio support => enabled$' <<<"$out" && grep -q "^Version => $(package_version)\$" <<<"$out"
}

# emit_reaches_spy LABEL PHP_ARGS...: with a private Redis, a subscriber (redis-cli) on the
# namespace channel, then `php ARGS` emits one event; the subscriber must receive it, once.
emit_reaches_spy() {
  local label=$1 dir spy_pid i ok=1
  shift
  dir=$(mktemp -d)
  start_redis "$dir" || { rm -rf "$dir"; return 1; }
  redis-cli -p "$REDIS_PORT" subscribe 'socket.io#/#' >"$dir/spy.out" 2>&1 &
  spy_pid=$!
  # Emit only once the subscription is in place (PUBSUB NUMSUB counts it), or it could be missed.
  for ((i = 0; i < 200; i++)); do
    [[ $(redis-cli -p "$REDIS_PORT" pubsub numsub 'socket.io#/#' | tail -n 1) == 1 ]] && break
    sleep 0.05
  done
  if "$@" -r '$io = new SocketIO\Emitter($argv[1]); $io->emit("packaging_check", $argv[2]); echo "emitted\n";' \
    "redis://127.0.0.1:$REDIS_PORT" "$label"; then
    # Bounded wait for the delivery (pub/sub is asynchronous to the publisher).
    for ((i = 0; i < 200; i++)); do
      grep -q "$label" "$dir/spy.out" && break
      sleep 0.05
    done
    echo "subscriber received:"
    tr -c '[:print:]\n' '.' <"$dir/spy.out" | sed 's/^/  /'
    [[ $(grep -c "packaging_check" "$dir/spy.out") == 1 && $(grep -c "$label" "$dir/spy.out") == 1 ]] && ok=0
  fi
  kill "$spy_pid" 2>/dev/null
  wait "$spy_pid" 2>/dev/null
  stop_redis
  rm -rf "$dir"
  return "$ok"
}

# demo_with SO [PHP]: scripts/demo.sh with that extension file (and that PHP; default php): a private Redis, the official Socket.IO
# server and adapter, a socket.io-client in two rooms; PHP emits and the client must receive it
# exactly once.
demo_with() {
  PHP=${2:-php} SOCKETIO_SO=$1 bash "$ROOT/scripts/demo.sh"
}


# host_traces: everything of socketio the host PHP has outside the package database: conf.d
# links, phpenmod's state and registry, the files themselves (uses the caller's $php_version and
# $ext_dir).
host_traces() {
  find /etc/php/"$php_version" /var/lib/php/modules/"$php_version" "$ext_dir" \
    -name '*socketio*' 2>/dev/null | sort
}

# host_lock: the tests that install into the host PHP (the .deb, the README's archive one-liner)
# take turns, across checkouts too.
host_lock() {
  exec 8>"${TMPDIR:-/tmp}/socketio-host-php.lock"
  flock 8
}

# run_tests_php PHP_CONFIG: PHP's run-tests.php for that installation (Debian keeps it in the
# extension API dir's build/, a source install in lib/php/build/, a source install with Debian's
# patches in lib/php/<API>/build/).
run_tests_php() {
  local f
  for f in "$("$1" --extension-dir)/build/run-tests.php" \
    "$("$1" --prefix)/lib/php/build/run-tests.php" \
    "$("$1" --prefix)/lib/php/$("$1" --phpapi)/build/run-tests.php"; do
    [[ -f $f ]] && { echo "$f"; return 0; }
  done
  echo "run-tests.php not found for $1" >&2
  return 1
}

# phpt_with PHP_CONFIG SO: the whole phpt suite (php-tests/run.sh) with that PHP and extension file.
phpt_with() {
  local rt
  rt=$(run_tests_php "$1") || return 1
  PHP=$(php_of "$1") RUN_TESTS=$rt SO=$2 bash "$ROOT/php-tests/run.sh" 2>&1 | tail -n 3
  return "${PIPESTATUS[0]}"
}
