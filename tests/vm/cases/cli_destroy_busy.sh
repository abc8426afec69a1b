# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# daxmgr destroy and what outlives a give-back (issue 17, items 2 and 6).
# A daxmgr file left open would make every new open of the node fail with
# ENXIO after the give-back: destroy refuses (16), naming the holder, and
# leaves the device bound and live; once the file is closed it gives the
# device back; --force gives it back anyway and warns.  A parked device
# (pages pinned at its unbind) is refused by destroy and bind, saying so,
# with its namespace left enabled; destroy --wait covers the park.
P=/sys/module/daxmgr/parameters/drain_timeout
openwait_start() { # TAG MMAP_ERRNO: a daxtest holding /dev/$DEV open
	rm -f /tmp/ow.$1.ready /tmp/ow.$1.go
	daxtest openwait /dev/$DEV /tmp/ow.$1.ready /tmp/ow.$1.go $2 > /tmp/ow.$1.out 2>&1 &
	OPID=$!
	for _ in $(seq 100); do
		[ -e /tmp/ow.$1.ready ] && return 0
		kill -0 $OPID 2>/dev/null || fail "openwait $1: $(cat /tmp/ow.$1.out)"
		sleep 0.1
	done
	fail "openwait $1 never opened /dev/$DEV"
}
ns_mode() { ndctl list -n $NS | jq -r '.[0].mode'; }

daxmgr create --namespace $NS > /tmp/create.json 2> /tmp/err || fail "create: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
[ -e $DM_DEVS/$DEV/open_files ] && log "driver counts open files" ||
	log "no open_files attribute: destroy finds the files in /proc alone"

# a file open under daxmgr: refused, named, device bound and live
openwait_start a 0
[ -e $DM_DEVS/$DEV/open_files ] && expect_eq "$(dm_attr $DEV open_files)" 1 "open_files with one file open"
daxmgr destroy $DEV --wait 1 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 16 "destroy with a daxmgr file open"
grep -q "1 open file(s)" /tmp/err || fail "open files not counted"
grep -q "held by pid $OPID (daxtest), 1 open file(s)" /tmp/err || fail "holder not named"
grep -q "new opens fail with ENXIO" /tmp/err || fail "why not said"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after a refused destroy"
expect_eq "$(dm_attr $DEV state)" live "state after a refused destroy"
# io policy too: nothing is revoked for a refused destroy
daxmgr set-pin-mode $DEV io > /dev/null || fail "set-pin-mode io"
daxmgr destroy $DEV --wait 1 2> /tmp/err; rc=$?
expect_eq $rc 16 "io-policy destroy with a daxmgr file open"
expect_eq "$(dm_attr $DEV state)" live "io-policy state after a refused destroy"
touch /tmp/ow.a.go
wait $OPID || fail "the held file could not map the device it kept: $(cat /tmp/ow.a.out)"
daxmgr destroy $DEV 2> /tmp/err || fail "destroy once the file closed: $(cat /tmp/err)"
grep -q warning /tmp/err && fail "destroy warned: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after destroy"
expect_ok daxtest open /dev/$DEV 0

# --force: given back, with a warning naming the holder; new opens fail
# with ENXIO until the file is closed
daxmgr create --device $DEV > /dev/null 2> /tmp/err || fail "create --device: $(cat /tmp/err)"
openwait_start b ENXIO
daxmgr destroy $DEV --force 2> /tmp/err || fail "destroy --force: $(cat /tmp/err)"
cat /tmp/err
grep -q "warning: $DEV: 1 file(s) opened under daxmgr are still open" /tmp/err || fail "no warning"
grep -q "held by pid $OPID (daxtest), 1 open file(s)" /tmp/err || fail "holder not named in the warning"
grep -q "new opens of /dev/$DEV fail with ENXIO" /tmp/err || fail "ENXIO not said"
expect_eq "$(dm_driver $DEV)" device_dax "driver after destroy --force"
expect_ok daxtest open /dev/$DEV ENXIO
touch /tmp/ow.b.go
wait $OPID || fail "old file after the forced give-back: $(cat /tmp/ow.b.out)"
expect_ok daxtest open /dev/$DEV 0

# parked at destroy's own unbind (a vmsplice'd page in an unread pipe)
daxmgr create --device $DEV > /dev/null 2> /tmp/err || fail "create --device again: $(cat /tmp/err)"
echo 2 > $P
pin_start vs vmsplice /dev/$DEV 2M
expect_eq "$(dm_attr $DEV pinned_pages)" 1 "pinned pages held by the pipe"
daxmgr destroy $DEV --raw --wait 1 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 16 "destroy that parked the device"
grep -q "$DEV is parked: 1 page(s) pinned" /tmp/err || fail "park not said"
dm_parks | grep -q "^$DEV 1 " || fail "not parked: $(dm_parks)"
expect_eq "$(ns_mode)" devdax "namespace after a destroy refused for a park"
# parked before: destroy and bind refuse, the namespace stays enabled
daxmgr destroy $DEV --raw --wait 0 2> /tmp/err; rc=$?
expect_eq $rc 16 "destroy --raw of a parked device"
grep -q "$DEV is parked: 1 page(s) pinned" /tmp/err || fail "destroy message: $(cat /tmp/err)"
expect_eq "$(ns_mode)" devdax "namespace after destroy --raw of a parked device"
[ -e $DM_DEVS/$DEV ] || fail "$DEV gone after a refused destroy"
daxmgr destroy $DEV --wait 0 2> /tmp/err; rc=$?
expect_eq $rc 16 "destroy of a parked device"
daxmgr bind $DEV 2> /tmp/err; rc=$?
expect_eq $rc 16 "bind of a parked device"
grep -q "is parked: 1 page(s) pinned" /tmp/err || fail "bind message: $(cat /tmp/err)"
# --wait covers the park: the pipe closes during the wait, destroy goes on
t0=$(uptime_cs)
daxmgr destroy $DEV --raw --wait 60 2> /tmp/err &
dpid=$!
sleep 2
kill -0 $dpid 2>/dev/null || fail "destroy --wait did not wait for the park: $(cat /tmp/err)"
pin_release vs
wait $dpid || fail "destroy --wait after the park ended: $(cat /tmp/err)"
log "destroy --wait returned after $(($(uptime_cs) - t0))0 ms"
grep -q "^destroyed $DEV: its namespace is raw again" /tmp/err || fail "destroy said: $(cat /tmp/err)"
expect_eq "$(ns_mode)" raw "namespace after destroy --raw"
[ -e $ND/$NS/driver ] || fail "$NS not enabled after destroy --raw"
