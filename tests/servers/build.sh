#!/usr/bin/env bash
# Builds a Redis or Valkey server from its Debian source package (sid) and prints the directory
# whose bin/ holds redis-server and redis-cli (Valkey installs those names as links to its own).
#
#   tests/servers/build.sh redis8     Redis 8.x   (Debian source package `redis`)
#   tests/servers/build.sh valkey9    Valkey 9.x  (Debian source package `valkey`)
#
# Nothing from sid is installed into the host: the source package comes from a private apt state
# (its own sources.list with a deb-src line, lists and cache, an empty dpkg status), is unpacked
# with dpkg-source (Debian's patches applied, CVE fixes included; apt checked the files against the
# signed index), and built with the host's compiler as the upstream Makefile builds it:
#   BUILD_TLS=yes  as Debian builds it, so the TLS tests run against these servers too;
#   MALLOC=libc    instead of Debian's system jemalloc: no extra host package, nothing our tests see;
#   OPTIMIZATION=-O2  without upstream's -flto: the link-time optimisation alone takes minutes on
#                  two shared cores and changes nothing the tests look at.
# Only the server and the CLI are installed (copied: `make install` would relink the server).
# Installed under ${SOCKETIO_CI_CACHE:-${SOCKETIO_CACHE:-/var/cache/socketio-ci}}/servers/<name>-<debian version>/,
# with a stamp written last: a warm run finds the stamp and neither fetches nor builds (no network).
# SOCKETIO_SERVERS_REFRESH=1 asks sid again for its current version (builds it if new).
set -euo pipefail

name=${1:?usage: build.sh redis8|valkey9}
case "$name" in
  redis8) source_package=redis major=8 product=redis ;;
  valkey9) source_package=valkey major=9 product=valkey ;;
  *) echo "build.sh: unknown server '$name' (redis8 or valkey9)" >&2; exit 2 ;;
esac

CACHE="${SOCKETIO_CI_CACHE:-${SOCKETIO_CACHE:-/var/cache/socketio-ci}}"
if ! mkdir -p "$CACHE" 2>/dev/null || [[ ! -w "$CACHE" ]]; then
  CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/socketio-ci"
  mkdir -p "$CACHE"
fi
SERVERS="$CACHE/servers"
STAMP=.socketio-built
log() { echo "build.sh $name: $*" >&2; }

# The newest finished build of this major version, if any.
installed() {
  local dir
  for dir in $(ls -d "$SERVERS/$product-$major".* 2>/dev/null | sort -V -r); do
    [[ -f "$dir/$STAMP" && -x "$dir/bin/redis-server" && -x "$dir/bin/redis-cli" ]] && { echo "$dir"; return 0; }
  done
  return 1
}

if [[ "${SOCKETIO_SERVERS_REFRESH:-0}" != 1 ]] && dir=$(installed); then
  echo "$dir"
  exit 0
fi

# Serialise concurrent runs (two suites asking for the same server at once build it once).
mkdir -p "$SERVERS"
exec 9>"$SERVERS/.$name.lock"
flock 9
if [[ "${SOCKETIO_SERVERS_REFRESH:-0}" != 1 ]] && dir=$(installed); then
  echo "$dir"
  exit 0
fi

APT_DIR="$CACHE/apt-sid-src"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/src"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
  >"$APT_DIR/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$APT_DIR/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$APT_DIR/lists"
  -o "Dir::State::status=/dev/null"
  -o "Dir::Cache=$APT_DIR"
  -o "Dir::Cache::archives=$APT_DIR/archives"
  -o "APT::Sandbox::User=root"
)
log "apt-get update (sid sources, private state in $APT_DIR)"
apt-get "${apt_opts[@]}" -qq update >&2
version=$(apt-cache "${apt_opts[@]}" showsrc "$source_package" | awk '$1 == "Version:" { print $2 }' | sort -V | tail -n 1)
[[ -n "$version" ]] || { log "sid has no source package $source_package"; exit 1; }
upstream=${version#*:}      # 5:8.0.6-3 -> 8.0.6-3
upstream=${upstream%-*}     # -> 8.0.6
if [[ "${upstream%%.*}" != "$major" ]]; then
  log "expected $product $major.x, sid has $source_package $version"
  exit 1
fi
dest="$SERVERS/$product-${version#*:}"
if [[ -f "$dest/$STAMP" ]]; then
  echo "$dest"
  exit 0
fi

log "fetching $source_package $version"
(cd "$APT_DIR/src" && apt-get "${apt_opts[@]}" -qq source --download-only "$source_package=$version" >&2)
dsc="$APT_DIR/src/${source_package}_${version#*:}.dsc"
[[ -f "$dsc" ]] || { log "missing $dsc after download"; exit 1; }

work=$(mktemp -d "$SERVERS/.build-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
log "unpacking $(basename "$dsc") with Debian's patches"
# Signatures: apt already checked every file against the signed Sources index.
dpkg-source --no-check -x "$dsc" "$work/src" >&2

jobs=${SOCKETIO_SERVERS_JOBS:-2}
flags=(BUILD_TLS=yes MALLOC=libc OPTIMIZATION=-O2 USE_SYSTEMD=no)
log "make -j$jobs ${flags[*]} (a few minutes; full output in $dest.build.log)"
start=$SECONDS
# Progress: one line per compiled file would flood CI logs; print a count every 30 s instead.
(
  cd "$work/src"
  make -j"$jobs" "${flags[@]}" >"$work/build.log" 2>&1
) &
make_pid=$!
while kill -0 "$make_pid" 2>/dev/null; do
  for _ in $(seq 30); do kill -0 "$make_pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$make_pid" 2>/dev/null && log "still building: $(grep -c 'CC.*\.o' "$work/build.log" || true) files compiled, $((SECONDS - start)) s"
done
if ! wait "$make_pid"; then
  cp "$work/build.log" "$dest.build.log" 2>/dev/null || true
  tail -n 40 "$work/build.log" >&2
  log "make failed (full log: $dest.build.log)"
  exit 1
fi
log "built in $((SECONDS - start)) s; installing into $dest"

rm -rf "$dest"
mkdir -p "$dest/bin"
for tool in server cli; do
  cp "$work/src/src/$product-$tool" "$dest/bin/$product-$tool"
  # Valkey's tools keep answering to the redis-* names (its own make install links them too).
  [[ -e "$dest/bin/redis-$tool" ]] || ln -s "$product-$tool" "$dest/bin/redis-$tool"
done
cp "$work/build.log" "$dest.build.log"
"$dest/bin/redis-server" --version >&2
printf 'source_package=%s\nversion=%s\nflags=%s\nbuilt=%s\n' \
  "$source_package" "$version" "${flags[*]}" "$(date -u +%FT%TZ)" >"$dest/$STAMP"
echo "$dest"
