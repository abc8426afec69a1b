# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr top-level build.  See README.md for the two commands that matter:
#   make deps && make demo     install everything, run the QEMU demo
#   make deps && make check    run every test
SHELL := /bin/bash
# The kernel `make`, `make module` and `make dkms-install` build daxmgr.ko
# for: the running one by default; KVER=<release> (6.1.0-56-amd64) names
# another, KSERIES=6.1|6.12|6.12-debug Debian's current release of a series.
# scripts/kcheck.sh says what to do when it is unsupported or has no headers.
# (worked out once, on first use: target-specific KSERIES below count)
KVER ?= $(eval KVER := $(if $(KSERIES),$(shell scripts/kver.sh $(KSERIES)),$(shell uname -r)))$(KVER)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := build
KBUILD_DIR = $(BUILD)/kmod/$(KVER)
# The QEMU targets boot Debian's 6.1 unless KSERIES (or KVER) says otherwise.
demo bench bench-scale bench-smoke stress: KSERIES ?= 6.1

# dpkg-buildflags style: CPPFLAGS, CFLAGS and LDFLAGS reach every compile
# and link of the library and CLI; WARN is added, never replaced.
CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration

# One version for everything: dkms.conf's PACKAGE_VERSION, the one place
# it is written by hand.  The CLI (--version) and libdaxmgr.pc get it from
# here; driver/core.c's MODULE_VERSION and debian/changelog must say the
# same (DKMS and dpkg read those files as they are): tests/unit/test-version.sh
# fails if any of them differ.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
# The library's ABI: SONAME libdaxmgr.so.$(LIB_MAJOR), symbol nodes LIBDAXMGR_1,
# LIBDAXMGR_1.1, LIBDAXMGR_1.2 (lib/libdaxmgr.sym: a new symbol goes in a new node).
LIB_MAJOR := 1
LIB_VERSION := $(LIB_MAJOR).0.0
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# Where this system's udev and systemd look (their .pc files say), with
# Debian 12's answer when the -dev packages are not installed.
UDEVDIR ?= $(or $(shell pkg-config --variable=udevdir udev 2>/dev/null),/lib/udev)
SYSTEMDUNITDIR ?= $(or $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system)
LIB_SRCS := $(wildcard lib/*.c)
CLI_SRCS := $(wildcard cli/*.c)
LIB_HDRS := $(wildcard lib/*.h)
CLI_HDRS := $(wildcard cli/*.h)
LIB_LIBS := -lndctl -ldaxctl -luuid -lkmod
CLI_LIBS := -ljson-c
LIBSO := $(BUILD)/lib/libdaxmgr.so.$(LIB_VERSION)
# In the tree the CLI finds its library through $ORIGIN/../lib; the copy
# `make install` installs has no rpath (ld.so finds the library in LIBDIR).
CLI := $(BUILD)/bin/daxmgr
CLI_INST := $(BUILD)/install/daxmgr

.PHONY: all deps deps-debug dist deb check-deb version module lib cli uninstall dkms-uninstall dkms-source unit-bins check-fuzz stress bench bench-scale bench-smoke guest-bins check check-unit check-vm check-dkms check-host lint doc install demo dkms-install clean

# lib and cli first: an unbuildable module is then the last word.
all: lib cli module

lib: $(LIBSO) $(BUILD)/lib/libdaxmgr.pc
cli: $(CLI) $(CLI_INST)

$(LIBSO): $(LIB_SRCS) $(LIB_HDRS) lib/libdaxmgr.sym
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -fPIC -fvisibility=hidden -shared \
		-Wl,-soname,libdaxmgr.so.$(LIB_MAJOR) -Wl,--version-script=lib/libdaxmgr.sym \
		$(LDFLAGS) -o $@ $(LIB_SRCS) $(LIB_LIBS)
	ln -sf $(@F) $(BUILD)/lib/libdaxmgr.so.$(LIB_MAJOR)
	ln -sf libdaxmgr.so.$(LIB_MAJOR) $(BUILD)/lib/libdaxmgr.so

# The .pc file for the current PREFIX (install rewrites it for its own).
PC_SUBST = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' lib/libdaxmgr.pc.in

$(BUILD)/lib/libdaxmgr.pc: lib/libdaxmgr.pc.in dkms.conf
	@mkdir -p $(@D)
	$(PC_SUBST) > $@

CLI_LINK = $(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -Ilib -DDAXMGR_VERSION='"$(VERSION)"' \
	$(LDFLAGS) -o $@ $(CLI_SRCS) -L$(BUILD)/lib -ldaxmgr $(CLI_LIBS)

$(CLI): $(CLI_SRCS) $(CLI_HDRS) lib/libdaxmgr.h $(LIBSO) dkms.conf
	@mkdir -p $(@D)
	$(CLI_LINK) -Wl,-rpath,'$$ORIGIN/../lib'

$(CLI_INST): $(CLI_SRCS) $(CLI_HDRS) lib/libdaxmgr.h $(LIBSO) dkms.conf
	@mkdir -p $(@D)
	$(CLI_LINK)

# Debian packages and both target kernels' headers and images (cached; a
# few minutes on a fresh machine: see README).  Not the debug kernel: the
# steps that boot it or build against it (make check's debug lane and DKMS
# build, check-vm, check-dkms, stress) build it first, once (deps-debug).
deps:
	scripts/deps.sh 6.1 6.12

# The debug guest kernel from Debian's 6.12 source: about 25 minutes the
# first time, then cached until its recipe changes (scripts/debug-kernel.sh).
deps-debug:
	scripts/debug-kernel.sh

# Build out of a copy so that several kernels can be built side by side.
# No BTF for our module: Debian's headers carry no vmlinux to base it on
# (kbuild would say so on every build), and nothing reads it.
module:
	@scripts/kcheck.sh "$(KVER)" "$(KDIR)" "$(MAKECMDGOALS)"
	@mkdir -p $(KBUILD_DIR)
	@cp driver/*.c driver/*.h driver/Kbuild $(KBUILD_DIR)/
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(KBUILD_DIR) W=1 CONFIG_DEBUG_INFO_BTF_MODULES= modules

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

# Long-term pins as RDMA makes them: an MR over a DAX mapping (soft-RoCE)
$(BUILD)/guest/bin/daxrdma: tests/vm/progs/daxrdma.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $< -libverbs

# Races between the paths of one device (issue 22): threads, and RDMA MRs
# when asked (-R)
$(BUILD)/guest/bin/daxrace: tests/vm/progs/daxrace.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $< -lpthread -libverbs

# Each allocation of an entry point failed in turn (issue 22; fail-nth)
$(BUILD)/guest/bin/daxfailnth: tests/vm/progs/daxfailnth.c
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
	$(BUILD)/guest/bin/daxrdma $(BUILD)/guest/bin/daxrace $(BUILD)/guest/bin/daxfailnth \
	$(BUILD)/guest/bin/btfcheck $(BUILD)/guest/bin/compat_pmem $(BUILD)/guest/bin/compat_obj

# Host unit tests run the library and CLI built with ASan and UBSan; this
# CLI also reads the fake trees of DAXMGR_SYSFS, DAXMGR_PROC, DAXMGR_DEV.
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_DIR := $(BUILD)/asan
UNIT_SRCS := tests/unit/test_lib.c tests/unit/fake_sysfs.c cli/parse.c

$(ASAN_DIR)/test_lib: $(UNIT_SRCS) tests/unit/fake_sysfs.h $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(WARN) -Ilib -Icli -Itests/unit -o $@ $(UNIT_SRCS) $(LIB_SRCS) $(LIB_LIBS)

$(ASAN_DIR)/daxmgr: $(CLI_SRCS) $(CLI_HDRS) $(LIB_SRCS) $(LIB_HDRS) dkms.conf
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(WARN) -Ilib -DDAXMGR_TEST_ROOTS -DDAXMGR_VERSION='"$(VERSION)"' -o $@ $(CLI_SRCS) $(LIB_SRCS) $(LIB_LIBS) $(CLI_LIBS)

unit-bins: $(ASAN_DIR)/test_lib $(ASAN_DIR)/daxmgr

$(BUILD)/fuzz/fuzz_parsers: tests/fuzz/fuzz_parsers.c lib/parse.c lib/conf.c cli/parse.c $(LIB_HDRS)
	@mkdir -p $(@D)
	clang -O1 -g -fsanitize=fuzzer,address,undefined -Ilib -Icli -o $@ tests/fuzz/fuzz_parsers.c lib/parse.c lib/conf.c cli/parse.c

# FUZZ_SECONDS bounds the libFuzzer run (check: short; stress: longer)
FUZZ_SECONDS ?= 10
check-fuzz: $(BUILD)/fuzz/fuzz_parsers
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# The example of docs/, built against the public header and the shared
# library only (the library hides everything else).
EXAMPLE := $(BUILD)/example/daxmgr-example
$(EXAMPLE): docs/example/daxmgr-example.c lib/libdaxmgr.h $(LIBSO)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -Werror -Ilib -o $@ $< -L$(BUILD)/lib -ldaxmgr -Wl,-rpath,'$$ORIGIN/../lib'

check-unit: unit-bins lib cli $(EXAMPLE)
	tests/unit/run.sh

# W=1, sparse and checkpatch --strict on the driver, for both kernels
lint:
	tests/lint/run.sh 6.1 6.12

# The VM suite on both target kernels and on the debug kernel.  The stock
# lanes run 5 unbind/bind cycles per policy (pin_io_cycles' own default
# is 50) and 1000 fuzzed sysfs writes (fuzz_sysfs' own 3000): a cycle
# repeats one path, and the long repetition is make stress's (200 cycles
# per policy and 12000 writes, and 600 s of race_paths, on the stock and
# the debug kernel).
# The debug kernel's checkers of issue 22 are its lane's alone: kmemleak
# (leak_scan), the fault injection (fail_nth), and the short race of the
# paths (race_paths; make stress runs the long one on both kernels).
STOCK_VM_ARGS := --env CYCLES=5 --env FUZZ_INPUTS=1000 --skip fail_nth --skip leak_scan --skip race_paths
DEBUG_SERIES := 6.12-debug
# The debug kernel (KASAN, lockdep, DEBUG_VM, kmemleak) runs a guest case
# 4-8x slower than a stock one.  To keep `make check` within 25 minutes
# its lane runs every case that enters the driver on a path of its own,
# with 400 fuzzed writes (not 3000), and leaves out what the stock lanes
# cover and reaches the driver only through the same sysfs writes,
# faults and opens as the cases it keeps: compat_tools (fio/PMDK/daxctl
# as userspace sees them), sysfs_badinput (fuzz_sysfs writes the same
# attributes with malformed and random values there), the CLI cases (the poll() wakeup that daxmgr
# unbind waits with is a driver path of its own: vmas_poll, kept), and
# the unbind/bind cycles of vma_cycles and pin_io_cycles: race_paths'
# binder runs such cycles there under both policies, against mappings,
# O_DIRECT, vmsplice pins and revokes (and pin_vma_unbind,
# proof_dio_unbind and park_vmsplice walk each wait once).
# The RDMA cases cannot run there: the debug kernel's localmodconfig (the
# modules of tests/vm/initramfs.sh's first list) leaves INFINIBAND out, so
# it has no rdma_rxe and no ib_uverbs.  Its lane keeps uring_buffers: a
# 6.12 io_uring registered buffer is the same long-term pin through the
# same drain and park as an MR.
DEBUG_SKIP := compat_tools vma_cycles pin_io_cycles sysfs_badinput cli_records_daxctl cli_interrupt cli_destroy_busy cli_create_list cli_create_autoprobe cli_create_refuse cli_create_device \
	cli_autobind cli_bind_record cli_unbind cli_io_drain cli_module_load rdma_mr_io rdma_mr_vma proof_rdma_unbind
# One vCPU: a 2-vCPU debug guest under multi-threaded TCG once died at
# boot, before our module loaded, with "Oops: int3" in
# sched_clock_idle_wakeup_event(): late_initcall patches that static
# branch with int3 while the other vCPU runs it, and that vCPU executed a
# stale int3 after the patch was complete (a TCG cross-vCPU code
# modification race; the debug kernel's slow boot widens its window).  One
# vCPU makes the patching coherent, and costs the mostly sequential cases
# little; the stock lanes keep two vCPUs for the races between CPUs.
DEBUG_TIMEOUT := 3000
DEBUG_VM_ARGS := --kver $(DEBUG_SERIES) --timeout $(DEBUG_TIMEOUT) --smp 1 \
	--env FUZZ_INPUTS=400 $(addprefix --skip ,$(DEBUG_SKIP))
# The device_dax side of the device_dax-vs-daxmgr proof: a run that must
# end in a kernel report (tests/vm/suites/proof-device_dax).
# --expect-report-pattern: the function the bio completion faults in, on
# every kernel (its RIP, or in the trace under the debug kernel's
# bio_first_folio).
PROOF_DD = tests/vm/run.sh --suite proof-device_dax --env PROOF_DRIVER=device_dax \
	--expect-kernel-report "daxmgr-proof: unbinding" --expect-report-pattern bio_check_pages_dirty
# The same with a live RDMA MR (suites/proof-device_dax-rdma): the unbind
# returns at once, and ibv_dereg_mr faults on the freed memmap in
# unpin_user_page_range_dirty_lock() under rxe_dereg_mr().  Stock kernels
# only: the debug kernel has no soft-RoCE (DEBUG_SKIP).
PROOF_DD_RDMA = tests/vm/run.sh --suite proof-device_dax-rdma --env PROOF_DRIVER=device_dax \
	--expect-kernel-report "daxmgr-proof: unbinding" \
	--expect-report-pattern unpin_user_page_range_dirty_lock

# Cases that make namespaces of their own sizes need labelled NVDIMMs.
LABELS_VM_ARGS = --suite labels --label-size 128K

# The CXL lane (issue 23): two emulated CXL type-3 persistent memory
# devices instead of the NVDIMMs, two boots (suites/cxl), soft-reserved
# memory for a dynamic dax device.  6.12 only: on 6.1, QEMU 7.2's CXL
# regions are made and their namespaces too, but what is written through
# a mapping of one reads back as zeros, under device_dax as under daxmgr
# (README, "The CXL lane").
CXL_VM_ARGS = --suite cxl --cxl 2 --nvdimms 0 --hmem 128M

check-vm: deps-debug
	tests/vm/run.sh $(STOCK_VM_ARGS) --kver 6.1
	tests/vm/run.sh $(STOCK_VM_ARGS) --kver 6.12
	tests/vm/run.sh $(DEBUG_VM_ARGS)
	tests/vm/run.sh --kver 6.1 --suite reboot
	tests/vm/run.sh --kver 6.12 --suite reboot
	tests/vm/run.sh $(LABELS_VM_ARGS) --kver 6.1
	tests/vm/run.sh $(LABELS_VM_ARGS) --kver 6.12
	tests/vm/run.sh $(CXL_VM_ARGS) --kver 6.12
	$(PROOF_DD) --kver $(DEBUG_SERIES) --timeout $(DEBUG_TIMEOUT) --smp 1
	$(PROOF_DD) --kver 6.1
	$(PROOF_DD) --kver 6.12
	$(PROOF_DD_RDMA) --kver 6.1
	$(PROOF_DD_RDMA) --kver 6.12

MANPAGES := $(wildcard docs/man/*.8)
LIBMANPAGES := docs/man/libdaxmgr.3

# Man pages are mdoc sources: `make doc` checks them and renders text copies.
doc: $(MANPAGES) $(LIBMANPAGES)
	@mkdir -p $(BUILD)/man
	@for m in $(MANPAGES) $(LIBMANPAGES); do \
		mandoc -Tlint -W warning $$m || exit 1; \
		mandoc -Tutf8 $$m | col -b > $(BUILD)/man/$$(basename $$m).txt; \
	done
	@echo "man pages: $(BUILD)/man/"

# Library, header, pkg-config file, CLI, man pages, bash completion, the
# udev rule that wants daxmgr-autobind@DEV.service for new dax devices,
# that unit and daxmgr.target (config/).  Installs
# what `make` (or `make lib cli`) built and compiles nothing, so that
# `sudo make install` leaves no root-owned files in build/.  Packaging:
#   make PREFIX=/usr CFLAGS=... && make install DESTDIR=... PREFIX=/usr LIBDIR=/usr/lib/$(DEB_HOST_MULTIARCH)
INSTALLED = $(LIBDIR)/libdaxmgr.so.$(LIB_VERSION) $(LIBDIR)/libdaxmgr.so.$(LIB_MAJOR) \
	$(LIBDIR)/libdaxmgr.so $(INCLUDEDIR)/libdaxmgr.h $(LIBDIR)/pkgconfig/libdaxmgr.pc \
	$(BINDIR)/daxmgr $(addprefix $(MANDIR)/man8/,$(notdir $(MANPAGES))) \
	$(addprefix $(MANDIR)/man3/,$(notdir $(LIBMANPAGES))) \
	$(BASHCOMPDIR)/daxmgr $(UDEVDIR)/rules.d/90-daxmgr.rules \
	$(SYSTEMDUNITDIR)/daxmgr-autobind@.service $(SYSTEMDUNITDIR)/daxmgr.target
# ld.so's cache, for a library in /usr/local/lib (not when staging a package)
LDCONFIG = if [ -z "$(DESTDIR)" ] && [ -w /etc/ld.so.cache ]; then ldconfig; fi
# systemd and udev re-read units and rules (a live system, not a package stage)
RELOAD = if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	systemctl daemon-reload || true; udevadm control --reload || true; fi

install:
	@for f in $(LIBSO) $(CLI_INST); do [ -e "$$f" ] || { \
		echo "make install: $$f is not built; run \`make lib cli\` (or \`make\`) first, then \`make install\`" >&2; \
		exit 2; }; done
	install -D -m755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libdaxmgr.so.$(LIB_VERSION)
	ln -sfn libdaxmgr.so.$(LIB_VERSION) $(DESTDIR)$(LIBDIR)/libdaxmgr.so.$(LIB_MAJOR)
	ln -sfn libdaxmgr.so.$(LIB_MAJOR) $(DESTDIR)$(LIBDIR)/libdaxmgr.so
	install -D -m644 lib/libdaxmgr.h $(DESTDIR)$(INCLUDEDIR)/libdaxmgr.h
	@mkdir -p $(DESTDIR)$(LIBDIR)/pkgconfig
	$(PC_SUBST) > $(DESTDIR)$(LIBDIR)/pkgconfig/libdaxmgr.pc
	install -D -m755 $(CLI_INST) $(DESTDIR)$(BINDIR)/daxmgr
	for m in $(MANPAGES); do install -D -m644 $$m $(DESTDIR)$(MANDIR)/man8/$$(basename $$m); done
	for m in $(LIBMANPAGES); do install -D -m644 $$m $(DESTDIR)$(MANDIR)/man3/$$(basename $$m); done
	install -D -m644 cli/daxmgr.bash-completion $(DESTDIR)$(BASHCOMPDIR)/daxmgr
	@mkdir -p $(DESTDIR)$(UDEVDIR)/rules.d
	install -D -m644 config/90-daxmgr.rules $(DESTDIR)$(UDEVDIR)/rules.d/90-daxmgr.rules
	@mkdir -p $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@BINDIR@|$(BINDIR)|' config/daxmgr-autobind@.service > $(DESTDIR)$(SYSTEMDUNITDIR)/daxmgr-autobind@.service
	install -D -m644 config/daxmgr.target $(DESTDIR)$(SYSTEMDUNITDIR)/daxmgr.target
	@$(LDCONFIG)
	@$(RELOAD)

# Removes exactly what `install` put there (same PREFIX, LIBDIR, ... and
# DESTDIR); directories stay, they may be shared.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	@$(LDCONFIG)
	@$(RELOAD)

# The version, for scripts and tests (tests/unit/test-version.sh)
version:
	@echo $(VERSION)

# The release tarball: the tracked files as they are in the work tree
DIST := $(BUILD)/daxmgr-$(VERSION).tar.gz
dist:
	@scripts/dist.sh $(VERSION) $(DIST)

# The Debian packages (debian/), built by dpkg-buildpackage from the
# release tarball unpacked in build/deb/: daxmgr-dkms, daxmgr, libdaxmgr1
# and libdaxmgr-dev land in build/deb/ (never installed here).
DEB_DIR := $(BUILD)/deb
deb: dist
	@command -v dpkg-buildpackage > /dev/null && [ -x /usr/bin/dh ] && [ -x /usr/bin/dh_dkms ] || { \
		echo "make deb: needs dpkg-dev, debhelper and dh-dkms (make deps installs them)" >&2; exit 2; }
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	tar -xzf $(DIST) -C $(DEB_DIR)
	cd $(DEB_DIR)/daxmgr-$(VERSION) && dpkg-buildpackage -b -us -uc > ../build.log 2>&1 || \
		{ tail -30 ../build.log >&2; echo "make deb: dpkg-buildpackage failed; log: $(DEB_DIR)/build.log" >&2; exit 1; }
	@ls $(DEB_DIR)/*.deb $(DEB_DIR)/*.changes

# The packages built (make deb) and lintian --pedantic on them (about 15 s;
# a target of its own, as it builds from make dist's tarball and needs
# debhelper, dh-dkms and lintian): make check runs it once.
check-deb:
	tests/deb/run.sh

# Install the module with DKMS for KVER (default: the running kernel) from
# a staged copy of dkms.conf and driver/ in /usr/src/daxmgr-VERSION.  The
# tests and the demo never use it: they build as daxmgr-test in DKMS trees
# of their own below build/dkms (scripts/dkms.sh test-install), so that an
# installed daxmgr stays as it is.
dkms-install:
	scripts/dkms.sh install "$(KVER)"

dkms-uninstall:
	scripts/dkms.sh remove

# Only the staged DKMS source, for a package to ship (dh_dkms registers it).
dkms-source:
	scripts/dkms.sh stage $(DESTDIR)/usr/src/daxmgr-$(VERSION)

# The main job: the DKMS-built module in a QEMU guest with an emulated
# NVDIMM, a device created with daxmgr, fio against it, a safe unbind.
# Its DKMS build is the tests' (daxmgr-test, in build/dkms): an installed
# daxmgr is never touched.
demo: lib cli
	@ko=$$(scripts/dkms.sh test-install $(KVER) | tail -1) && \
	tests/vm/run.sh --kver $(KSERIES) --suite demo --module "$$ko" && \
	sed 's/^/  /' $(BUILD)/vm/demo-$(KSERIES)/cases/demo.log

# Long reliability runs: 200 cycles per policy, 12000 fuzzed attribute
# writes, a minute of parser fuzzing, RACE_SECONDS (600) of races between
# the paths of a device (race_paths: daxrace; RACE_SEED reproduces one).
# `make check` runs the short forms.
stress: deps-debug guest-bins
	@rm -rf $(BUILD)/results; mkdir -p $(BUILD)/results
	-@$(MAKE) -s check-unit
	-@$(MAKE) -s check-fuzz FUZZ_SECONDS=60
	-@scripts/lanes.sh $(STRESS_LANES)
	@scripts/summary.sh $(BUILD)/results

# make stress's two guests, side by side like make check's lanes: the
# stock kernel (kmemleak is the debug kernel's: leak_scan skipped) and
# the debug kernel.
STRESS_RACE = --env RACE_SECONDS=$${RACE_SECONDS:-600} $${RACE_SEED:+--env RACE_SEED=$$RACE_SEED}
STRESS_LANES = \
	'tests/vm/run.sh --kver $(KSERIES) --suite stress --timeout 5900 --skip leak_scan \
		--env CYCLES=200 --env FUZZ_INPUTS=12000 --env FUZZ_SEED=$${FUZZ_SEED:-20261122} $(STRESS_RACE)' \
	'tests/vm/run.sh --kver $(DEBUG_SERIES) --suite stress --timeout 7900 --smp 1 \
		--env CYCLES=$${DEBUG_CYCLES:-50} --env FUZZ_INPUTS=3000 --env FUZZ_SEED=$${FUZZ_SEED:-20261122} $(STRESS_RACE)'

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

check-dkms: deps-debug
	tests/dkms/run.sh 6.1 6.12 $(DEBUG_SERIES)

# The Debian host lane: the .debs of `make deb` in a Debian 12 guest under
# systemd and udev (apt install, DKMS, reboots, the 6.12 upgrade, purge;
# tests/host/run.sh).  Its image is built once from Debian's packages and
# cached (tests/host/image.sh).  Failures are counted, not fatal here:
# the lane writes build/results/host-debian.tsv either way.
# In make check (HOST_DEBS=built) the packages are check-deb's, just built.
check-host:
	@[ "$(HOST_DEBS)" = built ] && ls $(DEB_DIR)/daxmgr-dkms_*.deb > /dev/null 2>&1 || \
	$(MAKE) -s deb > /dev/null || { mkdir -p $(BUILD)/results; \
		printf 'host/debian-host/debs\tfail\tmake deb failed\n' > $(BUILD)/results/host-debian.tsv; exit 1; }
	tests/host/run.sh

# make check's lanes, run side by side by scripts/lanes.sh (one per core,
# each pinned to its core), longest first so both cores stay busy to the
# end.  README ("Tests") gives each lane's time.  The device_dax proof
# runs on the stock kernels; on the debug kernel (KASAN's words for the
# same use-after-free in device_dax, nothing of ours) in check-vm only:
# its 62 s went to the debug lane's checkers of issue 22.
CHECK_LANES = \
	'tests/vm/run.sh $(DEBUG_VM_ARGS)' \
	'$(MAKE) -s check-host HOST_DEBS=built' \
	'tests/vm/run.sh $(STOCK_VM_ARGS) --kver 6.12' \
	'tests/vm/run.sh $(STOCK_VM_ARGS) --kver 6.1' \
	'tests/vm/run.sh $(CXL_VM_ARGS) --kver 6.12' \
	'bench/smoke.sh 6.1' \
	'$(PROOF_DD_RDMA) --kver 6.1' \
	'$(PROOF_DD_RDMA) --kver 6.12' \
	'$(PROOF_DD) --kver 6.1' \
	'$(PROOF_DD) --kver 6.12' \
	'tests/vm/run.sh --kver 6.1 --suite reboot' \
	'tests/vm/run.sh --kver 6.12 --suite reboot' \
	'tests/vm/run.sh $(LABELS_VM_ARGS) --kver 6.1' \
	'tests/vm/run.sh $(LABELS_VM_ARGS) --kver 6.12' \
	'$(MAKE) -s check-dkms'

# Every test; the last line is the "N passed, N failed" summary of all.
# The debug kernel is built here, once, if make deps has not (about 25
# minutes on a fresh 2-core machine); a failed build fails its lane.
check:
	@rm -rf $(BUILD)/results; mkdir -p $(BUILD)/results
	@# the unit tests beside the packages, fuzzing and lint, one after
	@# another (they build in places of their own: build/lib, build/cli
	@# and build/asan; build/deb; build/fuzz; a scratch copy of driver/);
	@# the unit tests' output after theirs, whole
	-@$(MAKE) -s check-unit > $(BUILD)/results/unit.out 2>&1 & unit=$$!; \
		$(MAKE) -s check-deb; $(MAKE) -s check-fuzz; $(MAKE) -s lint; \
		wait $$unit; cat $(BUILD)/results/unit.out
	-@set -o pipefail; scripts/debug-kernel.sh 2>&1 | tee $(BUILD)/results/debug-kernel.log && \
		printf 'deps/debug-kernel\tpass\t\n' > $(BUILD)/results/debug-kernel.tsv || { \
		tail -5 $(BUILD)/results/debug-kernel.log; \
		printf 'deps/debug-kernel\tfail\tsee build/results/debug-kernel.log\n' > $(BUILD)/results/debug-kernel.tsv; }
	-@scripts/lanes.sh $(CHECK_LANES)
	@scripts/summary.sh $(BUILD)/results

clean:
	rm -rf $(BUILD)
	$(MAKE) -C driver clean 2>/dev/null || true
