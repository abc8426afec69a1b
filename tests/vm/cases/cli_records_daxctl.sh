# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# A devdax uuid that daxctl's config claims too (/etc/daxctl.conf.d, as
# `daxctl reconfigure-device --check-config` reads it at boot): create
# refuses it on both paths (exit 76 ENOTUNIQ, the file and section named,
# nothing changed); autobind, as at boot, reports a record daxctl also
# claims and leaves the device; list-records shows the claim and
# remove-record forgets the record without unbinding anything.
DC=/etc/daxctl.conf.d
REC=/etc/daxmgr/daxmgr.conf.d
# the guest's own daxctl config, gone whatever happens (the next cases,
# and the reboot suite's, must not see it)
trap 'rm -rf $DC' EXIT
DEV=$(ns_devdax $NS 2M mem)
uuid=$(ndctl list -n $NS | jq -r '.[0].uuid')
[ -n "$uuid" ] && [ "$uuid" != null ] || fail "no uuid for $NS"
UUID=$(echo "$uuid" | tr a-f A-F)
SECTION="$DC/db.conf \[reconfigure-device dbhost\]"
claim() { # daxctl's example section, the uuid in capitals
	mkdir -p $DC
	printf '# daxctl: %s as system RAM\n[reconfigure-device dbhost]\nnvdimm.uuid = %s\nmode = system-ram\nonline = true\n' \
		"$NS" "$UUID" > $DC/db.conf
}
claim
echo '[reconfigure-device other]' > $DC/other.conf

expect_rc 76 "create --device of a device daxctl claims" daxmgr create --device $DEV
err_has "$SECTION" "file and section"
expect_eq "$(dm_driver $DEV)" device_dax "driver after the refusal"
[ -e $REC/$uuid.conf ] && fail "record written by a refused create"
[ -s /tmp/out ] && fail "refused create printed $(cat /tmp/out)"
expect_rc 76 "create --namespace --force of a namespace daxctl claims" \
	daxmgr create --namespace $NS --force
err_has "$SECTION" "file and section"
expect_eq "$(ndctl list -n $NS | jq -r '.[0].uuid')" "$uuid" "uuid after the refusal"
expect_eq "$(dm_driver $DEV)" device_dax "driver after the --namespace refusal"

# a record made before daxctl's section was written: the boot reports both
rm $DC/db.conf
daxmgr create --device $DEV --pin-mode io > /dev/null 2> /tmp/err || fail "create --device: $(cat /tmp/err)"
grep -q "NOT persist" /tmp/err && fail "a namespace's device said it would not persist: $(cat /tmp/err)"
[ -e $REC/$uuid.conf ] || fail "no record"
dm_unbind $DEV || fail unbind
echo $DEV > $DM_DRV/remove_id
echo $DEV > $DD_DRV/bind || fail "bind device_dax"
claim
expect_rc 76 "autobind of a record daxctl claims" daxmgr autobind $DEV
err_has "NOT handed to daxmgr" "refusal"
err_has "$REC/$uuid.conf" "our record's file"
err_has "$SECTION" "daxctl's file and section"
expect_eq "$(dm_driver $DEV)" device_dax "driver after autobind"
expect_rc 76 "autobind --all with a record daxctl claims" daxmgr autobind --all
expect_eq "$(dm_driver $DEV)" device_dax "driver after autobind --all"

daxmgr list-records > /tmp/recs.json || fail list-records
rec() { jq -r ".[] | select(.uuid == \"$uuid\") | $1" /tmp/recs.json; }
expect_eq "$(rec .daxctl.file)" $DC/db.conf "list-records daxctl file"
expect_eq "$(rec .chardev)" $DEV "list-records chardev"
expect_eq "$(rec .pin_mode)" io "list-records pin_mode"

# the fix the message names: forget our record; nothing is unbound
expect_rc 0 "remove-record" daxmgr remove-record $DEV
err_has "nothing was unbound" "remove-record's words"
[ -e $REC/$uuid.conf ] && fail "record left by remove-record"
expect_eq "$(dm_driver $DEV)" device_dax "driver after remove-record"
expect_rc 0 "autobind without a record" daxmgr autobind $DEV
expect_eq "$(dm_driver $DEV)" device_dax "driver after autobind without a record"
rm -rf $DC
