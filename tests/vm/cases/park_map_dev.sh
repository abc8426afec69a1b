# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# A parked pagemap whose struct pages live in pmem (--map=dev): they sit
# in the namespace's metadata area, which dax_pmem claims only while it
# drives the namespace.  Once the namespace is disabled and destroyed, a
# smaller namespace created over that area must not be enabled while the
# park lasts (its writes would land on live struct pages); it can be once
# the last pin is gone.  Needs labelled NVDIMMs (suites/labels).
P=/sys/module/daxmgr/parameters/drain_timeout
# a new label area is empty: the regions stay label-less until initialised
ndctl disable-region all > /dev/null || fail "disable-region all"
ndctl init-labels -f all > /dev/null || fail "init-labels all"
ndctl enable-region all > /dev/null || fail "enable-region all"
ndctl create-namespace -r $REGION -m devdax -M dev -a 2M -s 1G > /tmp/ns.json ||
	fail "create-namespace -m devdax -M dev on $REGION"
NSL=$(jq -r .dev /tmp/ns.json)
DEV=$(jq -r '.daxregion.devices[0].chardev' /tmp/ns.json)
log "$NSL: devdax, map dev, device $DEV"
dm_handover $DEV || fail "hand-over of $DEV"
echo io > $DM_DEVS/$DEV/pin_mode
expect_ok daxtest fill /dev/$DEV 0 8M 31
rm -f /tmp/vs.ready /tmp/vs.go
daxtest vmsplice /dev/$DEV 2M /tmp/vs.ready /tmp/vs.go > /tmp/vs.out 2>&1 &
vpid=$!
for _ in $(seq 100); do
	[ -e /tmp/vs.ready ] && break
	sleep 0.1
done
[ -e /tmp/vs.ready ] || fail "vmsplice: $(cat /tmp/vs.out)"
echo 1 > $P
dm_unbind $DEV || fail unbind
grep -q "^$DEV 1 " $DM_DRV/parked || fail "not parked: $(cat $DM_DRV/parked)"

ndctl disable-namespace $NSL > /dev/null || fail "disable-namespace $NSL"
ndctl destroy-namespace -f $NSL > /dev/null || fail "destroy-namespace $NSL"
if ndctl create-namespace -r $REGION -m raw -s 16M > /tmp/small.json 2> /tmp/small.err; then
	fail "a namespace was enabled over the parked memmap: $(cat /tmp/small.json)"
fi
log "refused while parked: $(head -1 /tmp/small.err)"
dmesg | grep -q "$DEV: namespace disabled while parked: its memmap at" || fail "memmap claim not logged"
ndctl destroy-namespace -f all -r $REGION > /dev/null 2>&1

touch /tmp/vs.go
wait $vpid
for _ in $(seq 50); do
	[ -z "$(cat $DM_DRV/parked)" ] && break
	sleep 0.1
done
expect_eq "$(cat $DM_DRV/parked)" "" "parked list after the pipe closed"
ndctl create-namespace -r $REGION -m raw -s 16M > /tmp/small.json ||
	fail "a namespace over the old memmap once the park ended"
ndctl destroy-namespace -f all -r $REGION > /dev/null || fail "destroy-namespace all"
