# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Data written through one mapping is there in a new mapping of another
# process, at several offsets, after munmap.
dm_create 2M
dev=/dev/$DEV
expect_ok daxtest fill $dev 0 32M 11
expect_ok daxtest fill $dev 512M 32M 12
expect_ok daxtest fill $dev 1022M 2M 13
expect_ok daxtest verify $dev 0 32M 11
expect_ok daxtest verify $dev 512M 32M 12
expect_ok daxtest verify $dev 1022M 2M 13
# and the check can fail: a wrong seed is caught
daxtest verify $dev 0 2M 99 2>/dev/null && fail "verify accepted the wrong pattern"
true
