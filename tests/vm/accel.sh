#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Print the QEMU accelerator arguments to use: KVM only when a guest really
# boots under it here (on some hosts /dev/kvm opens but guests never get
# past the decompressor), otherwise TCG.  The answer is cached per host.
#
# Usage: accel.sh VMLINUZ
set -u
. "$(dirname "$0")/../../scripts/kver.sh"
tcg="-accel tcg,thread=multi -cpu max"
cache=$DAXMGR_CACHE/accel-$(uname -r)-$(hostname)

if [ -n "${DAXMGR_ACCEL:-}" ]; then
	echo "$DAXMGR_ACCEL"
	exit 0
fi
if [ -s "$cache" ]; then
	cat "$cache"
	exit 0
fi
answer=$tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	log=$(mktemp)
	timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256M -nodefaults \
		-display none -no-reboot -serial "file:$log" -kernel "$1" \
		-append "console=ttyS0 panic=-1" </dev/null >/dev/null 2>&1
	grep -q "Linux version" "$log" && answer="-accel kvm -cpu host"
	rm -f "$log"
fi
mkdir -p "$DAXMGR_CACHE"
echo "$answer" > "$cache"
echo "$answer"
