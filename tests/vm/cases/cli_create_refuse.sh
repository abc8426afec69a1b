# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# daxmgr create refuses a namespace that is not raw, and changes nothing
# on it: an enabled fsdax namespace, then the same namespace disabled (its
# info block is only on the media now).  --force takes it.
ndctl create-namespace -f -e $NS -m fsdax -M mem > /tmp/ns.json || fail "fsdax namespace"
BDEV=/dev/$(jq -r .blockdev /tmp/ns.json)
[ -b $BDEV ] || fail "no $BDEV"
# data: 8 MiB at 16 MiB into the block device
dd if=/dev/urandom of=/tmp/data bs=1M count=8 2>/dev/null
dd if=/tmp/data of=$BDEV bs=1M seek=16 conv=fsync 2>/dev/null || fail "writing $BDEV"
sum0=$(dd if=$BDEV bs=1M skip=16 count=8 2>/dev/null | md5sum)

daxmgr create --namespace $NS 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 17 "create of an enabled fsdax namespace"
grep -q "^daxmgr create: $NS: not raw: it has a fsdax, sector or devdax personality or an info block on its media" /tmp/err ||
	fail "the library's reason: $(cat /tmp/err)"
grep -q "use --force" /tmp/err || fail "message: $(cat /tmp/err)"
expect_eq "$(ndctl list -n $NS | jq -r '.[0].mode')" fsdax "mode after a refusal"
expect_eq "$(dd if=$BDEV bs=1M skip=16 count=8 2>/dev/null | md5sum)" "$sum0" "data after a refusal"
expect_eq "$(daxmgr list --all)" "" "dax devices after a refusal (none: nothing printed)"

# disabled: no personality any more, only the info block on the media
ndctl disable-namespace $NS > /dev/null || fail "disable-namespace"
log "disabled: $(ndctl list -n $NS -i | jq -c .)"
daxmgr create --namespace $NS 2> /tmp/err; rc=$?
cat /tmp/err
expect_eq $rc 17 "create of a disabled fsdax namespace (info block)"
[ -e $ND/$NS/driver ] && fail "refusal left $NS enabled"
ndctl enable-namespace $NS > /dev/null || fail "enable-namespace after the refusal"
expect_eq "$(ndctl list -n $NS | jq -r '.[0].mode')" fsdax "fsdax back after a refusal"
BDEV=/dev/$(ndctl list -n $NS | jq -r '.[0].blockdev')
expect_eq "$(dd if=$BDEV bs=1M skip=16 count=8 2>/dev/null | md5sum)" "$sum0" "data after the second refusal"

# --force reconfigures it
daxmgr create --namespace $NS --force --pin-mode io > /tmp/create.json 2> /tmp/err ||
	fail "create --force: $(cat /tmp/err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_driver $DEV)" daxmgr "driver after create --force"
expect_eq "$(ndctl list -n $NS | jq -r '.[0].mode')" devdax "mode after create --force"
daxtest fill /dev/$DEV 0 4194304 3 || fail "daxmgr device after --force"
daxmgr destroy $DEV --raw || fail "destroy --raw"

# a sector (btt) namespace with data is refused the same way
ndctl create-namespace -f -e $NS -m sector > /tmp/ns.json || fail "sector namespace"
BDEV=/dev/$(jq -r .blockdev /tmp/ns.json)
[ -b $BDEV ] || fail "no $BDEV"
dd if=/tmp/data of=$BDEV bs=1M seek=4 conv=fsync 2>/dev/null || fail "writing $BDEV"
daxmgr create --namespace $NS 2> /tmp/err; rc=$?
expect_eq $rc 17 "create of a sector namespace"
expect_eq "$(ndctl list -n $NS | jq -r '.[0].mode')" sector "mode after a refusal"
expect_eq "$(dd if=$BDEV bs=1M skip=4 count=8 2>/dev/null | md5sum)" "$sum0" "sector data after a refusal"
