# timeout: 900
# Seeded random valid and invalid writes to every daxmgr attribute (bus
# and device), checked against a model by daxfuzz: errnos, states, align,
# pin_mode, and create/delete over random ranges.  FUZZ_INPUTS and
# FUZZ_SEED scale and reproduce it.
ns_disable
daxfuzz "$(region_start)" "$(region_size)" "${FUZZ_INPUTS:-3000}" "${FUZZ_SEED:-20261122}" ||
	fail "model violated"
expect_eq "$(dm_count)" 0 "devices after the fuzz run"
