# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 180
# Issue 23: CXL persistent memory served like an NVDIMM's (run.sh --cxl 2,
# suites/cxl).  The boot path (lib.sh's cxl_pmem_setup) made a pmem region
# on each CXL type-3 memdev with `cxl create-region`, which cxl_pmem
# bridges to an nvdimm region with a namespace over all of it: $NS on
# $CXL_MEM's region, $NS_REF on $KCXL_MEM's.  `daxmgr create --namespace` hands
# $NS's devdax device to daxmgr; the kernel's device_dax serves the other
# one; `cxl list`, `daxctl list` and `ndctl list` see both, `daxmgr
# list` names the CXL region and memdev each comes from, fio's dev-dax
# engine writes and verifies both, and pmempool makes and checks an obj
# pool on both.
. /daxmgr/compat.sh

cxl list -M > /tmp/cxl-mem.json || fail "cxl list -M"
expect_eq "$(jq -r '[.[].memdev] | sort | join(" ")' /tmp/cxl-mem.json)" "mem0 mem1" "cxl memdevs"
[ "$CXL_MEM" != "$KCXL_MEM" ] || fail "both regions on $CXL_MEM"
jq -M -c '.[]' /tmp/cxl-mem.json

# cxl_region NDREGION: the CXL region an nvdimm region is bridged from
# (the nvdimm region of CXL region N is regionN of a CXL ndbus)
cxl_region_of() {
	cxl list -R -r "$1" > /tmp/cxl-r.json || fail "cxl list -R -r $1"
	jq -M -c '.[0] | {region, size, decode_state, mappings}' /tmp/cxl-r.json
	# a pmem region has a pmem_regionN (6.1 has no "mode" attribute)
	[ -e "/sys/bus/cxl/devices/$1/pmem_$1" ] || fail "CXL $1 is not a pmem region"
	expect_eq "$(jq -r '.[0].decode_state' /tmp/cxl-r.json)" commit "decode state of CXL $1"
	expect_eq "$(ndctl list -B -r "$1" | jq -r '.[0].provider')" CXL "provider of nvdimm $1"
}

# the daxmgr device, made the administrator's way
daxmgr create --namespace "$NS" > /tmp/create.json 2> /tmp/create.err ||
	fail "daxmgr create --namespace $NS: $(cat /tmp/create.err)"
cat /tmp/create.err
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dax_driver "$DEV")" daxmgr "driver of $DEV"
expect_eq "$(jq -r '.[0].namespace' /tmp/create.json)" "$NS" "namespace daxmgr create reported"
jq -M -c '.[0]' /tmp/create.json
cxl_region_of "$REGION"
cxl list -R -r "$REGION" -T > /tmp/cxl-t.json || fail "cxl list -R -T"
expect_eq "$(jq -r '[.. | objects | .memdev? // empty] | join(" ")' /tmp/cxl-t.json)" "$CXL_MEM" \
	"memdev of CXL $REGION"

# the device_dax reference on the other CXL region
kdax_create 2M dev
cxl_region_of "$KREGION"

daxctl list -D > /tmp/daxctl.json || fail "daxctl list -D"
for d in "$DEV" "$KDEV"; do
	json_has_chardev /tmp/daxctl.json "$d" || { cat /tmp/daxctl.json; fail "daxctl list -D: no $d"; }
	jq -M -c --arg d "$d" '.. | objects | select(.chardev? == $d)' /tmp/daxctl.json
done
ndctl list -N -D -r "$REGION" > /tmp/ndctl.json || fail "ndctl list -N -D"
json_has_chardev /tmp/ndctl.json "$DEV" || { cat /tmp/ndctl.json; fail "ndctl list: no $DEV on $REGION"; }

daxmgr list > /tmp/list.json || fail "daxmgr list"
jq -M -c '.[]' /tmp/list.json
expect_eq "$(jq -r '.[0].chardev' /tmp/list.json)" "$DEV" "daxmgr list"
expect_eq "$(jq -r '.[0].region' /tmp/list.json)" "$REGION" "region in daxmgr list"
expect_eq "$(jq -r '.[0].cxl_region' /tmp/list.json)" "$REGION" "CXL region in daxmgr list"
expect_eq "$(jq -r '.[0].cxl_memdevs | join(" ")' /tmp/list.json)" "$CXL_MEM" "CXL memdevs in daxmgr list"
daxmgr list --all > /tmp/list.json || fail "daxmgr list --all"
expect_eq "$(jq -r --arg d "$KDEV" '.[] | select(.chardev == $d) | "\(.cxl_region) \(.cxl_memdevs | join(" "))"' \
	/tmp/list.json)" "$KREGION $KCXL_MEM" "CXL region and memdev of $KDEV in daxmgr list --all"

daxtest fill "/dev/$DEV" 0 4194304 5 || fail "fill $DEV"
daxtest verify "/dev/$DEV" 0 4194304 5 || fail "verify $DEV"
# fio's dev-dax engine (libpmem's copies) on both, a short run: QEMU
# emulates CXL memory access by access, compat_tools' 256M runs take
# minutes here
for d in "$DEV" "$KDEV"; do
	fio --name=wv --ioengine=dev-dax --filename="/dev/$d" --rw=write --bs=2m \
		--size=32m --verify=crc32c --do_verify=1 > /tmp/fio.out 2>&1 ||
		{ cat /tmp/fio.out; fail "fio dev-dax write+verify on $d"; }
	! grep -i "not a DAX device" /tmp/fio.out || fail "fio: $d is not a DAX device"
	log "fio dev-dax on $d ($(dax_driver "$d")): $(grep -E "WRITE:" /tmp/fio.out | sed 's/^ *//')"
done
# PMDK's pool tool on both: an obj pool over the whole device, checked
for d in "$DEV" "$KDEV"; do
	t0=$(date +%s)
	# PMDK makes a pool only on a device whose first bytes are zeros
	daxio -z -o "/dev/$d" -l 2097152 || fail "daxio -z $d"
	pmempool create --layout=daxmgr-cxl obj "/dev/$d" || fail "pmempool create obj on $d"
	pmempool info "/dev/$d" > /tmp/pinfo.out || { cat /tmp/pinfo.out; fail "pmempool info $d"; }
	grep -q "^type *: device dax" /tmp/pinfo.out || fail "pmempool info: $d is not device dax"
	pmempool check -v "/dev/$d" > /tmp/pcheck.out 2>&1
	grep -q ": consistent" /tmp/pcheck.out || { cat /tmp/pcheck.out; fail "pmempool check $d"; }
	log "pmempool create, info, check on $d ($(dax_driver "$d")): $(($(date +%s) - t0)) s"
done
daxmgr destroy "$DEV" --raw || fail "daxmgr destroy $DEV --raw"
kdax_destroy
