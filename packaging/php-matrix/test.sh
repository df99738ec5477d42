#!/usr/bin/env bash
# The PHP matrix: the extension built and tested on every PHP besides the host's 8.2 NTS.
#
#   packaging/php-matrix/test.sh NAME      one PHP; closes with "NAME: N passed, M failed, K skipped"
#   packaging/php-matrix/test.sh --list    the names, one a line (what tests/run-all.sh loops over)
#   packaging/php-matrix/test.sh --php-config NAME   prepares that PHP, prints its php-config
#
#   php8.4-nts   Debian's PHP 8.4 (trixie), in a trixie chroot          (trixie-chroot.sh)
#   php8.5-nts   Debian's PHP 8.5 (experimental), in the same chroot
#   php8.2-zts   PHP 8.2 built --enable-zts (+ embed) on the host from Debian's php8.2 source
#                package (bookworm), the PHPs with threads (fetch-source.sh, build-php.sh)
#
# Debian's archive reachable here serves the php8.4 and php8.5 *binary* packages but not their
# source packages (apt-get source fails with 404), so ZTS is built from the one PHP source package
# it serves, php8.2; see README.md (Compatibility) for what that covers.
#
# Per PHP, each a counted check: the engine constants src/php hard-codes hold for that PHP's
# headers (engine-constants.c), cargo builds the extension for it (packaging/cargo-build.sh, one
# target dir per PHP), then the counts of the whole phpt suite and of the core end-to-end tests
# (the official server/adapter/client: classic and sharded emits, batches, serverCount, tokens)
# are added in, test by test; for ZTS also the thread test (zts-threads/: requests on 8 threads of
# one process, every message intact and once, no connection used by two threads).
# Slow parts are cached under ${SOCKETIO_CACHE:-/var/cache/socketio-ci} (chroot, PHP builds,
# cargo target dirs), keyed by version and flags.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../test/lib.sh"
HERE=$ROOT/packaging/php-matrix
NAMES=(php8.4-nts php8.5-nts php8.2-zts)
# The e2e files that run on every PHP (connection.test.mjs needs php-fpm of the host's PHP).
CORE_E2E=(emitter batch cluster server-count token-interop)

php_config_of() {
  case $1 in
    php8.4-nts | php8.5-nts)
      local v=${1#php}
      v=${v%-nts}
      "$HERE/trixie-chroot.sh" >/dev/null || return 1
      [[ $v != 8.5 ]] || msgpack_in_chroot "$v" || return 1
      echo "$HERE/bin/php-config$v"
      ;;
    php8.2-zts)
      local src msgpack_src config
      src=$("$HERE/fetch-source.sh" bookworm php8.2 8.2.) || return 1
      config=$("$HERE/build-php.sh" "$src" zts) || return 1
      msgpack_src=$("$HERE/fetch-source.sh" bookworm php-msgpack 2) || return 1
      "$HERE/build-msgpack.sh" "$msgpack_src" "$(dirname "$config")/phpize" "$config" || return 1
      echo "$config"
      ;;
    *)
      echo "unknown PHP: $1 (one of: ${NAMES[*]})" >&2
      return 1
      ;;
  esac
}

# Debian has no msgpack for 8.5 yet (trixie's php-msgpack is built for 8.4): bookworm's source
# package, built inside the chroot with phpize8.5.
msgpack_in_chroot() {
  local src
  src=$("$HERE/fetch-source.sh" bookworm php-msgpack 2) || return 1
  "$HERE/bin/chroot-run" "$HERE/build-msgpack.sh" "$src" "/usr/bin/phpize$1" "/usr/bin/php-config$1"
}

case ${1:-} in
  --list)
    printf '%s\n' "${NAMES[@]}"
    exit 0
    ;;
  --php-config)
    php_config_of "$2"
    exit
    ;;
  php*) entry=$1 ;;
  *)
    echo "usage: $0 NAME | --list | --php-config NAME" >&2
    exit 2
    ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/socketio-matrix.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# add_counts LABEL PASSED FAILED: a sub-suite's own counts, each test one pass or failure.
add_counts() {
  echo "$entry $1: $2 passed, $3 failed"
  pass=$((pass + $2))
  fail=$((fail + $3))
}

echo "=== $entry: preparing the PHP (cached after the first run)"
php_config=$(php_config_of "$entry")
check "$entry: PHP is there ($php_config)" test -n "$php_config"
if [[ -z $php_config ]]; then
  summary "$entry"
  exit 1
fi
php=$(php_of "$php_config")
"$php" -n -v

