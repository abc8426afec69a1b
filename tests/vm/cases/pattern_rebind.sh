# Data survives unbind/bind of the driver and delete/re-create of the
# device over the same range; the char device goes away while unbound.
dm_create 2M
dev=$DEV
expect_ok daxtest fill /dev/$dev 0 16M 21
expect_ok daxtest fill /dev/$dev 1008M 16M 22
dm_unbind $dev || fail "unbind"
expect_eq "$(dm_attr $dev state)" disabled "state while unbound"
[ -e /dev/$dev ] && fail "/dev/$dev exists while unbound"
dm_bind $dev || fail "bind"
expect_eq "$(dm_attr $dev state)" live "state after bind"
expect_ok daxtest verify /dev/$dev 0 16M 21
expect_ok daxtest verify /dev/$dev 1008M 16M 22

dm_delete $dev || fail "delete"
dm_create 4K
expect_ok daxtest verify /dev/$DEV 0 16M 21
expect_ok daxtest verify /dev/$DEV 1008M 16M 22
