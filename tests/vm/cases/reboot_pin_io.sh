# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 300
# Issue 8 item 6: a device handed to daxmgr comes back after a reboot,
# bound to daxmgr with its pin mode and its data, with no manual step.
# Two boots on the same NVDIMM backing files (suites/reboot: this case in
# boot 1 and in boot 2).  Between them only what a host keeps survives:
# the NVDIMMs and /etc/daxmgr (run.sh keeps it on a small disk).  The
# guest's init runs `daxmgr autobind --all` after loading the modules, as
# udev coldplug does on a host, before any case runs.
#   boot 1: a device_dax device on $KNS with pattern A (the reference, and
#           the proof that the harness keeps namespaces, data and
#           /etc/daxmgr but not /tmp); `daxmgr create --namespace $NS
#           --pin-mode io`, pattern B, both written with libpmem2
#   boot 2: the reference is device_dax's with pattern A; $NS's device is
#           bound to daxmgr, pin_mode io, live, pattern B intact; then
#           destroy forgets the record
. /daxmgr/compat.sh
SEED_REF=4242
SEED=20261123
LEN=8388608

records() { find /etc/daxmgr -name '*.conf' 2>/dev/null; }
show_records() {
	local f
	for f in $(records); do echo "$f:"; sed 's/^/    /' "$f"; done
}

case ${BOOT:-1} in
1)
	[ -z "$(records)" ] || fail "boot 1 starts with records: $(records)"
	touch /tmp/reboot.boot1
	mkdir -p /etc/daxmgr
	echo "kept" > /etc/daxmgr/harness.test

	kdax_create 2M dev
	compat_pmem write "/dev/$KDEV" $SEED_REF $LEN > /dev/null || fail "writing pattern A on $KDEV"

	daxmgr create --namespace "$NS" --pin-mode io > /tmp/create.json ||
		fail "daxmgr create --namespace $NS --pin-mode io"
	DEV=$(ns_chardev "$NS")
	[ -n "$DEV" ] || { cat /tmp/ns_list.json; fail "no dax device on $NS after create"; }
	expect_eq "$(jq -r '.[0].chardev' /tmp/create.json)" "$DEV" "the device daxmgr create reported"
	expect_eq "$(dax_driver "$DEV")" daxmgr "driver of $DEV"
	expect_eq "$(dm_attr "$DEV" pin_mode)" io "pin_mode of $DEV"
	compat_pmem write "/dev/$DEV" $SEED $LEN > /dev/null || fail "writing pattern B on $DEV"
	log "$NS ($(jq -r '[.. | objects | .uuid? // empty][0]' /tmp/ns_list.json)) -> $DEV (daxmgr, io), pattern $SEED"
	log "$KNS -> $KDEV (device_dax), pattern $SEED_REF"
	log "persistence records:"
	show_records
	[ -n "$(records)" ] || fail "daxmgr create left no record in /etc/daxmgr"
	;;
*)
	# the harness: a fresh boot that kept only what a host keeps
	[ ! -e /tmp/reboot.boot1 ] || fail "harness: /tmp survived, not a fresh boot"
	expect_eq "$(cat /etc/daxmgr/harness.test 2>/dev/null)" kept "harness: /etc/daxmgr kept"
	rm -f /etc/daxmgr/harness.test
	KDEV=$(ns_chardev "$KNS")
	[ -n "$KDEV" ] || { cat /tmp/ns_list.json; fail "the reference $KNS has no dax device after the reboot"; }
	expect_eq "$(dax_driver "$KDEV")" device_dax "driver of the reference $KDEV (did autobind take it?)"
	compat_pmem check "/dev/$KDEV" $SEED_REF $LEN > /dev/null || fail "pattern A on $KDEV did not survive"
	log "reference: $KDEV back on device_dax with pattern $SEED_REF"

	log "persistence records after the reboot:"
	show_records
	DEV=$(ns_chardev "$NS")
	[ -n "$DEV" ] || { cat /tmp/ns_list.json; fail "$NS has no dax device after the reboot"; }
	expect_eq "$(dax_driver "$DEV")" daxmgr "driver of $DEV after the reboot (autobind)"
	expect_eq "$(dm_attr "$DEV" pin_mode)" io "pin_mode of $DEV after the reboot"
	expect_eq "$(dm_attr "$DEV" state)" live "state of $DEV after the reboot"
	compat_pmem check "/dev/$DEV" $SEED $LEN || fail "pattern B on $DEV did not survive the reboot"
	daxmgr list > /tmp/list.json || fail "daxmgr list"
	jq -M -c '.[]' /tmp/list.json
	log "$DEV is back: daxmgr, pin_mode io, live, pattern $SEED intact"

	uuid=$(ndctl list -n "$NS" | jq -r '.[0].uuid')
	daxmgr destroy "$DEV" --raw || fail "daxmgr destroy $DEV --raw"
	# (reboot_daxctl's record of the reference is its own to remove)
	[ ! -e "/etc/daxmgr/daxmgr.conf.d/$uuid.conf" ] || fail "destroy left a record: $(records)"
	kdax_destroy
	;;
esac
