# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 300
# At 4K alignment a 1 GiB touch takes PTE faults only: one per page with
# fault-around off; with it at its default, the first page and then one
# fault per 64 KiB window.
dm_create 4K
echo 0 > $DM_DEVS/$DEV/fault_around_bytes
expect_ok daxtest touch /dev/$DEV 1G 4096
expect_eq "$(dm_attr $DEV faults_pte)" 262144 faults_pte
dm_unbind $DEV && dm_bind $DEV || fail "rebind"
expect_ok daxtest touch /dev/$DEV 1G 4096
expect_eq "$(dm_attr $DEV faults_pte)" 16385 "faults_pte with fault-around"
expect_eq "$(dm_attr $DEV faults_pmd)" 0 faults_pmd
expect_eq "$(dm_attr $DEV faults_pud)" 0 faults_pud
expect_ok daxtest smaps /dev/$DEV 4M 4K
