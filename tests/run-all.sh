#!/usr/bin/env bash
# Runs every test suite and closes with one line "N passed, M failed" over all of them.
#
# Exit codes lie by omission (a suite that skips everything, or runs nothing, still exits 0), so
# each suite is judged by the counts it prints. M counts failed tests, plus skipped/ignored tests
# and one for every suite that crashed or ran zero tests: none of those proves anything.
#
# Needs modules/socketio.so (make build) and e2e/node_modules (npm ci); `make test` does both.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SOCKETIO_SO="${SOCKETIO_SO:-$ROOT/modules/socketio.so}"
LOGDIR="$(mktemp -d "${TMPDIR:-/tmp}/socketio-tests.XXXXXX")"
trap 'rm -rf "$LOGDIR"' EXIT

total_pass=0
total_fail=0
summaries=()

# record NAME PASSED FAILED SKIPPED EXIT_CODE
record() {
  local name=$1 pass=$2 fail=$3 skip=$4 rc=$5 note=""
  local bad=$((fail + skip))
  if ((pass + fail + skip == 0)); then
    note=" (ran no tests)"
    bad=$((bad + 1))
  elif ((rc != 0 && fail == 0)); then
    note=" (exit code $rc without a failed test)"
    bad=$((bad + 1))
  fi
  ((skip > 0)) && note+=" ($skip skipped)"
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + bad))
  summaries+=("$(printf '%-7s %5d passed, %d failed, %d skipped%s' "$name" "$pass" "$fail" "$skip" "$note")")
}

# run NAME LOGFILE CMD...: streams the output and keeps a copy for parsing.
run() {
  local name=$1 log=$2
  shift 2
  echo
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

sum() { awk -v re="$1" '$0 ~ re { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) { s += $i; break } } END { print s + 0 }' "$2"; }

# cargo_counts NAME LOG RC: records a `cargo test` run from its "test result:" lines, e.g.
# "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
cargo_counts() {
  local name=$1 log=$2 rc=$3 pass fail skip
  pass=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{ s += $4 } END { print s + 0 }')
  fail=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | awk '{ s += $6 } END { print s + 0 }')
  skip=$(grep -Eo '[0-9]+ failed; [0-9]+ ignored' "$log" | awk '{ s += $3 } END { print s + 0 }')
  record "$name" "$pass" "$fail" "$skip" "$rc"
}

