#!/usr/bin/env bash
# `make deb`: a Debian package of the extension for Debian/Ubuntu's PHP (php-config on PATH, or
# PHP_CONFIG), built with dpkg-deb:
#
#   packaging/deb/build.sh [OUT_DIR]        (default dist/) -> php8.2-socketio_<version>_amd64.deb
#
#   <php-config --extension-dir>/socketio.so
#   /etc/php/8.2/mods-available/socketio.ini      (a conffile; priority 20)
#   /usr/share/doc/php8.2-socketio/{copyright,changelog.gz}
#   postinst: phpenmod (every SAPI); postrm: phpdismod on remove, phpenmod's state gone on purge
#   Depends: phpapi-<php-config --phpapi> (the PHP ABI), php-common (phpenmod), the shared libraries
#            dpkg-shlibdeps finds (libc6, libssl3, libgcc-s1)
#
# DEB_MAINTAINER overrides the Maintainer field. SOURCE_DATE_EPOCH (default: the last commit)
# fixes every timestamp, so the same tree builds the same package.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
ROOT=$PACKAGING_ROOT
HERE=$ROOT/packaging/deb

out=${1:-$ROOT/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
php_config=$(readlink -f "$(command -v "${PHP_CONFIG:-php-config}")")
php=$(php_of "$php_config")
php_version=$("$php" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
if [[ $("$php" -n -r 'echo PHP_ZTS;') == 1 ]]; then
  echo "deb: $php_config is a ZTS build; Debian's PHP packages (phpapi-*) are NTS" >&2
  exit 1
fi
api=$("$php_config" --phpapi)
ext_dir=$("$php_config" --extension-dir)
arch=$(dpkg --print-architecture)
version=$(package_version)
pkg=php$php_version-socketio
deb=$out/${pkg}_${version}_$arch.deb
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)}
maintainer=${DEB_MAINTAINER:-socketio maintainers <socketio@users.noreply.github.com>}

work=$(mktemp -d "${TMPDIR:-/tmp}/socketio-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/$pkg
umask 022

# The extension, stripped as dh_strip would (its dynamic symbols, get_module, stay).
"$ROOT/packaging/cargo-build.sh" "$php_config" "$work/socketio.so"
install -D -m 0644 "$work/socketio.so" "$root$ext_dir/socketio.so"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root$ext_dir/socketio.so"
# Only now: build scripts (cc) fingerprint SOURCE_DATE_EPOCH, so setting it for cargo would
# rebuild C dependencies, and `make build` after it again. dpkg-deb reads it for the mtimes.
export SOURCE_DATE_EPOCH=$epoch

install -D -m 0644 "$HERE/socketio.ini" "$root/etc/php/$php_version/mods-available/socketio.ini"

doc=$root/usr/share/doc/$pkg
mkdir -p "$doc"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: socketio"
  echo
  echo "Files: *"
  echo "Copyright: $(grep -m 1 '^Copyright' "$ROOT/LICENSE" | sed 's/^Copyright (c) //')"
  echo "License: MIT"
  echo
  echo "License: MIT"
  # The license text after its title and copyright lines, as the format wants it: indented,
  # empty lines as " .".
  awk 'NR > 1 && !/^Copyright/' "$ROOT/LICENSE" | sed '/./,$!d' | sed -e 's/^$/./' -e 's/^/ /'
} >"$doc/copyright"
changelog_date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
printf '%s (%s) unstable; urgency=medium\n\n  * Built from the socketio sources at %s.\n\n -- %s  %s\n' \
  "$pkg" "$version" "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "version $version")" \
  "$maintainer" "$changelog_date" | gzip -9n >"$doc/changelog.gz"

mkdir -p "$root/DEBIAN"
for script in postinst postrm; do
  sed "s/@PHP_VERSION@/$php_version/g" "$HERE/$script" >"$root/DEBIAN/$script"
  chmod 0755 "$root/DEBIAN/$script"
done
echo "/etc/php/$php_version/mods-available/socketio.ini" >"$root/DEBIAN/conffiles"

# The shared libraries the extension links, with the minimum versions their symbols need.
mkdir -p "$work/shlibs/debian"
printf 'Source: socketio\n\nPackage: %s\nArchitecture: any\n' "$pkg" >"$work/shlibs/debian/control"
shlibs=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$root$ext_dir/socketio.so" | sed -n 's/^shlibs:Depends=//p')

cat >"$root/DEBIAN/control" <<CONTROL
Package: $pkg
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: phpapi-$api, php-common, $shlibs
Section: php
Priority: optional
Description: Socket.IO Redis emitter for PHP $php_version (SocketIO\\Emitter)
 Publishes Socket.IO events from PHP to Redis in exactly the format the
 official @socket.io/redis-adapter consumes, so Node Socket.IO servers deliver
 them to their clients: rooms, namespaces, binary data, and the server-side
 requests (socketsJoin, socketsLeave, disconnectSockets, serverSideEmit).
 .
 This package holds the extension for PHP $php_version, enabled for every SAPI.
CONTROL
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum >DEBIAN/md5sums)

dpkg-deb --root-owner-group -Zxz --build "$root" "$deb.tmp" >/dev/null
mv -f "$deb.tmp" "$deb"
echo "wrote $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
if command -v lintian >/dev/null 2>&1; then
  echo "lintian:"
  lintian --no-tag-display-limit "$deb" || true
fi
