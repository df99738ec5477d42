#!/usr/bin/env bash
# `make uninstall`: undoes `make install` for the PHP found first on PATH (override with
# PHP_CONFIG / PHP): disables the extension and removes the .so and the ini file it wrote.
# The Debian package is removed with apt instead; this refuses to touch its files.
set -euo pipefail

PHP_CONFIG=${PHP_CONFIG:-php-config}
PHP=${PHP:-php}

ext_dir=$("$PHP_CONFIG" --extension-dir)
version=$("$PHP" -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
if command -v dpkg >/dev/null 2>&1 && dpkg -S "$ext_dir/socketio.so" >/dev/null 2>&1; then
  echo "$ext_dir/socketio.so belongs to a Debian package: apt-get remove php$version-socketio" >&2
  exit 1
fi

mods=/etc/php/$version/mods-available
if [[ -f "$mods/socketio.ini" ]] && command -v phpdismod >/dev/null 2>&1; then
  phpdismod -v "$version" socketio
  rm -f "$mods/socketio.ini"
  # phpdismod leaves a marker that keeps a later phpenmod from enabling it again on upgrades.
  rm -f /var/lib/php/modules/"$version"/*/disabled_by_admin/socketio /var/lib/php/modules/"$version"/*/enabled_by_admin/socketio
  echo "disabled with phpdismod and removed $mods/socketio.ini"
fi
scan_dir=$("$PHP" -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')
if [[ -n "$scan_dir" && -f "$scan_dir/20-socketio.ini" && ! -L "$scan_dir/20-socketio.ini" ]]; then
  rm -f "$scan_dir/20-socketio.ini"
  echo "removed $scan_dir/20-socketio.ini"
fi
rm -f "$ext_dir/socketio.so"
echo "removed $ext_dir/socketio.so"
if "$PHP" --ri socketio >/dev/null 2>&1; then
  echo "php --ri socketio: still loaded (another ini enables it: $("$PHP" --ini | tr '\n' ' '))" >&2
  exit 1
fi
echo "php --ri socketio: not present"
