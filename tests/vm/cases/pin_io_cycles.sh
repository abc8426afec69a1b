# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 1500
# io policy: CYCLES (default 50) unbind/bind cycles with fio's dev-dax
# engine writing to the device and O_DIRECT reads from a disk landing in
# the mapping, each time.  Both die at the unbind (SIGBUS, EFAULT);
# nothing else does, and data outside their area is intact after every
# rebind.
nullb_create cyc 256
dm_create 2M
echo io > $DM_DEVS/$DEV/pin_mode
expect_ok daxtest fill /dev/$DEV 512M 16M 77
i=0
while [ $i -lt ${CYCLES:-50} ]; do
	fio --name=c$i --ioengine=dev-dax --filename=/dev/$DEV --rw=randwrite \
		--bs=2m --size=256m --time_based --runtime=60 > /tmp/fio.out 2>&1 &
	fpid=$!
	daxbench odirect /dev/$DEV $NULLB 60 > /tmp/dio.out 2>&1 &
	dpid=$!
	wait_attr $DEV vmas -ge 2 20
	dm_unbind $DEV || fail "unbind in cycle $i"
	wait $fpid
	# fio's job process takes the SIGBUS; the parent reports it
	grep -q "got signal=7" /tmp/fio.out ||
		fail "fio's job did not get SIGBUS in cycle $i: $(cat /tmp/fio.out)"
	wait $dpid && fail "O_DIRECT reader survived the revoke in cycle $i"
	expect_eq "$(dm_driver $DEV)" "" "driver in cycle $i"
	dm_bind $DEV || fail "bind in cycle $i"
	# every binding starts at pin_mode vma
	echo io > $DM_DEVS/$DEV/pin_mode
	daxtest verify /dev/$DEV 512M 16M 77 || fail "data lost in cycle $i"
	i=$((i + 1))
done
log "$i cycles"
