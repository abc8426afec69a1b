# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# O_DIRECT between a block device and the mapping works in both
# directions, into faulted and unfaulted pages (GUP on devmap pages), at
# 2M and 4K alignment; no page stays pinned afterwards.
nullb_create od 256
for a in 2M 4K; do
	dm_create $a
	expect_ok daxtest odirect /dev/$DEV $NULLB 4M
	expect_eq "$(dm_attr $DEV pinned_pages)" 0 "pinned pages after O_DIRECT at $a"
	dm_delete $DEV
done
