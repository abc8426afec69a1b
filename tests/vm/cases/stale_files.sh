# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Files that outlive a binding.  A daxmgr file kept open across unbind and
# bind stays dead (its mmap fails) while new opens of the node reach the
# new binding, although chrdev_open() still routes them through the old
# cdev.  A file kept open from device_dax's binding would go on serving
# device_dax's fops on our pages, so the hand-over is refused (EBUSY) until
# it is closed.
dm_create 2M
rm -f /tmp/ow.ready /tmp/ow.go
daxtest openwait /dev/$DEV /tmp/ow.ready /tmp/ow.go ENXIO &
opid=$!
while [ ! -e /tmp/ow.ready ]; do sleep 0.1; done
dm_unbind $DEV || fail unbind
dm_bind $DEV || fail bind
expect_ok daxtest open /dev/$DEV 0
expect_ok daxtest fill /dev/$DEV 0 2M 12
expect_ok daxtest verify /dev/$DEV 0 2M 12
touch /tmp/ow.go
wait $opid || fail "a file from the old binding could map"

dm_delete $DEV || fail "give back"
expect_eq "$(dm_driver $DEV)" device_dax "driver after give-back"
rm -f /tmp/ow.ready /tmp/ow.go
daxtest openwait /dev/$DEV /tmp/ow.ready /tmp/ow.go ENXIO &
opid=$!
while [ ! -e /tmp/ow.ready ]; do sleep 0.1; done
echo $DEV > $DD_DRV/unbind || fail "device_dax unbind"
echo $DEV > $DM_DRV/new_id
expect_eq "$(dm_driver $DEV)" "" "driver with a device_dax file open"
daxtest write $DM_DRV/bind $DEV EBUSY || fail "bind with a device_dax file open"
dmesg | grep -q "$DEV: refused: files opened under device_dax are still open" || fail "refusal not logged"
touch /tmp/ow.go
wait $opid || fail "the device_dax file could map while unbound"
dm_bind $DEV || fail "bind once the device_dax file is closed"
expect_ok daxtest verify /dev/$DEV 0 2M 12
