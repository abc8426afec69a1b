# SPDX-License-Identifier: GPL-2.0
# timeout: 120
# io policy: with an O_DIRECT read from a slow disk into the mapping in
# flight, pinned_pages > 0; unbind revokes the mapping at once but waits
# for the I/O before it releases the pagemap; the reader then gets SIGBUS,
# and the data the I/O delivered is in persistent memory after rebind.
nullb_create slow 64 3000000000
expect_ok daxtest blkfill $NULLB 2M 61
dm_create 2M
echo io > $DM_DEVS/$DEV/pin_mode
rm -f /tmp/dio.ready
daxtest dio /dev/$DEV $NULLB 2M /tmp/dio.ready > /tmp/dio.out 2>&1 &
dpid=$!
while [ ! -e /tmp/dio.ready ]; do sleep 0.05; done
wait_attr $DEV pinned_pages -gt 0 2
log "pinned_pages $(dm_attr $DEV pinned_pages) with the read in flight"
t0=$(uptime_cs)
dm_unbind $DEV || fail unbind
dt=$(($(uptime_cs) - t0))
log "unbind took ${dt}0 ms"
[ $dt -ge 100 ] || fail "unbind returned after ${dt}0 ms, before the I/O could complete"
wait $dpid
grep -q "^dio=2097152" /tmp/dio.out || fail "O_DIRECT read: $(cat /tmp/dio.out)"
grep -q "^sigbus" /tmp/dio.out || fail "reader after revoke: $(cat /tmp/dio.out)"
dm_bind $DEV || fail bind
expect_ok daxtest verify /dev/$DEV 0 2M 61
