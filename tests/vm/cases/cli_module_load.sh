# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr create loads the module through libkmod when it is not loaded;
# loading it takes no device from device_dax.
dm_cleanup
rmmod daxmgr || fail "rmmod"
[ -e $DM_DRV ] && fail "driver still registered"
daxmgr list > /tmp/out || fail "list without the module"
expect_eq "$(cat /tmp/out)" "" "devices without the module (none: nothing printed)"
daxmgr create --namespace $NS > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
grep -q "^daxmgr " /proc/modules || fail "module not loaded by create"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_attr $DEV state)" live state
expect_eq "$(dm_driver $DEV)" daxmgr driver
daxmgr destroy $DEV --raw || fail "destroy --raw"
