# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# At 1G alignment (the emulated region starts 1G-aligned) a 1 GiB touch is
# a single PUD fault, and mmap(NULL) hands out a 1G-aligned address.
[ $(($(region_start) % 1073741824)) -eq 0 ] || fail "region not 1G-aligned: harness setup"
dm_create 1G
expect_ok daxtest align /dev/$DEV 1G 1G
expect_ok daxtest touch /dev/$DEV 1G 4096
expect_eq "$(dm_attr $DEV faults_pud)" 1 faults_pud
expect_eq "$(dm_attr $DEV faults_pmd)" 0 faults_pmd
expect_eq "$(dm_attr $DEV faults_pte)" 0 faults_pte
expect_ok daxtest smaps /dev/$DEV 1G 1G
