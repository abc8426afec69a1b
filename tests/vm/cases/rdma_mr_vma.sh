# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 400
# A real long-term pin under the vma policy ("pmem as memory"): an RDMA MR
# over a mapping of a 2M and of a 4K device, filled by an RDMA WRITE, and
# then the range unmapped: the vma count is 0 while the MR keeps the pages
# pinned, so the unbind's wait for mappings ends at once, and it must not
# release the pagemap under the MR: it drains for drain_timeout, then
# parks until ibv_dereg_mr (lib.sh pin_scenario); a clean kernel log.
rdma_setup
pin_scenario rdma_vma_2M vma 2M 4M unmap rdma 87
pin_scenario rdma_vma_4K vma 4K 1M unmap rdma 88