ts_ok() {
  local want=${entry##*-} zts
  zts=$("$php" -n -r 'echo PHP_ZTS ? "zts" : "nts";')
  echo "PHP_ZTS says $zts"
  [[ $zts == "$want" ]]
}
check "$entry: the PHP is ${entry##*-} ($("$php" -n -r 'echo PHP_VERSION;'))" ts_ok

engine_constants() {
  local inc
  inc=$("$php_config" --include-dir)
  # shellcheck disable=SC2046 # --includes is a list of flags
  gcc -fsyntax-only -Werror -Wall $("$php_config" --includes) "$HERE/engine-constants.c" || return 1
  # Code, not constants: an enum case's name and value are its property slots 0 and 1
  # (src/php/convert.rs); php_log_err() is php_log_err_with_severity(msg, LOG_NOTICE) (error_log.rs).
  grep -A4 'zend_enum_fetch_case_name(zend_object' "$inc/Zend/zend_enum.h" | grep -q 'OBJ_PROP_NUM(zobj, 0)' &&
    grep -A4 'zend_enum_fetch_case_value(zend_object' "$inc/Zend/zend_enum.h" | grep -q 'OBJ_PROP_NUM(zobj, 1)' &&
    grep -q 'define php_log_err(msg) php_log_err_with_severity(msg, LOG_NOTICE)' "$inc/main/php.h"
}
check "$entry: the engine constants src/php hard-codes hold for PHP API $("$php_config" --phpapi)" engine_constants

so=$tmp/socketio.so
check "$entry: cargo builds the extension (packaging/cargo-build.sh)" "$ROOT/packaging/cargo-build.sh" "$php_config" "$so"
if [[ ! -f $so ]]; then
  summary "$entry"
  exit 1
fi
check "$entry: php -n -d extension=... --ri socketio" loads_socketio "$php" -n -d "extension=$so"

# phpt: php-tests/run.sh closes with "phpt: N passed, M failed".
# This PHP's own run-tests.php (php-tests/run.sh would fall back to the host's).
rt=$(run_tests_php "$php_config") || rt=/nonexistent/run-tests.php
PHP=$php RUN_TESTS=$rt SO=$so bash "$ROOT/php-tests/run.sh" >"$tmp/phpt.log" 2>&1
tail -n 30 "$tmp/phpt.log"
line=$(grep -E '^phpt: [0-9]+ passed, [0-9]+ failed$' "$tmp/phpt.log" | tail -n 1)
read -r _ p _ f _ <<<"${line//,/}"
add_counts phpt "${p:-0}" "${f:-1}"
((${p:-0} > 0)) || fail=$((fail + 1))

# record_tap-like counts of node --test's TAP summary.
tap_counts() {
  local label=$1 log=$2 p f c s
  p=$(awk '/^# pass [0-9]+$/ { print $3 }' "$log")
  f=$(awk '/^# fail [0-9]+$/ { print $3 }' "$log")
  c=$(awk '/^# cancelled [0-9]+$/ { print $3 }' "$log")
  s=$(awk '/^# (skipped|todo) [0-9]+$/ { s += $3 } END { print s + 0 }' "$log")
  add_counts "$label" "${p:-0}" $((${f:-0} + ${c:-0} + s))
  ((${p:-0} > 0)) || fail=$((fail + 1))
}

files=()
for f in "${CORE_E2E[@]}"; do files+=("test/$f.test.mjs"); done
(cd "$ROOT/e2e" && PHP=$php SOCKETIO_SO=$so node --test --test-reporter=tap "${files[@]}") >"$tmp/e2e.log" 2>&1
grep -E '^(not ok|# (pass|fail|cancelled|skipped|todo) )' "$tmp/e2e.log"
grep -q '^not ok' "$tmp/e2e.log" && grep -B2 -A30 '^not ok' "$tmp/e2e.log" | head -n 80
tap_counts "e2e (${CORE_E2E[*]})" "$tmp/e2e.log"

# `make dist` for this PHP: the archive PIE downloads for it, verified in this PHP by
# packaging/test/dist.sh (checksum, layout, --ri, the phpt suite, an emit, the demo).
dist=$tmp/dist
SOCKETIO_PHP_CONFIGS=$php_config "$ROOT/packaging/dist.sh" "$dist" >"$tmp/dist-build.log" 2>&1
check "$entry: packaging/dist.sh writes $(pie_asset_name "$php_config")" test -f "$dist/$(pie_asset_name "$php_config")"
SOCKETIO_PHP_CONFIGS=$php_config bash "$ROOT/packaging/test/dist.sh" "$dist" >"$tmp/dist.log" 2>&1
grep -E '^(ok|FAIL) ' "$tmp/dist.log"
line=$(grep -E '^dist: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/dist.log" | tail -n 1)
read -r _ p _ f _ s _ <<<"${line//,/}"
((${f:-1} == 0)) || tail -n 40 "$tmp/dist.log"
add_counts "dist (packaging/test/dist.sh)" "${p:-0}" $((${f:-1} + ${s:-0}))
((${p:-0} > 0)) || fail=$((fail + 1))

if [[ $entry == *-zts ]]; then
  harness=$tmp/zts-harness
  build_harness() {
    local libphp
    # The embed SAPI's library: lib/php/libphp.so with Debian's patches (lib/libphp.so upstream).
    libphp=$(find "$("$php_config" --prefix)/lib" -name libphp.so | head -n 1)
    [[ -n $libphp ]] || { echo "no libphp.so: this PHP was built without --enable-embed"; return 1; }
    # shellcheck disable=SC2046 # --includes is a list of flags
    gcc -O2 -Wall -Werror $("$php_config" --includes) -o "$harness" "$HERE/zts-threads/harness.c" \
      -L"$(dirname "$libphp")" -lphp -Wl,-rpath,"$(dirname "$libphp")" -lpthread
  }
  check "$entry: the thread harness builds on the embed SAPI (libphp)" build_harness
  (cd "$ROOT/e2e" && ZTS_HARNESS=$harness SOCKETIO_SO=$so node --test --test-reporter=tap \
    "$HERE/zts-threads/zts-threads.test.mjs") >"$tmp/zts.log" 2>&1
  grep -E '^(ok|not ok|# )' "$tmp/zts.log"
  grep -q '^not ok' "$tmp/zts.log" && grep -A40 '^not ok' "$tmp/zts.log" | head -n 80
  tap_counts "threads (zts-threads.test.mjs)" "$tmp/zts.log"
fi

summary "$entry"
