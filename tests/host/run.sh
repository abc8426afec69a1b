#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The Debian host lane: our .debs on a real Debian 12 system (systemd as
# PID 1, udev, apt, DKMS) with two emulated NVDIMMs, across three boots of
# one guest (the steps: tests/host/guest/step.sh):
#   1. apt install of the .debs (DKMS builds the module for 6.1),
#      ndctl create-namespace, daxmgr create --pin-mode io, data written
#   2. reboot: the unit bound the device again with its pin mode, data
#      intact, daxmgr.target reached; a device that an application maps
#      under device_dax at boot is left alone by autobind, which says so in
#      the journal and fails its unit; then the kernel upgrade to 6.12
#      (kernel and headers), DKMS builds for it
#   3. reboot into 6.12: the module is DKMS's, the devices bound, data
#      intact, `systemctl --failed` empty; apt purge leaves no file of ours
#      and no DKMS entry
# The image is Debian's packages (tests/host/image.sh, cached); each run
# boots a qcow2 overlay of it, thrown away after.  The guest has no
# network card: the .debs, the 6.12 packages and the step script reach it
# on a second disk (the share), which it also writes its logs to.  Both
# disks are cache=unsafe: dpkg flushes every file it unpacks, and those
# flushes need not reach the host's disk (a clean power-off ends each
# boot, and the next QEMU reads what the last one wrote).  Boots use the guest's own
# kernel and initrd (direct kernel boot): the image's 6.1, then the 6.12
# that the guest installed (copied to the share).  TCG with one vCPU
# (--smp), one timeout per boot.  Like tests/vm/run.sh it takes no lock
# itself: whoever shares the machine runs it whole under theirs (its three
# boots are one guest's life), e.g. `flock /tmp/daxmgr-vm.lock make
# check-host`.
#
# Usage: tests/host/run.sh [--timeout SECS] [--smp N] [--mem SIZE]
#   needs `make deb` first (make check-host does it).  Output in
#   build/vm/debian-host/ (console.B.log, step.B.log, journal.B.log),
#   results in build/results/host-debian.tsv, last line "N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/scripts/kver.sh"

timeout=1500 smp=1 mem=2G nvsize=1G
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
name=debian-host
out=$top/build/vm/$name
summary=$top/build/results/host-debian.tsv
rm -rf "$out"
mkdir -p "$out/share/debs" "$out/share/kdebs" "$out/share/bin" "$top/build/results"
: > "$summary"
pass=0 failn=0
record() { # NAME pass|fail DETAIL
	printf '%s\t%s\t%s\n' "host/$name/$1" "$2" "$3" >> "$summary"
	if [ "$2" = pass ]; then
		pass=$((pass + 1))
		printf '  PASS  %s\n' "$1"
	else
		failn=$((failn + 1))
		printf '  FAIL  %s  (%s)\n' "$1" "$3"
	fi
}
finish() {
	echo "host[$name]: $pass passed, $failn failed"
	[ "$failn" = 0 ]
	exit
}

k61=$(kver_resolve 6.1)
k612=$(kver_resolve 6.12)
lane_start=$(date +%s)
if ! img=$("$here/image.sh" | tail -1) || [ ! -d "$img" ]; then
	record image fail "tests/host/image.sh failed"
	finish
fi
touch "$img" # in use: image.sh keeps it (older recipes go after a day unused)
debs=$(find "$top/build/deb" -maxdepth 1 -name '*.deb' ! -name '*-dbgsym_*' 2>/dev/null | sort)
if [ "$(echo "$debs" | grep -c .)" != 4 ]; then
	record debs fail "build/deb has not our 4 .debs: run make deb"
	finish
fi

