# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Last case: with every device given back the module unloads and leaves
# nothing behind; device_dax goes on serving devices.  Its text's symbols
# stay in /run/daxmgr.text (dm_text) for leak_scan, which runs after it on
# the debug kernel.
dm_cleanup
dm_text /run/daxmgr.text
expect_ok rmmod daxmgr
[ -e $DM_DRV ] && fail "$DM_DRV still present after rmmod"
[ -e /sys/module/daxmgr ] && fail "/sys/module/daxmgr still present after rmmod"
DEV=$(ns_devdax "$NS" 2M mem)
expect_eq "$(dm_driver $DEV)" device_dax "driver after rmmod"
expect_ok daxtest fill /dev/$DEV 0 2M 8
expect_ok daxtest verify /dev/$DEV 0 2M 8
true
