# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Side-by-side compatibility checks (sourced by the compat_* and reboot_*
# cases, after lib.sh).  The same checks run on a kernel device_dax device
# and on a daxmgr device, of the same kind (a devdax namespace with the
# same align and map), in one boot; each half fails on its own.
#
# The two NVDIMMs (run.sh gives two by default, equal and label-less):
#   namespace0.0 / region0   NS / REGION of lib.sh: the daxmgr device
#   namespace1.0 / region1   KNS / KREGION here (lib.sh's NS_REF): the
#                            device_dax reference

KNS=${KNS:-${NS_REF:-namespace1.0}}
KREGION=${KREGION:-region1}
DAX_DEVS=/sys/bus/dax/devices
DAX_DRVS=/sys/bus/dax/drivers
# which halves run: both unless a developer narrows it (never in a suite)
COMPAT_DRIVERS=${COMPAT_DRIVERS:-device_dax daxmgr}

# dax_driver DEV: the driver DEV is bound to, or "none"
dax_driver() {
	if [ -e "$DAX_DEVS/$1/driver" ]; then
		basename "$(readlink "$DAX_DEVS/$1/driver")"
	else
		echo none
	fi
}

# kdax_create ALIGN MAP: a devdax namespace on $KNS, served by the kernel's
# device_dax; sets KDEV (daxX.Y).
kdax_create() {
	ndctl create-namespace -f -e "$KNS" -m devdax -a "$1" -M "$2" > /tmp/kns.json ||
		fail "device_dax reference: create-namespace $KNS devdax $1 $2"
	KDEV=$(jq -r '.daxregion.devices[0].chardev' /tmp/kns.json)
	[ -c "/dev/$KDEV" ] || fail "device_dax reference: no /dev/$KDEV"
	expect_eq "$(dax_driver "$KDEV")" device_dax "driver of $KDEV"
	log "device_dax reference: $KDEV on $KNS, align $1, map $2"
}

kdax_destroy() {
	ndctl create-namespace -f -e "$KNS" -m raw > /dev/null 2>&1
}

# dax_rebind DEV DRIVER: unbind DEV from DRIVER and bind it again, through
# the dax bus's own files (the same writes for both drivers).
dax_rebind() {
	echo "$1" > "$DAX_DRVS/$2/unbind" || fail "[$2] unbind $1"
	expect_eq "$(dax_driver "$1")" none "[$2] driver of $1 after unbind"
	echo "$1" > "$DAX_DRVS/$2/bind" || fail "[$2] bind $1"
	expect_eq "$(dax_driver "$1")" "$2" "[$2] driver of $1 after bind"
}

# ns_chardev NS: the dax device of namespace NS, as ndctl lists it (flat,
# or in a daxregion: both shapes exist); the JSON stays in /tmp/ns_list.json
ns_chardev() {
	ndctl list -N -D -n "$1" > /tmp/ns_list.json || return 1
	jq -r '[.. | objects | (select(.chardev? != null and .dev? != null) | .chardev),
		(.daxregion?.devices[]? | .chardev)] | .[0] // empty' /tmp/ns_list.json
}

# json_has_chardev FILE DEV: FILE (ndctl/daxctl JSON, any shape) names DEV
json_has_chardev() {
	jq -e --arg d "$2" '[.. | objects | select(.chardev? == $d)] | length > 0' "$1" > /dev/null
}

