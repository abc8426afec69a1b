# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Every writable attribute refuses bad values with EINVAL and changes
# nothing; read-only attributes cannot be opened for writing; the driver's
# new_id/bind/unbind refuse names that are not dax devices of ours.
dm_create 2M
d=$DM_DEVS/$DEV
before=$(dm_snapshot $DEV)
for v in " " foo vmaa VMA "vma io" 1 io2; do
	daxtest write $d/pin_mode "$v" EINVAL || fail "pin_mode '$v'"
done
for a in quiesce unquiesce revoke; do
	for v in " " 0 2 no x 1x yes y on 11 " 1"; do
		daxtest write $d/$a "$v" EINVAL || fail "$a '$v'"
	done
done
for a in state vmas pinned_pages faults_pte faults_pmd faults_pud; do
	daxtest write $d/$a 1 EACCES || fail "read-only $a"
done
expect_eq "$(dm_snapshot $DEV)" "$before" "attributes after refused writes"
# the driver's own files
daxtest write $DM_DRV/new_id "garbage" EINVAL || fail "new_id garbage"
daxtest write $DM_DRV/new_id "dax0.0x" EINVAL || fail "new_id trailing garbage"
daxtest write $DM_DRV/bind "dax9.9" ENODEV || fail "bind of no device"
daxtest write $DM_DRV/bind "$DEV" EBUSY || fail "bind of a bound device"
daxtest write $DM_DRV/unbind "dax9.9" ENODEV || fail "unbind of no device"
expect_eq "$(dm_parks)" "" "parked list"
expect_eq "$(dm_snapshot $DEV)" "$before" "attributes after refused driver writes"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after refused writes"
# a good value is still taken (the refusals were not blanket)
echo io > $d/pin_mode || fail "pin_mode io"
expect_eq "$(dm_attr $DEV pin_mode)" io pin_mode
