# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# Issue 11, items 1 and 3 on a real device (the driver's poll() wakeup
# that the waits use: vmas_poll).  SIGINT during a vma-policy unbind
# wait puts the device back live (opens and mmaps work, the holder never
# notices, exit 130) instead of leaving it quiesced; SIGTERM during an
# io-policy wait for pinned pages leaves it revoked and says so, and bind
# makes it live once the pins are gone.  list -u, -d and --holders against
# daxctl on the same device.
daxmgr create --namespace $NS > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)

log "list against daxctl, --holders"
hold_start $DEV 2M b
hpid=$HOLD_PID
for u in "" -u; do
	daxmgr list $u -d $DEV > /tmp/dm.json || fail "daxmgr list $u -d $DEV"
	daxctl list $u -d $DEV > /tmp/dc.json || fail "daxctl list $u -d $DEV"
	f='if type == "array" then map({chardev, size, target_node, align, mode}) else {chardev, size, target_node, align, mode} end'
	expect_eq "$(jq -c "$f" /tmp/dm.json)" "$(jq -c "$f" /tmp/dc.json)" "daxmgr list $u -d vs daxctl list $u -d"
done
expect_eq "$(daxmgr list -d dax9.9; echo "rc=$?")" "$(daxctl list -d dax9.9; echo "rc=$?")" "a filter that matches nothing"
expect_eq "$(daxmgr list --holders -d $DEV | jq -c '.[0].holders')" "[{\"pid\":$hpid,\"comm\":\"daxtest\",\"vmas\":1}]" "list --holders"
expect_eq "$(daxmgr list -n $NS | jq -r '.[0].chardev')" $DEV "list -n $NS"

log "SIGINT during a vma-policy wait: live again, nothing unbound"
time -p daxmgr unbind $DEV --wait 60 2> /tmp/err &
tpid=$!
while [ "$(dm_attr $DEV state)" != quiesced ]; do sleep 0.05; done
daxtest open /dev/$DEV EBUSY || fail "open while the unbind waits"
sleep 2
t0=$(uptime_cs)
kill -INT $(pidof daxmgr)
wait $tpid
dt=$(($(uptime_cs) - t0))
cat /tmp/err
grep -q "^daxmgr unbind: $DEV: stopped waiting (Interrupt): 1 vma(s)" /tmp/err || fail "no reason given"
grep -q "$DEV is live again, nothing was unbound" /tmp/err || fail "no state given"
grep -q "Command exited with non-zero status 130\|exit.* 130" /tmp/err ||
	log "(busybox time did not report the status)"
echo "-- CPU of a 2 s wait: $(grep -E '^(user|sys)' /tmp/err | tr '\n' ' ')"
[ $dt -lt 200 ] || fail "the unbind took ${dt}0 ms to stop after SIGINT"
expect_eq "$(dm_attr $DEV state)" live "state after an interrupted unbind"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after an interrupted unbind"
daxtest open /dev/$DEV 0 || fail "open after an interrupted unbind"
daxmgr unbind $DEV --wait 60 2> /tmp/err &
upid=$!
while [ "$(dm_attr $DEV state)" != quiesced ]; do sleep 0.05; done
kill -INT $upid
wait $upid
expect_eq $? 130 "exit status of an interrupted unbind"
hold_release b
hold_wait b
expect_eq "$HOLD_OUT" ok "holder through two interrupted unbinds"

log "SIGTERM during an io-policy wait for pinned pages: left revoked, said so"
daxmgr set-pin-mode $DEV io > /dev/null || fail "set-pin-mode io"
# O_DIRECT into the mapping that completes after 3 s: pins held meanwhile
nullb_create slow3 64 3000000000
rm -f /tmp/dio.ready
daxtest dio /dev/$DEV $NULLB 2M /tmp/dio.ready > /tmp/dio.out 2>&1 &
dpid=$!
while [ ! -e /tmp/dio.ready ]; do sleep 0.05; done
wait_attr $DEV pinned_pages -gt 0 2
daxmgr unbind $DEV --wait 60 2> /tmp/err &
upid=$!
while [ "$(dm_attr $DEV state)" != revoked ]; do sleep 0.05; done
kill -TERM $upid
wait $upid
rc=$?
cat /tmp/err
expect_eq $rc 143 "exit status of an unbind ended by SIGTERM"
grep -q "stopped waiting (Terminated)" /tmp/err || fail "no reason given"
grep -q "$DEV stays revoked" /tmp/err || fail "revoked state not said"
expect_eq "$(dm_attr $DEV state)" revoked "state while the pins are held"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after an interrupted io unbind"
wait $dpid
daxmgr bind $DEV 2> /tmp/err || fail "bind after the pins went: $(cat /tmp/err)"
grep -q "$DEV was revoked; it is live again" /tmp/err || fail "bind said: $(cat /tmp/err)"
expect_eq "$(dm_attr $DEV state)" live "state after bind"
daxtest open /dev/$DEV 0 || fail "open after bind"
daxmgr destroy $DEV --raw 2> /tmp/err || fail "destroy: $(cat /tmp/err)"
grep -q "^destroyed $DEV: its namespace is raw again" /tmp/err || fail "destroy said: $(cat /tmp/err)"
