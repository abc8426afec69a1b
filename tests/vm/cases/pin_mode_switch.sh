# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# pin_mode changes only while nothing is mapped: EBUSY (and no change)
# with a mapping open, success without.
dm_create 2M
d=$DM_DEVS/$DEV
hold_start $DEV 2M a
daxtest write $d/pin_mode io EBUSY || fail "pin_mode switch while mapped"
expect_eq "$(dm_attr $DEV pin_mode)" vma "pin_mode kept"
daxtest write $d/pin_mode vma 0 || fail "writing the current mode"
hold_release a
hold_wait a
echo io > $d/pin_mode || fail "switch to io"
expect_eq "$(dm_attr $DEV pin_mode)" io pin_mode
hold_start $DEV 2M b
daxtest write $d/pin_mode vma EBUSY || fail "switch back while mapped"
hold_release b
hold_wait b
echo vma > $d/pin_mode || fail "switch back to vma"
# the mode belongs to the binding: every bind starts at vma (daxmgr
# autobind restores a configured mode)
echo io > $d/pin_mode
dm_unbind $DEV
dm_bind $DEV
expect_eq "$(dm_attr $DEV pin_mode)" vma "pin_mode after rebind"
