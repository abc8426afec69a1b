# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 400
# A real long-term pin under the io policy ("pmem as storage"): an RDMA MR
# (ibv_reg_mr over soft-RoCE on lo, daxrdma) over a mapping of a 2M and of
# a 4K device, filled by an RDMA WRITE between two connected RC QPs.  An
# unbind with the MR live revokes the mapping (SIGBUS for the mapper),
# waits drain_timeout for the pin and parks; binds are refused while
# parked; ibv_dereg_mr ends the park with nobody waiting; after a rebind
# the data the RDMA WRITE put there is intact (lib.sh pin_scenario).
rdma_setup
pin_scenario rdma_io_2M io 2M 4M keep rdma 77
pin_scenario rdma_io_4K io 4K 1M keep rdma 78