# compat_check DEV DRIVER NS: the tools' checks on /dev/DEV, which DRIVER
# serves, made from namespace NS.  Leaves the library's view of the device (size, alignment,
# bad blocks, device id and usc support) in /tmp/compat.DRIVER.props.
compat_check() {
	local d=$1 drv=$2 ns=$3 node=/dev/$1 majmin sub t
	t="[$drv $d]"
	expect_eq "$(dax_driver "$d")" "$drv" "$t driver"

	log "$t sysfs: what every tool tests first"
	majmin=$(cat "$DAX_DEVS/$d/dev")
	sub=$(basename "$(readlink -f "/sys/dev/char/$majmin/subsystem")")
	expect_eq "$sub" dax "$t /sys/dev/char/$majmin/subsystem"
	expect_eq "$(printf '%d:%d' "0x$(stat -c %t "$node")" "0x$(stat -c %T "$node")")" \
		"$majmin" "$t major:minor of $node"

	log "$t fio dev-dax: write + verify, then read"
	# 64 MiB: 32 blocks of 2 MiB through the engine's mmap and libpmem
	# copies, what a longer run repeats (256 MiB took 10-11 s a run here)
	fio --name=wv --ioengine=dev-dax --filename="$node" --rw=write --bs=2m \
		--size=64m --verify=crc32c --do_verify=1 > /tmp/fio.out 2>&1 ||
		{ cat /tmp/fio.out; fail "$t fio write+verify"; }
	! grep -i "not a DAX device" /tmp/fio.out || fail "$t fio: not a DAX device"
	grep -E "WRITE:|READ:" /tmp/fio.out
	fio --name=r --ioengine=dev-dax --filename="$node" --rw=read --bs=2m \
		--size=64m > /tmp/fio.out 2>&1 || { cat /tmp/fio.out; fail "$t fio read"; }
	! grep -i "not a DAX device" /tmp/fio.out || fail "$t fio: not a DAX device"
	grep -E "READ:" /tmp/fio.out

	log "$t daxio: zero, file -> device, device -> file"
	daxio -z -o "$node" || fail "$t daxio -z"
	head -c 4194304 /dev/urandom > /tmp/pat
	daxio -i /tmp/pat -o "$node" -s 2097152 -l 4194304 || fail "$t daxio file -> device"
	rm -f /tmp/back	# daxio does not truncate a file it writes
	daxio -i "$node" -o /tmp/back -k 2097152 -l 4194304 || fail "$t daxio device -> file"
	cmp /tmp/pat /tmp/back || fail "$t daxio: the data read back differ"
	rm -f /tmp/back
	daxio -i "$node" -o /tmp/back -k 0 -l 2097152 || fail "$t daxio device -> file (head)"
	dd if=/dev/zero of=/tmp/zero bs=1048576 count=2 2>/dev/null
	cmp /tmp/zero /tmp/back || fail "$t daxio -z left data"
	daxio -z -o "$node" || fail "$t daxio -z"

	log "$t pmempool create obj, info, check"
	pmempool create --layout=daxmgr-compat obj "$node" || fail "$t pmempool create obj"
	pmempool info "$node" > /tmp/pinfo.out || { cat /tmp/pinfo.out; fail "$t pmempool info"; }
	grep -E "^(type|size|Signature|Layout|Heap size) " /tmp/pinfo.out
	grep -q "^Signature *: PMEMOBJ" /tmp/pinfo.out || fail "$t pmempool info: no obj pool"
	grep -q "^type *: device dax" /tmp/pinfo.out || fail "$t pmempool info: not device dax"
	pmempool check -v "$node" > /tmp/pcheck.out 2>&1
	grep -q ": consistent" /tmp/pcheck.out || { cat /tmp/pcheck.out; fail "$t pmempool check"; }

	log "$t libpmemobj: a transaction, unbind/bind, read back"
	compat_obj write "$node" 42 || fail "$t compat_obj write"
	dax_rebind "$d" "$drv"
	compat_obj check "$node" 42 || fail "$t compat_obj check after rebind"
	compat_obj write "$node" 43 || fail "$t compat_obj second write"
	compat_obj check "$node" 43 || fail "$t compat_obj second check"
	pmempool check -v "$node" > /tmp/pcheck.out 2>&1
	grep -q ": consistent" /tmp/pcheck.out || { cat /tmp/pcheck.out; fail "$t pmempool check after use"; }

	log "$t libpmem2 (and libpmem): map, persist a pattern, read it back"
	compat_pmem write "$node" 7 8388608 > /tmp/pmem2.out || { cat /tmp/pmem2.out; fail "$t compat_pmem write"; }
	compat_pmem check "$node" 7 8388608 >> /tmp/pmem2.out || { cat /tmp/pmem2.out; fail "$t compat_pmem check"; }
	cat /tmp/pmem2.out
	expect_eq "$(sed -n 's/^size=//p' /tmp/pmem2.out | head -1)" "$(cat "$DAX_DEVS/$d/size")" "$t libpmem2 size"
	expect_eq "$(sed -n 's/^alignment=//p' /tmp/pmem2.out | head -1)" "$(cat "$DAX_DEVS/$d/align")" \
		"$t libpmem2 alignment"
	grep -E '^(alignment|badblocks|device_id|usc|granularity)=' /tmp/pmem2.out | sort -u \
		> "/tmp/compat.$drv.props"

	log "$t daxctl list -D, ndctl list -N -D"
	daxctl list -D > /tmp/daxctl.json || fail "$t daxctl list -D"
	json_has_chardev /tmp/daxctl.json "$d" || { cat /tmp/daxctl.json; fail "$t daxctl list -D: no $d"; }
	jq -M -c --arg d "$d" '.. | objects | select(.chardev? == $d)' /tmp/daxctl.json
	ndctl list -N -D > /tmp/ndctl.json || fail "$t ndctl list -N -D"
	# the namespace names its device directly (ndctl 76), or in daxregion (-X)
	jq -M -c --arg d "$d" '.. | objects | select((.chardev? == $d and .dev? != null)
		or any(.daxregion?.devices[]?; .chardev == $d)) | {dev, mode, map, size, align, uuid}' \
		/tmp/ndctl.json > /tmp/ndctl.ns
	cat /tmp/ndctl.ns
	[ -s /tmp/ndctl.ns ] || jq -M -c . /tmp/ndctl.json
	expect_eq "$(jq -r .dev /tmp/ndctl.ns)" "$ns" "$t ndctl list -N -D: the namespace of $d"
	expect_eq "$(jq -r .mode /tmp/ndctl.ns)" devdax "$t ndctl list -N -D: mode of $ns"
	log "$t all checks passed"
}

# compat_compare: PMDK sees the two devices alike (same alignment, no bad
# blocks, the same device id / unsafe-shutdown support).
compat_compare() {
	[ -f /tmp/compat.device_dax.props ] && [ -f /tmp/compat.daxmgr.props ] || return 0
	diff /tmp/compat.device_dax.props /tmp/compat.daxmgr.props ||
		fail "PMDK sees device_dax and daxmgr devices differently (above)"
	log "PMDK sees both devices alike: $(tr '\n' ' ' < /tmp/compat.daxmgr.props)"
}
