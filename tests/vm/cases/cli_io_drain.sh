# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 120
# daxmgr unbind in io mode with O_DIRECT in flight: a --wait shorter than
# the I/O reports the pinned pages and fails with EBUSY; a longer one waits
# for the I/O and unbinds.
nullb_create slow2 64 4000000000
daxmgr create --namespace $NS --pin-mode io > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
rm -f /tmp/dio.ready
daxtest dio /dev/$DEV $NULLB 2M /tmp/dio.ready > /tmp/dio.out 2>&1 &
dpid=$!
while [ ! -e /tmp/dio.ready ]; do sleep 0.05; done
wait_attr $DEV pinned_pages -gt 0 2
daxmgr unbind $DEV --wait 1 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 16 "unbind with I/O in flight and --wait 1"
grep -q "[1-9][0-9]* pinned page(s)" /tmp/err || fail "pinned pages not reported"
daxmgr unbind $DEV --wait 10 2> /tmp/err || fail "unbind --wait 10: $(cat /tmp/err)"
wait $dpid
grep -q "^dio=2097152" /tmp/dio.out || fail "O_DIRECT read: $(cat /tmp/dio.out)"
grep -q "^sigbus" /tmp/dio.out || fail "reader after unbind: $(cat /tmp/dio.out)"
expect_eq "$(dm_driver $DEV)" "" "driver after unbind"
daxmgr destroy $DEV --raw 2> /tmp/err || fail "destroy --raw of an unbound device: $(cat /tmp/err)"
