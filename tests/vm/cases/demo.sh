# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 240
# The main job, step by step: the DKMS-built module, the emulated NVDIMM's
# namespace handed to daxmgr as /dev/daxX.Y, fio's dev-dax engine writing,
# verifying and reading through it, a PMDK pool on it, and a safe unbind.
step() { echo; echo "== $*"; }

step "module: $(modinfo -F filename daxmgr) (vermagic $(modinfo -F vermagic daxmgr))"
grep -q "^daxmgr " /proc/modules || fail "daxmgr not loaded"
step "ndctl list -N -n $NS"
ndctl list -N -n $NS
step "daxmgr create --namespace $NS --align 2M --pin-mode io"
daxmgr create --namespace $NS --align 2M --pin-mode io || fail "daxmgr create"
step "daxmgr list -u"
daxmgr list -u || fail "daxmgr list"
DEV=$(daxmgr list | jq -r '.[0].chardev')
step "daxctl list -d $DEV (the kernel's tools see it as a dax device)"
daxctl list -d $DEV 2>&1
step "fio: write 256 MiB with crc32c verification through /dev/$DEV"
fio --name=write-verify --ioengine=dev-dax --filename=/dev/$DEV --rw=write \
	--bs=2m --size=256m --verify=crc32c > /tmp/fio.out 2>&1 ||
	fail "fio write+verify failed: $(cat /tmp/fio.out)"
grep -E "WRITE:|READ:|verify|not a DAX device" /tmp/fio.out
grep -q "got signal" /tmp/fio.out && fail "fio got a signal"
grep -q "not a DAX device" /tmp/fio.out && fail "fio: not a DAX device"
step "fio: 3 s sequential read, bs 2m"
fio --name=seqread --ioengine=dev-dax --filename=/dev/$DEV --rw=read \
	--bs=2m --size=1g --time_based --runtime=3 > /tmp/fio.out 2>&1 ||
	fail "fio read failed: $(cat /tmp/fio.out)"
grep -E "READ:" /tmp/fio.out
step "PMDK: pmempool create obj on /dev/$DEV, then pmempool info and check"
daxio -z -o /dev/$DEV > /dev/null 2>&1 || fail "daxio -z"
pmempool create --layout=daxmgr-demo obj /dev/$DEV || fail "pmempool create obj"
pmempool info /dev/$DEV > /tmp/pinfo.out 2>&1 || fail "pmempool info: $(cat /tmp/pinfo.out)"
grep -E "^(Part file|Type|Layout|Size)" /tmp/pinfo.out | head -5
pmempool check -v /dev/$DEV || fail "pmempool check"
step "faults taken: $(daxmgr list | jq -c '.[0].faults')"
step "daxmgr unbind $DEV (safe: quiesce, revoke, drain, unbind)"
daxmgr unbind $DEV || fail "daxmgr unbind"
expect_eq "$(daxmgr list -d $DEV | jq -r '.[0].state')" disabled "state after unbind"
daxmgr list -d $DEV
step "daxmgr destroy $DEV --raw (the namespace raw again, the dax device gone)"
daxmgr destroy $DEV --raw || fail "daxmgr destroy"
ndctl list -N -n $NS
step "demo done"
