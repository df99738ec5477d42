#!/usr/bin/env bash
# Prints the unpacked source tree of a Debian source package, downloading and unpacking it on first use.
#
#   packaging/php-matrix/fetch-source.sh SUITE PACKAGE VERSION_PREFIX
#   e.g. fetch-source.sh bookworm php8.2 8.2.   fetch-source.sh bookworm php-msgpack 3.
#
# Nothing is installed into the host: the source package comes from a private apt state (its own
# sources.list with deb-src lines, lists and an empty dpkg status; the pattern of
# integrations/codeigniter3/tests/fetch-codeigniter3.sh), `apt-get source --download-only`, then
# `dpkg-source -x` (which checks the .dsc's signature and every file's checksum). Everything lives
# under ${SOCKETIO_CACHE:-/var/cache/socketio-ci}/php-src (outside the work tree), keyed by the
# Debian version, so a warm run prints the directory without touching the network.
set -euo pipefail

if (($# != 3)); then
  echo "usage: $0 SUITE PACKAGE VERSION_PREFIX" >&2
  exit 2
fi
suite=$1 package=$2 prefix=$3
CACHE=${SOCKETIO_CACHE:-/var/cache/socketio-ci}
APT_DIR=$CACHE/apt-src
SRC_DIR=$CACHE/php-src
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$SRC_DIR"

# A warm cache: the newest unpacked tree of this package whose version has the prefix. The
# marker is written only after dpkg-source -x succeeded, so a half-unpacked tree is never used.
for done_marker in $(ls -d "$SRC_DIR/$package"_"$prefix"*/.unpacked 2>/dev/null | sort -V -r); do
  echo "$(dirname "$done_marker")"
  exit 0
done

# One lock for the private apt state (several PHPs may be fetched in parallel).
exec 9>"$APT_DIR/lock"
flock 9

for s in bookworm trixie experimental; do
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $s main"
done >"$APT_DIR/sources.list.new"
if ! cmp -s "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"; then
  mv -f "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
  rm -f "$APT_DIR/updated"
fi
apt_opts=(
  # The archive's snapshot may be older than a suite's Valid-Until (experimental's is days).
  -o "Acquire::Check-Valid-Until=false"
  -o "Dir::Etc::sourcelist=$APT_DIR/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$APT_DIR/lists"
  -o "Dir::State::status=/dev/null"
  -o "Dir::Cache=$APT_DIR"
  -o "Dir::Cache::archives=$APT_DIR/archives"
  -o "APT::Sandbox::User=root"
)
# The lists are refreshed at most once a day (a warm run with a cached tree never gets here).
stamp=$APT_DIR/updated
if [[ ! -f $stamp || -n $(find "$stamp" -mmin +1440) ]]; then
  echo "fetch-source: apt-get update (deb-src bookworm, trixie, experimental, private state in $APT_DIR)" >&2
  apt-get "${apt_opts[@]}" -qq update >&2
  touch "$stamp"
fi

# `apt-get source PACKAGE/SUITE` picks the suite's version; its .dsc names the exact version.
dl=$APT_DIR/dl/$package-$suite
rm -rf "$dl"
mkdir -p "$dl"
echo "fetch-source: apt-get source --download-only $package/$suite" >&2
(cd "$dl" && apt-get "${apt_opts[@]}" -qq source --download-only "$package/$suite" >&2)
dsc=$(ls "$dl"/*.dsc)
version=$(awk '/^Version:/ { print $2; exit }' "$dsc")
upstream=${version#*:}
if [[ $upstream != "$prefix"* ]]; then
  echo "fetch-source: $suite has $package $version, not $prefix*" >&2
  exit 1
fi
dest=$SRC_DIR/${package}_$upstream
rm -rf "$dest"
# dpkg-source verifies the checksums of every file the .dsc lists (and the signature when a
# keyring has the uploader's key: Debian developers' keys are not on this host, so a missing
# signature check is reported as a warning, not an error; the archive's Release signature, which
# apt checked, covers the .dsc's checksum already).
echo "fetch-source: dpkg-source -x $(basename "$dl"/*.dsc)" >&2
dpkg-source --no-copy -x "$dsc" "$dest" >&2
rm -rf "$dl"
touch "$dest/.unpacked"
echo "$dest"
