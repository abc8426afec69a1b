# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Data survives unbind/bind of the driver, give-back to device_dax and a
# new hand-over, and re-creation of the namespace at the same alignment.
# While unbound the node stays but cannot be opened.
dm_create 2M
dev=$DEV
expect_ok daxtest fill /dev/$dev 0 16M 21
expect_ok daxtest fill /dev/$dev 1008M 16M 22
dm_unbind $dev || fail "unbind"
expect_eq "$(dm_driver $dev)" "" "driver while unbound"
[ -e $DM_DEVS/$dev/state ] && fail "daxmgr attributes while unbound"
expect_ok daxtest open /dev/$dev ENXIO
dm_bind $dev || fail "bind"
expect_eq "$(dm_attr $dev state)" live "state after bind"
expect_ok daxtest verify /dev/$dev 0 16M 21
expect_ok daxtest verify /dev/$dev 1008M 16M 22

dm_delete $dev || fail "give back"
expect_ok daxtest verify /dev/$dev 0 16M 21
dm_handover $dev || fail "hand over again"
expect_ok daxtest verify /dev/$dev 1008M 16M 22
dm_create 2M
expect_ok daxtest verify /dev/$DEV 0 16M 21
expect_ok daxtest verify /dev/$DEV 1008M 16M 22
