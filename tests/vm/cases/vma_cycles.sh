# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 1500
# vma policy through the safe protocol (daxmgr unbind), CYCLES times
# (default 20): with a process mapping the device, unbind --wait 0 fails
# with EBUSY naming it and leaves the device live; with fio running for a
# second, unbind --wait 10 waits for it (fio must finish cleanly); then
# bind, and the data outside fio's area is intact.
daxmgr create --namespace $NS > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_ok daxtest fill /dev/$DEV 512M 16M 91
i=0
while [ $i -lt ${CYCLES:-20} ]; do
	hold_start $DEV 2M c
	daxmgr unbind $DEV --wait 0 2> /tmp/err
	expect_eq $? 16 "busy unbind in cycle $i"
	grep -q "held by pid $HOLD_PID " /tmp/err || fail "holder not named in cycle $i: $(cat /tmp/err)"
	expect_eq "$(dm_attr $DEV state)" live "state after busy unbind in cycle $i"
	hold_release c
	hold_wait c
	expect_eq "$HOLD_OUT" ok "holder in cycle $i"

	fio --name=v$i --ioengine=dev-dax --filename=/dev/$DEV --rw=randwrite \
		--bs=2m --size=256m --time_based --runtime=1 > /tmp/fio.out 2>&1 &
	fpid=$!
	wait_attr $DEV vmas -gt 0 20
	daxmgr unbind $DEV --wait 10 2> /tmp/err || fail "waiting unbind in cycle $i: $(cat /tmp/err)"
	wait $fpid || fail "fio failed in cycle $i: $(cat /tmp/fio.out)"
	grep -q "got signal" /tmp/fio.out && fail "fio got a signal in cycle $i"
	daxmgr bind $DEV > /dev/null 2>&1 || fail "bind in cycle $i"
	expect_eq "$(dm_attr $DEV pin_mode)" vma "pin_mode after bind in cycle $i"
	daxtest verify /dev/$DEV 512M 16M 91 || fail "data lost in cycle $i"
	i=$((i + 1))
done
log "$i cycles"
daxmgr destroy $DEV 2> /tmp/err || fail "destroy: $(cat /tmp/err)"
