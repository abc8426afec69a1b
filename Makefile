# daxmgr top-level build.  See README.md for the two commands that matter:
#   make deps && make demo     install everything, run the QEMU demo
#   make deps && make check    run every test
SHELL := /bin/bash
KSERIES ?= 6.1
KVER ?= $(shell scripts/kver.sh $(KSERIES))
KDIR ?= /lib/modules/$(KVER)/build
BUILD := build
KBUILD_DIR := $(BUILD)/kmod/$(KVER)

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration

VERSION := 0.1
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
UDEVDIR ?= /lib/udev
LIB_SRCS := $(wildcard lib/*.c)
CLI_SRCS := $(wildcard cli/*.c)
LIB_HDRS := $(wildcard lib/*.h)
CLI_HDRS := $(wildcard cli/*.h)
LIB_LIBS := -lndctl -ldaxctl -luuid -lkmod
CLI_LIBS := -ljson-c
LIBSO := $(BUILD)/lib/libdaxmgr.so.1
CLI := $(BUILD)/bin/daxmgr

.PHONY: all deps module lib cli unit-bins check-fuzz stress bench bench-scale bench-smoke guest-bins check check-unit check-vm check-dkms lint doc install demo dkms-install clean

all: module lib cli

lib: $(LIBSO) $(BUILD)/lib/libdaxmgr.pc
cli: $(CLI)

$(LIBSO): $(LIB_SRCS) $(LIB_HDRS) lib/libdaxmgr.sym
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -fPIC -fvisibility=hidden -shared \
		-Wl,-soname,libdaxmgr.so.1 -Wl,--version-script=lib/libdaxmgr.sym \
		-o $@ $(LIB_SRCS) $(LIB_LIBS)
	ln -sf libdaxmgr.so.1 $(BUILD)/lib/libdaxmgr.so

# The .pc file for the current PREFIX (install rewrites it for its own).
PC_SUBST = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' lib/libdaxmgr.pc.in

$(BUILD)/lib/libdaxmgr.pc: lib/libdaxmgr.pc.in
	@mkdir -p $(@D)
	$(PC_SUBST) > $@

# In the tree the CLI finds its library through $ORIGIN/../lib.
$(CLI): $(CLI_SRCS) $(CLI_HDRS) lib/libdaxmgr.h $(LIBSO)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -Ilib -DDAXMGR_VERSION='"$(VERSION)"' -o $@ \
		$(CLI_SRCS) -L$(BUILD)/lib -ldaxmgr $(CLI_LIBS) -Wl,-rpath,'$$ORIGIN/../lib'

# Debian packages, both target kernels' headers and images, and the debug
# kernel built from Debian's 6.12 source (all cached; see README)
deps:
	scripts/deps.sh 6.1 6.12
	scripts/debug-kernel.sh

# Build out of a copy so that several kernels can be built side by side.
module:
	@mkdir -p $(KBUILD_DIR)
	@cp driver/*.c driver/*.h driver/Kbuild $(KBUILD_DIR)/
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(KBUILD_DIR) W=1 modules

$(BUILD)/guest/bin/daxtest: tests/vm/progs/daxtest.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $< -lpmem

$(BUILD)/guest/bin/daxbench: bench/daxbench.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $< -lpmem -lpthread

$(BUILD)/guest/bin/btfcheck: tests/vm/progs/btfcheck.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $<

$(BUILD)/guest/bin/daxfuzz: tests/vm/progs/daxfuzz.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $<

# PMDK applications for the side-by-side compatibility cases (compat_*)
$(BUILD)/guest/bin/compat_pmem: tests/vm/progs/compat_pmem.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $< -lpmem2 -lpmem

$(BUILD)/guest/bin/compat_obj: tests/vm/progs/compat_obj.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $< -lpmemobj

guest-bins: module lib cli $(BUILD)/guest/bin/daxtest $(BUILD)/guest/bin/daxbench $(BUILD)/guest/bin/daxfuzz \
	$(BUILD)/guest/bin/btfcheck $(BUILD)/guest/bin/compat_pmem $(BUILD)/guest/bin/compat_obj

# Host unit tests run the library and CLI built with ASan and UBSan.
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_DIR := $(BUILD)/asan
UNIT_SRCS := tests/unit/test_lib.c tests/unit/fake_sysfs.c

$(ASAN_DIR)/test_lib: $(UNIT_SRCS) tests/unit/fake_sysfs.h $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(WARN) -Ilib -Itests/unit -o $@ $(UNIT_SRCS) $(LIB_SRCS) $(LIB_LIBS)

$(ASAN_DIR)/daxmgr: $(CLI_SRCS) $(CLI_HDRS) $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(WARN) -Ilib -o $@ $(CLI_SRCS) $(LIB_SRCS) $(LIB_LIBS) $(CLI_LIBS)

unit-bins: $(ASAN_DIR)/test_lib $(ASAN_DIR)/daxmgr

$(BUILD)/fuzz/fuzz_parsers: tests/fuzz/fuzz_parsers.c lib/parse.c lib/conf.c $(LIB_HDRS)
	@mkdir -p $(@D)
	clang -O1 -g -fsanitize=fuzzer,address,undefined -Ilib -o $@ tests/fuzz/fuzz_parsers.c lib/parse.c lib/conf.c

# FUZZ_SECONDS bounds the libFuzzer run (check: short; stress: longer)
FUZZ_SECONDS ?= 10
check-fuzz: $(BUILD)/fuzz/fuzz_parsers
	tests/fuzz/run.sh $(FUZZ_SECONDS)

check-unit: unit-bins lib cli
	tests/unit/run.sh

# W=1, sparse and checkpatch --strict on the driver, for both kernels
lint:
	tests/lint/run.sh 6.1 6.12

# The VM suite on both target kernels and on the debug kernel
DEBUG_SERIES := 6.12-debug
# The debug kernel (KASAN, lockdep) runs guests 2-3x slower: more time per boot.
DEBUG_TIMEOUT := 3000
# The device_dax side of the device_dax-vs-daxmgr proof: a run that must
# end in a kernel report (tests/vm/suites/proof-device_dax).
PROOF_DD = tests/vm/run.sh --suite proof-device_dax --env PROOF_DRIVER=device_dax \
	--expect-kernel-report "daxmgr-proof: unbinding"

check-vm:
	tests/vm/run.sh --kver 6.1
	tests/vm/run.sh --kver 6.12
	tests/vm/run.sh --kver $(DEBUG_SERIES) --timeout $(DEBUG_TIMEOUT)
	tests/vm/run.sh --kver 6.1 --suite reboot
	tests/vm/run.sh --kver 6.12 --suite reboot
	$(PROOF_DD) --kver $(DEBUG_SERIES) --timeout $(DEBUG_TIMEOUT)
	$(PROOF_DD) --kver 6.1
	$(PROOF_DD) --kver 6.12

MANPAGES := $(wildcard docs/man/*.8)

# Man pages are mdoc sources: `make doc` checks them and renders text copies.
doc: $(MANPAGES)
	@mkdir -p $(BUILD)/man
	@for m in $(MANPAGES); do \
		mandoc -Tlint -W warning $$m || exit 1; \
		mandoc -Tutf8 $$m | col -b > $(BUILD)/man/$$(basename $$m).txt; \
	done
	@echo "man pages: $(BUILD)/man/"

# Library, header, pkg-config file, CLI, man pages, bash completion and
# the udev rule that runs `daxmgr autobind` for new dax devices.
install: lib cli
	install -D -m755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libdaxmgr.so.1
	ln -sf libdaxmgr.so.1 $(DESTDIR)$(LIBDIR)/libdaxmgr.so
	install -D -m644 lib/libdaxmgr.h $(DESTDIR)$(INCLUDEDIR)/libdaxmgr.h
	@mkdir -p $(DESTDIR)$(LIBDIR)/pkgconfig
	$(PC_SUBST) > $(DESTDIR)$(LIBDIR)/pkgconfig/libdaxmgr.pc
	$(CC) $(CFLAGS) $(WARN) -Ilib -DDAXMGR_VERSION='"$(VERSION)"' -o $(BUILD)/daxmgr.installed \
		$(CLI_SRCS) -L$(BUILD)/lib -ldaxmgr $(CLI_LIBS) -Wl,-rpath-link,$(BUILD)/lib
	install -D -m755 $(BUILD)/daxmgr.installed $(DESTDIR)$(BINDIR)/daxmgr
	for m in $(MANPAGES); do install -D -m644 $$m $(DESTDIR)$(MANDIR)/man8/$$(basename $$m); done
	install -D -m644 cli/daxmgr.bash-completion $(DESTDIR)$(PREFIX)/share/bash-completion/completions/daxmgr
	@mkdir -p $(DESTDIR)$(UDEVDIR)/rules.d
	sed 's|@BINDIR@|$(BINDIR)|' config/90-daxmgr.rules > $(DESTDIR)$(UDEVDIR)/rules.d/90-daxmgr.rules

# Install the module with DKMS for the target kernel (on the host's disk,
# for the guest: it is never loaded into the host's own kernel).
dkms-install:
	scripts/dkms.sh install $(KVER)

# The main job: the DKMS-built module in a QEMU guest with an emulated
# NVDIMM, a device created with daxmgr, fio against it, a safe unbind.
demo: lib cli
	@ko=$$(scripts/dkms.sh install $(KVER) | tail -1) && \
	tests/vm/run.sh --kver $(KSERIES) --suite demo --module "$$ko" && \
	sed 's/^/  /' $(BUILD)/vm/demo-$(KSERIES)/cases/demo.log

# Long reliability runs: 200 cycles per policy, 12000 fuzzed attribute
# writes, a minute of parser fuzzing.  `make check` runs the short forms.
stress: guest-bins
	@rm -rf $(BUILD)/results; mkdir -p $(BUILD)/results
	-@$(MAKE) -s check-unit
	-@$(MAKE) -s check-fuzz FUZZ_SECONDS=60
	-@tests/vm/run.sh --kver $(KSERIES) --suite stress --timeout 5000 \
		--env CYCLES=200 --env FUZZ_INPUTS=12000 --env FUZZ_SEED=$${FUZZ_SEED:-20261122}
	-@tests/vm/run.sh --kver $(DEBUG_SERIES) --suite stress --timeout 7000 \
		--env CYCLES=$${DEBUG_CYCLES:-50} --env FUZZ_INPUTS=3000 --env FUZZ_SEED=$${FUZZ_SEED:-20261122}
	@scripts/summary.sh $(BUILD)/results

# Kernel device-dax vs daxmgr on two equal emulated NVDIMMs, one boot.
bench: guest-bins
	bench/run.sh $(KSERIES)

# The control path against device size: one guest per NVDIMM size
# (SCALE_SIZES), daxmgr and device_dax side by side (bench/README.md).
bench-scale: guest-bins
	bench/scale.sh $(KSERIES)

# One short boot that proves both benchmarks run and report (in check).
bench-smoke: guest-bins
	bench/smoke.sh $(KSERIES)

check-dkms:
	tests/dkms/run.sh 6.1 6.12 $(DEBUG_SERIES)

# Every test; the last line is the "N passed, N failed" summary of all.
check:
	@rm -rf $(BUILD)/results; mkdir -p $(BUILD)/results
	-@$(MAKE) -s check-unit
	-@$(MAKE) -s check-fuzz
	-@$(MAKE) -s lint
	-@$(MAKE) -s check-dkms
	-@tests/vm/run.sh --kver 6.1
	-@tests/vm/run.sh --kver 6.12
	-@tests/vm/run.sh --kver $(DEBUG_SERIES) --timeout $(DEBUG_TIMEOUT)
	-@tests/vm/run.sh --kver 6.1 --suite reboot
	-@tests/vm/run.sh --kver 6.12 --suite reboot
	-@$(PROOF_DD) --kver $(DEBUG_SERIES) --timeout $(DEBUG_TIMEOUT)
	-@$(PROOF_DD) --kver 6.1
	-@$(PROOF_DD) --kver 6.12
	-@bench/smoke.sh 6.1
	@scripts/summary.sh $(BUILD)/results

clean:
	rm -rf $(BUILD)
	$(MAKE) -C driver clean 2>/dev/null || true
