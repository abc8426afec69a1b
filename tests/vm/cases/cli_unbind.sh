# daxmgr unbind: busy in vma mode reports the holder's pid and leaves the
# device live; --force revokes (SIGBUS for the holder) and unbinds; bind
# brings it back; set-pin-mode refuses while mapped.
daxmgr create --namespace $NS > /dev/null 2>&1 || fail create
DEV=pmemdax0
hold_start $DEV 4M a
hpid=$HOLD_PID

daxmgr set-pin-mode $DEV io 2> /tmp/err; rc=$?
expect_eq $rc 16 "set-pin-mode while mapped"
grep -q "1 mapping" /tmp/err || fail "set-pin-mode message: $(cat /tmp/err)"
expect_eq "$(dm_attr $DEV pin_mode)" vma "pin_mode kept"

t0=$(uptime_cs)
daxmgr unbind $DEV --wait 2 2> /tmp/err; rc=$?
dt=$(($(uptime_cs) - t0))
cat /tmp/err
expect_eq $rc 16 "busy unbind exit status"
grep -q "held by pid $hpid (daxtest)" /tmp/err || fail "holder not reported"
grep -q "1 mapping(s)" /tmp/err || fail "mapping count not reported"
[ $dt -ge 190 ] || fail "busy unbind gave up after ${dt}0 ms, before --wait 2"
expect_eq "$(dm_attr $DEV state)" live "state after a busy unbind"

daxmgr unbind $DEV --force 2> /tmp/err || fail "forced unbind: $(cat /tmp/err)"
expect_eq "$(dm_attr $DEV state)" disabled "state after forced unbind"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" sigbus "holder after forced unbind"
daxmgr unbind $DEV 2> /tmp/err || fail "unbind of an unbound device"
grep -q "not bound" /tmp/err || fail "note: $(cat /tmp/err)"

daxmgr bind $DEV || fail bind
expect_eq "$(dm_attr $DEV state)" live "state after bind"
daxmgr set-pin-mode $DEV io > /tmp/out || fail "set-pin-mode io"
expect_eq "$(jq -r '.[0].pin_mode' /tmp/out)" io "set-pin-mode output"
# io mode: unbind revokes at once, even with a mapping
hold_start $DEV 2M b
daxmgr unbind $DEV --wait 5 || fail "io-mode unbind"
hold_release b
hold_wait b
expect_eq "$HOLD_OUT" sigbus "io holder after unbind"
daxmgr destroy $DEV || fail destroy
