# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# Many lasting pins (16384 4K units, each in a pipe nobody reads, as an
# RDMA MR or io_uring buffers pin a whole mapping for days): the unbind's
# drain and the park's reaper re-test a few watched pages and count every
# pinned unit again only once those are released, so a poll costs the same
# whatever the number of pins.  The drain allocates no list of them.
P=/sys/module/daxmgr/parameters/drain_timeout
N=16384
dm_create 4K
echo io > $DM_DEVS/$DEV/pin_mode
pin_start pm pinmany /dev/$DEV $N
log "$(cat /tmp/pin.pm.out)"
expect_eq "$(dm_attr $DEV pinned_pages)" $N "pinned_pages"
echo 2 > $P
dm_unbind $DEV || fail unbind
dm_parks | grep -q "^$DEV $N " || fail "not parked: $(dm_parks)"
line=$(dmesg | grep "$DEV: unbind's wait for pinned pages: " | tail -1)
log "drain: ${line#*: unbind\'s wait for pinned pages: }"
polls=$(echo "$line" | sed -n 's/.*: \([0-9]*\) poll(s) of.*/\1/p')
counts=$(echo "$line" | sed -n 's/.* and \([0-9]*\) count(s) of.*/\1/p')
# the first count only: every watched page stayed pinned for 2 s
expect_eq "$counts" 1 "counts of the pinned pages during the drain"
[ "${polls:-0}" -ge 50 ] || fail "the drain polled ${polls:-no} times in 2 s"
sleep 3
pin_release pm
wait_unparked "the pipes closed"
line=$(dmesg | grep "$DEV: park: " | tail -1)
log "park: ${line#*: park: }"
counts=$(echo "$line" | sed -n 's/.* and \([0-9]*\) count(s) of.*/\1/p')
polls=$(echo "$line" | sed -n 's/.*: \([0-9]*\) poll(s) of.*/\1/p')
# pinned throughout: polls answered by the watched pages; counts only
# once they went (the last one finds none)
[ "${polls:-0}" -ge 2 ] || fail "the reaper polled ${polls:-no} times in 3 s"
[ "${counts:-0}" -ge 1 ] && [ "$counts" -le 3 ] || fail "the reaper counted ${counts:-no} times"
dm_bind $DEV || fail "bind after the park"
