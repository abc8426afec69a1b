# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# vma policy: while a process maps the device, the safe protocol reports
# busy after its timeout and leaves the device live; a plain unbind waits
# (saying so in the log) and finishes once the mapping is gone.  The
# mapping keeps working the whole time.
dm_create 2M
expect_eq "$(dm_attr $DEV pin_mode)" vma pin_mode
hold_start $DEV 4M a
expect_eq "$(dm_attr $DEV vmas)" 1 vmas

safe_unbind $DEV 2 > /tmp/su.out && fail "safe unbind proceeded with a mapping open"
grep -q "busy: 1 vmas" /tmp/su.out || fail "busy report: $(cat /tmp/su.out)"
expect_eq "$(dm_attr $DEV state)" live "state after a busy safe unbind"
[ -c /dev/$DEV ] || fail "char device gone after a busy safe unbind"
expect_ok daxtest open /dev/$DEV 0

dm_unbind $DEV &
upid=$!
sleep 2
kill -0 $upid 2>/dev/null || fail "unbind returned while a mapping was open"
expect_eq "$(dm_attr $DEV state)" quiesced "state while unbind waits"
dmesg | grep -q "$DEV: unbind waits for 1 mapping(s)" || fail "unbind did not log what it waits for"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" ok "holder during the wait"
wait $upid || fail "unbind failed"
expect_eq "$(dm_driver $DEV)" "" "driver after unbind"

# with nothing mapped the safe protocol proceeds without waiting out its
# timeout (10 s here)
dm_bind $DEV
t0=$(uptime_cs)
safe_unbind $DEV 10 || fail "safe unbind of an idle device"
[ $(($(uptime_cs) - t0)) -lt 1000 ] || fail "idle safe unbind waited out its timeout"
expect_eq "$(dm_driver $DEV)" "" "driver after safe unbind"
