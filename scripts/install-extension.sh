#!/usr/bin/env bash
# `make install`: copies the built extension into the extension dir of the PHP found first on
# PATH (override with PHP_CONFIG / PHP) and enables it with `extension=socketio` for every SAPI.
set -euo pipefail

SO=${1:-modules/socketio.so}
PHP_CONFIG=${PHP_CONFIG:-php-config}
PHP=${PHP:-php}

ext_dir=$("$PHP_CONFIG" --extension-dir)
install -D -m 0644 "$SO" "$ext_dir/socketio.so.new"
mv -f "$ext_dir/socketio.so.new" "$ext_dir/socketio.so" # rename: running PHP keeps its mapped copy
echo "installed $ext_dir/socketio.so"

ini='; Native Socket.IO Redis emitter (SocketIO\Emitter)
extension=socketio
; socketio.url = redis://127.0.0.1:6379
; socketio.key = socket.io'

version=$("$PHP" -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
mods=/etc/php/$version/mods-available
if [[ -d "$mods" ]] && command -v phpenmod >/dev/null 2>&1; then
  # Debian/Ubuntu: one ini in mods-available, linked into every SAPI's conf.d (cli, fpm, apache2).
  printf '%s\n' "$ini" >"$mods/socketio.ini"
  phpenmod -v "$version" socketio
  echo "enabled with phpenmod: $mods/socketio.ini"
else
  scan_dir=$("$PHP" -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')
  if [[ -z "$scan_dir" ]]; then
    echo "this PHP scans no conf.d; add 'extension=socketio' to $("$PHP" -r 'echo php_ini_loaded_file() ?: "php.ini";')" >&2
    exit 1
  fi
  printf '%s\n' "$ini" >"$scan_dir/20-socketio.ini"
  echo "enabled: $scan_dir/20-socketio.ini"
fi
"$PHP" --ri socketio >/dev/null && echo "php --ri socketio: loaded"
