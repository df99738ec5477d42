#!/usr/bin/env bash
# Builds PHP from an unpacked Debian source tree (fetch-source.sh) into a prefix of its own, with
# only what the test suites need, and prints the prefix's php-config.
#
#   packaging/php-matrix/build-php.sh SOURCE_DIR nts|zts
#
# The prefix is ${SOCKETIO_CACHE:-/var/cache/socketio-ci}/php/<debian-version>-<nts|zts> (outside
# the work tree). A stamp file there holds the source version and the configure flags: a warm run
# whose stamp matches prints the php-config at once; any change rebuilds from a fresh copy of the
# tree. ZTS builds also get the embed SAPI (libphp.so), which the thread harness (zts-threads/)
# links to run requests on several threads of one process, as FrankenPHP does.
#
# Extensions: what php-tests/*.phpt and e2e use beyond the always-on core (standard, json, pcre,
# hash, random, date, spl, reflection): pcntl (signal tests), posix. msgpack (phpt 051) is built
# next to it by build-msgpack.sh.
set -euo pipefail

if (($# != 2)) || [[ $2 != nts && $2 != zts ]]; then
  echo "usage: $0 SOURCE_DIR nts|zts" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
ts=$2
CACHE=${SOCKETIO_CACHE:-/var/cache/socketio-ci}
version=$(cd "$src" && dpkg-parsechangelog -S Version)
prefix=$CACHE/php/$version-$ts
jobs=${SOCKETIO_BUILD_JOBS:-2}

flags=(
  --prefix="$prefix"
  --disable-all
  --enable-cli
  --disable-cgi
  --disable-phpdbg
  --enable-pcntl
  --enable-posix
  --with-config-file-path="$prefix/etc"
  --with-config-file-scan-dir="$prefix/etc/conf.d"
)
[[ $ts == zts ]] && flags+=(--enable-zts --enable-embed=shared)
# Neither optimised nor with debug info: a third of the compile time of -O2 -g (on CI's 2 cores the
# cold build is the slowest step), and these PHPs only run tests, where the extension is what runs.
cflags="-O0"
stamp_text="php $version $ts: CFLAGS=$cflags ${flags[*]}"
stamp=$prefix/.socketio-stamp

built() { [[ -f $stamp && $(cat "$stamp") == "$stamp_text" && -x $prefix/bin/php-config ]]; }
if built; then
  echo "$prefix/bin/php-config"
  exit 0
fi
# One build of a prefix at a time (another caller waits, then finds it built).
mkdir -p "$CACHE/php-build"
exec 9>"$CACHE/php-build/$version-$ts.lock"
flock 9
if built; then
  echo "$prefix/bin/php-config"
  exit 0
fi

# A fresh copy of the tree per build: configure and make write into it, and two builds (nts, zts)
# must not share objects.
work=$CACHE/php-build/$version-$ts
rm -rf "$work" "$prefix"
cp -a "$src" "$work"
log=$work/socketio-build.log
step() { echo "build-php [$version $ts] $(date -u +%H:%M:%S) $*" >&2; }
# run STEP CMD...: the output goes to the log (long); a failure shows its tail.
run() {
  local name=$1
  shift
  step "$name"
  if ! "$@" >>"$log" 2>&1; then
    echo "build-php: $name failed; the last lines of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}
cd "$work"
# Debian's patches change configure.ac (as debian/rules does, regenerate configure).
run "buildconf" env PHP_AUTOCONF=autoconf PHP_AUTOHEADER=autoheader ./buildconf --force
run "configure ${flags[*]}" env CFLAGS="$cflags" CXXFLAGS="$cflags" ./configure "${flags[@]}"
# make prints one line per object: a progress line every minute instead.
(while sleep 60; do step "make: $(grep -c '^/bin/bash .*libtool.*--mode=compile' "$log" 2>/dev/null || echo 0) objects compiled"; done) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
run "make -j$jobs" make -j"$jobs"
kill $ticker 2>/dev/null || true
run "make install" make install
mkdir -p "$prefix/etc/conf.d"
# Debian's phpize takes libtool's and pkg-config's m4 files from <prefix>/share/aclocal (which is
# /usr/share/aclocal for Debian's own PHP): the system's ones (libtool, pkg-config packages).
mkdir -p "$prefix/share"
ln -sfn /usr/share/aclocal "$prefix/share/aclocal"
"$prefix/bin/php" -n -v >&2
echo "$stamp_text" >"$stamp"
# The build tree is large and nothing reads it again (phpize and headers are installed).
rm -rf "$work"
step "done: $prefix"
echo "$prefix/bin/php-config"
