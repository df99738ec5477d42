dnl The phpize build of socketio, a PHP extension written in Rust:
dnl
dnl   cd packaging/phpize && phpize && ./configure [--with-php-config=PATH] && make && make install
dnl
dnl builds the extension with cargo (packaging/cargo-build.sh) against the PHP that php-config names
dnl and installs modules/socketio.so into that PHP's extension dir. phpize runs here rather than at
dnl the repository root because ./configure writes a Makefile, and the root Makefile is the
dnl project's own; PIE is pointed here by "build-path" in composer.json.
dnl
dnl A missing or too old toolchain stops ./configure with one line saying what to install, instead
dnl of a Rust backtrace three minutes into `make`.

PHP_ARG_ENABLE([socketio],
  [whether to build socketio],
  [AS_HELP_STRING([--disable-socketio], [Do not build the socketio extension])],
  [yes])

if test "$PHP_SOCKETIO" != "no"; then
  dnl The Rust workspace: two levels above this directory.
  SOCKETIO_ROOT=`cd "$abs_srcdir/../.." && pwd`
  if test ! -f "$SOCKETIO_ROOT/Cargo.toml" || test ! -x "$SOCKETIO_ROOT/packaging/cargo-build.sh"; then
    AC_MSG_ERROR([socketio: run phpize in packaging/phpize of a complete socketio source tree (no Cargo.toml in $SOCKETIO_ROOT)])
  fi

  dnl The minimum rustc is the workspace's declared rust-version (Cargo.toml), so it is stated once.
  SOCKETIO_RUST_MIN=`sed -n 's/^rust-version *= *"\(.*\)"/\1/p' "$SOCKETIO_ROOT/Cargo.toml" | head -n 1`

  dnl cargo on PATH, or where rustup puts it (a sudo or a CI step often has a PATH without it).
  AC_PATH_PROG([CARGO], [cargo], [no], [$PATH:$HOME/.cargo/bin])
  if test "$CARGO" = "no"; then
    AC_MSG_ERROR([socketio is written in Rust and needs cargo with rustc >= $SOCKETIO_RUST_MIN, not found on PATH or in ~/.cargo/bin: install Rust with rustup (https://rustup.rs; Debian's cargo is too old), then re-run ./configure])
  fi

  dnl rustc next to cargo (rustup's proxies), else on PATH; RUSTC overrides both, as for cargo.
  socketio_cargo_dir=`dirname "$CARGO"`
  AC_PATH_PROG([RUSTC], [rustc], [no], [$socketio_cargo_dir:$PATH])
  AC_MSG_CHECKING([for rustc >= $SOCKETIO_RUST_MIN])
  socketio_rustc_version=`"$RUSTC" --version 2>/dev/null | awk '{ print $2 }'`
  socketio_rustc_number=`echo "$socketio_rustc_version" | awk -F. '{ printf "%d", $1 * 1000 + $2 }'`
  socketio_rustc_min_number=`echo "$SOCKETIO_RUST_MIN" | awk -F. '{ printf "%d", $1 * 1000 + $2 }'`
  if test -z "$socketio_rustc_version" || test "$socketio_rustc_number" -lt "$socketio_rustc_min_number"; then
    AC_MSG_RESULT([no (${socketio_rustc_version:-none} at $RUSTC)])
    AC_MSG_ERROR([socketio needs rustc >= $SOCKETIO_RUST_MIN, found ${socketio_rustc_version:-none} ($RUSTC): install a current Rust with rustup (https://rustup.rs), then re-run ./configure])
  fi
  AC_MSG_RESULT([$socketio_rustc_version])

  dnl ext-php-rs reads PHP's headers with bindgen, which loads libclang at build time; look where
  dnl clang-sys looks (LIBCLANG_PATH, llvm-config, the usual library directories).
  AC_MSG_CHECKING([for libclang])
  socketio_libclang=
  socketio_llvm_libdir=`llvm-config --libdir 2>/dev/null`
  for socketio_dir in $LIBCLANG_PATH $socketio_llvm_libdir /usr/lib/llvm-*/lib /usr/lib64/llvm*/lib* \
      /usr/local/opt/llvm/lib /usr/lib/*-linux-gnu* /usr/lib64 /usr/lib /usr/local/lib; do
    for socketio_file in "$socketio_dir"/libclang.so "$socketio_dir"/libclang-*.so "$socketio_dir"/libclang.so.* \
        "$socketio_dir"/libclang.dylib; do
      if test -f "$socketio_file"; then
        socketio_libclang=$socketio_file
        break 2
      fi
    done
  done
  if test -z "$socketio_libclang"; then
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([socketio needs libclang to read PHP's headers (bindgen): install libclang-dev (Debian/Ubuntu) or clang-devel (Fedora/RHEL), or set LIBCLANG_PATH to its directory, then re-run ./configure])
  fi
  AC_MSG_RESULT([$socketio_libclang])

  dnl The php-config this build is for, as an absolute path (--with-php-config may name it bare).
  SOCKETIO_PHP_CONFIG=`command -v "$PHP_CONFIG"`

  dnl A C extension's module is a libtool .la (Makefile.global's `make test` reads its dlname and
  dnl install-modules deletes it); Makefile.frag makes both it and modules/socketio.so.
  PHP_MODULES='$(phplibdir)/socketio.la'
  dnl phpize's configure creates the build dirs it is given; without one, shtool complains.
  PHP_ADD_BUILD_DIR([modules])
  PHP_SUBST(SOCKETIO_ROOT)
  PHP_SUBST(SOCKETIO_PHP_CONFIG)
  PHP_SUBST(CARGO)
  PHP_ADD_MAKEFILE_FRAGMENT([$abs_srcdir/Makefile.frag], [$abs_srcdir], [$abs_builddir])
fi
