#!/usr/bin/env bash
# The prebuilt archives of `make dist`, each checked as a user of that PHP would get it:
#
#   packaging/test/dist.sh [DIR]
#
# With DIR (what `make dist` passes), the archives already there; without, packaging/dist.sh
# builds them into a temp dir first. For every PHP (common.sh php_configs) its archive must exist
# under the name PIE computes for that PHP, match its .sha256, hold socketio.so at its root, and,
# extracted into an empty dir and loaded into that PHP with `php -n -d extension=...` (no ini, no
# other extension), pass --ri, the whole phpt suite, an emit to a subscriber and the demo.
#
# Without DIR (the test suite), then the README's archive one-liner, run verbatim for the PHP on
# PATH: it installs into the host PHP, so it holds the host lock and always removes what it
# added, whatever happens. `make dist` (DIR given) leaves the host alone.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/socketio-dist-test.XXXXXX")
host_files=()
cleanup() {
  local f
  for f in "${host_files[@]}"; do rm -f "$f"; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if (($# > 0)); then
  dist=$(cd "$1" && pwd)
else
  dist=$tmp/dist
  check "packaging/dist.sh builds the archives" "$ROOT/packaging/dist.sh" "$dist"
fi

at_root() {
  local list
  list=$(tar -tzf "$1") || return 1
  echo "$list"
  grep -qx socketio.so <<<"$list"
}

mapfile -t configs < <(php_configs)
for php_config in "${configs[@]}"; do
  php=$(php_of "$php_config")
  # The name from PIE's rule, spelled out here from this PHP's own constants.
  expected=$("$php" -n -r 'echo "php_socketio-", $argv[1], "_php", PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION,
      "-x86_64-linux-glibc", PHP_DEBUG ? "-debug" : "", PHP_ZTS ? "-zts" : "", ".tgz";' "$(package_version)")
  archive=$dist/$expected
  echo "=== $expected (for $php_config)"
  check "$expected: exists" test -f "$archive"
  check "$expected: sha256sum -c" bash -c "cd '$dist' && sha256sum -c '$expected.sha256'"
  check "$expected: socketio.so at the root" at_root "$archive"
  clean=$tmp/$expected.d
  mkdir -p "$clean"
  tar -xzf "$archive" -C "$clean" socketio.so
  so=$clean/socketio.so
  check "$expected: php -n -d extension=<extracted> --ri socketio" loads_socketio "$php" -n -d "extension=$so"
  check "$expected: phpt suite with the extracted extension" phpt_with "$php_config" "$so"
  check "$expected: emit reaches a subscriber" emit_reaches_spy "archive-$expected" "$php" -n -d "extension=$so"
  check "$expected: demo (Socket.IO server and client) with it" demo_with "$so" "$php"
done

# The README's one-liner (the line that starts with `tar -xzf php_socketio-`), verbatim, in the
# dist dir, for the PHP on PATH: its archive name must be this PHP's, and it must leave the
# extension loaded by plain `php` (the ini in PHP's scan dir), working.
readme_one_liner() {
  local line ext_dir scan_dir
  line=$(grep -E '^tar -xzf php_socketio-' "$ROOT/README.md")
  echo "README: $line"
  [[ $(grep -c . <<<"$line") == 1 ]] || return 1
  grep -qF "tar -xzf $(pie_asset_name "$(command -v php-config)") " <<<"$line" || {
    echo "the README names another archive than $(pie_asset_name "$(command -v php-config)")"
    return 1
  }
  ext_dir=$(php-config --extension-dir)
  scan_dir=$(php -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')
  host_lock
  if [[ -e $ext_dir/socketio.so || -n $(compgen -G "$scan_dir/*socketio*") ]]; then
    echo "the host PHP already has socketio ($ext_dir/socketio.so or $scan_dir/*socketio*): remove it first"
    return 1
  fi
  host_files=("$ext_dir/socketio.so" "$scan_dir/20-socketio.ini")
  (cd "$dist" && eval "$line") || return 1
  loads_socketio php && emit_reaches_spy "readme-one-liner" php
}
if (($# == 0)); then
  check "README one-liner installs the archive into the PHP on PATH" readme_one_liner
fi

summary dist
