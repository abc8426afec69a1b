# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 1800
# Races between the paths of one device (issue 22): daxrace's workers map,
# unmap, remap, fork, madvise, mprotect, fault, O_DIRECT to and from a slow
# null_blk, vmsplice (and register RDMA MRs where the guest has
# soft-RoCE) while its admin and binder threads switch pin_mode, quiesce,
# unquiesce, revoke and unbind/bind the device.  RACE_SECONDS (default
# 20) of racing in two runs: a 2M device that starts under the vma
# policy, then a 4K one under io (each run switches policies as it goes).
# Each run must exit 0: nothing the protocol does not allow, no operation
# past its bound (RACE_BOUND, 30 s; 90 s on the debug kernel), the check
# area and the stamps intact; the device must be left bound, live, with
# nothing mapped, pinned or open, no park, no daxrace task and no user
# task in D state; and daxtest verifies the check area on its own.
# RACE_SEED reproduces a run's schedule (the second run takes SEED+1;
# default: from the clock, printed).  make stress passes RACE_SECONDS=600:
# past about 1500 the timeout above needs raising.
P=/sys/module/daxmgr/parameters/drain_timeout
total=${RACE_SECONDS:-20}
secs=$((total / 2))
[ $secs -ge 5 ] || secs=5
seed=${RACE_SEED:-$(date +%s)}
bound=${RACE_BOUND:-30}
case $(uname -r) in
*debug*) bound=${RACE_BOUND:-90} ;;
esac
rdma=
# kmod's modinfo (busybox's says 0 for a module it cannot find): the debug
# kernel has no soft-RoCE
if [ "${RACE_RDMA:-1}" = 1 ] && /sbin/modinfo rdma_rxe > /dev/null 2>&1; then
	rdma_setup
	rdma=-R
fi
nullb_create race 256 1000000
# pins that outlive the drain park the device: short, so that parks come
# and go within a run
echo 3 > $P

# race_run NAME ALIGN MODE SEED
race_run() {
	local name=$1 align=$2 mode=$3 seed=$4 rc sum k n off left d
	dm_create "$align"
	kmsg_mark "race $name: daxrace -s $seed -t $secs -p $mode"
	log "$name: $DEV, align $align, pin_mode $mode first, $secs s, seed $seed${rdma:+, RDMA MRs}"
	timeout -s KILL $((secs + 4 * bound + 300)) \
		daxrace -s "$seed" -t "$secs" -p "$mode" -b "$NULLB" -w "$bound" -k $rdma \
		"/dev/$DEV" > /tmp/race.$name.out 2>&1
	rc=$?
	sed "s/^/$name: /" /tmp/race.$name.out
	[ $rc = 0 ] || fail "$name: daxrace exit $rc (seed $seed)"
	sum=$(grep '^daxrace: summary ' /tmp/race.$name.out)
	[ -n "$sum" ] || fail "$name: no summary line"
	case $sum in
	*" unexpected=0 corrupt=0 "*) ;;
	*) fail "$name: the summary counts unexpected outcomes or corruption" ;;
	esac
	# every path was walked, at least once, successfully
	for k in mmap munmap fault_r fault_w dio_to_map dio_from_map vmsplice fork \
		unbind bind revoke quiesce; do
		n=$(echo "$sum" | tr ' ' '\n' | sed -n "s/^$k=[0-9]*([^)]*ok:\([0-9]*\).*/\1/p")
		[ "${n:-0}" -gt 0 ] || fail "$name: no successful $k in the run"
	done

	# left bound, live, idle, and nothing hangs
	expect_eq "$(dm_driver "$DEV")" daxmgr "$name: driver at the end"
	expect_eq "$(dm_attr "$DEV" state)" live "$name: state at the end"
	expect_eq "$(dm_attr "$DEV" vmas)" 0 "$name: vmas at the end"
	expect_eq "$(dm_attr "$DEV" pinned_pages)" 0 "$name: pinned_pages at the end"
	expect_eq "$(dm_attr "$DEV" open_files)" 0 "$name: open_files at the end"
	expect_eq "$(dm_parks)" "" "$name: parked pagemaps at the end"
	left=$(grep -lx daxrace /proc/[0-9]*/comm 2>/dev/null)
	[ -z "$left" ] || fail "$name: daxrace tasks left: $left"
	d=$(for s in /proc/[0-9]*/stat; do
		read -r pid comm st _ < "$s" 2>/dev/null || continue
		[ "$st" = D ] && [ -s "/proc/$pid/cmdline" ] && echo "$pid $comm"
	done)
	[ -z "$d" ] || fail "$name: user tasks in D state: $d"
	k=$(dmesg_since "race $name:")
	log "$name: the kernel logged $(echo "$k" | grep -c "serving") bind(s), $(echo "$k" | grep -c "revoked [0-9]* mapping") revoke(s) of mappings, $(echo "$k" | grep -c "unbind waits up to") drain(s), $(echo "$k" | grep -c "pagemap and range parked") park(s)"
	off=$(sed -n 's/.* check area \(0x[0-9a-f]*\)+.*/\1/p' /tmp/race.$name.out)
	[ -n "$off" ] || fail "$name: no check area in daxrace's output"
	daxtest verify "/dev/$DEV" "$off" 16M "$seed" || fail "$name: the check area differs"
	log "$name: passed; the device is bound, live and idle, the check area intact"
	dm_delete "$DEV" || fail "$name: give-back"
}

race_run 2M-vma 2M vma "$seed"
race_run 4K-io 4K io $((seed + 1))
