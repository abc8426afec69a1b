# timeout: 900
# Issue 8 item 7: fio, PMDK (pmempool, daxio, libpmemobj, libpmem2, libpmem)
# and daxctl/ndctl on a kernel device_dax device and on a daxmgr device of
# the same kind (devdax namespaces, align 2M, struct pages in pmem), side
# by side in this one boot.  COMPAT_MAP=mem runs them with pages in RAM.
. /daxmgr/compat.sh
map=${COMPAT_MAP:-dev}

for drv in $COMPAT_DRIVERS; do
	case $drv in
	device_dax)
		kdax_create 2M "$map"
		compat_check "$KDEV" device_dax "$KNS"
		kdax_destroy ;;
	daxmgr)
		dm_create 2M "$map"
		compat_check "$DEV" daxmgr "$NS" ;;
	*) fail "unknown driver $drv" ;;
	esac
done
compat_compare
