# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# A new mmap next to a mapping of the same file at the adjoining offset
# goes through the driver's checks on both kernels, although 6.12 could
# serve it by extending the neighbouring vma without calling ->mmap
# (vma_merge_new_range()): refused past the device's end, unaligned and
# while quiesced; mremap cannot grow a mapping (VM_DONTEXPAND).  The vma
# count stays exact, and an unbind under the vma policy waits for nothing.
for mode in vma io; do
	dm_create 2M
	echo $mode > $DM_DEVS/$DEV/pin_mode
	expect_ok daxtest extend /dev/$DEV $DM_DEVS/$DEV
	expect_eq "$(dm_attr $DEV vmas)" 0 "vmas at the end ($mode)"
	expect_eq "$(dm_attr $DEV state)" live "state at the end ($mode)"
	dm_unbind $DEV || fail "unbind ($mode)"
	dm_delete $DEV
done
