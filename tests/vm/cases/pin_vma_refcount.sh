# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# vma policy: split, partial munmap, mprotect, mremap and fork keep the
# vma count exact; unbind waits for the last vma and finishes right after.
dm_create 2M
rm -f /tmp/vo.ready /tmp/vo.go
daxtest vmaops /dev/$DEV $DM_DEVS/$DEV/vmas /tmp/vo.ready /tmp/vo.go &
vpid=$!
for _ in $(seq 100); do
	[ -e /tmp/vo.ready ] && break
	kill -0 $vpid 2>/dev/null || break
	sleep 0.1
done
[ -e /tmp/vo.ready ] || { wait $vpid; fail "vmaops failed"; }
expect_eq "$(dm_attr $DEV vmas)" 1 "vmas before unbind"
dm_unbind $DEV &
upid=$!
sleep 1
kill -0 $upid 2>/dev/null || fail "unbind returned before the last vma closed"
touch /tmp/vo.go
wait $vpid || fail "vmaops failed"
wait $upid || fail "unbind failed"
expect_eq "$(dm_driver $DEV)" "" "driver after unbind"
