#!/usr/bin/env bash
# A Debian trixie chroot with Debian's own PHP 8.4 (trixie) and PHP 8.5 (experimental), NTS, for the
# PHP matrix; prints the chroot's root. Nothing from trixie is installed into the host.
#
#   packaging/php-matrix/trixie-chroot.sh
#
# The root is ${SOCKETIO_CACHE:-/var/cache/socketio-ci}/chroot/trixie-php (outside the work tree),
# made with debootstrap from Debian's archive; a stamp keyed by the package list makes warm runs
# return at once. Inside: php8.4-{cli,dev} + php-msgpack (trixie), php8.5-{cli,dev} (experimental,
# pinned so that nothing else comes from there; sid, pinned alike, for libraries trixie lacks), gcc for phpize builds (msgpack for 8.5).
#
# The host runs those PHPs through php-wrapper.sh (a private mount namespace with the host's /work,
# /tmp and the cache bound in, so every host path means the same inside).
set -euo pipefail

CACHE=${SOCKETIO_CACHE:-/var/cache/socketio-ci}
root=$CACHE/chroot/trixie-php
mirror=http://deb.debian.org/debian
packages_84=(php8.4-cli php8.4-dev php-msgpack)
packages_85=(php8.5-cli php8.5-dev)
tools=(gcc make libc6-dev autoconf procps)
stamp_text="trixie: ${packages_84[*]} ${tools[*]}; experimental: ${packages_85[*]}"
stamp=$root/.socketio-stamp
step() { echo "trixie-chroot $(date -u +%H:%M:%S) $*" >&2; }

if [[ -f $stamp && $(cat "$stamp") == "$stamp_text" ]]; then
  echo "$root"
  exit 0
fi

command -v debootstrap >/dev/null || {
  step "apt-get install debootstrap (host, bookworm)"
  apt-get install -y -qq debootstrap >/dev/null
}

if [[ ! -x $root/usr/bin/apt-get || ! -f $root/.debootstrap-done ]]; then
  rm -rf "$root"
  mkdir -p "$(dirname "$root")"
  step "debootstrap --variant=minbase trixie (a few minutes)"
  debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg trixie "$root" "$mirror" \
    >"$root.debootstrap.log" 2>&1 || {
    tail -n 30 "$root.debootstrap.log" >&2
    exit 1
  }
  touch "$root/.debootstrap-done"
fi

# in_root CMD...: a command inside the chroot with /proc and /dev, in a private mount namespace
# (nothing stays mounted on the host).
in_root() {
  unshare --mount --propagation private sh -c '
    root=$1; shift
    mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" || exit 1
    exec chroot "$root" "$@"' sh "$root" "$@"
}

cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror trixie main
deb $mirror experimental main
deb $mirror sid main
EOF
rm -f "$root/etc/apt/sources.list.d/"*.sources 2>/dev/null || true
# Experimental only for the packages asked for by name (-t experimental), never as an upgrade;
# sid only for what those need and trixie lacks (php8.5 is built against sid's libsodium26).
cat >"$root/etc/apt/preferences.d/experimental" <<EOF
Package: *
Pin: release a=experimental
Pin-Priority: 1

Package: *
Pin: release a=unstable
Pin-Priority: 1
EOF
# The archive here is a snapshot: experimental's Release is past its Valid-Until (days).
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99socketio-snapshot"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' >"$root/etc/hosts"

step "apt-get update (in the chroot)"
in_root apt-get -qq update >&2
step "apt-get install ${packages_84[*]} ${tools[*]} (trixie)"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${packages_84[@]}" "${tools[@]}" >&2
step "apt-get install -t experimental ${packages_85[*]}"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -t experimental \
  "${packages_85[@]}" >&2
in_root apt-get clean
for v in 8.4 8.5; do in_root "php$v" -n -v | head -n 1 >&2; done
echo "$stamp_text" >"$stamp"
step "done: $root"
echo "$root"
