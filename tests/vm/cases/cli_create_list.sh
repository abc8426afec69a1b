# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr create puts the raw namespace into devdax mode and hands its dax
# device to daxmgr; daxmgr list shows it with daxctl's field names and
# types; the persistence record follows create, set-pin-mode and destroy;
# destroy gives the device back to device_dax.
CONF=/etc/daxmgr/daxmgr.conf.d
ndctl list -n $NS | jq -e '.[0].mode == "raw"' > /dev/null || fail "$NS not raw at start: $(ndctl list -n $NS)"
daxmgr create --namespace $NS --align 2M --pin-mode io > /tmp/create.json 2> /tmp/create.err ||
	fail "create: $(cat /tmp/create.err)"
cat /tmp/create.json
grep -q "created 1 device" /tmp/create.err || fail "create note: $(cat /tmp/create.err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
case $DEV in dax[0-9]*.[0-9]*) ;; *) fail "created chardev '$DEV'" ;; esac
expect_eq "$(dm_driver $DEV)" daxmgr "driver after create"
ndctl list -n $NS | jq -e '.[0].mode == "devdax"' > /dev/null || fail "namespace mode after create: $(ndctl list -n $NS)"
# default --map for a namespace up to 4 GiB: mem
expect_eq "$(ndctl list -n $NS | jq -r '.[0].map')" mem "default map"

daxmgr list -p > /tmp/list.json || fail "list"
cat /tmp/list.json
# without -p the driver is not asked to count pinned pages
expect_eq "$(daxmgr list | jq '.[0] | has("pinned_pages")')" false "pinned_pages without -p"
expect_eq "$(jq 'length' /tmp/list.json)" 1 "devices listed"
expect_eq "$(jq -r '.[0] | [.chardev, .size, .align, .mode, .driver, .state, .pin_mode, .vmas, .pinned_pages, .namespace, .region] | @tsv' /tmp/list.json)" \
	"$(printf '%s\t%s\t2097152\tdevdax\tdaxmgr\tlive\tio\t0\t0\t%s\t%s' $DEV $(dm_attr $DEV size) $NS $REGION)" "list fields"
expect_eq "$(jq -r '.[0] | [(.size|type), (.align|type), (.vmas|type), (.pinned_pages|type), (.faults.pmd|type)] | @tsv' /tmp/list.json)" \
	"$(printf 'number\tnumber\tnumber\tnumber\tnumber')" "list field types"
jq -e '.[0] | (has("target_node") | not) or ((.target_node | type) == "number")' /tmp/list.json > /dev/null ||
	fail "target_node type"
expect_eq "$(jq -r '.[0].pin_mode' /tmp/list.json)" "$(dm_attr $DEV pin_mode)" "pin_mode vs sysfs"
expect_eq "$(jq -r '.[0].map' /tmp/list.json)" "$(ndctl list -n $NS | jq -r '.[0].map')" "map vs ndctl"
grep -q "struct pages in DRAM, --map mem, the default" /tmp/create.err || fail "create's map note: $(cat /tmp/create.err)"
# what daxctl shows too, it shows the same way
if command -v daxctl > /dev/null; then
	daxctl list -d $DEV > /tmp/daxctl.json || fail "daxctl list -d $DEV"
	expect_eq "$(jq -c '.[0] | {chardev, size, target_node, align, mode}' /tmp/list.json)" \
		"$(jq -c '.[0] | {chardev, size, target_node, align, mode}' /tmp/daxctl.json)" "daxmgr list vs daxctl list"
fi
# the second NVDIMM's namespace in devdax mode stays with device_dax
REF=$(ns_devdax $NS_REF 2M mem)
expect_eq "$(dm_driver $REF)" device_dax "reference device's driver"
expect_eq "$(daxmgr list | jq length)" 1 "list without --all"
expect_eq "$(daxmgr list --all | jq -r "map(select(.chardev == \"$REF\"))[0].driver")" device_dax "list --all"
ns_raw $NS_REF

daxmgr list -u -d $DEV > /tmp/list.json || fail "list -u"
# one device with -u: the object itself, as daxctl prints it
case $(jq -r '.size' /tmp/list.json) in *" MiB ("*" MB)"|*" GiB ("*" GB)") ;; *) fail "human size: $(cat /tmp/list.json)" ;; esac
if command -v daxctl > /dev/null; then
	daxctl list -u -d $DEV > /tmp/daxctl.json || fail "daxctl list -u -d $DEV"
	# daxctl -u prints a lone device as an object, not an array
	expect_eq "$(jq -c '{chardev, size, target_node, align, mode}' /tmp/list.json)" \
		"$(jq -c 'if type == "array" then .[0] else . end | {chardev, size, target_node, align, mode}' /tmp/daxctl.json)" \
		"daxmgr list -u vs daxctl list -u"
fi
daxmgr list -d dax9.9 > /tmp/out 2>&1; expect_eq $? 0 "list of an unknown device"
[ -s /tmp/out ] && fail "list of an unknown device printed: $(cat /tmp/out)"

# the persistence record: keyed by the namespace's uuid
uuid=$(ndctl list -n $NS | jq -r '.[0].uuid')
[ -f "$CONF/$uuid.conf" ] || fail "no record $CONF/$uuid.conf: $(ls -l $CONF)"
grep -q "^pin_mode = io$" "$CONF/$uuid.conf" || fail "record: $(cat $CONF/$uuid.conf)"
daxmgr set-pin-mode $DEV vma > /dev/null || fail "set-pin-mode vma"
grep -q "^pin_mode = vma$" "$CONF/$uuid.conf" || fail "record after set-pin-mode: $(cat $CONF/$uuid.conf)"

# a second create of the same namespace fails cleanly
daxmgr create --namespace $NS 2> /tmp/err; rc=$?
log "second create: rc $rc: $(cat /tmp/err)"
[ $rc -eq 16 ] || [ $rc -eq 17 ] || fail "second create: rc $rc"
expect_eq "$(daxmgr list | jq length)" 1 "devices after a failed create"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after a failed create"

daxmgr destroy $DEV 2> /tmp/err || fail "destroy: $(cat /tmp/err)"
grep -q "destroyed $DEV: given back to device_dax" /tmp/err || fail "destroy note: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" device_dax "driver after destroy"
# nothing listed: nothing printed, as daxctl list
expect_eq "$(daxmgr list)" "" "devices after destroy"
ndctl list -n $NS | jq -e '.[0].mode == "devdax"' > /dev/null || fail "namespace mode after destroy: $(ndctl list -n $NS)"
[ -e "$CONF/$uuid.conf" ] && fail "record left after destroy"
# device_dax serves it again
daxtest fill /dev/$DEV 0 2097152 7 || fail "device_dax after destroy"
# and --device takes it back
daxmgr create --device $DEV --pin-mode io > /dev/null 2> /tmp/err || fail "create --device: $(cat /tmp/err)"
expect_eq "$(dm_driver $DEV)" daxmgr "driver after create --device"
expect_eq "$(dm_attr $DEV pin_mode)" io "pin_mode after create --device"
daxtest verify /dev/$DEV 0 2097152 7 || fail "data after create --device"
[ -f "$CONF/$uuid.conf" ] || fail "no record after create --device"
daxmgr destroy $DEV --raw || fail "destroy --raw"
