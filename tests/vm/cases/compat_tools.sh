# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 900
# Issue 8 item 7: fio, PMDK (pmempool, daxio, libpmemobj, libpmem2, libpmem)
# and daxctl/ndctl on a kernel device_dax device and on a daxmgr device of
# the same kind (devdax namespaces, align 2M, the same --map), side by
# side in this one boot: first with struct pages in pmem (--map=dev,
# ndctl's default: the driver maps with the namespace's altmap), then in
# RAM (--map=mem).  COMPAT_MAPS narrows that.
. /daxmgr/compat.sh

for map in ${COMPAT_MAPS:-dev mem}; do
	log "== --map=$map"
	rm -f /tmp/compat.*.props
	for drv in $COMPAT_DRIVERS; do
		case $drv in
		device_dax)
			kdax_create 2M "$map"
			compat_check "$KDEV" device_dax "$KNS"
			kdax_destroy ;;
		daxmgr)
			dm_create 2M "$map"
			compat_check "$DEV" daxmgr "$NS"
			dm_cleanup ;;
		*) fail "unknown driver $drv" ;;
		esac
	done
	compat_compare
done

# Negative control: the same tools on a node that is not device DAX (the
# raw namespace's /dev/pmemN block device; /dev/zero for fio) refuse it
# or say so, so the checks above can fail.
blk=$(ndctl list -N -n "$NS" | jq -r '[.. | objects | .blockdev? // empty][0] // empty')
[ -b "/dev/$blk" ] || fail "negative control: no block device on raw $NS"
log "negative control on /dev/$blk"
if compat_pmem write "/dev/$blk" 1 4096 > /tmp/neg.out 2>&1; then
	fail "libpmem2 took the block device /dev/$blk as device DAX"
fi
grep compat_pmem: /tmp/neg.out
if daxio -z -o "/dev/$blk" > /tmp/neg.out 2>&1; then
	fail "daxio zeroed the block device /dev/$blk"
fi
cat /tmp/neg.out
# fio tests character devices only (a block device is not looked at)
fio --name=neg --ioengine=dev-dax --filename=/dev/zero --rw=read --bs=2m --size=4m \
	> /tmp/neg.out 2>&1
grep -i "not a DAX device" /tmp/neg.out || fail "fio did not flag /dev/zero: $(cat /tmp/neg.out)"
