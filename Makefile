# make build    cargo build --release, then modules/socketio.so
# make test     installs what is missing, builds, runs every suite; ends with "N passed, M failed"
# make demo     a private Redis + the reference Socket.IO server + a client; PHP emits, the client prints
# make demo-web the live feed (examples/live-feed): Redis + the companion server + the PHP app; prints the URL
# make install  copies the extension into PHP's extension dir and enables it (conf.d ini)
# make uninstall  disables it and removes what make install wrote
# make bench    benchmarks (not tests): php-fpm + nginx + wrk and a warm CLI loop, ratios side by side;
#               then the fan-out benchmark (make bench-fanout alone): batch() vs a phpredis pipeline;
#               then php-fpm requests with wait => false vs waiting vs no emit (make bench-fpm alone)
# make dist     prebuilt archives for every PHP here, named as PIE expects, each verified (packaging/)
# make dist-matrix  the same for the host PHP and every PHP of packaging/php-matrix (8.4, 8.5, ZTS)
# make deb      php8.2-socketio_<version>_amd64.deb for the PHP on PATH, built with dpkg-deb (packaging/deb/)
# make clean    removes build output
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

CARGO_TARGET_DIR ?= target
SO_BUILT := $(CARGO_TARGET_DIR)/release/libsocketio.so
SO := modules/socketio.so
NODE_MODULES_STAMP := e2e/node_modules/.package-lock.json
SERVER_MODULES_STAMP := server/node_modules/.package-lock.json

.PHONY: all build deps e2e-deps test demo demo-web bench bench-fanout bench-fpm install uninstall clean distclean

all: build

deps:
	scripts/install-deps.sh

# The copy is renamed over the old file rather than written into it: a PHP process that has the
# old .so mapped keeps its copy instead of crashing on a rewritten one.
build:
	cargo build --release
	@mkdir -p modules
	cp $(SO_BUILT) $(SO).tmp && mv -f $(SO).tmp $(SO)
	@echo "built $(SO)"

e2e-deps: $(NODE_MODULES_STAMP) $(SERVER_MODULES_STAMP)

# npm writes node_modules/.package-lock.json on every install, so it is older than the lock file
# exactly when node_modules is stale.
$(NODE_MODULES_STAMP): e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The companion server (server/) has its own dependencies: users install it alone with npm ci.
$(SERVER_MODULES_STAMP): server/package.json server/package-lock.json
	cd server && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Sequenced in one recipe (not as prerequisites) so `make -j test` keeps the order.
test:
	scripts/install-deps.sh
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory e2e-deps
	tests/run-all.sh

demo:
	scripts/install-deps.sh
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory e2e-deps
	scripts/demo.sh

demo-web:
	scripts/install-deps.sh
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory e2e-deps
	scripts/demo-web.sh

bench: build
	bench/run.sh
	bench/fanout.sh
	bench/fpm.sh

bench-fanout: build
	bench/fanout.sh

bench-fpm: build
	bench/fpm.sh

install: build
	scripts/install-extension.sh $(SO)

uninstall:
	scripts/uninstall-extension.sh

clean:
	rm -rf modules
	cargo clean

distclean: clean
	rm -rf e2e/node_modules server/node_modules

.PHONY: dist dist-matrix deb

# One archive per PHP found (packaging/dist.sh), then each one extracted into an empty dir and
# loaded by a clean PHP of its version (php -n): --ri, the phpt suite, an emit and the demo.
dist: e2e-deps
	packaging/dist.sh dist
	packaging/test/dist.sh dist

# The host PHP plus the PHP matrix (prepared first: cached chroot and builds, packaging/php-matrix).
dist-matrix: e2e-deps
	configs="$$(command -v php-config)"; \
	for n in $$(packaging/php-matrix/test.sh --list); do configs+=" $$(packaging/php-matrix/test.sh --php-config $$n)"; done; \
	SOCKETIO_PHP_CONFIGS="$$configs" $(MAKE) --no-print-directory dist

deb:
	packaging/deb/build.sh dist
