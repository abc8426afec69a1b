#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Build the guest initramfs for one kernel release, as two cpio archives the
# kernel unpacks one after the other:
#   base.cpio     busybox, kmod, ndctl, daxctl, cxl, fio, PMDK's tools (pmempool,
#                 daxio) and libraries (libpmem, libpmem2, libpmemobj),
#                 libibverbs with its soft-RoCE provider and the `rdma`
#                 tool, with their libraries, and the nvdimm/dax/null_blk/
#                 virtio-blk/soft-RoCE/CXL modules of the Debian image.  It only depends on host
#                 packages and the kernel, so it is cached.
#   overlay.cpio  everything of ours: daxmgr.ko, test programs, scripts, /init.
# Uncompressed on purpose: under TCG the guest inflates gzip slowly.
#
# Usage: initramfs.sh KVER OVERLAY_DIR OUT.cpio
#   OVERLAY_DIR is a directory tree copied over the base (made by run.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/kver.sh"

kver=$1 overlay=$2 out=$3
kimg=$(kimg_dir "$kver")
modsrc=$kimg/lib/modules/$kver
[ -d "$modsrc/kernel" ] || modsrc=$kimg/usr/lib/modules/$kver
[ -d "$modsrc/kernel" ] || { echo "initramfs: no kernel image for $kver in $kimg (run make deps)" >&2; exit 1; }
[ -s "$modsrc/modules.dep" ] || depmod -b "$kimg" "$kver"

guest_bins="/usr/bin/kmod /usr/bin/ndctl /usr/bin/daxctl /usr/bin/cxl /usr/bin/fio /usr/bin/jq
	/usr/bin/pmempool /usr/bin/daxio /usr/bin/rdma"
# The PMDK libraries the guest programs (tests/vm/progs) link.  At run time
# PMDK 1.12 needs nothing else of the host: it decides "device DAX" from
# /sys/dev/char/M:m/subsystem, and takes size, alignment, the region for
# deep flush and bad blocks from libndctl/libdaxctl (namespace -> dax ->
# daxctl region -> the device whose /dev node has this major:minor), which
# read /sys/bus/nd and /sys/bus/dax and stat /dev/daxX.Y (devtmpfs).  See
# PMDK's src/libpmem2/{pmem2_utils_linux,pmem2_utils_ndctl,region_namespace_ndctl}.c.
guest_libs="libpmem.so.1 libpmem2.so.1 libpmemobj.so.1 libpmempool.so.1 libibverbs.so.1"
# Soft-RoCE for the long-term pins of tests/vm/progs/daxrdma.c (rxe bound
# to lo: the guest has no NIC).  libibverbs finds a provider through its
# /etc/libibverbs.d/NAME.driver file and loads it from its own directory.
# rdma_rxe and ib_uverbs are in Debian's images (CONFIG_RDMA_RXE=m,
# CONFIG_INFINIBAND_USER_ACCESS=m); rxe computes its ICRC with the crypto
# API's "crc32", which no module dependency names: crc32_generic.  They
# are not in the debug kernel, whose
# localmodconfig leaves INFINIBAND out: modprobe finds nothing there.
verbs_provider=/usr/lib/x86_64-linux-gnu/libibverbs/librxe-rdmav34.so
verbs_driver=/etc/libibverbs.d/rxe.driver
# virtio_pci/virtio_blk: the small disk that keeps /etc/daxmgr between boots.
# The CXL stack of run.sh --cxl: cxl_core and cxl_port are built in, the
# rest are modules; dax_cxl (the volatile regions' dax devices) is not in
# 6.1, dax_hmem is the soft-reserved memory's.
guest_mods="libnvdimm nfit nd_pmem nd_btt dax_pmem device_dax kmem null_blk configfs
	virtio_pci virtio_blk rdma_rxe ib_uverbs crc32_generic
	cxl_acpi cxl_pci cxl_mem cxl_pmem dax_cxl dax_hmem"

# What the base is made of: rebuild when any of it changes.  The kernel
# by its image too, not only its release: the debug kernel is rebuilt
# under the same release when its recipe changes, and a base with the
# old build's modules would not load them ("disagrees about version of
# symbol module_layout").
base_key=$( {
	cat "$0"
	echo "$kver"
	stat -c '%s %Y' "$kimg/boot/vmlinuz-$kver" 2>/dev/null
	dpkg-query -W busybox-static kmod ndctl daxctl fio libpmem1 libc6 \
		pmdk-tools libpmem2 libpmemobj1 libpmempool1 libndctl6 libdaxctl1 \
		libibverbs1 ibverbs-providers iproute2 libcxl1 2>/dev/null
} | sha1sum | cut -c1-12)
base=$DAXMGR_CACHE/initramfs/base-$kver-$base_key.cpio

copy_with_libs() { # ROOT FILE...: copy binaries and their ldd closure
	local root=$1 f l
	shift
	for f in "$@"; do
		install -D -m755 "$f" "$root$f"
		ldd "$f" | awk '/=>/ && $3 ~ /^\// {print $3} /^[ \t]*\// {print $1}' |
			sort -u | while read -r l; do
				[ -e "$root$l" ] || install -D -m755 "$(readlink -f "$l")" "$root$l"
			done
	done
}
export -f copy_with_libs

build_base() {
	local root empty ko m
	root=$(mktemp -d)
	empty=$(mktemp -d)
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,root,mnt}
	cp /bin/busybox "$root/bin/busybox"
	for m in $(/bin/busybox --list); do
		# busybox --list names busybox itself; linking it would loop
		[ "$m" = busybox ] || ln -sf busybox "$root/bin/$m"
	done
	# shellcheck disable=SC2086
	copy_with_libs "$root" $guest_bins
	for m in $guest_libs; do
		copy_with_libs "$root" "/usr/lib/x86_64-linux-gnu/$m"
	done
	copy_with_libs "$root" "$verbs_provider"
	install -D -m644 "$verbs_driver" "$root$verbs_driver"
	for m in modprobe insmod rmmod lsmod depmod modinfo; do
		ln -sf /usr/bin/kmod "$root/sbin/$m"
	done
	printf '/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu/ceph\n' \
		> "$root/etc/ld.so.conf"
	ldconfig -r "$root"

	# Module closure.  An empty config dir, because ndctl's modprobe.d rule
	# ("install libnvdimm ...") would hide libnvdimm from --show-depends.
	for m in $guest_mods; do
		modprobe -C "$empty" -d "$kimg" -S "$kver" --show-depends "$m" 2>/dev/null |
			awk '$1 == "insmod" {print $2}' || true	# not in every kernel
	done | sort -u | while read -r ko; do
		install -D -m644 "$ko" "$root/lib/modules/$kver/${ko#"$modsrc"/}"
	done
	cp "$modsrc"/modules.builtin "$modsrc"/modules.builtin.modinfo \
		"$modsrc"/modules.order "$root/lib/modules/$kver/"
	depmod -b "$root" "$kver"
	mkdir -p "$(dirname "$base")"
	(cd "$root" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) > "$base.tmp"
	mv "$base.tmp" "$base"
	rm -rf "$root" "$empty"
}

[ -s "$base" ] || build_base

# The overlay: our files, plus a modules.dep that knows our module.
ovl=$(mktemp -d)
trap 'rm -rf "$ovl"' EXIT
cp -a "$overlay"/. "$ovl"/
(cd "$ovl" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) > "$out.overlay"
cat "$base" "$out.overlay" > "$out"
rm -f "$out.overlay"
