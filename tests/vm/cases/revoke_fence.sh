# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 120
# After a revoke, the device does not go live again while a page pinned
# before the revoke is still held (a revoked process's O_DIRECT would land
# in the next user's data): unquiesce is EBUSY until the I/O completes,
# then succeeds, and the data the I/O delivered is in persistent memory.
nullb_create slow 64 3000000000
expect_ok daxtest blkfill $NULLB 2M 61
dm_create 2M
d=$DM_DEVS/$DEV
echo io > $d/pin_mode
rm -f /tmp/dio.ready
daxtest dio /dev/$DEV $NULLB 2M /tmp/dio.ready > /tmp/dio.out 2>&1 &
dpid=$!
while [ ! -e /tmp/dio.ready ]; do sleep 0.05; done
wait_attr $DEV pinned_pages -gt 0 2
echo 1 > $d/revoke || fail revoke
expect_eq "$(dm_attr $DEV state)" revoked "state after revoke"
daxtest write $d/unquiesce 1 EBUSY || fail "unquiesce with an old pin held"
expect_eq "$(dm_attr $DEV state)" revoked "state after the refused unquiesce"
expect_ok daxtest open /dev/$DEV ENXIO
wait $dpid
grep -q "^dio=2097152" /tmp/dio.out || fail "O_DIRECT read: $(cat /tmp/dio.out)"
wait_attr $DEV pinned_pages = 0 5
echo 1 > $d/unquiesce || fail "unquiesce once the I/O is done"
expect_eq "$(dm_attr $DEV state)" live state
expect_ok daxtest verify /dev/$DEV 0 2M 61
