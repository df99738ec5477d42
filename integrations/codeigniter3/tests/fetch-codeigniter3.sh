#!/usr/bin/env bash
# Prints the directory of CodeIgniter 3.1.13 as Debian packages it (php-codeigniter-framework,
# architecture all, in trixie), downloading and unpacking it on first use.
#
# Nothing is installed: the package comes from a private apt state (its own sources.list, lists,
# cache and an empty dpkg status), so the host keeps its own Debian release, and it is unpacked
# with dpkg-deb -x into the cache directory:
#   ${SOCKETIO_CI_CACHE:-/var/cache/socketio-ci}/codeigniter3 (outside the work tree; reused).
set -euo pipefail

VERSION_WANTED="3.1.13"
CACHE="${SOCKETIO_CI_CACHE:-/var/cache/socketio-ci}"
if ! mkdir -p "$CACHE" 2>/dev/null || [[ ! -w "$CACHE" ]]; then
  CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/socketio-ci"
  mkdir -p "$CACHE"
fi
DEST="$CACHE/codeigniter3"
FRAMEWORK="$DEST/usr/share/php-codeigniter-framework"

if [[ -f "$FRAMEWORK/system/core/CodeIgniter.php" ]]; then
  echo "$FRAMEWORK"
  exit 0
fi

APT_DIR="$CACHE/apt-trixie"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
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
echo "fetch-codeigniter3: apt-get update (trixie, private state in $APT_DIR)" >&2
apt-get "${apt_opts[@]}" -qq update >&2
(cd "$APT_DIR/debs" && apt-get "${apt_opts[@]}" -qq download php-codeigniter-framework >&2)
deb=$(ls "$APT_DIR"/debs/php-codeigniter-framework_*_all.deb | tail -n 1)
version=$(dpkg-deb -f "$deb" Version)
if [[ "$version" != "$VERSION_WANTED"* ]]; then
  echo "fetch-codeigniter3: expected CodeIgniter $VERSION_WANTED, trixie has $version" >&2
  exit 1
fi
rm -rf "$DEST.tmp"
dpkg-deb -x "$deb" "$DEST.tmp"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
echo "fetch-codeigniter3: unpacked $(basename "$deb") into $DEST" >&2
echo "$FRAMEWORK"
