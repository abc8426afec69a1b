# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 900
# Seeded random valid and invalid writes to daxmgr's driver files
# (new_id, remove_id, bind, unbind), device_dax's bind/unbind, and every
# attribute daxmgr adds, over two devices, checked against a model by
# daxfuzz: errnos, drivers, states, pin_mode.  FUZZ_INPUTS and FUZZ_SEED
# scale and reproduce it.
A=$(ns_devdax "$NS" 2M mem)
B=$(ns_devdax "$NS_REF" 4K mem)
daxfuzz "${FUZZ_INPUTS:-3000}" "${FUZZ_SEED:-20261122}" $A $B || fail "model violated"
expect_eq "$(dm_count)" 0 "devices bound to daxmgr after the fuzz run"
ns_raw "$NS_REF"
