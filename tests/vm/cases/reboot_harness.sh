# timeout: 120
# The reboot harness itself, on the kernel's device_dax alone (so that a
# reboot_* failure points at daxmgr, not at the harness): a devdax
# namespace, its data and a file in /etc/daxmgr all survive the reboot,
# and nothing else of boot 1 (/tmp) does.
. /daxmgr/compat.sh
SEED=4242
LEN=2097152

case ${BOOT:-1} in
1)
	kdax_create 2M dev
	compat_pmem write "/dev/$KDEV" $SEED $LEN > /dev/null || fail "writing the pattern"
	mkdir -p /etc/daxmgr
	echo "boot1 $KDEV" > /etc/daxmgr/harness.test
	touch /tmp/harness.boot1
	log "boot 1: $KDEV on $KNS, pattern $SEED, /etc/daxmgr/harness.test"
	;;
*)
	[ ! -e /tmp/harness.boot1 ] || fail "/tmp survived the reboot: not a fresh boot"
	expect_eq "$(cat /etc/daxmgr/harness.test 2>/dev/null)" "boot1 dax1.0" "/etc/daxmgr/harness.test"
	rm -f /etc/daxmgr/harness.test
	KDEV=$(ndctl list -N -n "$KNS" | jq -r '[(if type == "array" then .[] else . end) | .chardev // empty][0] // empty')
	expect_eq "$KDEV" dax1.0 "the dax device of $KNS after the reboot"
	expect_eq "$(dax_driver "$KDEV")" device_dax "driver of $KDEV"
	compat_pmem check "/dev/$KDEV" $SEED $LEN > /dev/null || fail "the pattern did not survive"
	log "boot $BOOT: $KDEV back on device_dax, pattern intact, /etc/daxmgr kept"
	kdax_destroy
	;;
esac
