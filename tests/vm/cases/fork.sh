# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# A child forked with the mapping pre-faulted sees the parent's data and
# the parent sees the child's stores (shared mappings are not copied at
# fork; the child refaults).
dm_create 2M
expect_ok daxtest fork /dev/$DEV 8M
dm_delete $DEV
dm_create 4K
expect_ok daxtest fork /dev/$DEV 8M
