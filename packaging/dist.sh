#!/usr/bin/env bash
# `make dist`: one prebuilt archive per PHP, named as PIE looks for it (common.sh pie_asset_name):
#
#   dist/php_socketio-<version>_php<X.Y>-x86_64-linux-glibc[-zts].tgz   socketio.so, LICENSE
#   dist/<same>.tgz.sha256                                               `sha256sum -c` reads it
#
#   packaging/dist.sh [OUT_DIR]          (default dist/)
#
# The PHPs: every versioned php-config on PATH, or SOCKETIO_PHP_CONFIGS="php-config8.2 ..."
# (common.sh php_configs); adding a PHP version is installing its php-config. Archives are
# reproducible: fixed owner, mtime (SOURCE_DATE_EPOCH, default the last commit) and order.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$PACKAGING_ROOT

out=${1:-$ROOT/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)}
stage=$(mktemp -d "${TMPDIR:-/tmp}/socketio-dist.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mapfile -t configs < <(php_configs)
for php_config in "${configs[@]}"; do
  name=$(pie_asset_name "$php_config")
  echo "=== $name (for $php_config)"
  rm -rf "${stage:?}"/*
  "$ROOT/packaging/cargo-build.sh" "$php_config" "$stage/socketio.so"
  cp "$ROOT/LICENSE" "$stage/LICENSE"
  chmod 0644 "$stage/socketio.so" "$stage/LICENSE"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - socketio.so LICENSE |
    gzip -9n >"$out/$name.tmp"
  mv -f "$out/$name.tmp" "$out/$name"
  (cd "$out" && sha256sum "$name" >"$name.sha256")
  echo "wrote $out/$name"
  cat "$out/$name.sha256"
done
