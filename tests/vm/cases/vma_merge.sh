# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The vma count stays exact where 6.12 merges a new mmap into a
# neighbouring vma of the same file (issue: a flag change in ->mmap made
# __mmap_region() retry the merge and free the new vma without ->close),
# under both policies and both alignments; with the count at 0 a vma-policy
# unbind does not wait.
for a in 2M 4K; do
	for mode in vma io; do
		dm_create $a
		echo $mode > $DM_DEVS/$DEV/pin_mode
		expect_ok daxtest merge /dev/$DEV $DM_DEVS/$DEV/vmas
		# vmaops checks that a 4K split of a 2M-aligned vma is refused
		if [ $a = 2M ]; then
			daxtest vmaops /dev/$DEV $DM_DEVS/$DEV/vmas /tmp/vo.ready /tmp/vo.go &
			vpid=$!
			for _ in $(seq 100); do
				[ -e /tmp/vo.ready ] && break
				sleep 0.1
			done
			touch /tmp/vo.go
			wait $vpid || fail "vmaops at $a, $mode"
			rm -f /tmp/vo.ready /tmp/vo.go
		fi
		expect_eq "$(dm_attr $DEV vmas)" 0 "vmas at the end ($a, $mode)"
		t0=$(uptime_cs)
		dm_unbind $DEV || fail "unbind ($a, $mode)"
		[ $(($(uptime_cs) - t0)) -lt 300 ] || fail "unbind waited with no vma left ($a, $mode)"
		dm_delete $DEV
	done
done