# --- the share: what the guest installs and runs -------------------------
# shellcheck disable=SC2086
cp $debs "$out/share/debs/"
cp "$img"/kdebs/*.deb "$out/share/kdebs/"
gcc -O2 -Wall -Wextra -o "$out/share/bin/daxdata" "$here/guest/daxdata.c"
gcc -O2 -Wall -Wextra -o "$out/share/bin/holdmap" "$here/guest/holdmap.c"
install -m755 "$here/guest/step.sh" "$out/share/step.sh"
printf 'K61=%q\nK612=%q\n' "$k61" "$k612" > "$out/share/env"
mkfs.ext4 -q -L share -d "$out/share" "$out/share.img" 1G > /dev/null
qemu-img create -q -f qcow2 -F raw -b "$img/root.img" "$out/root.qcow2"

# --- three boots on the same disks and NVDIMMs ---------------------------
. "$top/tests/vm/qemu-nvdimm.sh"
nvdimm_args "$out" 2 "$nvsize" "" "$mem"
accel=$("$top/tests/vm/accel.sh" "$img/vmlinuz")
kernel=$img/vmlinuz initrd=$img/initrd.img
for b in 1 2 3; do
	extra=
	[ "$b" != 2 ] || extra=" systemd.wants=hostlane-hold.service"
	start=$(date +%s)
	brc=0
	# shellcheck disable=SC2086 # accel.sh's words
	timeout "$timeout" qemu-system-x86_64 $accel -smp "$smp" "${NV_QEMU[@]}" \
		-drive "file=$out/root.qcow2,format=qcow2,if=virtio,cache=unsafe" \
		-drive "file=$out/share.img,format=raw,if=virtio,cache=unsafe" \
		-kernel "$kernel" -initrd "$initrd" \
		-append "root=/dev/vda rw console=ttyS0 panic=-1 mitigations=off hostlane.boot=$b$extra" \
		-serial "file:$out/console.$b.log" -serial "file:$out/results.$b.log" \
		</dev/null >"$out/qemu.$b.log" 2>&1 || brc=$?
	secs=$(($(date +%s) - start))
	for f in step journal; do
		debugfs -R "dump /$f.$b.log $out/$f.$b.log" "$out/share.img" >/dev/null 2>&1 || true
	done
	while IFS=$'\t' read -r n s d; do
		record "$n" "$s" "$d"
	done < <(tr -d '\r' < "$out/results.$b.log" |
		awk '$1 == "@@HOST" {n = $2; s = $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); print n "\t" s "\t" $0}')
	if grep -q "^@@HOST-DONE $b" "$out/results.$b.log"; then
		record "boot$b/finished" pass "${secs}s"
		echo "host[$name]: boot $b: ${secs}s"
	else
		why="qemu rc $brc"
		[ "$brc" != 124 ] || why="timed out after ${timeout}s"
		record "boot$b/finished" fail "$why; see ${out#"$top"/}/console.$b.log"
		tail -15 "$out/console.$b.log" | sed 's/^/        | /'
		break
	fi
	if [ "$b" = 2 ]; then
		for f in "vmlinuz-$k612" "initrd.img-$k612"; do
			debugfs -R "dump /boot/$f $out/$f" "$out/share.img" >/dev/null 2>&1 || true
		done
		kernel=$out/vmlinuz-$k612 initrd=$out/initrd.img-$k612
		if [ ! -s "$kernel" ] || [ ! -s "$initrd" ]; then
			record boot3/kernel-files fail "the guest left no 6.12 kernel and initrd on the share"
			break
		fi
	fi
done
rm -f "$out"/nvdimm*.img "$out/root.qcow2"
cat "$out"/console.*.log > "$out/console.log" 2>/dev/null || true
if bad=$("$top/tests/vm/check-log.sh" "$out/console.log"); then
	record guest-kernel-log pass ""
else
	record guest-kernel-log fail "kernel log has WARN/BUG/Oops/trace/hung task"
	printf '%s\n' "$bad" | head -20 | sed 's/^/        | /'
fi
echo "host[$name]: kernels $k61 and $k612, $accel, smp $smp, $(($(date +%s) - lane_start))s"
finish
