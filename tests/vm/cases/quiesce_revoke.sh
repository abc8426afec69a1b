# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# quiesce stops new opens and mmaps (EBUSY) while existing mappings keep
# working; revoke makes existing mappings SIGBUS and old files useless;
# unquiesce lets new files map again.
dm_create 2M
d=$DM_DEVS/$DEV
hold_start $DEV 4M a
rm -f /tmp/ow.ready /tmp/ow.go
daxtest openwait /dev/$DEV /tmp/ow.ready /tmp/ow.go EBUSY &
opid=$!
while [ ! -e /tmp/ow.ready ]; do sleep 0.1; done
echo 1 > $d/quiesce || fail quiesce
expect_eq "$(dm_attr $DEV state)" quiesced state
expect_ok daxtest open /dev/$DEV EBUSY
touch /tmp/ow.go
wait $opid || fail "mmap of an early fd while quiesced"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" ok "existing mapping while quiesced"
echo 1 > $d/unquiesce || fail unquiesce
expect_eq "$(dm_attr $DEV state)" live state
expect_ok daxtest open /dev/$DEV 0

hold_start $DEV 4M b
rm -f /tmp/ow.ready /tmp/ow.go
daxtest openwait /dev/$DEV /tmp/ow.ready /tmp/ow.go ENXIO &
opid=$!
while [ ! -e /tmp/ow.ready ]; do sleep 0.1; done
echo 1 > $d/revoke || fail revoke
expect_eq "$(dm_attr $DEV state)" revoked state
expect_eq "$(dm_attr $DEV vmas)" 0 "vmas after revoke"
expect_ok daxtest open /dev/$DEV ENXIO
hold_release b
hold_wait b
expect_eq "$HOLD_OUT" sigbus "mapping after revoke"
echo 1 > $d/unquiesce || fail "unquiesce after revoke"
touch /tmp/ow.go
wait $opid || fail "a file opened before the revoke could map again"
expect_ok daxtest fill /dev/$DEV 0 2M 5
expect_ok daxtest verify /dev/$DEV 0 2M 5
expect_eq "$(dm_attr $DEV pinned_pages)" 0 pinned_pages
