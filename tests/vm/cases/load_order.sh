# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr never takes a device by itself, whatever the load order: with
# daxmgr loaded before device_dax, a new devdax namespace still goes to
# device_dax, and the hand-over still works.
ns_raw "$NS_REF"
expect_ok rmmod daxmgr
expect_ok rmmod device_dax
expect_ok /sbin/modprobe daxmgr
expect_ok /sbin/modprobe device_dax
DEV=$(ns_devdax "$NS" 2M mem)
expect_eq "$(dm_driver $DEV)" device_dax "driver of a new devdax device, daxmgr loaded first"
dm_handover $DEV || fail "hand-over"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after hand-over"
expect_ok daxtest fill /dev/$DEV 0 2M 9
expect_ok daxtest verify /dev/$DEV 0 2M 9
