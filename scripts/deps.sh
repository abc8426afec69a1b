#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Install every build and test dependency of daxmgr from Debian packages, and
# fetch the unsigned Debian kernel images the VM tests boot.  The images are
# extracted into a cache folder; they are never installed on the host.
#
# Idempotent: a second run with everything present only checks and returns.
#
# Usage: scripts/deps.sh [6.1] [6.12]   (default: 6.1)
# The debug kernel (and its build tools above) is scripts/debug-kernel.sh.
# libibverbs-dev, ibverbs-providers (librxe, the soft-RoCE provider) and
# iproute2 (the `rdma` tool) are for the guest's long-term-pin cases
# (tests/vm/progs/daxrdma.c): the guest initramfs copies them from here.
# Not rdma-core: its udev rules and systemd units load RDMA modules, and
# nothing of it is needed to build or to run in the guest.
# mmdebstrap, qemu-utils (qemu-img) and e2fsprogs build and boot the
# Debian host lane's image (tests/host/image.sh, tests/host/run.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kver.sh"

series=${*:-6.1 6.12}
export DEBIAN_FRONTEND=noninteractive

pkgs="gcc make libc6-dev pkg-config qemu-system-x86 busybox-static cpio kmod
      ndctl daxctl fio libndctl-dev libdaxctl-dev libkmod-dev libjson-c-dev
      libpmem-dev libpmem2-dev libpmemobj-dev pmdk-tools dkms sparse jq python3 mandoc bsdextrautils
      dpkg-dev uuid-dev build-essential debhelper dh-dkms lintian udev systemd
      clang libclang-rt-14-dev
      flex bison bc libelf-dev libssl-dev dwarves
      gnuplot-nox
      libibverbs-dev ibverbs-providers iproute2
      mmdebstrap qemu-utils e2fsprogs"

updated=
apt_update_once() {
	[ -n "$updated" ] && return
	apt-get update -qq
	updated=1
}

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || echo "$p"
	done
}

# shellcheck disable=SC2086
need=$(missing_pkgs $pkgs)
if [ -n "$need" ]; then
	apt_update_once
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# checkpatch.pl for `make lint`, from Debian's kernel source package.
cp_dir=$DAXMGR_CACHE/checkpatch
if [ ! -x "$cp_dir/checkpatch.pl" ]; then
	apt_update_once
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq linux-source-6.1 2>/dev/null)
	dpkg-deb --fsys-tarfile "$tmp"/linux-source-6.1_*.deb |
		tar -x -C "$tmp" ./usr/src/linux-source-6.1.tar.xz
	mkdir -p "$cp_dir"
	tar -xJf "$tmp/usr/src/linux-source-6.1.tar.xz" -C "$tmp" \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	cp "$tmp"/linux-source-6.1/scripts/{checkpatch.pl,spelling.txt,const_structs.checkpatch} "$cp_dir/"
	rm -rf "$tmp"
fi

for s in $series; do
	apt_update_once_if_needed() { kver_resolve "$s" >/dev/null 2>&1 || apt_update_once; }
	apt_update_once_if_needed
	kver=$(kver_resolve "$s")
	hdr=linux-headers-$kver
	if [ -n "$(missing_pkgs "$hdr")" ]; then
		apt_update_once
		apt-get install -y -qq --no-install-recommends "$hdr" >/dev/null
	fi
	dir=$(kimg_dir "$kver")
	if [ ! -e "$dir/.complete" ]; then
		apt_update_once
		tmp=$(mktemp -d)
		(cd "$tmp" && apt-get download -qq "linux-image-$kver-unsigned" 2>/dev/null)
		rm -rf "$dir"
		mkdir -p "$dir"
		dpkg -x "$tmp"/linux-image-*.deb "$dir"
		# the VM harness resolves module dependencies in this tree
		depmod -b "$dir" "$kver"
		rm -rf "$tmp"
		touch "$dir/.complete"
	fi
	echo "deps: kernel $kver ready (headers + image in $dir)"
done
