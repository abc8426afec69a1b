# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# A namespace disabled while daxmgr serves its device: the dax core deletes
# the device (and on 6.12 holds a global rwsem across it), so nothing is
# waited for even under the vma policy: the mapping is revoked at once
# (SIGBUS for its user) and the namespace comes back with its data.
dm_create 2M
expect_ok daxtest fill /dev/$DEV 8M 2M 14
hold_start $DEV 4M a
t0=$(uptime_cs)
ndctl disable-namespace $NS > /dev/null || fail "disable-namespace"
dt=$(($(uptime_cs) - t0))
log "disable-namespace with a vma-policy mapping took ${dt}0 ms"
[ $dt -lt 500 ] || fail "disable-namespace waited ${dt}0 ms"
dmesg | grep -q "$DEV: device deleted while served" || fail "not logged"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" sigbus "holder after the namespace went away"
ndctl enable-namespace $NS > /dev/null || fail "enable-namespace"
# still on daxmgr's new_id list: whichever of the two matching drivers
# registered first serves it again
case $(dm_driver $DEV) in device_dax|daxmgr) ;; *) fail "driver after re-enabling: '$(dm_driver $DEV)'" ;; esac
expect_ok daxtest verify /dev/$DEV 8M 2M 14
