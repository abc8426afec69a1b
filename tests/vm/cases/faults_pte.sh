# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 300
# At 4K alignment a 1 GiB touch takes one PTE fault per page only.
dm_create 4K
expect_ok daxtest touch /dev/$DEV 1G 4096
expect_eq "$(dm_attr $DEV faults_pte)" 262144 faults_pte
expect_eq "$(dm_attr $DEV faults_pmd)" 0 faults_pmd
expect_eq "$(dm_attr $DEV faults_pud)" 0 faults_pud
expect_ok daxtest smaps /dev/$DEV 4M 4K
