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
pin_start vs vmsplice /dev/$DEV 2M
echo 1 > $P
dm_unbind $DEV || fail unbind
dm_parks | grep -q "^$DEV 1 " || fail "not parked: $(dm_parks)"

ndctl disable-namespace $NSL > /dev/null || fail "disable-namespace $NSL"
ndctl destroy-namespace -f $NSL > /dev/null || fail "destroy-namespace $NSL"
if ndctl create-namespace -r $REGION -m raw -s 16M > /tmp/small.json 2> /tmp/small.err; then
	fail "a namespace was enabled over the parked memmap: $(cat /tmp/small.json)"
fi
log "refused while parked: $(head -1 /tmp/small.err)"
dmesg | grep -q "$DEV: namespace disabled while parked: its memmap at" || fail "memmap claim not logged"
ndctl destroy-namespace -f all -r $REGION > /dev/null 2>&1

pin_release vs
wait_unparked "the pipe closed"
ndctl create-namespace -r $REGION -m raw -s 16M > /tmp/small.json ||
	fail "a namespace over the old memmap once the park ended"
ndctl destroy-namespace -f all -r $REGION > /dev/null || fail "destroy-namespace all"
