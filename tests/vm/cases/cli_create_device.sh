# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr create --device takes a devdax device from device_dax, but not
# while a process maps it (EBUSY, the holder named, the mapping intact).
DEV=$(ns_devdax $NS 2M mem)
expect_eq "$(dm_driver $DEV)" device_dax "driver of a new devdax device"
# a devdax namespace is not raw either: --namespace refuses it, --device takes it
daxmgr create --namespace $NS 2> /tmp/err; rc=$?
expect_eq $rc 17 "create --namespace of a devdax namespace"
grep -q -- "--device" /tmp/err || fail "no --device hint: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after the refusal"
hold_start $DEV 2M a
hpid=$HOLD_PID
daxmgr create --device $DEV 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 16 "create --device while mapped"
grep -q "^daxmgr create: $DEV: mapped by 1 process(es) (pid $hpid daxtest): not taken from device_dax$" /tmp/err ||
	fail "the library's reason: $(cat /tmp/err)"
grep -q "held by pid $hpid (daxtest)" /tmp/err || fail "holder not named: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after the refusal"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" ok "holder after the refusal"
daxtest fill /dev/$DEV 0 2097152 11 || fail "fill through device_dax"

daxmgr create --device /dev/$DEV > /tmp/create.json 2> /tmp/err || fail "create --device: $(cat /tmp/err)"
expect_eq "$(jq -r '.[0].chardev' /tmp/create.json)" $DEV "chardev"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after create --device"
daxtest verify /dev/$DEV 0 2097152 11 || fail "data through daxmgr"
daxmgr create --device $DEV 2> /tmp/err; expect_eq $? 17 "create --device of a daxmgr device"
daxmgr bind $DEV 2> /dev/null || fail "bind of a bound device"

# destroy --raw: the namespace back to raw, the dax device gone
uuid=$(ndctl list -n $NS | jq -r '.[0].uuid')
[ -f /etc/daxmgr/daxmgr.conf.d/$uuid.conf ] || fail "no record"
daxmgr destroy $DEV --raw 2> /tmp/err || fail "destroy --raw: $(cat /tmp/err)"
expect_eq "$(ndctl list -n $NS | jq -r '.[0].mode')" raw "mode after destroy --raw"
[ -e $ND/$NS/driver ] || fail "$NS not enabled after destroy --raw"
[ -b /dev/$(ndctl list -n $NS | jq -r '.[0].blockdev') ] || fail "no block device after destroy --raw"
[ -e $DM_DEVS/$DEV ] && [ "$(cat $DM_DEVS/$DEV/size)" != 0 ] && fail "$DEV still there after destroy --raw"
[ -e /etc/daxmgr/daxmgr.conf.d/$uuid.conf ] && fail "record left after destroy --raw"
# raw really means raw: create takes it without --force; --map dev puts
# the struct pages in the namespace (the device is smaller by them)
daxmgr create --namespace $NS --map dev > /tmp/create.json 2> /tmp/err || fail "create after destroy --raw: $(cat /tmp/err)"
expect_eq "$(ndctl list -n $NS | jq -r '.[0].map')" dev "map after --map dev"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_driver $DEV)" daxmgr "driver after --map dev"
[ "$(dm_attr $DEV size)" -lt 2145386496 ] || fail "--map dev size $(dm_attr $DEV size)"
daxtest fill /dev/$DEV 0 4194304 9 && daxtest verify /dev/$DEV 0 4194304 9 || fail "I/O with --map dev"
daxmgr destroy "$(daxmgr list | jq -r '.[0].chardev')" --raw || fail "destroy --raw"