# --- Lint: rustfmt, clippy -D warnings, docs/protocol.md in sync (tests/lint.sh).
log="$LOGDIR/lint.log"
run lint "$log" tests/lint.sh
rc=$?
line=$(grep -E '^lint: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -n 1 || true)
if [[ -n "$line" ]]; then
  read -r _ pass _ fail _ skip _ <<<"${line//,/}"
  record lint "$pass" "$fail" "$skip" "$rc"
else
  record lint 0 0 0 "$rc"
fi

# --- Rust core crates (no PHP): protocol and redis.
log="$LOGDIR/cargo.log"
run cargo "$log" cargo test --workspace --exclude socketio
cargo_counts cargo "$log" $?

# --- The binding crate's own unit tests (pure helpers of src/php). The test binary links without
# PHP: nothing these tests reach calls into the engine, so the linker drops every PHP reference.
log="$LOGDIR/binding.log"
run binding "$log" cargo test -p socketio
cargo_counts binding "$log" $?

# --- phpt through PHP's run-tests.php (php-tests/run.sh starts its own Redis).
log="$LOGDIR/phpt.log"
if [[ -x php-tests/run.sh || -f php-tests/run.sh ]]; then
  run phpt "$log" bash php-tests/run.sh
  rc=$?
  # run.sh closes with "phpt: N passed, M failed", counted from run-tests.php's per-test results
  # (anything but PASSED, skips included, is in M). Without it, run-tests.php's own summary.
  line=$(grep -E '^phpt: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
  if [[ -n "$line" ]]; then
    read -r _ pass _ fail _ <<<"${line//,/}"
    skip=0
  else
    # "Tests passed    :   10 (100.0%) (100.0%)"
    pass=$(sum '^Tests passed +:' "$log")
    fail=$(($(sum '^Tests failed +:' "$log") + $(sum '^Tests warned +:' "$log") + $(sum '^Tests borked +:' "$log") + $(sum '^Tests leaked +:' "$log")))
    skip=$(($(sum '^Tests skipped +:' "$log") + $(sum '^Expected fail +:' "$log")))
  fi
  record phpt "$pass" "$fail" "$skip" "$rc"
else
  echo "=== phpt: php-tests/run.sh is missing"
  record phpt 0 0 0 1
fi

# record_tap NAME LOG EXIT_CODE: counts from node --test's TAP summary ("# pass 20", "# fail 0",
# "# cancelled 0", "# skipped 0", "# todo 0"); cancelled counts as failed, todo as skipped.
record_tap() {
  local name=$1 log=$2 rc=$3 pass fail skip
  pass=$(sum '^# pass [0-9]+$' "$log")
  fail=$(($(sum '^# fail [0-9]+$' "$log") + $(sum '^# cancelled [0-9]+$' "$log")))
  skip=$(($(sum '^# skipped [0-9]+$' "$log") + $(sum '^# todo [0-9]+$' "$log")))
  record "$name" "$pass" "$fail" "$skip" "$rc"
}

# --- End-to-end: the official Node stack against the extension. Files are listed here rather
# than passing the directory, whose meaning for --test changed across Node versions.
log="$LOGDIR/e2e.log"
mapfile -t files < <(find e2e/test -name '*.test.mjs' 2>/dev/null | sort)
if ((${#files[@]} > 0)); then
  (cd e2e && run e2e "$log" node --test --test-reporter=tap "${files[@]#e2e/}")
  record_tap e2e "$log" $?
else
  echo "=== e2e: no e2e/test/*.test.mjs"
  record e2e 0 0 0 1
fi

# --- Framework integrations (CodeIgniter 4 module on a stand-in, CodeIgniter 3 library on the real
# framework), on the same Node test runner and e2e/lib helpers.
log="$LOGDIR/integ.log"
mapfile -t files < <(find integrations -path '*/tests/*.test.mjs' 2>/dev/null | sort)
if ((${#files[@]} > 0)); then
  run integ "$log" node --test --test-reporter=tap "${files[@]}"
  record_tap integ "$log" $?
else
  echo "=== integ: no integrations/*/tests/*.test.mjs"
  record integ 0 0 0 1
fi

# --- Redis 8 and Valkey 9 (tests/servers/): built from Debian's source packages on first use
# (cached under /var/cache/socketio-ci/servers), then the core end-to-end files, the
# socketio-redis crate's tests and the phpt suite against each. The host's Redis 7 runs every
# suite above.
for server in redis8 valkey9; do
  log="$LOGDIR/e2e-$server.log"
  run "e2e-$server" "$log" tests/servers/run.sh "$server" e2e
  record_tap "e2e-$server" "$log" $?
  log="$LOGDIR/cargo-$server.log"
  run "cargo-$server" "$log" tests/servers/run.sh "$server" cargo
  cargo_counts "cargo-$server" "$log" $?
  log="$LOGDIR/phpt-$server.log"
  run "phpt-$server" "$log" tests/servers/run.sh "$server" phpt
  rc=$?
  line=$(grep -E '^phpt: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
  if [[ -n "$line" ]]; then
    read -r _ pass _ fail _ <<<"${line//,/}"
    record "phpt-$server" "$pass" "$fail" 0 "$rc"
  else
    record "phpt-$server" 0 0 0 "$rc"
  fi
done

# --- Packaging (packaging/test/): the phpize build from a bare copy of the tree, the make dist
# archives in a clean PHP, the Debian package installed with apt and purged (needs root). Each
# closes with "<name>: N passed, M failed, K skipped".
for suite in phpize dist deb install; do
  log="$LOGDIR/$suite.log"
  run "$suite" "$log" bash "packaging/test/$suite.sh"
  rc=$?
  line=$(grep -E "^$suite: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" "$log" | tail -n 1 || true)
  if [[ -n "$line" ]]; then
    read -r _ pass _ fail _ skip _ <<<"${line//,/}"
    record "$suite" "$pass" "$fail" "$skip" "$rc"
  else
    record "$suite" 0 0 0 "$rc"
  fi
done

# --- The PHP matrix (packaging/php-matrix/test.sh): per PHP besides the host's 8.2 NTS (Debian's
# 8.4 and 8.5 NTS in a trixie chroot, 8.2 ZTS built from Debian's source), the extension built,
# the phpt suite, the core e2e tests, its make dist archive, and for ZTS the thread test. Each
# closes with "<name>: N passed, M failed, K skipped".
for suite in $(packaging/php-matrix/test.sh --list); do
  log="$LOGDIR/$suite.log"
  run "$suite" "$log" bash packaging/php-matrix/test.sh "$suite"
  rc=$?
  line=$(grep -E "^$suite: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" "$log" | tail -n 1 || true)
  if [[ -n "$line" ]]; then
    read -r _ pass _ fail _ skip _ <<<"${line//,/}"
    record "$suite" "$pass" "$fail" "$skip" "$rc"
  else
    record "$suite" 0 0 0 "$rc"
  fi
done

echo
echo "=== summary"
printf '%s\n' "${summaries[@]}"
echo "$total_pass passed, $total_fail failed"
((total_fail == 0))
