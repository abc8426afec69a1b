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
