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

# The first fault of a mapping allocates nothing: its mmap() allocated the
# touched-map chunks of its first units (at most 16, 256 MiB at 4K), as a
# device of this size (1 GiB and more: 32 KiB of map) has none from bind.
[ -d /sys/kernel/debug/dynamic_debug ] || mount -t debugfs debugfs /sys/kernel/debug
dyn=/sys/kernel/debug/dynamic_debug/control
echo 'module daxmgr func daxmgr_pagemap_prepare +p' > $dyn
echo 'module daxmgr func daxmgr_pagemap_touch_slow +p' > $dyn
kmsg_mark first-fault
expect_ok daxtest touch /dev/$DEV 4096 4096
expect_ok daxtest touch /dev/$DEV 512M 256M
echo 'module daxmgr -p' > $dyn
k=$(dmesg_since first-fault)
expect_eq "$(echo "$k" | grep -c "$DEV: an mmap allocated touched-map chunks 0-0: 1 new")" 1 \
	"an mmap of 4K allocating its chunk: $k"
expect_eq "$(echo "$k" | grep -c "$DEV: an mmap allocated touched-map chunks 0-15: 15 new")" 1 \
	"an mmap of 512M allocating its first 16 chunks: $k"
# past them, a fault allocates its own (256M: chunk 16)
expect_eq "$(echo "$k" | grep "$DEV: a fault allocated" | xargs)" \
	"$(echo "$k" | grep "$DEV: a fault allocated touched-map chunk 16" | xargs)" "faults allocating chunks: $k"
expect_eq "$(echo "$k" | grep -c "$DEV: a fault allocated touched-map chunk 16")" 1 "the fault past them: $k"

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
