# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 300
# The device_dax-vs-daxmgr proof with a real long-term pin (issue 18;
# docs/design.md, "Long-term pins").  One scenario, run on the driver
# PROOF_DRIVER names (daxmgr by default, or device_dax): a --map=mem 2M
# devdax device, an RDMA MR (daxrdma: ibv_reg_mr over soft-RoCE on lo)
# over 4 MiB of its mapping, filled by an RDMA WRITE, an unbind with the
# MR live, then ibv_dereg_mr.
# daxmgr (io policy) must revoke the mapping, wait drain_timeout (3 s),
# park, and end the park at the dereg, with a clean kernel log.  device_dax
# is only observed: the case records how long its unbind took, what the
# holder saw and whether it got out of ibv_dereg_mr; the host (run.sh
# --expect-kernel-report, --expect-report-pattern) judges the kernel log
# after the marker below.
drv=${PROOF_DRIVER:-daxmgr}
len=4M seed=111
rdma_setup
if [ "$drv" = daxmgr ]; then
	dm_create 2M mem
	echo io > $DM_DEVS/$DEV/pin_mode
	echo 3 > /sys/module/daxmgr/parameters/drain_timeout
	unbind=$DM_DRV/unbind
else
	DEV=$(ns_devdax $NS 2M mem)
	expect_eq "$(dm_driver $DEV)" device_dax "driver of $DEV"
	unbind=$DD_DRV/unbind
fi
expect_ok daxtest fill /dev/$DEV 0 $len 3
ltpin_start proof keep daxrdma mr /dev/$DEV $len $seed
sed 's/^/holder: /' /tmp/ltpin.proof.out
log "$drv: $DEV, map mem, an MR over $len of its mapping"

echo "daxmgr-proof: unbinding $DEV from $drv with a live MR" > /dev/kmsg
t0=$(uptime_cs)
echo $DEV > $unbind || fail "unbind $DEV from $drv"
dt=$(($(uptime_cs) - t0))
log "$drv: unbind returned after ${dt}0 ms"
echo "daxmgr-proof: $drv unbind returned after ${dt}0 ms" > /dev/kmsg

t0=$(uptime_cs)
ltpin_release proof
if ltpin_wait proof 30; then
	dt2=$(($(uptime_cs) - t0))
	log "$drv: holder exit $LTPIN_RC after ${dt2}0 ms: $(echo "$LTPIN_OUT" | sed -n "/^verified/,\$p" | tr '\n' ' ')"
else
	log "$drv: the holder is stuck 30 s after it was told to deregister: $(echo "$LTPIN_OUT" | sed -n "/^verified/,\$p" | tr '\n' ' ')"
	log "$drv: holder state: $(grep -E '^State' /proc/$LTPIN_PID/status) wchan $(cat /proc/$LTPIN_PID/wchan 2>/dev/null)"
fi
# give a late report time to print
sleep 2
echo "daxmgr-proof: $drv dereg over" > /dev/kmsg

if [ "$drv" = daxmgr ]; then
	[ $dt -ge 280 ] && [ $dt -lt 1000 ] || fail "unbind returned after ${dt}0 ms, want about 3 s"
	[ "${LTPIN_RC:-}" = 0 ] || fail "holder: $LTPIN_OUT"
	echo "$LTPIN_OUT" | grep -qx sigbus || fail "no SIGBUS after the revoke: $LTPIN_OUT"
	echo "$LTPIN_OUT" | grep -q "^dereg=0" || fail "ibv_dereg_mr: $LTPIN_OUT"
	wait_park_ended $DEV "ibv_dereg_mr"
	dm_bind $DEV || fail bind
	expect_ok daxtest verify /dev/$DEV 0 $len $seed
	log "daxmgr: waited 3 s, parked, the dereg ended the park, data intact, mapping revoked (SIGBUS)"
else
	# What device_dax did is evidence, not a verdict: the host reads the log.
	log "device_dax: kernel log since the unbind:"
	dmesg | sed -n '/daxmgr-proof: unbinding/,$p' | head -80
	if echo $DEV > $DD_DRV/bind 2>/dev/null &&
		daxtest verify /dev/$DEV 0 $len $seed > /tmp/verify.out 2>&1; then
		log "device_dax: after rebind the data is there"
	else
		log "device_dax: after rebind: $(tail -1 /tmp/verify.out 2>/dev/null)"
	fi
fi
