# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 120
# A record that daxctl's config claims too is reported at boot and not
# applied (suites/reboot, after reboot_pin_io in both boots: it uses that
# case's device_dax reference on $KNS).
#   boot 1: record $KNS's device with daxmgr (create --device, then back
#           to device_dax), and claim its uuid in /etc/daxctl.conf.d (the
#           guest keeps it as a host's root file system would); declare
#           the boot's autobind status, 76, in harness.autobind-rc
#   boot 2: the boot's `daxmgr autobind --all` exited 76 naming our
#           record and daxctl's file and section (reboot_pin_io has
#           checked that the reference stayed device_dax's, with its
#           data); list-records shows the claim; the record and the daxctl
#           section are removed again
. /daxmgr/compat.sh
DC=/etc/daxctl.conf.d
REC=/etc/daxmgr/daxmgr.conf.d

case ${BOOT:-1} in
1)
	KDEV=$(ns_chardev "$KNS")
	[ -n "$KDEV" ] || { cat /tmp/ns_list.json; fail "no device_dax reference on $KNS"; }
	uuid=$(ndctl list -n "$KNS" | jq -r '.[0].uuid')
	expect_eq "$(dax_driver "$KDEV")" device_dax "driver of the reference $KDEV"
	daxmgr create --device "$KDEV" > /dev/null 2> /tmp/err || fail "create --device $KDEV: $(cat /tmp/err)"
	[ -e "$REC/$uuid.conf" ] || fail "no record for $KNS ($uuid)"
	dm_unbind "$KDEV" || fail "unbind $KDEV"
	echo "$KDEV" > "$DM_DRV/remove_id"
	echo "$KDEV" > "$DD_DRV/bind" || fail "bind $KDEV to device_dax"
	mkdir -p $DC
	printf '[reconfigure-device ref]\nnvdimm.uuid = %s\nmode = devdax\n' "$uuid" > $DC/ref.conf
	echo 76 > /etc/daxmgr/harness.autobind-rc
	log "$KDEV ($uuid): daxmgr record and daxctl section, device_dax bound"
	;;
*)
	daxmgr list-records > /tmp/recs.json || fail list-records
	uuid=$(jq -r '.[] | select(.daxctl.section == "reconfigure-device ref") | .uuid' /tmp/recs.json)
	[ -n "$uuid" ] || fail "list-records shows no record daxctl claims: $(cat /tmp/recs.json)"
	expect_eq "$(cat /run/boot-autobind.rc)" 76 "the boot's autobind status"
	cat /run/boot-autobind.err
	for w in "NOT handed to daxmgr: uuid $uuid" "$REC/$uuid.conf" \
		"$DC/ref.conf \[reconfigure-device ref\]"; do
		grep -q -- "$w" /run/boot-autobind.err || fail "'$w' not in the boot's autobind words"
	done
	daxmgr remove-record "$uuid" 2> /tmp/err || fail "remove-record $uuid: $(cat /tmp/err)"
	[ -e "$REC/$uuid.conf" ] && fail "record left by remove-record"
	rm -rf $DC /etc/daxmgr/harness.autobind-rc
	;;
esac
