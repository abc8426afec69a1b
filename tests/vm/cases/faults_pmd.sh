# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# At 2M alignment a 1 GiB touch (one store per 4K) takes exactly one PMD
# fault per 2M and no other kind.
dm_create 2M
expect_ok daxtest touch /dev/$DEV 1G 4096
expect_eq "$(dm_attr $DEV faults_pmd)" 512 faults_pmd
expect_eq "$(dm_attr $DEV faults_pte)" 0 faults_pte
expect_eq "$(dm_attr $DEV faults_pud)" 0 faults_pud
expect_ok daxtest smaps /dev/$DEV 4M 2M
