# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# A devdax namespace made while daxmgr is loaded still goes to device_dax
# (daxmgr never takes a device by itself); handed over, the device keeps its
# name, node and major:minor, the dax core's attributes, and gains ours;
# given back, ours are gone and device_dax serves the same data.
DEV=$(ns_devdax "$NS" 2M mem)
expect_eq "$(dm_driver $DEV)" device_dax "driver of a new devdax device with daxmgr loaded"
majmin=$(cat $DM_DEVS/$DEV/dev)
[ -e $DM_DEVS/$DEV/pin_mode ] && fail "daxmgr attributes on a device_dax device"
expect_ok daxtest fill /dev/$DEV 0 4M 3

dm_handover $DEV || fail "hand-over"
d=$DM_DEVS/$DEV
expect_eq "$(dm_driver $DEV)" daxmgr driver
expect_eq "$(cat $d/dev)" "$majmin" "major:minor after hand-over"
[ -c /dev/$DEV ] || fail "no /dev/$DEV"
expect_eq "$(dm_attr $DEV state)" live state
expect_eq "$(dm_attr $DEV pin_mode)" vma "default pin_mode"
expect_eq "$(dm_attr $DEV vmas)" 0 vmas
expect_eq "$(dm_attr $DEV pinned_pages)" 0 pinned_pages
for k in pte pmd pud; do
	expect_eq "$(dm_attr $DEV faults_$k)" 0 "faults_$k"
done
expect_eq "$(dm_attr $DEV align)" 2097152 align
[ "$(dm_attr $DEV target_node)" -ge 0 ] || fail "target_node $(dm_attr $DEV target_node)"
# what fio and PMDK look at: the char device's subsystem is dax
expect_eq "$(basename "$(readlink -f /sys/dev/char/$majmin/subsystem)")" dax "chardev subsystem"
expect_eq "$(cat /sys/dev/char/$majmin/size)" "$(dm_attr $DEV size)" "chardev size"
# permissions: writable attributes and pinned_pages are root-only
for a in quiesce unquiesce revoke; do
	expect_eq "$(stat -c %a $d/$a)" 200 "mode of $a"
done
expect_eq "$(stat -c %a $d/pin_mode)" 644 "mode of pin_mode"
expect_eq "$(stat -c %a $d/pinned_pages)" 400 "mode of pinned_pages"
for a in state vmas faults_pte faults_pmd faults_pud; do
	expect_eq "$(stat -c %a $d/$a)" 444 "mode of $a"
done
# the range is claimed under the device's name, once
expect_eq "$(grep -c ": $DEV\$" /proc/iomem)" 1 "iomem claims named $DEV"
expect_ok daxtest verify /dev/$DEV 0 4M 3
expect_ok daxtest fill /dev/$DEV 4M 4M 4
dmesg | grep -q "daxmgr $DEV: serving" || fail "no probe message"

# device_dax cannot take it while daxmgr serves it
daxtest write $DD_DRV/bind $DEV EBUSY || fail "device_dax bind while daxmgr serves"

dm_delete $DEV || fail "give back"
expect_eq "$(dm_driver $DEV)" device_dax "driver after give-back"
[ -e $d/pin_mode ] && fail "daxmgr attributes left after give-back"
expect_eq "$(grep -c ": $DEV\$" /proc/iomem)" 1 "iomem claims after give-back (device_dax's)"
expect_ok daxtest verify /dev/$DEV 4M 4M 4
true
