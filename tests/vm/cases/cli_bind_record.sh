# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The persistence record after boot: `daxmgr bind` after an unbind gives
# a recorded device its recorded pin mode back (the driver's probe starts
# in vma); `daxmgr autobind` never takes a recorded device that a process
# maps, or has open, under device_dax: it leaves it, names the device and
# the process on stderr and exits EBUSY (16); once they are gone it takes it.
# Without a module for the running kernel it names the kernel and the
# headers package DKMS needs, and leaves the device with device_dax.
daxmgr create --namespace $NS --pin-mode io > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_attr $DEV pin_mode)" io "pin_mode after create"
# the data lies beyond the 2M the holders below map (and write)
daxtest fill /dev/$DEV 4194304 2097152 7 || fail fill

# unbind + bind: the recorded io, not the probe's vma
daxmgr unbind $DEV 2> /tmp/err || fail "unbind: $(cat /tmp/err)"
daxmgr bind $DEV 2> /tmp/err || fail "bind: $(cat /tmp/err)"
cat /tmp/err
expect_eq "$(dm_driver $DEV)" daxmgr "driver after bind"
expect_eq "$(dm_attr $DEV pin_mode)" io "pin_mode after unbind + bind (recorded io)"
grep -q "pin_mode io" /tmp/err || fail "bind did not say the pin mode: $(cat /tmp/err)"
# a mode set later is the record's too
daxmgr set-pin-mode $DEV vma > /dev/null || fail "set-pin-mode vma"
daxmgr unbind $DEV 2> /dev/null && daxmgr bind $DEV 2> /dev/null || fail "unbind + bind"
expect_eq "$(dm_attr $DEV pin_mode)" vma "pin_mode after set-pin-mode vma, unbind + bind"
daxmgr set-pin-mode $DEV io > /dev/null || fail "set-pin-mode io"

# as after a reboot: device_dax has it, an application maps it
dm_unbind $DEV || fail unbind
echo $DEV > $DM_DRV/remove_id
echo $DEV > $DD_DRV/bind || fail "bind device_dax"
expect_eq "$(dm_driver $DEV)" device_dax "driver before autobind"
hold_start $DEV 2M a
hpid=$HOLD_PID
daxmgr autobind $DEV 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 16 "autobind of a device mapped under device_dax"
grep -q "$DEV: NOT handed to daxmgr" /tmp/err || fail "refusal does not name $DEV: $(cat /tmp/err)"
grep -q "used by pid $hpid (daxtest): 1 mapping" /tmp/err || fail "holder not named: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after the refused autobind"
daxmgr autobind --all 2> /tmp/err; rc=$?
expect_eq $rc 16 "autobind --all with a mapped recorded device"
grep -q "pid $hpid (daxtest)" /tmp/err || fail "--all: holder not named: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after the refused autobind --all"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" ok "holder after the refusals (its mapping never went)"

# open, not mapped: still in use
(exec 3<> /dev/$DEV; exec sleep 600) &
opid=$!
for _ in $(seq 50); do [ "$(cat /proc/$opid/comm 2>/dev/null)" = sleep ] && break; sleep 0.1; done
daxmgr autobind $DEV 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 16 "autobind of a device open under device_dax"
grep -q "used by pid $opid (sleep): 0 mapping(s), 1 open file" /tmp/err || fail "opener not named: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after the refused autobind (open)"
kill $opid; wait $opid 2> /dev/null

# nobody uses it now: taken, with the recorded mode and the data
daxmgr autobind $DEV 2> /tmp/err || fail "autobind once unused: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after autobind"
expect_eq "$(dm_attr $DEV pin_mode)" io "pin_mode after autobind"
daxtest verify /dev/$DEV 4194304 2097152 7 || fail "data after autobind"

# a kernel DKMS built no module for: the refusal says which kernel and
# which headers package; the device stays with device_dax
dm_unbind $DEV || fail unbind
echo $DEV > $DM_DRV/remove_id
echo $DEV > $DD_DRV/bind || fail "bind device_dax"
rmmod daxmgr || fail rmmod
ko=$(modinfo -n daxmgr) || fail "modinfo -n daxmgr"
mv "$ko" /tmp/daxmgr.ko.away
daxmgr autobind $DEV 2> /tmp/err; rc=$?
mv /tmp/daxmgr.ko.away "$ko"
cat /tmp/err
[ $rc -ne 0 ] || fail "autobind without a module succeeded"
grep -q "$DEV has a daxmgr record but no daxmgr module loads for this kernel ($(uname -r))" /tmp/err ||
	fail "no module: not said: $(cat /tmp/err)"
grep -q "linux-headers-amd64" /tmp/err || fail "no module: no headers hint: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after autobind without a module"
daxmgr autobind $DEV 2> /tmp/err || fail "autobind with the module back: $(cat /tmp/err)"
expect_eq "$(dm_attr $DEV pin_mode)" io "pin_mode after autobind with the module back"
daxmgr destroy $DEV --raw 2> /tmp/err || fail "destroy --raw: $(cat /tmp/err)"
