# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# An unbound device stays unbound, and a drain blocks no other device.
# The dax bus attaches every device on a driver's id list at each new_id:
# an unbind, by any path, takes the device off daxmgr's list, so handing
# over another device neither binds it again nor waits for the lock its
# remove() holds while it drains.  bind on the device itself, or new_id
# of it, asks for it again.
P=/sys/module/daxmgr/parameters/drain_timeout
dm_create 2M
expect_ok daxtest fill /dev/$DEV 16M 2M 23

# the CLI's unbind, then the CLI's create of another device
daxmgr unbind $DEV > /dev/null || fail "daxmgr unbind"
daxmgr create --namespace $NS_REF --align 2M > /tmp/create.json || fail "daxmgr create on $NS_REF"
REF=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_driver $REF)" daxmgr "driver of $REF"
expect_eq "$(dm_driver $DEV)" "" "driver of $DEV after another device's create"
daxmgr destroy $REF --raw > /dev/null || fail "daxmgr destroy $REF"

# the raw unbind, then a raw hand-over of another device
dm_bind $DEV || fail "bind $DEV on the device itself"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after bind"
dm_unbind $DEV || fail "raw unbind"
REF=$(ns_devdax $NS_REF 2M mem)
t0=$(uptime_cs)
dm_handover $REF || fail "hand-over of $REF"
base=$(($(uptime_cs) - t0))
log "hand-over of $REF took ${base}0 ms"
expect_eq "$(dm_driver $DEV)" "" "driver of $DEV after another device's new_id"
dm_delete $REF || fail "give-back of $REF"
# new_id of the device itself binds it
echo $DEV > $DM_DRV/new_id || fail "new_id $DEV"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after new_id of itself"

# a drain of 30 s (io policy, a page held by a pipe) holds no hand-over
echo io > $DM_DEVS/$DEV/pin_mode
pin_start vs vmsplice /dev/$DEV 2M
echo 30 > $P
sh -c "echo $DEV > $DM_DRV/unbind" &
upid=$!
wait_log "$DEV: unbind waits up to 30s for 1 pinned page"
t0=$(uptime_cs)
dm_handover $REF || fail "hand-over of $REF during the drain"
dt=$(($(uptime_cs) - t0))
log "hand-over of $REF during $DEV's drain took ${dt}0 ms"
# without the fix it waits for most of the 30 s drain
[ $dt -lt $((base * 3 + 200)) ] && [ $dt -lt 2000 ] ||
	fail "hand-over waited ${dt}0 ms for another device's drain (${base}0 ms alone)"
expect_eq "$(dm_driver $REF)" daxmgr "driver of $REF"
kill -0 $upid 2>/dev/null || fail "the drain ended early"
dm_delete $REF || fail "give-back of $REF during the drain"
ns_raw $NS_REF
pin_release vs
wait $upid || fail "unbind during the drain"
expect_eq "$(dm_driver $DEV)" "" "driver of $DEV after its drain"
dm_bind $DEV || fail "bind after the drain"
expect_ok daxtest verify /dev/$DEV 16M 2M 23
