#!/usr/bin/env bash
# The Debian package (`make deb`) installed into this host's PHP with apt, used, and removed:
#
#   packaging/test/deb.sh
#
# The README's `make deb && apt-get install ./dist/php8.2-socketio_<version>_amd64.deb`, run
# verbatim from the repository root, must enable the extension for every SAPI (plain `php`
# and php-fpm load it through conf.d), an emit from plain `php` must reach a subscriber and the
# demo must deliver with the installed file; apt-get remove must disable it and leave only the
# conffile, purge must leave nothing of what `dpkg -L` listed, nor phpenmod's links and state.
#
# This installs into the host PHP (needs root), so: the host lock (one such test at a time), and
# a trap that purges the package however the test ends. The other suites run `php -n`, which
# reads no conf.d, so the minutes the package is installed do not change them.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

php_config=$(readlink -f "$(command -v "${PHP_CONFIG:-php-config}")")
php=$(php_of "$php_config")
php_version=$("$php" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
pkg=php$php_version-socketio
ext_dir=$("$php_config" --extension-dir)
fpm=$(command -v "php-fpm$php_version" || true)
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -y -q -o DPkg::Lock::Timeout=300)

deb=$ROOT/dist/${pkg}_$(package_version)_$(dpkg --print-architecture).deb
tmp=$(mktemp -d "${TMPDIR:-/tmp}/socketio-deb-test.XXXXXX")
installed_by_us=0
cleanup() {
  if ((installed_by_us)) && dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qv '^not-installed$'; then
    echo "cleanup: purging $pkg"
    "${apt[@]}" purge "$pkg" </dev/null >/dev/null 2>&1 || dpkg --purge "$pkg" >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

package_fields() {
  local contents
  dpkg-deb --field "$deb" Package Version Depends || return 1
  contents=$(dpkg-deb --contents "$deb") || return 1
  [[ $(dpkg-deb --field "$deb" Package) == "$pkg" && $(dpkg-deb --field "$deb" Version) == "$(package_version)" ]] &&
    grep -q "phpapi-$("$php_config" --phpapi)" <<<"$(dpkg-deb --field "$deb" Depends)" &&
    grep -q " \./${ext_dir#/}/socketio\.so$" <<<"$contents" &&
    grep -q " \./etc/php/$php_version/mods-available/socketio\.ini$" <<<"$contents"
}
host_lock
host_is_clean() {
  local traces
  traces=$(host_traces)
  if dpkg-query -W "$pkg" >/dev/null 2>&1 && [[ $(dpkg-query -W -f='${db:Status-Status}' "$pkg") != not-installed ]]; then
    echo "$pkg is already installed on this host: the test will not touch it"
    return 1
  fi
  [[ -z $traces ]] || { echo "the host PHP already has socketio (make install?): $traces"; return 1; }
}
if ! check "the host PHP has no socketio before the test" host_is_clean; then
  summary deb
  exit 1
fi

# The README's line (the one that starts with `make deb && apt-get install`), verbatim, from the
# repository root. APT_CONFIG answers apt's questions (there should be none: every dependency is
# installed) and waits for a dpkg lock another process holds.
readme_install() {
  local line rc
  line=$(grep -E '^make deb && apt-get install ' "$ROOT/README.md")
  echo "README: $line"
  [[ $(grep -c . <<<"$line") == 1 ]] || return 1
  [[ $line == *" ./dist/$(basename "$deb")"* ]] || { echo "the README names another package than $(basename "$deb")"; return 1; }
  printf 'APT::Get::Assume-Yes "true";\nDPkg::Lock::Timeout "300";\n' >"$tmp/apt.conf"
  installed_by_us=1
  (cd "$ROOT" && export APT_CONFIG=$tmp/apt.conf && eval "$line") </dev/null >"$tmp/install.log" 2>&1
  rc=$?
  grep -v -e '^(Reading database' -e '^   ' "$tmp/install.log" | tail -n 8
  ((rc == 0)) || return 1
  dpkg -L "$pkg" >"$tmp/dpkg-L" && echo "dpkg -L $pkg:" && sed 's/^/  /' "$tmp/dpkg-L"
}
check "README: make deb && apt-get install ./dist/$(basename "$deb")" readme_install
check "$(basename "$deb"): name, version, Depends phpapi, extension dir and mods-available" package_fields

enabled_for_sapis() {
  local sapi ok=0
  for sapi in cli fpm; do
    [[ -d /etc/php/$php_version/$sapi/conf.d ]] || continue
    ls -l "/etc/php/$php_version/$sapi/conf.d/20-socketio.ini" || ok=1
  done
  return $ok
}
check "phpenmod linked socketio.ini into conf.d (cli, fpm)" enabled_for_sapis
check "php --ri socketio (plain php: the package's ini loads it)" loads_socketio "$php"
if [[ -n $fpm ]]; then
  check "php-fpm$php_version -m lists socketio" bash -c "'$fpm' -m | grep -x socketio"
fi
check "emit from plain php reaches a subscriber" emit_reaches_spy "deb-package" "$php"
check "demo with the installed $ext_dir/socketio.so" demo_with "$ext_dir/socketio.so"

apt_remove() {
  "${apt[@]}" remove "$pkg" </dev/null 2>&1 | grep -v '^(Reading database' | tail -n 3
  ((PIPESTATUS[0] == 0)) || return 1
  echo "left after remove:"
  host_traces | sed 's/^/  /'
  # Until purge, the conffile stays, and phpenmod's note that the package disabled the module
  # (so a reinstall enables it again); no conf.d link, and plain php no longer loads it.
  [[ -z $(host_traces | grep -v -e "^/etc/php/$php_version/mods-available/socketio.ini\$" \
    -e "^/var/lib/php/modules/$php_version/[a-z0-9]*/disabled_by_maint/socketio\$") ]] &&
    [[ -z $(find /etc/php/"$php_version" -path '*/conf.d/*' -name '*socketio*') ]] &&
    [[ -z $("$php" -m | grep -x socketio) ]]
}
check "apt-get remove: no conf.d link, only the conffile and phpenmod's state left" apt_remove

apt_purge() {
  local f left=0
  "${apt[@]}" purge "$pkg" </dev/null 2>&1 | grep -v '^(Reading database' | tail -n 3
  ((PIPESTATUS[0] == 0)) || return 1
  installed_by_us=0
  # Every file and link dpkg -L listed (directories are shared with other packages) is gone.
  while IFS= read -r f; do
    if [[ -e $f || -L $f ]] && [[ ! -d $f || -L $f ]]; then
      echo "left: $f"
      left=1
    fi
  done <"$tmp/dpkg-L"
  [[ -z $(host_traces) ]] || { echo "left: $(host_traces)"; left=1; }
  dpkg-query -W "$pkg" >/dev/null 2>&1 && [[ $(dpkg-query -W -f='${db:Status-Status}' "$pkg") != not-installed ]] && left=1
  ((left == 0)) && echo "nothing left of $pkg"
}
check "apt-get purge: nothing of dpkg -L, conf.d or phpenmod's state left" apt_purge

summary deb
