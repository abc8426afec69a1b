# align is writable while the device has no mapping (the pagemap is rebuilt
# with the new compound order, data kept), and refused with EBUSY while one
# exists.
dm_create 2M
d=$DM_DEVS/$DEV
expect_ok daxtest fill /dev/$DEV 512M 8M 31
for a in 4K 1G 2M 0x1000 2097152; do
	echo $a > $d/align || fail "align $a"
done
expect_eq "$(dm_attr $DEV align)" 2097152 "align after changes"
expect_ok daxtest verify /dev/$DEV 512M 8M 31
echo 4K > $d/align
expect_ok daxtest touch /dev/$DEV 8M 4096
expect_eq "$(dm_attr $DEV faults_pte)" 2048 "PTE faults at 4K"

hold_start $DEV 4M a
expect_eq "$(dm_attr $DEV mappings)" 1 mappings
daxtest write $d/align 2M EBUSY || fail "align change while mapped"
expect_eq "$(dm_attr $DEV align)" 4096 "align kept while mapped"
hold_release a
hold_wait a
expect_eq "$HOLD_OUT" ok "holder"
echo 2M > $d/align || fail "align after unmap"
expect_ok daxtest verify /dev/$DEV 512M 8M 31
# unbound devices take align changes too; bind uses them
dm_unbind $DEV
echo 1G > $d/align || fail "align while unbound"
dm_bind $DEV
expect_ok daxtest touch /dev/$DEV 1G 2M
expect_eq "$(dm_attr $DEV faults_pud)" 1 "PUD fault after rebinding at 1G"
