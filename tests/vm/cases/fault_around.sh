# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# Fault-around on 4K devices: a PTE fault that follows a mapped page maps
# the neighbouring pages of its aligned window (fault_around_bytes, 64 KiB
# by default, 0 turns it off), within the vma, the page table and the
# device, for reads and writes; a page mapped around a fault counts as touched (a pin of it is
# seen), is zapped by a revoke, and memory_failure() finds its mapper.
# Bad window sizes are refused and change nothing; 2M devices have none.
dm_create 4K
d=$DM_DEVS/$DEV
expect_eq "$(cat $d/fault_around_bytes)" 65536 "default window"
for v in 3 4095 6144 4194304 -1 abc 0x; do
	daxtest write $d/fault_around_bytes "$v" EINVAL || fail "window '$v' accepted"
done
expect_eq "$(cat $d/fault_around_bytes)" 65536 "window after refused writes"
expect_ok daxtest faultaround /dev/$DEV $d
expect_eq "$(cat $d/state)" revoked "state after the revoke"
echo 1 > $d/unquiesce || fail "unquiesce after the revoke"

# a sequential touch: the first page, then one fault per window; one per
# page with the window at 0
f0=$(cat $d/faults_pte)
expect_ok daxtest touch /dev/$DEV 64M 4096
expect_eq $(($(cat $d/faults_pte) - f0)) 1025 "faults of a 64M touch, window 64K"
echo 0 > $d/fault_around_bytes
f0=$(cat $d/faults_pte)
expect_ok daxtest touch /dev/$DEV 4M 4096
expect_eq $(($(cat $d/faults_pte) - f0)) 1024 "faults of a 4M touch, window 0"
echo 2097152 > $d/fault_around_bytes || fail "a window of a page table"
f0=$(cat $d/faults_pte)
expect_ok daxtest touch /dev/$DEV 64M 4096
expect_eq $(($(cat $d/faults_pte) - f0)) 33 "faults of a 64M touch, window 2M"
echo 65536 > $d/fault_around_bytes

# memory_failure() of a page mapped around a fault kills its mapper
expect_ok daxtest poison /dev/$DEV 4096 around
dm_unbind $DEV || fail "unbind after poison"
dm_delete $DEV || fail "delete after poison"

dm_create 2M
[ -e $DM_DEVS/$DEV/fault_around_bytes ] && fail "a 2M device has fault_around_bytes"
true
