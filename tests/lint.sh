#!/usr/bin/env bash
# The lint suite: checks that gate `make test` like tests do, each counted as one test.
#   fmt           cargo fmt --check (rustfmt.toml: 120 columns)
#   clippy        cargo clippy --workspace --all-targets -- -D warnings, with the workspace lints of
#                 Cargo.toml (undocumented unsafe blocks and unsafe ops in unsafe fns are errors)
#   protocol-doc  docs/protocol.md is identical to the shared original it is copied from
# Closes with "lint: N passed, M failed, K skipped"; a check that could not run is skipped, never
# passed (tests/run-all.sh counts skips as failures).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# docs/protocol.md is a copy of the project's shared protocol document, which lives beside the
# clone (CI puts a copy of shared/ next to its fresh clone). SOCKETIO_SHARED_DIR names it elsewhere
# (e.g. from a git worktree that is not beside shared/).
SHARED_DIR="${SOCKETIO_SHARED_DIR:-$ROOT/../shared}"

pass=0
fail=0
skip=0

# check NAME CMD...: runs CMD with its output streamed, counts it as passed or failed.
check() {
  local name=$1
  shift
  echo "--- lint $name: $*"
  if "$@"; then
    echo "ok   $name"
    pass=$((pass + 1))
  else
    echo "FAIL $name"
    fail=$((fail + 1))
  fi
}

check fmt cargo fmt --all --check
check clippy cargo clippy --workspace --all-targets --keep-going -- -D warnings

reference="$SHARED_DIR/docs/protocol.md"
if [[ -f "$reference" ]]; then
  check protocol-doc diff -u "$reference" docs/protocol.md
else
  echo "--- lint protocol-doc"
  echo "SKIP protocol-doc: docs/protocol.md was NOT compared, $reference does not exist" \
    "(set SOCKETIO_SHARED_DIR to the shared/ folder)"
  skip=$((skip + 1))
fi

echo "lint: $pass passed, $fail failed, $skip skipped"
((fail + skip == 0))
