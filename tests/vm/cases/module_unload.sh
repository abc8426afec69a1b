# Last case: with every device deleted the module unloads and leaves
# nothing behind.
dm_cleanup
expect_ok rmmod daxmgr
[ -e /sys/bus/daxmgr ] && fail "/sys/bus/daxmgr still present after rmmod"
[ -e /sys/class/pmemdax ] && fail "/sys/class/pmemdax still present after rmmod"
grep -q daxmgr /proc/iomem && fail "iomem claim left behind"
true
