# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr autobind: what the udev rule (daxmgr autobind %k) and the guest's
# init (daxmgr autobind --all) do at boot, without the reboot: a recorded
# device back with device_dax goes to daxmgr with its pin mode; one
# without a record is left alone; the module is loaded if needed.
daxmgr create --namespace $NS --pin-mode io > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
daxtest fill /dev/$DEV 0 2097152 5 || fail fill
# as after a reboot: device_dax has it, daxmgr does not know its id
dm_unbind $DEV || fail unbind
echo $DEV > $DM_DRV/remove_id
echo $DEV > $DD_DRV/bind || fail "bind device_dax"
expect_eq "$(dm_driver $DEV)" device_dax "driver before autobind"
REF=$(ns_devdax $NS_REF 2M mem)

daxmgr autobind $DEV 2> /tmp/err || fail "autobind $DEV: $(cat /tmp/err)"
cat /tmp/err
expect_eq "$(dm_driver $DEV)" daxmgr "driver after autobind"
expect_eq "$(dm_attr $DEV pin_mode)" io "pin_mode after autobind"
daxtest verify /dev/$DEV 0 2097152 5 || fail "data after autobind"
daxmgr autobind $REF 2> /tmp/err || fail "autobind of an unrecorded device: $(cat /tmp/err)"
[ -s /tmp/err ] && fail "autobind of an unrecorded device said: $(cat /tmp/err)"
expect_eq "$(dm_driver $REF)" device_dax "unrecorded device's driver"
daxmgr autobind $DEV || fail "autobind of a bound device"

# coldplug, module not loaded: --all loads it
dm_unbind $DEV || fail unbind
echo $DEV > $DM_DRV/remove_id
echo $DEV > $DD_DRV/bind || fail "bind device_dax"
rmmod daxmgr || fail rmmod
daxmgr autobind --all 2> /tmp/err || fail "autobind --all: $(cat /tmp/err)"
grep -q "^daxmgr " /proc/modules || fail "module not loaded by autobind"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after autobind --all"
expect_eq "$(dm_attr $DEV pin_mode)" io "pin_mode after autobind --all"
expect_eq "$(dm_driver $REF)" device_dax "unrecorded device after --all"
ns_raw $NS_REF
daxmgr destroy $DEV --raw || fail "destroy --raw"
