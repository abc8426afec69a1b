# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# Pins that never end on their own (vmsplice of the mapping into a pipe
# nobody reads): unbind waits at most drain_timeout, is ended at once by
# SIGKILL, and then parks the pagemap and the range instead of hanging.
# While parked, neither daxmgr nor device_dax can bind the device, module
# unload is refused, and other devices work; closing the pipe releases the
# park without anyone waiting, and the device binds again with its data.
# Loaded with the driver core's async_probe: probe stays synchronous, so
# the refused binds below report their errno to the writer.
expect_ok rmmod daxmgr
expect_ok /sbin/modprobe daxmgr async_probe=1
P=/sys/module/daxmgr/parameters/drain_timeout
dm_create 2M
expect_ok daxtest fill /dev/$DEV 16M 4M 41
pin_start vs vmsplice /dev/$DEV 2M
grep -q "^spliced=65536" /tmp/pin.vs.out || fail "vmsplice: $(cat /tmp/pin.vs.out)"
expect_eq "$(dm_attr $DEV vmas)" 0 "vmas once the splicer unmapped"
expect_eq "$(dm_attr $DEV pinned_pages)" 1 "pinned 2M pages held by the pipe"

# a long drain, ended by SIGKILL
echo 60 > $P
t0=$(uptime_cs)
sh -c "echo $DEV > $DM_DRV/unbind" &
upid=$!
sleep 2
kill -0 $upid 2>/dev/null || fail "unbind did not wait for the pinned page"
dmesg | grep -q "$DEV: unbind waits up to 60s for 1 pinned page" || fail "drain not logged"
kill -KILL $upid
wait $upid
dt=$(($(uptime_cs) - t0))
log "killed unbind returned after ${dt}0 ms"
[ $dt -lt 1000 ] || fail "SIGKILL did not end the drain (${dt}0 ms)"
expect_eq "$(dm_driver $DEV)" "" "driver after the killed unbind"
dm_parks | grep -q "^$DEV 1 " || fail "not listed as parked: $(dm_parks)"
dmesg | grep -q "$DEV: 1 page(s) still pinned; pagemap and range parked" || fail "park not logged"
# the park is a device of its own: one value per file
park=$(grep -lx "$DEV" /sys/class/daxmgr_park/park*/device | head -1)
park=${park%/device}
[ -d "$park" ] || fail "no /sys/class/daxmgr_park device for $DEV"
expect_eq "$(cat $park/pinned_pages)" 1 "pinned_pages of $park"
[ "$(cat $park/seconds)" -ge 0 ] || fail "seconds of $park: $(cat $park/seconds)"
daxtest write $park/pinned_pages 0 EACCES || fail "a park's pinned_pages is read-only"
grep -q "$DEV" /proc/iomem || fail "the parked range is not claimed"

# parked: the range stays claimed, so nobody binds the device
daxmgr list -d $DEV > /tmp/list.json || fail "daxmgr list of a parked device"
expect_eq "$(jq -r '.[0] | [.state, .parked_pages] | @tsv' /tmp/list.json)" "$(printf 'parked\t1')" "daxmgr list of a parked device"
daxmgr bind $DEV 2> /tmp/err
expect_eq $? 16 "daxmgr bind of a parked device"
grep -q "is parked: 1 page(s) pinned" /tmp/err || fail "bind message: $(cat /tmp/err)"
daxtest write $DM_DRV/bind $DEV EBUSY || fail "daxmgr bind of a parked device"
daxtest write $DD_DRV/bind $DEV EBUSY || fail "device_dax bind of a parked device"
expect_eq "$(dm_driver $DEV)" "" "driver of a parked device"
rmmod daxmgr 2>/dev/null && fail "module unloaded with a parked pagemap"
grep -q "^daxmgr " /proc/modules || fail "daxmgr gone"
# another device is served and unbound meanwhile
REF=$(ns_devdax $NS_REF 2M mem)
dm_handover $REF || fail "hand-over of $REF while $DEV is parked"
expect_ok daxtest fill /dev/$REF 0 2M 7
dm_delete $REF || fail "give-back of $REF while $DEV is parked"
ns_raw $NS_REF

# a bounded drain returns by itself within its bound
echo 3 > $P
pin_release vs
wait_unparked "the pipe closed"
[ -e "$park" ] && fail "$park is still there after the park ended"
dmesg | grep -q "$DEV: last pinned page released" || fail "release not logged"
dm_bind $DEV || fail "bind after the park was released"
expect_ok daxtest verify /dev/$DEV 16M 4M 41

# the same with a bounded wait: unbind returns after about drain_timeout
pin_start vs vmsplice /dev/$DEV 2M
t0=$(uptime_cs)
dm_unbind $DEV || fail "bounded unbind"
dt=$(($(uptime_cs) - t0))
log "bounded unbind returned after ${dt}0 ms (drain_timeout 3 s)"
[ $dt -ge 280 ] && [ $dt -lt 1000 ] || fail "bounded unbind took ${dt}0 ms"
pin_release vs
wait_unparked "the second pipe closed"
dm_bind $DEV || fail "bind after the second park"
