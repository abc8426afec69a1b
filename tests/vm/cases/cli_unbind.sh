# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr unbind: busy in vma mode reports the holder's pid and leaves the
# device live; --force revokes (SIGBUS for the holder) and unbinds; bind
# brings it back; set-pin-mode refuses while mapped.
daxmgr create --namespace $NS > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
hold_start $DEV 4M a
hpid=$HOLD_PID

daxmgr set-pin-mode $DEV io 2> /tmp/err; rc=$?
expect_eq $rc 16 "set-pin-mode while mapped"
# the library's reason: the device, why, and what stays
grep -q "^daxmgr set-pin-mode: $DEV has 1 vma(s): its pin mode changes only while nothing maps it: still vma$" /tmp/err ||
	fail "set-pin-mode message: $(cat /tmp/err)"
expect_eq "$(dm_attr $DEV pin_mode)" vma "pin_mode kept"

t0=$(uptime_cs)
daxmgr unbind $DEV --wait 2 2> /tmp/err; rc=$?
dt=$(($(uptime_cs) - t0))
cat /tmp/err
expect_eq $rc 16 "busy unbind exit status"
grep -q "held by pid $hpid (daxtest)" /tmp/err || fail "holder not reported"
grep -q "1 vma(s)" /tmp/err || fail "vma count not reported"
[ $dt -ge 190 ] || fail "busy unbind gave up after ${dt}0 ms, before --wait 2"
expect_eq "$(dm_attr $DEV state)" live "state after a busy unbind"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after a busy unbind"

daxmgr unbind $DEV --force 2> /tmp/err || fail "forced unbind: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" "" "driver after forced unbind"
expect_eq "$(daxmgr list -d $DEV | jq -r '.[0].state')" disabled "listed state after forced unbind"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" sigbus "holder after forced unbind"
daxmgr unbind $DEV 2> /tmp/err || fail "unbind of an unbound device"
grep -q "not bound" /tmp/err || fail "note: $(cat /tmp/err)"

daxmgr bind $DEV || fail bind
expect_eq "$(dm_attr $DEV state)" live "state after bind"
daxmgr set-pin-mode $DEV io > /tmp/out || fail "set-pin-mode io"
expect_eq "$(jq -r '.[0].pin_mode' /tmp/out)" io "set-pin-mode output"
# io mode: unbind revokes at once, even with a mapping
hold_start $DEV 2M b
daxmgr unbind $DEV --wait 5 || fail "io-mode unbind"
hold_release b
hold_wait b
expect_eq "$HOLD_OUT" sigbus "io holder after unbind"
# a device_dax device is not ours to unbind
REF=$(ns_devdax $NS_REF 2M mem)
daxmgr unbind $REF 2> /tmp/err; expect_eq $? 19 "unbind of a device_dax device"
expect_eq "$(dm_driver $REF)" device_dax "device_dax device after a refused unbind"
daxmgr bind $REF 2> /tmp/err; expect_eq $? 16 "bind of a device_dax device"
ns_raw $NS_REF
daxmgr destroy $DEV || fail destroy
expect_eq "$(dm_driver $DEV)" device_dax "driver after destroy"
