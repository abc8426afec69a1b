# daxmgr create takes namespace0.0 (disabling it) and prints the device as
# JSON; daxmgr list shows it with daxctl's field names; destroy gives the
# namespace back.
region_size=$(($(region_size)))
daxmgr create --namespace $NS --align 2M --pin-mode io > /tmp/create.json 2> /tmp/create.err ||
	fail "create: $(cat /tmp/create.err)"
grep -q "created 1 device" /tmp/create.err || fail "create note: $(cat /tmp/create.err)"
expect_eq "$(jq -r '.[0].chardev' /tmp/create.json)" pmemdax0 "created chardev"
[ -e "$ND/$NS/driver" ] && fail "namespace still enabled after create"

daxmgr list > /tmp/list.json || fail "list"
cat /tmp/list.json
expect_eq "$(jq 'length' /tmp/list.json)" 1 "devices listed"
expect_eq "$(jq -r '.[0] | [.chardev, .size, .align, .mode, .state, .pin_mode, .mappings, .pinned_pages, .namespace] | @tsv' /tmp/list.json)" \
	"$(printf 'pmemdax0\t%s\t2097152\tdevdax\tlive\tio\t0\t0\t%s' $region_size $NS)" "list fields"
expect_eq "$(jq '.[0].target_node >= 0' /tmp/list.json)" true target_node
expect_eq "$(($(jq -r '.[0].resource' /tmp/list.json)))" "$(($(region_start)))" resource
# the JSON agrees with sysfs
expect_eq "$(jq -r '.[0].pin_mode' /tmp/list.json)" "$(dm_attr pmemdax0 pin_mode)" "pin_mode vs sysfs"

daxmgr list -u -d pmemdax0 > /tmp/list.json || fail "list -u"
expect_eq "$(jq -r '.[0].size' /tmp/list.json)" "1.00 GiB (1.07 GB)" "human size"
daxmgr list -d pmemdax5 2>/dev/null; expect_eq $? 19 "list of an unknown device"

# a second create of the same namespace fails cleanly
daxmgr create --namespace $NS 2> /tmp/err; rc=$?
[ $rc -ne 0 ] || fail "second create succeeded"
log "second create: rc $rc: $(cat /tmp/err)"
expect_eq "$(daxmgr list | jq length)" 1 "devices after a failed create"

daxmgr destroy pmemdax0 2> /tmp/err || fail "destroy: $(cat /tmp/err)"
grep -q "destroyed 1 device" /tmp/err || fail "destroy note"
[ -e "$ND/$NS/driver" ] || fail "destroy did not re-enable $NS"
expect_eq "$(daxmgr list | jq length)" 0 "devices after destroy"
ndctl list -n $NS | jq -e '.[0].mode == "raw"' > /dev/null || fail "namespace mode after destroy: $(ndctl list -n $NS)"
