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

.PHONY: all deps module guest-bins check check-unit check-vm lint demo clean

all: module

deps:
	scripts/deps.sh $(KSERIES)

# Build out of a copy so that several kernels can be built side by side.
module:
	@mkdir -p $(KBUILD_DIR)
	@cp driver/*.c driver/*.h driver/Kbuild $(KBUILD_DIR)/
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(KBUILD_DIR) W=1 modules

$(BUILD)/guest/bin/daxtest: tests/vm/progs/daxtest.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -o $@ $< -lpmem

guest-bins: module $(BUILD)/guest/bin/daxtest

check-unit:
	tests/unit/run.sh

# W=1, sparse and checkpatch --strict on the driver
lint:
	tests/lint/run.sh $(KSERIES)

check-vm:
	tests/vm/run.sh --kver $(KSERIES)

# The main job: boot the QEMU guest, create a device, run fio against it.
demo:
	tests/vm/run.sh --kver $(KSERIES) --suite demo

# Every test; the last line is the "N passed, N failed" summary of all.
check:
	@rm -rf $(BUILD)/results; mkdir -p $(BUILD)/results
	-@$(MAKE) -s check-unit
	-@$(MAKE) -s lint
	-@$(MAKE) -s check-vm
	@scripts/summary.sh $(BUILD)/results

clean:
	rm -rf $(BUILD)
	$(MAKE) -C driver clean 2>/dev/null || true
