# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Helpers for the guest test cases (busybox ash).  A case is a script in
# /daxmgr/cases; it fails by exiting non-zero, normally through fail().

# daxmgr serves devices of the kernel's dax bus.  The guest has two
# emulated NVDIMMs of the same size: $NS (namespace0.0) is the one cases
# hand to daxmgr, $NS_REF (namespace1.0) the kernel device_dax reference
# for side-by-side checks.
DAX_BUS=/sys/bus/dax
DM_DEVS=$DAX_BUS/devices
DM_DRV=$DAX_BUS/drivers/daxmgr
DD_DRV=$DAX_BUS/drivers/device_dax
ND=/sys/bus/nd/devices
NS=${NS:-namespace0.0}
NS_REF=${NS_REF:-namespace1.0}
REGION=${REGION:-region0}
CASE_TIMEOUT=${CASE_TIMEOUT:-180}
[ -f /daxmgr/env ] && . /daxmgr/env

fail() {
	echo "FAIL: $*"
	exit 1
}

log() {
	echo "-- $*"
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

# expect_ok CMD...: the command must succeed
expect_ok() {
	"$@" || fail "command failed: $*"
}

# expect_rc RC WHAT CMD...: CMD exits RC; its stderr shown and in /tmp/err
expect_rc() {
	local want=$1 what=$2 rc
	shift 2
	"$@" > /tmp/out 2> /tmp/err
	rc=$?
	cat /tmp/err
	expect_eq $rc "$want" "$what"
}

# err_has PATTERN WHAT: the last expect_rc's stderr matches PATTERN
err_has() {
	grep -q -- "$1" /tmp/err || fail "$2: '$1' not in: $(cat /tmp/err)"
}

# What run.sh gave the guest: "NVDIMMS CXL" (the numbers of devices)
NVDIMMS=$(cut -d' ' -f1 /daxmgr/devices 2>/dev/null || echo 2)
CXL_DEVS=$(cut -d' ' -f2 /daxmgr/devices 2>/dev/null || echo 0)

guest_setup() {
	local m
	for m in libnvdimm nfit nd_pmem dax_pmem device_dax; do
		modprobe "$m" || { echo "modprobe $m failed"; return 1; }
	done
	if [ "$CXL_DEVS" -gt 0 ]; then
		cxl_modules || return 1
	fi
	# soft-reserved memory (run.sh --hmem): dax_hmem makes its dynamic
	# dax device
	if grep -q "Soft Reserved" /proc/iomem; then
		modprobe dax_hmem || { echo "modprobe dax_hmem failed"; return 1; }
	fi
	if [ "$NVDIMMS" -gt 0 ]; then
		for _ in $(seq 50); do
			[ -e "$ND/$NS" ] && break
			sleep 0.1
		done
		[ -e "$ND/$NS" ] || { echo "no $NS"; ndctl list -RN; return 1; }
	fi
	# Our module sits in extra/ or updates/dkms/: index it.  Full paths,
	# because busybox's shell prefers its own applets, and busybox depmod
	# writes no modules.dep.bin for libkmod.
	/sbin/depmod -a && /sbin/modprobe daxmgr || return 1
	echo "daxmgr: $(modinfo -F filename daxmgr) $(modinfo -F vermagic daxmgr)"
	[ "$NVDIMMS" = 0 ] ||
		echo "region $(cat $ND/$REGION/resource) size $(cat $ND/$REGION/size)"
}

# cxl_modules: the CXL stack (cxl_core and cxl_port are built in), and
# wait for its $CXL_DEVS memdevs to reach their driver.
cxl_modules() {
	local m n
	for m in cxl_acpi cxl_pci cxl_mem cxl_pmem; do
		modprobe "$m" || { echo "modprobe $m failed"; return 1; }
	done
	for _ in $(seq 100); do
		n=$(ls -d /sys/bus/cxl/drivers/cxl_mem/mem* 2>/dev/null | wc -l)
		[ "$n" -ge "$CXL_DEVS" ] && break
		sleep 0.1
	done
	echo "cxl: $n of $CXL_DEVS memdevs bound to cxl_mem"
	[ "$n" -ge "$CXL_DEVS" ] || { cxl list -vvv; return 1; }
	cxl_pmem_setup
}

# cxl_pmem_setup: what a host's boot path does for CXL persistent memory
# that its firmware did not map: a pmem region of one way on each memdev
# memI, through the fixed memory window decoder0.I (run.sh --cxl gives
# each device its own host bridge and window).  QEMU starts every boot
# with the HDM decoders uncommitted, so every boot creates the regions
# again; the kernel numbers the region and its nvdimm region alike
# (regionI, from one id allocator), and cxl_pmem bridges it to libnvdimm
# (namespaceI.0).  The namespace labels live on the device's label area
# (the --cxl LSA file), so a namespace comes back in a later boot; in the
# first, each region gets one raw namespace over all of it, as a
# label-less NVDIMM has, for the cases that take $NS and $NS_REF.
#
# The nvdimm regions' numbers come from the same allocator as soft-reserved
# memory's (run.sh --hmem takes one at boot), so the names the cases use
# are set here: NS/REGION on mem0's region, NS_REF/KNS/KREGION on mem1's.
cxl_pmem_setup() {
	local i r m
	for i in $(seq 0 $((CXL_DEVS - 1))); do
		# the memdev under the window, whatever its number (probe order)
		cxl create-region -d "decoder0.$i" -w 1 -t pmem > "/tmp/cxl-region$i.json" ||
			{ echo "cxl create-region on decoder0.$i failed"; cxl list -M -D; return 1; }
		r=$(jq -r .region "/tmp/cxl-region$i.json")
		m=$(jq -r '.mappings[0].memdev' "/tmp/cxl-region$i.json")
		echo "cxl: $r on $m (decoder0.$i): $(jq -c '{resource, size, decode_state}' "/tmp/cxl-region$i.json")"
		for _ in $(seq 50); do
			[ -e "$ND/$r/namespace${r#region}.0" ] && break
			sleep 0.1
		done
		[ -e "$ND/$r" ] || { echo "no nvdimm $r for cxl $r"; return 1; }
		if [ "$(cat "$ND/$r/available_size")" = "$(cat "$ND/$r/size")" ]; then
			ndctl create-namespace -r "$r" -m raw > /dev/null ||
				{ echo "raw namespace on $r failed"; return 1; }
		fi
		# the dax device of a namespace that came back from the labels is
		# probed asynchronously: let it be there for autobind
		cat /sys/class/nd/ndctl*/device/wait_probe > /dev/null
		echo "cxl: $r: $(ndctl list -N -r "$r" | jq -c '[.[] | {dev, mode, size}]')"
		case $i in
		0) REGION=$r NS=namespace${r#region}.0 CXL_MEM=$m ;;
		1) KREGION=$r NS_REF=namespace${r#region}.0 KNS=$NS_REF KCXL_MEM=$m ;;
		esac
	done
	export REGION NS CXL_MEM KREGION NS_REF KNS KCXL_MEM
}

# run_case NAME: run one case with a timeout, between markers.
run_case() {
	local name=$1 script=/daxmgr/cases/$1.sh rc tmo
	tmo=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' "$script")
	echo "@@DAXMGR-BEGIN $name $(cut -d' ' -f1 /proc/uptime)"
	timeout -s KILL "${tmo:-$CASE_TIMEOUT}" sh -c ". /daxmgr/lib.sh; . $script"
	rc=$?
	echo "@@DAXMGR-END $name $rc $(cut -d' ' -f1 /proc/uptime)"
	dm_cleanup >/dev/null 2>&1
}

region_start() { cat "$ND/$REGION/resource"; }
region_size() { cat "$ND/$REGION/size"; }

# ns_devdax NS ALIGN MAP: put NS into devdax mode (whatever it was); print
# the name of its dax device.  device_dax binds it, never daxmgr.
ns_devdax() {
	ndctl create-namespace -f -e "$1" -m devdax -a "$2" -M "$3" > /tmp/ns.json ||
		fail "create-namespace -e $1 -m devdax -a $2 -M $3"
	jq -r '.daxregion.devices[0].chardev' /tmp/ns.json
}

# ns_raw NS: back to raw mode (the info block is cleared).
ns_raw() {
	ndctl create-namespace -f -e "$1" -m raw > /dev/null || fail "create-namespace -e $1 -m raw"
}

# dm_driver DEV: the driver DEV is bound to, or nothing
dm_driver() {
	[ -e "$DM_DEVS/$1/driver" ] && basename "$(readlink -f "$DM_DEVS/$1/driver")"
}

# dm_handover DEV: hand a dax device to daxmgr, as daxctl does for kmem
# (unbind from its driver, new_id); bind reports a refused probe.
dm_handover() {
	local drv
	drv=$(dm_driver "$1")
	[ "$drv" = daxmgr ] && return 0
	if [ -n "$drv" ]; then
		echo "$1" > "$DAX_BUS/drivers/$drv/unbind" || return 1
	fi
	echo "$1" > "$DM_DRV/new_id" || return 1
	[ "$(dm_driver "$1")" = daxmgr ] || echo "$1" > "$DM_DRV/bind"
}

# dm_create [ALIGN [MAP]]: make $NS a devdax namespace (default align 2M,
# --map=mem), hand its device to daxmgr and set DEV to its name.
dm_create() {
	local align=${1:-2M} map=${2:-mem}
	DEV=$(ns_devdax "$NS" "$align" "$map")
	expect_eq "$(dm_driver "$DEV")" device_dax "driver of a new devdax device"
	dm_handover "$DEV" || fail "handing $DEV to daxmgr"
	expect_eq "$(dm_driver "$DEV")" daxmgr "driver after hand-over"
	log "created $DEV on $NS: align $align map $map size $(dm_attr "$DEV" size)"
}

dm_attr() { cat "$DM_DEVS/$1/$2"; }
dm_dev() { echo "/dev/$1"; }

dm_unbind() { echo "$1" > "$DM_DRV/unbind"; }
dm_bind() { echo "$1" > "$DM_DRV/bind"; }

# dm_delete DEV: give DEV back to device_dax (safe unbind first).
dm_delete() {
	if [ "$(dm_driver "$1")" = daxmgr ]; then
		dm_unbind "$1" || return 1
	fi
	echo "$1" > "$DM_DRV/remove_id" || return 1
	[ -n "$(dm_driver "$1")" ] || echo "$1" > "$DD_DRV/bind"
}

# dm_devices: the devices bound to daxmgr
dm_devices() {
	local d
	for d in "$DM_DRV"/dax*; do
		[ -e "$d" ] && basename "$d"
	done
}

# Stop leftover holders, give every device back, $NS back to raw.
# Devices are revoked first, so that a vma-policy unbind never waits for a
# mapping some failed case left behind.
dm_cleanup() {
	local d
	killall -KILL daxtest daxrdma daxrace fio daxbench compat_pmem compat_obj 2>/dev/null && sleep 0.2
	for d in $(dm_devices); do
		echo 1 > "$DM_DEVS/$d/revoke" 2>/dev/null
		dm_delete "$d"
	done
	for d in /sys/kernel/config/nullb/*; do
		[ -d "$d" ] && nullb_remove "$(basename "$d")"
	done
	[ -e /sys/module/daxmgr ] && echo 30 > /sys/module/daxmgr/parameters/drain_timeout
	# a case that failed inside a create's autoprobe window
	echo 1 > "$DAX_BUS/drivers_autoprobe"
	rm -f /run/daxmgr/autoprobe-off
	# not ns_raw: cleanup runs in /init's own shell, where fail() would exit
	ndctl create-namespace -f -e "$NS" -m raw > /dev/null
}

# dm_snapshot DEV: every readable attribute, to prove a refused write
# changed nothing.
dm_snapshot() {
	local a
	for a in size align state pin_mode vmas pinned_pages target_node faults_pte faults_pmd faults_pud; do
		printf '%s=%s ' "$a" "$(cat "$DM_DEVS/$1/$a")"
	done
}

dm_count() { dm_devices | wc -l; }

# pin_start TAG DAXTEST-ARGS...: a background daxtest subcommand that pins
# pages and waits (vmsplice, pinmany: "... READY GO" are its last two
# arguments, made here from TAG); returns once it has pinned them, with
# PIN_PID set; its output is in /tmp/pin.TAG.out.  pin_release TAG lets it
# go and waits for it.
pin_start() {
	local tag=$1
	shift
	rm -f "/tmp/pin.$tag.ready" "/tmp/pin.$tag.go"
	daxtest "$@" "/tmp/pin.$tag.ready" "/tmp/pin.$tag.go" > "/tmp/pin.$tag.out" 2>&1 &
	PIN_PID=$!
	for _ in $(seq 300); do
		[ -e "/tmp/pin.$tag.ready" ] && return 0
		kill -0 $PIN_PID 2>/dev/null || fail "daxtest $1: $(cat "/tmp/pin.$tag.out")"
		sleep 0.1
	done
	fail "daxtest $1 never pinned: $(cat "/tmp/pin.$tag.out")"
}

pin_release() {
	touch "/tmp/pin.$1.go"
	wait $PIN_PID
}

# wait_log PATTERN [SECS]: the kernel log gets a line matching PATTERN
wait_log() {
	for _ in $(seq $((${2:-5} * 10))); do
		dmesg | grep -q "$1" && return 0
		sleep 0.1
	done
	fail "the kernel log never said '$1'"
}

# wait_unparked WHEN: no pagemap is parked within 5 s
wait_unparked() {
	for _ in $(seq 50); do
		[ -z "$(dm_parks)" ] && return 0
		sleep 0.1
	done
	expect_eq "$(dm_parks)" "" "parked list after $1"
}

# dm_parks: a "DEV PAGES SECONDS" line per parked pagemap, from its device
# in /sys/class/daxmgr_park (device, pinned_pages, seconds)
dm_parks() {
	local p
	for p in /sys/class/daxmgr_park/park*; do
		[ -e "$p/device" ] || continue
		echo "$(cat "$p/device") $(cat "$p/pinned_pages") $(cat "$p/seconds")"
	done 2>/dev/null
}

# nullb_create NAME SIZE_MB [COMPLETION_NSEC]: a memory-backed null_blk
# disk through configfs (slow completions with a timer when NSEC is given);
# sets NULLB to its /dev path.
nullb_create() {
	local d=/sys/kernel/config/nullb/$1
	[ -d /sys/kernel/config/nullb ] || {
		modprobe configfs
		grep -q " /sys/kernel/config " /proc/mounts || mount -t configfs none /sys/kernel/config
		modprobe null_blk nr_devices=0 || fail "modprobe null_blk"
	}
	mkdir "$d" || fail "mkdir $d"
	echo "$2" > "$d/size"
	echo 1 > "$d/memory_backed"
	echo 4096 > "$d/blocksize"
	if [ -n "${3:-}" ]; then
		echo 2 > "$d/irqmode"
		echo "$3" > "$d/completion_nsec"
	fi
	echo 1 > "$d/power" || fail "power on $1"
	# configfs null_blk disks are named after their directory
	NULLB=/dev/$1
	for _ in $(seq 50); do
		[ -b "$NULLB" ] && return 0
		sleep 0.1
	done
	fail "$NULLB did not appear"
}

nullb_remove() {
	local d=/sys/kernel/config/nullb/$1
	[ -d "$d" ] || return 0
	echo 0 > "$d/power"
	rmdir "$d"
}

# hold_start DEV LEN TAG: a background process mapping LEN bytes of DEV;
# returns once it has faulted them in.  hold_release TAG lets it touch the
# mapping again and exit; its output ("ok" or "sigbus") lands in
# /tmp/hold.TAG.out (see hold_wait).
hold_start() {
	rm -f "/tmp/hold.$3.ready" "/tmp/hold.$3.go" "/tmp/hold.$3.out"
	daxtest hold "/dev/$1" "$2" "/tmp/hold.$3.ready" "/tmp/hold.$3.go" \
		> "/tmp/hold.$3.out" 2>&1 &
	HOLD_PID=$!
	for _ in $(seq 300); do
		[ -e "/tmp/hold.$3.ready" ] && return 0
		kill -0 $HOLD_PID 2>/dev/null || fail "holder $3 died: $(cat /tmp/hold.$3.out)"
		sleep 0.1
	done
	fail "holder $3 never mapped the device"
}

hold_release() {
	touch "/tmp/hold.$1.go"
}

# hold_wait TAG: wait for the holder started last and set HOLD_OUT to
# what it saw ("ok" or "sigbus").
hold_wait() {
	wait "$HOLD_PID"
	HOLD_OUT=$(cat "/tmp/hold.$1.out")
}

uptime_cs() { # uptime in centiseconds
	awk '{ printf "%d\n", $1 * 100 }' /proc/uptime
}

# safe_unbind DEV TIMEOUT: the safe unbind protocol, done by hand with the
# driver's attributes.  quiesce; vma mode: wait up to TIMEOUT seconds for
# the mappings to go, else unquiesce and report busy; io mode: revoke
# (which drains in-flight I/O); then unbind.
safe_unbind() {
	local d=$DM_DEVS/$1 what=vmas
	echo 1 > "$d/quiesce" || return 1
	if [ "$(cat "$d/pin_mode")" = io ]; then
		echo 1 > "$d/revoke" || { echo 1 > "$d/unquiesce"; return 1; }
		what=pinned_pages
	fi
	if ! poll_attr "$1" $what = 0 "$2"; then
		echo "busy: $(cat "$d/$what") $what"
		echo 1 > "$d/unquiesce"
		return 1
	fi
	dm_unbind "$1"
}

# poll_attr DEV ATTR OP VALUE SECS: poll until [ attr OP value ] holds;
# 1 if it did not within SECS.
poll_attr() {
	local n=0
	while ! [ "$(dm_attr "$1" "$2")" "$3" "$4" ]; do
		[ $n -ge $(($5 * 10)) ] && return 1
		n=$((n + 1))
		sleep 0.1
	done
}

# wait_attr DEV ATTR OP VALUE SECS: the same, failing the case on timeout.
wait_attr() {
	poll_attr "$@" || fail "$2 of $1 never became $3 $4 (is $(dm_attr "$1" "$2"))"
}

# kmsg_mark TEXT: a line in the kernel log; dmesg_since TEXT prints the log
# from the last such line on (a case's own lines, not an earlier round's).
kmsg_mark() {
	echo "daxmgr-test: $*" > /dev/kmsg
}
dmesg_since() {
	dmesg | awk -v m="daxmgr-test: $*" 'index($0, m) {buf = ""} {buf = buf $0 "\n"} END {printf "%s", buf}'
}

# rdma_setup: soft-RoCE on the loopback device, once per boot: rxe0 on lo
# (the guest has no NIC, and lo's RoCE v2 GID ::ffff:127.0.0.1 reaches
# nothing outside it), and ib_uverbs for libibverbs.
rdma_setup() {
	[ -e /sys/class/infiniband/rxe0 ] && return 0
	# rxe's ICRC needs the crypto API's crc32, which it only asks for by name
	modprobe crc32_generic || fail "modprobe crc32_generic"
	modprobe rdma_rxe || fail "modprobe rdma_rxe"
	modprobe ib_uverbs || fail "modprobe ib_uverbs"
	ip link set lo up || fail "ip link set lo up"
	rdma link add rxe0 type rxe netdev lo || fail "rdma link add rxe0 type rxe netdev lo"
	for _ in $(seq 50); do
		[ -e /dev/infiniband/uverbs0 ] && break
		sleep 0.1
	done
	[ -e /dev/infiniband/uverbs0 ] || fail "no /dev/infiniband/uverbs0"
	log "rxe0 on lo: $(rdma link show rxe0/1 | tr -s ' ')"
}

# ltpin_start TAG keep|unmap CMD...: a background long-term pin holder
# (daxrdma mr or daxtest uring, called with READY/GO files
# /tmp/ltpin.TAG.{ready,go}, and "unmap" to unmap the range once pinned);
# returns once it is ready.  ltpin_release TAG lets it go on (touch its
# mapping, then deregister); ltpin_wait TAG [SECS] waits at most SECS (60)
# for it to exit and sets LTPIN_OUT to its output.
ltpin_start() {
	local tag=$1 unmap=
	[ "$2" = unmap ] && unmap=unmap
	shift 2
	rm -f "/tmp/ltpin.$tag.ready" "/tmp/ltpin.$tag.go" "/tmp/ltpin.$tag.out"
	"$@" "/tmp/ltpin.$tag.ready" "/tmp/ltpin.$tag.go" $unmap > "/tmp/ltpin.$tag.out" 2>&1 &
	LTPIN_PID=$!
	for _ in $(seq 1200); do
		[ -e "/tmp/ltpin.$tag.ready" ] && return 0
		kill -0 $LTPIN_PID 2>/dev/null || fail "pin holder $tag died: $(cat /tmp/ltpin.$tag.out)"
		sleep 0.1
	done
	fail "pin holder $tag never got ready: $(cat /tmp/ltpin.$tag.out)"
}

ltpin_release() {
	touch "/tmp/ltpin.$1.go"
}

ltpin_wait() {
	local n=0
	while kill -0 $LTPIN_PID 2>/dev/null; do
		[ $n -ge $((${2:-60} * 10)) ] && { LTPIN_OUT=$(cat "/tmp/ltpin.$1.out"); return 1; }
		n=$((n + 1))
		sleep 0.1
	done
	wait $LTPIN_PID
	LTPIN_RC=$?
	LTPIN_OUT=$(cat "/tmp/ltpin.$1.out")
}


# wait_park_ended DEV WHEN: the reaper (a poll a second) ends DEV's park
# within 5 s of the last pin's release, nobody waiting for it.
wait_park_ended() {
	for _ in $(seq 50); do
		dm_parks | grep -q "^$1 " || return 0
		sleep 0.1
	done
	fail "$1 still parked 5 s after $2: $(dm_parks)"
}

# bytes SIZE: 4K, 2M, 1G in bytes (busybox has no numfmt)
bytes() {
	case $1 in
	*K) echo $((${1%K} << 10)) ;;
	*M) echo $((${1%M} << 20)) ;;
	*G) echo $((${1%G} << 30)) ;;
	*) echo "$1" ;;
	esac
}

# pin_scenario NAME POLICY ALIGN LEN keep|unmap rdma|uring SEED: a real
# long-term pin of LEN bytes of a fresh ALIGN device under POLICY, and an
# unbind while it lasts (docs/design.md, "Long-term pins").  rdma: an MR
# over the mapping that an RDMA WRITE fills with pattern SEED (daxrdma);
# uring: an io_uring registered buffer over a mapping filled with SEED.
# With "unmap" the holder unmaps the range once pinned (vmas 0, pages
# pinned).  The unbind must revoke a mapping that is left (SIGBUS for its
# user), wait for the pins for drain_timeout (1 s: the drain's wait and
# its look at the pins are the same at any length), park; binds are refused
# while parked; the holder's deregistration ends the park, nobody waiting;
# the device binds again with SEED's data.
pin_scenario() {
	local name=$1 policy=$2 align=$3 len=$4 unmap=$5 kind=$6 seed=$7
	local units vmas=1 t0 dt k
	dm_create "$align"
	echo "$policy" > "$DM_DEVS/$DEV/pin_mode" || fail "pin_mode $policy"
	units=$(($(bytes "$len") / $(bytes "$align")))
	[ "$unmap" = unmap ] && vmas=0
	if [ "$kind" = rdma ]; then
		# old data, which the RDMA WRITE must replace
		expect_ok daxtest fill "/dev/$DEV" 0 "$len" 3
		ltpin_start "$name" "$unmap" daxrdma mr "/dev/$DEV" "$len" "$seed"
	else
		expect_ok daxtest fill "/dev/$DEV" 0 "$len" "$seed"
		ltpin_start "$name" "$unmap" daxtest uring "/dev/$DEV" "$len" 0
	fi
	sed "s/^/$name: /" "/tmp/ltpin.$name.out"
	expect_eq "$(dm_attr "$DEV" vmas)" $vmas "$name: vmas with the pin held"
	expect_eq "$(dm_attr "$DEV" pinned_pages)" "$units" "$name: pinned_pages with the pin held"

	echo 1 > /sys/module/daxmgr/parameters/drain_timeout
	kmsg_mark "$name: unbind"
	t0=$(uptime_cs)
	dm_unbind "$DEV" || fail "$name: unbind"
	dt=$(($(uptime_cs) - t0))
	log "$name: unbind with a live $kind pin returned after ${dt}0 ms (pin_mode $policy, $units unit(s) pinned, drain_timeout 1 s)"
	[ $dt -ge 90 ] && [ $dt -lt 800 ] || fail "$name: unbind took ${dt}0 ms, want about 1 s"
	k=$(dmesg_since "$name: unbind")
	if [ $vmas = 1 ]; then
		echo "$k" | grep -q "$DEV: revoked 1 mapping(s)" || fail "$name: revoke not logged: $k"
	fi
	echo "$k" | grep -q "$DEV: unbind waits up to 1s for $units pinned page(s)" ||
		fail "$name: drain not logged: $k"
	echo "$k" | grep -q "$DEV: $units page(s) still pinned; pagemap and range parked" ||
		fail "$name: park not logged: $k"
	dm_parks | grep -q "^$DEV $units " || fail "$name: not parked: $(dm_parks)"
	expect_eq "$(dm_driver "$DEV")" "" "$name: driver of the parked device"
	daxtest write $DM_DRV/bind "$DEV" EBUSY || fail "$name: daxmgr bind while parked"
	daxtest write $DD_DRV/bind "$DEV" EBUSY || fail "$name: device_dax bind while parked"

	kmsg_mark "$name: release"
	t0=$(uptime_cs)
	ltpin_release "$name"
	ltpin_wait "$name" 60 || fail "$name: the holder did not end: $LTPIN_OUT"
	[ "$LTPIN_RC" = 0 ] || fail "$name: holder exit $LTPIN_RC: $LTPIN_OUT"
	echo "$LTPIN_OUT" | sed -n "/^unmapped/,\$s/^/$name: /p"
	if [ $vmas = 1 ]; then
		echo "$LTPIN_OUT" | grep -qx sigbus || fail "$name: no SIGBUS after the revoke: $LTPIN_OUT"
	fi
	if [ "$kind" = rdma ]; then
		echo "$LTPIN_OUT" | grep -q "^dereg=0" || fail "$name: ibv_dereg_mr: $LTPIN_OUT"
	else
		echo "$LTPIN_OUT" | grep -qx unregistered || fail "$name: unregister: $LTPIN_OUT"
	fi
	wait_park_ended "$DEV" "the $kind pin ended"
	dt=$(($(uptime_cs) - t0))
	dmesg_since "$name: release" | grep -q "$DEV: last pinned page released" ||
		fail "$name: release of the park not logged"
	log "$name: the park ended ${dt}0 ms after the holder was told to deregister"
	dm_bind "$DEV" || fail "$name: bind after the park ended"
	expect_ok daxtest verify "/dev/$DEV" 0 "$len" "$seed"
	log "$name: bound again, the data is intact"
	dm_delete "$DEV" || fail "$name: give-back"
}

# dm_text FILE: the loaded daxmgr's text symbols into FILE, "ADDRESS NAME"
# with 16 lowercase hex digits, sorted, and a page past the last one (more
# than any function of ours) as its end: "ADDRESS (end)".
dm_text() {
	local last
	echo 0 > /proc/sys/kernel/kptr_restrict
	awk '$4 == "[daxmgr]" && ($2 == "t" || $2 == "T") {print $1, $3}' /proc/kallsyms |
		sort > "$1"
	last=$(tail -1 "$1" | cut -d' ' -f1)
	[ -n "$last" ] || fail "no daxmgr text in /proc/kallsyms"
	printf '%016x (end)\n' $((0x$last + 4096)) >> "$1"
}

# leak_scan WHAT [SYMS]: kmemleak's verdict on what happened since the
# last leak_scan (debug kernel).  A leak is reported once it is 5 s old
# and its content held still between two scans: wait, scan twice.  Fails
# on a report whose backtrace names daxmgr or, given SYMS (dm_text's file
# of an unloaded daxmgr), has a bare address in that text, which it names; the rest (the kernel's own boot-time
# reports) is counted and left alone.  The reports are cleared, so the
# next scan judges only what is new.
leak_scan() {
	local what=$1 syms=${2:-/dev/null} k=/sys/kernel/debug/kmemleak all ours t0
	[ -e $k ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	[ -e $k ] || fail "no $k: a kernel without DEBUG_KMEMLEAK"
	t0=$(uptime_cs)
	sleep 5
	echo scan > $k && echo scan > $k || fail "kmemleak scan"
	cat $k > /tmp/leaks
	echo clear > $k
	all=$(grep -c '^unreferenced object' /tmp/leaks)
	# 16 lowercase hex digits compare as strings
	awk -v syms="$syms" '
	BEGIN {
		while ((getline line < syms) > 0) {
			split(line, f, " ")
			addr[++n] = f[1]
			name[n] = f[2]
		}
	}
	function ours(a,   i) {
		if (n < 2 || a < addr[1] || a >= addr[n])
			return ""
		for (i = n - 1; addr[i] > a; i--)
			;
		return name[i]
	}
	function flush() {
		if (rec != "" && mine)
			printf "%s", rec
		rec = ""
		mine = 0
	}
	/^unreferenced object/ { flush() }
	/\[daxmgr\]|daxmgr_/ { mine = 1 }
	n && /^ +0x[0-9a-f]+$/ {
		a = $1
		sub(/^0x/, "", a)
		if (length(a) == 16 && (s = ours(a)) != "") {
			mine = 1
			$0 = $0 " (" s ", daxmgr, unloaded)"
		}
	}
	{ rec = rec $0 "\n" }
	END { flush() }' /tmp/leaks > /tmp/leaks.ours
	ours=$(grep -c '^unreferenced object' /tmp/leaks.ours)
	log "kmemleak after $what: $all report(s), $ours of daxmgr's ($(($(uptime_cs) - t0))0 ms)"
	if [ "$ours" != 0 ]; then
		cat /tmp/leaks.ours
		fail "kmemleak: $ours object(s) daxmgr allocated leaked ($what)"
	fi
}
