#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Build the debug guest kernel (issue 10): Debian's own linux-source-6.12,
# configured from Debian's config for the stock 6.12 image, trimmed to the
# modules a guest run loads (localmodconfig), with the checkers that stock
# kernels lack: generic KASAN, lockdep (PROVE_LOCKING, PROVE_RCU), DEBUG_VM,
# DEBUG_ATOMIC_SLEEP, DEBUG_OBJECTS; kmemleak and the fault injection of
# slab and page allocations with its stack filter (issue 22: the guest
# scans for leaks after the lane's cases and fails our allocations one at
# a time, tests/vm/cases/fail_nth.sh).  Kmemleak does not scan on its
# own: a periodic scan of 2 GiB under TCG would take the lane's time, the
# cases scan when they judge.  BTF stays on: the layout_btf case
# compares our vendored dax layouts with it, and lockdep grows struct device,
# which moves every field after dev_dax.dev.
#
# The result lands where the stock images do, so that the harness boots it
# like any other kernel:
#   $DAXMGR_CACHE/kimg/$KREL/{boot/vmlinuz-$KREL,lib/modules/$KREL}
#   $DAXMGR_CACHE/kdebug/linux-source-6.12   the build tree (KDIR)
#   /lib/modules/$KREL/build -> that tree, for DKMS (the host never boots it)
# Idempotent: skipped when the image is complete and its recipe unchanged.
#
# Usage: scripts/debug-kernel.sh          (prints the release on the last line)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kver.sh"

series=6.12
localver=-daxmgr-debug
work=$DAXMGR_CACHE/kdebug
src=$work/linux-source-$series
jobs=$(nproc)

# What the debug image is made of; a change rebuilds it.
stock=$(kver_resolve "$series")
stock_cfg=$(kimg_dir "$stock")/boot/config-$stock
[ -r "$stock_cfg" ] || { echo "debug-kernel: no stock $series image config ($stock_cfg): run scripts/deps.sh $series first" >&2; exit 1; }

# The modules a guest loads (tests/vm/initramfs.sh guest_mods and their
# dependencies), as an lsmod listing for localmodconfig.
guest_mods="libnvdimm nfit nd_pmem nd_btt dax_pmem device_dax kmem null_blk configfs
	virtio_pci virtio_blk virtio_pci_legacy_dev virtio_pci_modern_dev virtio virtio_ring"

# The checkers.  Every line is "SYMBOL VALUE" for scripts/config.
debug_options="
KASAN y
KASAN_GENERIC y
KASAN_INLINE y
KASAN_VMALLOC y
DEBUG_KERNEL y
PROVE_LOCKING y
PROVE_RCU y
DEBUG_LOCKDEP n
LOCK_STAT n
DEBUG_ATOMIC_SLEEP y
DEBUG_VM y
DEBUG_VM_PGFLAGS y
DEBUG_OBJECTS y
DEBUG_OBJECTS_FREE y
DEBUG_OBJECTS_TIMERS y
DEBUG_OBJECTS_WORK y
DEBUG_OBJECTS_RCU_HEAD y
DEBUG_OBJECTS_PERCPU_COUNTER y
DEBUG_LIST y
DETECT_HUNG_TASK y
DEBUG_KMEMLEAK y
DEBUG_KMEMLEAK_DEFAULT_OFF n
DEBUG_KMEMLEAK_AUTO_SCAN n
FAULT_INJECTION y
FAILSLAB y
FAIL_PAGE_ALLOC y
FAULT_INJECTION_DEBUG_FS y
FAULT_INJECTION_STACKTRACE_FILTER y
KFENCE n
DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT y
DEBUG_INFO_BTF y
DEBUG_INFO_BTF_MODULES n
MODULE_SIG n
MODULE_COMPRESS n
MODULE_COMPRESS_NONE y
SYSTEM_TRUSTED_KEYS \"\"
SYSTEM_REVOCATION_KEYS \"\"
LOCALVERSION \"$localver\"
LOCALVERSION_AUTO n
"

recipe=$({ echo "$stock $guest_mods $debug_options"; cat "$stock_cfg"; } | sha256sum | cut -c1-12)

srcver() { # the Debian source version matching the stock image, e.g. 6.12.117-1~deb12u1
	apt-cache madison "linux-source-$series" | awk -v v="${stock%%[-+]*}" \
		'$3 ~ "^" v "-" {print $3; exit}'
}

