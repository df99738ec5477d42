# Rules the phpize Makefile gets from config.m4: socketio is built by cargo, not by libtool.

# Everything cargo compiles; `make` rebuilds when one of them is newer than modules/socketio.so.
SOCKETIO_SOURCES = $(SOCKETIO_ROOT)/Cargo.toml $(SOCKETIO_ROOT)/Cargo.lock $(SOCKETIO_ROOT)/build.rs \
	$(shell find $(SOCKETIO_ROOT)/src $(SOCKETIO_ROOT)/crates -name '*.rs' -o -name Cargo.toml)

# A file target: `make install` (often run as root, after `make`) finds it up to date and never
# runs cargo.
$(phplibdir)/socketio.so: $(SOCKETIO_SOURCES)
	CARGO='$(CARGO)' $(SOCKETIO_ROOT)/packaging/cargo-build.sh '$(SOCKETIO_PHP_CONFIG)' $@

# What libtool writes for a C extension, reduced to the line Makefile.global reads.
$(phplibdir)/socketio.la: $(phplibdir)/socketio.so
	echo "dlname='socketio.so'" > $@
