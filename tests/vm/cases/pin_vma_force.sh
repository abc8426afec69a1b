# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# vma policy, forced: a waiting unbind ends when the admin revokes from
# another shell, or kills the unbinding task; either way the holder gets
# SIGBUS and the pagemap reference count stays exact (no hang, no WARN).
dm_create 2M
for how in revoke kill; do
	hold_start $DEV 4M $how
	sh -c "echo $DEV > $DM_DRV/unbind" &
	upid=$!
	sleep 1
	kill -0 $upid 2>/dev/null || fail "unbind did not wait ($how)"
	if [ $how = revoke ]; then
		echo 1 > $DM_DEVS/$DEV/revoke || fail "revoke during unbind"
	else
		kill -KILL $upid
	fi
	wait $upid
	for _ in $(seq 100); do [ -z "$(dm_driver $DEV)" ] && break; sleep 0.1; done
	expect_eq "$(dm_driver $DEV)" "" "driver after a forced unbind ($how)"
	hold_release $how
	hold_wait $how
	expect_eq "$HOLD_OUT" sigbus "holder after a forced unbind ($how)"
	dmesg | grep -q "$DEV: revoked 1 mapping(s)" || fail "no revoke message ($how)"
	dm_bind $DEV || fail "rebind after $how"
done
