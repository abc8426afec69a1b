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
# wait_unparked WHEN: the reaper empties the parked list within 5 s
wait_unparked() {
	for _ in $(seq 50); do
		[ -z "$(cat $DM_DRV/parked)" ] && break
		sleep 0.1
	done
	expect_eq "$(cat $DM_DRV/parked)" "" "parked list after $1"
}
dm_create 2M
expect_ok daxtest fill /dev/$DEV 16M 4M 41
rm -f /tmp/vs.ready /tmp/vs.go
daxtest vmsplice /dev/$DEV 2M /tmp/vs.ready /tmp/vs.go > /tmp/vs.out 2>&1 &
vpid=$!
for _ in $(seq 100); do
	[ -e /tmp/vs.ready ] && break
	kill -0 $vpid 2>/dev/null || fail "vmsplice: $(cat /tmp/vs.out)"
	sleep 0.1
done
grep -q "^spliced=65536" /tmp/vs.out || fail "vmsplice: $(cat /tmp/vs.out)"
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
grep -q "^$DEV 1 " $DM_DRV/parked || fail "not listed as parked: $(cat $DM_DRV/parked)"
dmesg | grep -q "$DEV: 1 page(s) still pinned; pagemap and range parked" || fail "park not logged"

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
touch /tmp/vs.go
wait $vpid
wait_unparked "the pipe closed"
dmesg | grep -q "$DEV: last pinned page released" || fail "release not logged"
dm_bind $DEV || fail "bind after the park was released"
expect_ok daxtest verify /dev/$DEV 16M 4M 41

# the same with a bounded wait: unbind returns after about drain_timeout
rm -f /tmp/vs.ready /tmp/vs.go
daxtest vmsplice /dev/$DEV 2M /tmp/vs.ready /tmp/vs.go > /tmp/vs.out 2>&1 &
vpid=$!
while [ ! -e /tmp/vs.ready ]; do sleep 0.1; done
t0=$(uptime_cs)
dm_unbind $DEV || fail "bounded unbind"
dt=$(($(uptime_cs) - t0))
log "bounded unbind returned after ${dt}0 ms (drain_timeout 3 s)"
[ $dt -ge 280 ] && [ $dt -lt 1000 ] || fail "bounded unbind took ${dt}0 ms"
touch /tmp/vs.go
wait $vpid
wait_unparked "the second pipe closed"
dm_bind $DEV || fail "bind after the second park"
