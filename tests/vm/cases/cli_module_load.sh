# daxmgr create loads the module through libkmod when it is not loaded.
dm_cleanup
rmmod daxmgr || fail "rmmod"
[ -e /sys/bus/daxmgr ] && fail "module still there"
daxmgr list > /tmp/out || fail "list without the module"
expect_eq "$(jq length /tmp/out)" 0 "devices without the module"
daxmgr create --namespace $NS > /dev/null 2> /tmp/err || fail "create: $(cat /tmp/err)"
grep -q "^daxmgr " /proc/modules || fail "module not loaded by create"
expect_eq "$(dm_attr pmemdax0 state)" live state
