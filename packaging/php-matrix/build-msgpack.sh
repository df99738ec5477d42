#!/usr/bin/env bash
# Builds the msgpack extension (phpt 051 makes objects with its unpacker) from Debian's php-msgpack
# source tree for one PHP, with that PHP's phpize, and installs it into that PHP's extension dir.
#
#   packaging/php-matrix/build-msgpack.sh SOURCE_DIR PHPIZE PHP_CONFIG
#
# Runs wherever that PHP is (the host for a source-built PHP; inside the trixie chroot, through
# bin/chroot-run, for Debian's 8.5). Does nothing when msgpack.so is already in the extension dir.
set -euo pipefail

if (($# != 3)); then
  echo "usage: $0 SOURCE_DIR PHPIZE PHP_CONFIG" >&2
  exit 2
fi
src=$1 phpize=$2 php_config=$3
ext_dir=$("$php_config" --extension-dir)
if [[ -f $ext_dir/msgpack.so ]]; then
  echo "build-msgpack: $ext_dir/msgpack.so is there" >&2
  exit 0
fi
# The upstream sources are in the tree's msgpack-*/ dir (Debian's PECL layout) or at its root.
dir=$(dirname "$(find "$src" -maxdepth 2 -name config.m4 | head -n 1)")
work=$(mktemp -d "${TMPDIR:-/tmp}/socketio-msgpack.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -a "$dir/." "$work/"
cd "$work"
log=$work/build.log
echo "build-msgpack: phpize, configure, make ($("$php_config" --version))" >&2
if ! { "$phpize" && ./configure --with-php-config="$php_config" && make -j"${SOCKETIO_BUILD_JOBS:-2}" && make install; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  exit 1
fi
echo "build-msgpack: installed $ext_dir/msgpack.so" >&2
