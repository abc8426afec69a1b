# A device created over the region has the right attributes, a char device
# and an iomem claim; deleting it removes all three and frees the range
# for the namespace again.
dm_create 2M
dev=$DEV
d=$DM_DEVS/$dev
expect_eq "$(dm_attr $dev size)" "$(($(region_size)))" size
expect_eq "$(($(dm_attr $dev resource)))" "$(($(region_start)))" resource
expect_eq "$(dm_attr $dev align)" 2097152 align
expect_eq "$(dm_attr $dev state)" live state
expect_eq "$(dm_attr $dev pin_mode)" vma "default pin_mode"
expect_eq "$(dm_attr $dev mappings)" 0 mappings
expect_eq "$(dm_attr $dev pinned_pages)" 0 pinned_pages
for k in pte pmd pud; do
	expect_eq "$(dm_attr $dev faults_$k)" 0 "faults_$k"
done
[ "$(dm_attr $dev target_node)" -ge 0 ] || fail "target_node $(dm_attr $dev target_node)"
[ "$(readlink -f $d/driver)" = "$(readlink -f $DM_DRV)" ] || fail "not bound to pmemdax"
[ -c /dev/$dev ] || fail "no /dev/$dev"
# fio's dev-dax engine reads size through /sys/dev/char/M:m
majmin=$(cat /sys/class/pmemdax/$dev/dev)
expect_eq "$(cat /sys/dev/char/$majmin/size)" "$(($(region_size)))" "chardev size"
expect_eq "$(basename "$(readlink -f /sys/dev/char/$majmin/subsystem)")" pmemdax "chardev class"
grep -q ": $dev\$" /proc/iomem || fail "no iomem claim named $dev"

expect_ok daxtest fill /dev/$dev 0 4M 1
expect_ok daxtest verify /dev/$dev 0 4M 1

dm_delete "$dev" || fail "delete_device $dev"
[ -e "$d" ] && fail "$d still exists"
[ -e /dev/$dev ] && fail "/dev/$dev still exists"
grep -q ": $dev\$" /proc/iomem && fail "iomem claim left behind"
ndctl enable-namespace "$NS" >/dev/null || fail "namespace cannot take its range back"
true
