# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Last case: with every device given back the module unloads and leaves
# nothing behind; device_dax goes on serving devices.  Its text's symbols
# stay in /run/daxmgr.text for leak_scan, which runs after it on the
# debug kernel: "ADDRESS NAME" sorted, and a page past the last function,
# more than any of ours, as its end.
dm_cleanup
echo 0 > /proc/sys/kernel/kptr_restrict
awk '$4 == "[daxmgr]" && ($2 == "t" || $2 == "T") {print $1, $3}' /proc/kallsyms | sort > /run/daxmgr.text
last=$(tail -1 /run/daxmgr.text | cut -d' ' -f1)
[ -n "$last" ] || fail "no daxmgr text in /proc/kallsyms"
printf '%016x (end)\n' $((0x$last + 4096)) >> /run/daxmgr.text
expect_ok rmmod daxmgr
[ -e $DM_DRV ] && fail "$DM_DRV still present after rmmod"
[ -e /sys/module/daxmgr ] && fail "/sys/module/daxmgr still present after rmmod"
DEV=$(ns_devdax "$NS" 2M mem)
expect_eq "$(dm_driver $DEV)" device_dax "driver after rmmod"
expect_ok daxtest fill /dev/$DEV 0 2M 8
expect_ok daxtest verify /dev/$DEV 0 2M 8
true
