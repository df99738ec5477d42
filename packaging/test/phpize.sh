#!/usr/bin/env bash
# The phpize build from a bare source tree, as PIE or a person runs it:
#
#   cd packaging/phpize && phpize && ./configure && make && make install
#
# in a copy of the tracked files with the root Makefile deleted (no `make build`, no project
# targets), installed with INSTALL_ROOT into a temp dir (never into the host PHP), then loaded
# with `php -n -d extension=<that file>`, used for an emit, and driven by the demo (the official
# Socket.IO server and client). Also: ./configure without cargo fails with one clear line.
#
# PHP_CONFIG names the PHP to build for (default php-config on PATH). CARGO_TARGET_DIR, as `make
# test` exports it (default: this repository's target/), keeps the build warm.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

php_config=$(readlink -f "$(command -v "${PHP_CONFIG:-php-config}")")
php=$(php_of "$php_config")
phpize=$(dirname "$php_config")/$(basename "$php_config" | sed 's/php-config/phpize/')
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case $CARGO_TARGET_DIR in /*) ;; *) CARGO_TARGET_DIR=$ROOT/$CARGO_TARGET_DIR ;; esac

# One fixed directory per checkout, not a fresh mktemp name: cargo keys its build of the workspace
# crates by their path, so a new path on every run would leave another copy of them in the shared
# target dir each time. flock: two runs from one checkout take turns.
tmp=${TMPDIR:-/tmp}/socketio-phpize-$(cksum <<<"$ROOT" | cut -d' ' -f1)
exec 9>"$tmp.lock"
flock 9
rm -rf "$tmp" && mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src
build=$src/packaging/phpize
install_root=$tmp/root
echo "PHP: $php_config ($("$php" -n -r 'echo PHP_VERSION, PHP_ZTS ? " ZTS" : " NTS";')), phpize: $phpize"

copy_tracked_files() {
  mkdir -p "$src" && (cd "$ROOT" && git ls-files -z | xargs -0 cp --parents -t "$src") &&
    rm "$src/Makefile" && [[ ! -e $src/Makefile && -f $build/config.m4 ]]
}
check "copy of the tracked files, without the root Makefile" copy_tracked_files

composer_points_here() {
  "$php" -n -r '$c = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
    $ok = $c["type"] === "php-ext" && $c["php-ext"]["extension-name"] === "socketio"
      && is_file(dirname($argv[1]) . "/" . $c["php-ext"]["build-path"] . "/config.m4");
    echo "type ", $c["type"], ", build-path ", $c["php-ext"]["build-path"], "\n"; exit($ok ? 0 : 1);' "$src/composer.json"
}
check "composer.json: a php-ext whose build-path holds config.m4" composer_points_here

check "phpize" bash -c "cd '$build' && '$phpize'"

# PATH without any directory that has cargo, and a HOME without ~/.cargo/bin.
configure_without_cargo() {
  local path="" d rc
  while IFS= read -r d; do
    [[ -n $d && ! -x $d/cargo ]] && path+="${path:+:}$d"
  done < <(tr ':' '\n' <<<"$PATH")
  mkdir -p "$tmp/home"
  (cd "$build" && unset CARGO RUSTC && HOME=$tmp/home PATH=$path ./configure --with-php-config="$php_config" >"$tmp/nocargo.out" 2>"$tmp/nocargo.err")
  rc=$?
  echo "exit $rc; stderr:"
  cat "$tmp/nocargo.err"
  ((rc != 0)) && [[ $(wc -l <"$tmp/nocargo.err") == 1 ]] &&
    grep -q '^configure: error: socketio .*needs cargo.*install Rust with rustup' "$tmp/nocargo.err"
}
check "./configure without cargo: fails with one line saying what to install" configure_without_cargo

# The README's build line (the one that starts with `cd packaging/phpize && phpize`), verbatim,
# from the root of the copy, with INSTALL_ROOT in the environment (make reads it) so that `make
# install` writes into the temp dir. Its ./configure uses php-config on PATH; for another PHP
# (PHP_CONFIG), that PHP's php-config and phpize are put first on PATH. Only then: ext-php-rs
# rebuilds whenever PATH changes, so the default case keeps the PATH `make build` sees.
readme_build() {
  local line path=$PATH
  line=$(grep -E '^cd packaging/phpize && phpize' "$ROOT/README.md")
  echo "README: $line"
  [[ $(grep -c . <<<"$line") == 1 ]] || return 1
  if [[ $php_config != "$(readlink -f "$(command -v php-config)")" ]]; then
    mkdir -p "$tmp/bin" && ln -sf "$php_config" "$tmp/bin/php-config" && ln -sf "$phpize" "$tmp/bin/phpize"
    path=$tmp/bin:$PATH
  fi
  (cd "$src" && export PATH=$path INSTALL_ROOT=$install_root && eval "$line") >"$tmp/build.out" 2>&1
  local rc=$?
  grep -E '^checking for (cargo|rustc|libclang)|cargo-build|Finished|Installing|error' "$tmp/build.out"
  ((rc == 0)) || { tail -n 30 "$tmp/build.out"; return 1; }
}
check "README: phpize && ./configure && make && make install (INSTALL_ROOT=<tmp>)" readme_build

so=$install_root$("$php_config" --extension-dir)/socketio.so
check "modules/socketio.so built and installed as it is" cmp "$build/modules/socketio.so" "$so"

# modules/socketio.so is a file target: a second install copies it again and never runs cargo.
install_again() {
  (cd "$build" && make install INSTALL_ROOT="$install_root") >"$tmp/install.out" 2>&1 || { cat "$tmp/install.out"; return 1; }
  cat "$tmp/install.out"
  ! grep -q 'cargo' "$tmp/install.out"
}
check "make install again: no cargo, no rebuild" install_again

check "php -n -d extension=<installed> --ri socketio" loads_socketio "$php" -n -d "extension=$so"
check "emit from the installed extension reaches a subscriber" emit_reaches_spy "phpize-build" "$php" -n -d "extension=$so"
check "demo with the installed extension: the client receives the event once" demo_with "$so"

summary phpize
