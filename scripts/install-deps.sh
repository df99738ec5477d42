#!/usr/bin/env bash
# Installs, with apt, what building and testing need on Debian 12, and nothing when it is all
# there already (make test calls this every time, so the common case must cost a dpkg query).
# Rust (cargo) is expected to be present: Debian's rustc is too old for ext-php-rs.
set -euo pipefail

# php8.2-fpm and openssl: the connection tests run php-fpm workers and make a private TLS CA.
# php8.2-msgpack: its unpacker creates objects without their constructor (phpt 051).
# php8.2-sqlite3 and chromium: the live-feed example stores posts in SQLite, and its browser
# test drives Debian's Chromium headless.
packages=(php8.2-cli php8.2-dev php8.2-fpm php8.2-msgpack php8.2-sqlite3 libclang-dev build-essential pkg-config
  libssl-dev openssl redis-server redis-tools chromium)
# Node only when there is none: a newer node from elsewhere (nvm, nodesource) must not be replaced.
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust with rustup (https://rustup.rs), then re-run" >&2
  exit 1
fi

# The lint suite runs `cargo fmt --check` and `cargo clippy`: rustup's minimal profile has neither.
lint_tools=()
cargo fmt --version >/dev/null 2>&1 || lint_tools+=(rustfmt)
cargo clippy --version >/dev/null 2>&1 || lint_tools+=(clippy)
if ((${#lint_tools[@]} > 0)); then
  if command -v rustup >/dev/null 2>&1; then
    echo "installing Rust components: ${lint_tools[*]}"
    rustup component add "${lint_tools[@]}"
  else
    echo "cargo ${lint_tools[*]} not found: install them (rustup component add ${lint_tools[*]}), then re-run" >&2
    exit 1
  fi
fi