krel=$(cat "$work/release" 2>/dev/null || true)
if [ -n "$krel" ] && [ -e "$(kimg_dir "$krel")/.complete" ] &&
	[ "$(cat "$work/recipe" 2>/dev/null)" = "$recipe" ]; then
	# a cache carried to a new machine: DKMS still needs the build link
	mkdir -p "/lib/modules/$krel"
	ln -sfn "$src" "/lib/modules/$krel/build"
	echo "debug-kernel: $krel ready (cached in $(kimg_dir "$krel"))"
	echo "$krel"
	exit 0
fi

log=$work/build.log
mkdir -p "$work"
t0=$(date +%s)
step() { printf 'debug-kernel: [%4ss] %s\n' "$(($(date +%s) - t0))" "$*"; }

# 1. The source, from Debian (the same upstream release as the stock image).
if [ ! -e "$src/.extracted" ]; then
	v=$(srcver)
	[ -n "$v" ] || { apt-get update -qq; v=$(srcver); }
	[ -n "$v" ] || { echo "debug-kernel: no linux-source-$series for ${stock%%[-+]*} in apt" >&2; exit 1; }
	step "downloading linux-source-$series $v"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "linux-source-$series=$v")
	rm -rf "$src"
	dpkg-deb --fsys-tarfile "$tmp"/linux-source-*.deb |
		tar -x -O "./usr/src/linux-source-$series.tar.xz" | tar -xJ -C "$work"
	rm -rf "$tmp"
	touch "$src/.extracted"
fi

# 2. The configuration: Debian's, trimmed, plus the checkers.
step "configuring (Debian $stock config, localmodconfig, checkers)"
cd "$src"
cp "$stock_cfg" .config
lsmod=$work/lsmod
{
	echo "Module Size Used by"
	for m in $guest_mods; do
		modprobe -C /dev/null -d "$(kimg_dir "$stock")" -S "$stock" --show-depends "$m" 2>/dev/null
	done | awk '$1 == "insmod" {n = $2; sub(/.*\//, "", n); sub(/\.ko.*/, "", n); print n " 0 0"}' |
		tr - _ | sort -u
} > "$lsmod"
make -s LSMOD="$lsmod" localmodconfig </dev/null >>"$log" 2>&1 || true
echo "$debug_options" | while read -r sym val; do
	[ -n "$sym" ] || continue
	case $val in
	y) scripts/config --enable "$sym" ;;
	n) scripts/config --disable "$sym" ;;
	*) scripts/config --set-val "$sym" "$val" ;;
	esac
done
make -s olddefconfig >>"$log" 2>&1
# olddefconfig drops what a dependency refuses: say so rather than boot
# a kernel without the checker we asked for.
for sym in KASAN KASAN_GENERIC PROVE_LOCKING PROVE_RCU DEBUG_VM DEBUG_ATOMIC_SLEEP \
	DEBUG_OBJECTS DEBUG_KMEMLEAK FAILSLAB FAIL_PAGE_ALLOC FAULT_INJECTION_DEBUG_FS \
	FAULT_INJECTION_STACKTRACE_FILTER DEBUG_INFO_BTF DEV_DAX DEV_DAX_PMEM BLK_DEV_NULL_BLK ZONE_DEVICE; do
	grep -qE "^CONFIG_$sym=(y|m)$" .config ||
		{ echo "debug-kernel: CONFIG_$sym did not survive olddefconfig (see $log)" >&2; exit 1; }
done

# 3. Build.  A line per minute so a long first run shows it is alive.
step "building with -j$jobs (first run only; log: $log)"
make -j"$jobs" bzImage modules >>"$log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
	sleep 60
	kill -0 "$pid" 2>/dev/null || break
	step "building: $(grep -c '^  CC' "$log") objects compiled"
done
wait "$pid" || { tail -30 "$log" >&2; echo "debug-kernel: build failed (log: $log)" >&2; exit 1; }
krel=$(make -s kernelrelease)

# 4. Install like a Debian image into the cache; DKMS finds the tree.
step "installing $krel"
dir=$(kimg_dir "$krel")
rm -rf "$dir"
mkdir -p "$dir/boot"
cp arch/x86/boot/bzImage "$dir/boot/vmlinuz-$krel"
cp .config "$dir/boot/config-$krel"
cp System.map "$dir/boot/System.map-$krel"
make -s INSTALL_MOD_PATH="$dir" INSTALL_MOD_STRIP=1 DEPMOD=/bin/true modules_install >>"$log" 2>&1
rm -f "$dir/lib/modules/$krel/build" "$dir/lib/modules/$krel/source"
depmod -b "$dir" "$krel"
mkdir -p "/lib/modules/$krel"
ln -sfn "$src" "/lib/modules/$krel/build"
echo "$krel" > "$work/release"
echo "$recipe" > "$work/recipe"
touch "$dir/.complete"
step "done: $krel"
echo "$krel"
