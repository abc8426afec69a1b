# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 60
# Issue 23 item 4: a dynamic dax device, one with no namespace behind it,
# is refused with a message that says why and what to use instead, and is
# left as it was.  QEMU 7.2's CXL type-3 device has no volatile
# capacity (no volatile-memdev) and this ndctl's `cxl create-region -t
# ram` says "region type 'ram' not supported yet", so no dax_cxl device
# can be made here; soft-reserved memory's (run.sh --hmem, dax_hmem) is
# the same kind of device: a dax region that is not static, whose devices
# have a "mapping" attribute.
. /daxmgr/compat.sh
dyn=
for d in "$DAX_DEVS"/dax*; do
	[ -e "$d/mapping" ] && { dyn=$(basename "$d"); break; }
done
[ -n "$dyn" ] || { daxctl list -R -D; fail "no dynamic dax device (run.sh --hmem)"; }
# 6.1 binds it to device_dax; 6.12 matches a dax_hmem device (its region
# is IORESOURCE_DAX_KMEM) with kmem only, not loaded here: no driver
drv=$(dax_driver "$dyn")
log "$dyn: size $(cat "$DAX_DEVS/$dyn/size"), driver $drv, under $(readlink -f "$DAX_DEVS/$dyn" | sed 's|/sys/devices/||')"

daxmgr create --device "$dyn" > /tmp/out 2> /tmp/err
rc=$?
cat /tmp/err
expect_eq "$rc" 95 "exit status of daxmgr create --device $dyn (EOPNOTSUPP)"
grep -q "dynamic dax device, with no namespace behind it" /tmp/err || fail "message: $(cat /tmp/err)"
grep -q "use --namespace" /tmp/err || fail "message says nothing to use instead: $(cat /tmp/err)"
expect_eq "$(dax_driver "$dyn")" "$drv" "driver of $dyn after the refusal"
expect_eq "$(daxmgr list --all | jq -r --arg d "$dyn" '.[] | select(.chardev == $d) | .driver // "none"')" \
	"$drv" "daxmgr list --all: driver of $dyn"

# the driver refuses it too, when a hand-over by hand reaches its probe
# (new_id's attach, then bind)
if [ "$drv" = device_dax ]; then
	echo "$dyn" > "$DAX_DRVS/device_dax/unbind" || fail "unbind $dyn from device_dax"
fi
kmsg_mark "cxl_dynamic: new_id"
echo "$dyn" > "$DM_DRV/new_id"
expect_eq "$(dax_driver "$dyn")" none "driver of $dyn after new_id"
if echo "$dyn" > "$DM_DRV/bind" 2> /tmp/err; then
	fail "daxmgr bound the dynamic $dyn"
fi
log "bind by hand: $(cat /tmp/err)"
dmesg_since "cxl_dynamic: new_id" | grep -q "$dyn: dynamic dax device (no namespace behind it): not supported, use device_dax" ||
	fail "the driver's refusal is not logged: $(dmesg_since "cxl_dynamic: new_id")"
echo "$dyn" > "$DM_DRV/remove_id" || fail "remove_id $dyn"
expect_eq "$(dax_driver "$dyn")" none "driver of $dyn after a refused bind"
if [ "$drv" = device_dax ]; then
	echo "$dyn" > "$DAX_DRVS/device_dax/bind" || fail "bind $dyn back to device_dax"
fi
expect_eq "$(dax_driver "$dyn")" "$drv" "driver of $dyn given back"
