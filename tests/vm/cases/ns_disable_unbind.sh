# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The dax core's kill racing our unbind: a raw unbind of a vma-policy
# device waits in remove() (holding the device's lock) for a mapping; the
# namespace is disabled meanwhile.  unregister_dev_dax() kills the device,
# then waits in device_del() for that lock, on 6.12 holding the global
# dax_region_rwsem for write.  remove() notices the kill and goes on at
# once: the disable returns within a few seconds, a devdax namespace can
# be created on the other NVDIMM meanwhile, the mapping's user gets
# SIGBUS, and the data is there when the namespace comes back.
dm_create 2M
expect_ok daxtest fill /dev/$DEV 8M 2M 15
hold_start $DEV 4M a
sh -c "echo $DEV > $DM_DRV/unbind" &
upid=$!
wait_log "$DEV: unbind waits for 1 mapping"
kill -0 $upid 2>/dev/null || fail "unbind returned while a mapping was open"

t0=$(uptime_cs)
ndctl disable-namespace $NS > /tmp/dis.out 2>&1 &
dpid=$!
REF=$(ns_devdax $NS_REF 2M mem)
dt=$(($(uptime_cs) - t0))
log "devdax create on $NS_REF during the disable took ${dt}0 ms"
# without the fix both wait for the mapping, i.e. for ever (the debug
# kernel makes a 2 GiB devdax create take seconds: a bound of 20 s)
[ $dt -lt 2000 ] || fail "devdax create on $NS_REF blocked ${dt}0 ms"
expect_eq "$(dm_driver $REF)" device_dax "driver of $REF"
wait $dpid || fail "disable-namespace: $(cat /tmp/dis.out)"
dt=$(($(uptime_cs) - t0))
log "disable-namespace during the unbind's wait took ${dt}0 ms"
[ $dt -lt 2000 ] || fail "disable-namespace waited ${dt}0 ms behind the unbind"
wait $upid || fail "the raw unbind failed"
dmesg | grep -q "$DEV: device deleted while unbind waited for its mappings" || fail "not logged"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" sigbus "holder after the namespace went away"
ns_raw $NS_REF
ndctl enable-namespace $NS > /dev/null || fail "enable-namespace"
# the admin's unbind took it off daxmgr's list: device_dax serves it again
expect_eq "$(dm_driver $DEV)" device_dax "driver after re-enabling"
expect_ok daxtest verify /dev/$DEV 8M 2M 15
