# timeout: 300
# Issue 8 item 6: a device handed to daxmgr comes back after a reboot,
# bound to daxmgr with its pin mode and its data, with no manual step.
# Two boots on the same NVDIMM backing files (suites/reboot: this case in
# boot 1 and in boot 2).  Between them only what a host keeps survives:
# the NVDIMMs and /etc/daxmgr (run.sh keeps it on a small disk).  The
# guest's init runs `daxmgr autobind --all` after loading the modules,
# as udev coldplug does on a host, before any case runs.
#   boot 1: daxmgr create --namespace $NS --pin-mode io, write a pattern
#           with libpmem2; a device_dax device on $KNS as a bystander
#   boot 2: the device is bound to daxmgr, pin_mode io, state live, the
#           pattern intact (read with libpmem2); the bystander is still
#           device_dax's; then destroy forgets the record
. /daxmgr/compat.sh
SEED=20261123
LEN=8388608

# ns_dev NS: the dax device of namespace NS (ndctl list)
ns_dev() {
	ndctl list -N -n "$1" > /tmp/ns.json || fail "ndctl list -N -n $1"
	jq -r '[(if type == "array" then .[] else . end) | .chardev // empty][0] // empty' /tmp/ns.json
}

case ${BOOT:-1} in
1)
	[ -z "$(ls -A /etc/daxmgr 2>/dev/null)" ] || fail "boot 1 starts with /etc/daxmgr: $(ls -R /etc/daxmgr)"
	kdax_create 2M dev
	daxmgr create --namespace "$NS" --pin-mode io > /tmp/create.json ||
		fail "daxmgr create --namespace $NS --pin-mode io"
	cat /tmp/create.json
	DEV=$(ns_dev "$NS")
	[ -n "$DEV" ] || fail "no dax device on $NS after create"
	expect_eq "$(dax_driver "$DEV")" daxmgr "driver of $DEV"
	expect_eq "$(dm_attr "$DEV" pin_mode)" io "pin_mode of $DEV"
	compat_pmem write "/dev/$DEV" $SEED $LEN || fail "writing the pattern"
	log "$NS ($(jq -r '.. | objects | .uuid? // empty' /tmp/ns.json | head -1)) -> $DEV, pattern $SEED written"
	log "persistence records:"
	find /etc/daxmgr -type f | while read -r f; do echo "$f:"; sed 's/^/    /' "$f"; done
	[ -n "$(find /etc/daxmgr -type f 2>/dev/null)" ] || fail "daxmgr create left no record in /etc/daxmgr"
	echo "$DEV $KDEV" > /tmp/reboot.devs
	;;
*)
	log "persistence records after the reboot:"
	find /etc/daxmgr -type f 2>/dev/null | while read -r f; do echo "$f:"; sed 's/^/    /' "$f"; done
	DEV=$(ns_dev "$NS")
	[ -n "$DEV" ] || fail "$NS has no dax device after the reboot (devdax info block lost?)"
	expect_eq "$(dax_driver "$DEV")" daxmgr "driver of $DEV after the reboot (autobind)"
	expect_eq "$(dm_attr "$DEV" pin_mode)" io "pin_mode of $DEV after the reboot"
	expect_eq "$(dm_attr "$DEV" state)" live "state of $DEV after the reboot"
	compat_pmem check "/dev/$DEV" $SEED $LEN || fail "the pattern did not survive the reboot"
	KDEV=$(ns_dev "$KNS")
	[ -n "$KDEV" ] || fail "the bystander $KNS has no dax device after the reboot"
	expect_eq "$(dax_driver "$KDEV")" device_dax "driver of the bystander $KDEV (autobind took it?)"
	daxmgr list > /tmp/list.json || fail "daxmgr list"
	jq -M -c '.[]' /tmp/list.json
	log "$DEV is back: daxmgr, pin_mode io, live, pattern $SEED intact"
	daxmgr destroy "$DEV" --raw || fail "daxmgr destroy $DEV --raw"
	[ -z "$(find /etc/daxmgr -type f 2>/dev/null)" ] || fail "destroy left a record: $(find /etc/daxmgr -type f)"
	kdax_destroy
	;;
esac
