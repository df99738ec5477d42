#!/usr/bin/env bash
# Builds the extension with cargo for the PHP that PHP_CONFIG_PATH names and copies it to DEST.
#
#   packaging/cargo-build.sh PHP_CONFIG_PATH DEST
#
# Used by the phpize build (phpize/Makefile.frag), `make dist` and `make deb`, so that all three
# build exactly what `make build` builds. Environment: CARGO (default: cargo on PATH),
# CARGO_TARGET_DIR (default: the repository's target/).
#
# ext-php-rs generates its bindings for the PHP named by $PHP_CONFIG (or php-config on PATH), and
# cargo rebuilds it and everything above it whenever PHP, PHP_CONFIG or PATH changes (its build
# script says so; callers keep PATH as it is). So for the PHP that
# `php-config` on PATH already names, PHP_CONFIG is left unset, as `make build` leaves it, and the
# two share one warm build; any other PHP gets PHP_CONFIG and a target directory of its own, so
# switching between PHPs never throws away the other one's build.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 PHP_CONFIG_PATH DEST" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
php_config=$(command -v "$1" || true)
[[ -n $php_config ]] || { echo "cargo-build: php-config not found: $1" >&2; exit 1; }
php_config=$(readlink -f "$php_config")
dest=$2
cargo=${CARGO:-cargo}
target=${CARGO_TARGET_DIR:-$ROOT/target}
case $target in /*) ;; *) target=$ROOT/$target ;; esac

default=$(command -v php-config || true)
[[ -n $default ]] && default=$(readlink -f "$default")
unset PHP PHP_CONFIG
if [[ $php_config != "$default" ]]; then
  export PHP_CONFIG=$php_config
  export PHP
  PHP=$("$php_config" --php-binary)
  # e.g. target/php8.4-zts: one build per PHP minor and thread-safety mode.
  tag=$("$PHP" -n -r 'echo "php", PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, PHP_ZTS ? "-zts" : "", PHP_DEBUG ? "-debug" : "";')
  target=$target/$tag
fi
export CARGO_TARGET_DIR=$target

echo "cargo-build: $cargo build --release --locked for $php_config (CARGO_TARGET_DIR=$target)"
(cd "$ROOT" && "$cargo" build --release --locked)

mkdir -p "$(dirname "$dest")"
# Renamed over the old file rather than written into it: a PHP process that has the old .so
# mapped keeps its copy instead of crashing on a rewritten one.
cp "$target/release/libsocketio.so" "$dest.tmp"
mv -f "$dest.tmp" "$dest"
echo "cargo-build: wrote $dest"
