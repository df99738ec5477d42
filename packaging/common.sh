# Shared by the packaging scripts (sourced): what every artifact is named after.

PACKAGING_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The version every artifact carries: [package] version in the root Cargo.toml.
package_version() {
  awk '/^\[package\]/ { p = 1; next } /^\[/ { p = 0 } p && /^version *=/ { gsub(/[" ]/, "", $0); sub(/^version=/, "", $0); print; exit }' \
    "$PACKAGING_ROOT/Cargo.toml"
}

# php_configs: the PHPs to package, one php-config path a line. SOCKETIO_PHP_CONFIGS (space
# separated) names them; otherwise every versioned php-config on PATH (Debian's php-config8.2,
# php-config8.4, ...), else plain php-config. Two names for one file count once.
php_configs() {
  local list=() c seen=" "
  if [[ -n ${SOCKETIO_PHP_CONFIGS:-} ]]; then
    read -ra list <<<"$SOCKETIO_PHP_CONFIGS"
  else
    mapfile -t list < <(compgen -c php-config | grep -E '^php-config[0-9]+\.[0-9]+$' | sort -uV)
    ((${#list[@]} > 0)) || list=(php-config)
  fi
  for c in "${list[@]}"; do
    c=$(command -v "$c") || { echo "php-config not found: $c" >&2; return 1; }
    c=$(readlink -f "$c")
    [[ $seen == *" $c "* ]] && continue
    seen+="$c "
    echo "$c"
  done
}

# php_of PHP_CONFIG: the PHP CLI binary of that installation.
php_of() {
  "$1" --php-binary
}

# pie_asset_name PHP_CONFIG: the archive name PIE looks for on this machine for that PHP
# (php/pie src/Platform/PrePackagedBinaryAssetName.php):
#   php_<ext>-<version>_php<X.Y>-<arch>-<os>-<libc>[-debug][-zts].tgz
# PIE also accepts an explicit "-nts"; the bare form is the one every PIE version reads.
pie_asset_name() {
  local php arch libc
  php=$(php_of "$1")
  case $(uname -m) in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=x86 ;;
  esac
  if ldd --version 2>&1 | grep -qi musl; then libc=musl; else libc=glibc; fi
  "$php" -n -r 'echo "php_socketio-", $argv[1], "_php", PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, "-", $argv[2],
      "-linux-", $argv[3], PHP_DEBUG ? "-debug" : "", PHP_ZTS ? "-zts" : "", ".tgz";' \
    "$(package_version)" "$arch" "$libc"
}
