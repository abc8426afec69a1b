# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# memory_failure() on daxmgr pages, as ndctl's dax-poison test does for
# device-dax: MADV_SOFT_OFFLINE fails, MADV_HWPOISON kills the mapper with
# SIGBUS BUS_MCEERR_AR (page->mapping/index and the S_IFCHR|S_DAX host make
# that work), and the device still unbinds and deletes cleanly.
for a in 2M 4K; do
	dm_create $a
	expect_ok daxtest poison /dev/$DEV $a
	dm_unbind $DEV || fail "unbind after poison ($a)"
	dm_delete $DEV || fail "delete after poison ($a)"
done
