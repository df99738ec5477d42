#!/usr/bin/env bash
# `make install` and `make uninstall` on this host's PHP (the README's "From a checkout" way and
# the quickstart's step 1):
#
#   packaging/test/install.sh
#
# install must enable the extension for plain `php` (and every SAPI's conf.d on Debian), an emit
# must reach a subscriber; uninstall must leave nothing of socketio in the host PHP.
# Installs into the host PHP (needs root): the host lock, and a trap that uninstalls however the
# test ends. The extension is the one `make build` made (modules/socketio.so): no rebuild here.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

php_config=$(readlink -f "$(command -v "${PHP_CONFIG:-php-config}")")
php=$(php_of "$php_config")
php_version=$("$php" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
ext_dir=$("$php_config" --extension-dir)
so=${SOCKETIO_SO:-$ROOT/modules/socketio.so}

installed_by_us=0
cleanup() {
  if ((installed_by_us)); then
    echo "cleanup: make uninstall"
    "$ROOT/scripts/uninstall-extension.sh" >/dev/null 2>&1
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

host_lock
host_is_clean() {
  local traces
  traces=$(host_traces)
  [[ -z $traces ]] || { echo "the host PHP already has socketio: $traces"; return 1; }
}
if ! check "the host PHP has no socketio before the test" host_is_clean; then
  summary install
  exit 1
fi
[[ -f $so ]] || { echo "no $so: run make build first"; check "modules/socketio.so exists" false; summary install; exit 1; }

make_install() {
  installed_by_us=1
  PHP_CONFIG=$php_config PHP=$php "$ROOT/scripts/install-extension.sh" "$so"
}
check "make install (scripts/install-extension.sh $so)" make_install
check "php --ri socketio (plain php: conf.d loads it)" loads_socketio "$php"
check "emit from plain php reaches a subscriber" emit_reaches_spy "make-install" "$php"

make_uninstall() {
  PHP_CONFIG=$php_config PHP=$php "$ROOT/scripts/uninstall-extension.sh" || return 1
  installed_by_us=0
  [[ -z $(host_traces) ]] || { echo "left: $(host_traces)"; return 1; }
  [[ -z $("$php" -m | grep -x socketio) ]]
}
check "make uninstall: nothing of socketio left in the host PHP" make_uninstall

summary install
