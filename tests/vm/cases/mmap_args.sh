# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# mmap refuses what device_dax refuses: private mappings, lengths and
# offsets that are not multiples of the alignment, ranges past the end;
# it accepts MAP_SYNC and read-only shared mappings.
dm_create 2M
dev=/dev/$DEV
size=$(dm_attr $DEV size)
last=$((size - 2097152))
expect_ok daxtest mmap $dev 0 2M shared 0
expect_ok daxtest mmap $dev 0 2M ro 0
expect_ok daxtest mmap $dev 0 2M sync 0
expect_ok daxtest mmap $dev 0 2M badflag EOPNOTSUPP
expect_ok daxtest mmap $dev 0 2M private EINVAL
expect_ok daxtest mmap $dev 0 4K shared EINVAL
expect_ok daxtest mmap $dev 0 3M shared EINVAL
expect_ok daxtest mmap $dev 4K 2M shared EINVAL
expect_ok daxtest mmap $dev 1M 2M shared EINVAL
expect_ok daxtest mmap $dev $last 2M shared 0
expect_ok daxtest mmap $dev $last 4M shared ENXIO
expect_ok daxtest mmap $dev $size 2M shared ENXIO
expect_ok daxtest mmap $dev 64G 2M shared ENXIO
expect_ok daxtest align $dev 64M 2M
expect_eq "$(dm_attr $DEV vmas)" 0 "vmas after the refusals"

# at 4K alignment, 4K granularity is fine
dm_create 4K
expect_ok daxtest mmap /dev/$DEV 4K 4K shared 0
expect_ok daxtest mmap /dev/$DEV 0 12K shared 0
expect_ok daxtest mmap /dev/$DEV 0 2M private EINVAL
