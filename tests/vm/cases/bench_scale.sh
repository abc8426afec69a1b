# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 3000
# `make bench-scale`, guest side: the control path of daxmgr and of the
# kernel's device_dax on one NVDIMM (its size is the guest's), in turns on
# the same namespace, for each alignment (SCALE_ALIGNS) and --map
# (SCALE_MAPS), SCALE_REPS times each in alternating order.  Every result
# is a "SCALE size_bytes align map driver metric value" line; "touched"
# (bytes) is how much of the device the touched rows had faulted in,
# "devsize" the dax device's size.
#
#   create      daxmgr create  | ndctl create-namespace -m devdax   (ms, CLI)
#   dram        MemFree taken by the bound device, from the raw namespace
#               (MiB; the memmap with --map mem, and whatever else binding
#               takes; the vmemmap blocks an unbind leaves are reused, so
#               it can read up to ~8 MiB under the memmap's size)
#   list        daxmgr list    | daxctl list                         (ms, CLI)
#   attr.idle   read pinned_pages | device_dax's "size" attribute     (us)
#   attr.touched  the same after the touch below                     (us)
#   fault       the first fault of a fresh mapping                   (us)
#   unbind.idle write(2) of the driver's unbind attribute            (ms)
#   bind        write(2) of the driver's bind attribute              (ms)
#   unbind.cli  daxmgr unbind  | daxctl disable-device               (ms, CLI)
#   bind.cli    daxmgr bind    | daxctl enable-device                (ms, CLI)
#   unbind.touched  sysfs unbind after faulting in the touched span  (ms)
#   unbind.pin1 daxmgr io policy: unbind with one O_DIRECT read in
#               flight (1 s completions), minus the read's own remaining
#               time (ms); device_dax does not wait for pins at all
#   destroy     daxmgr destroy --raw | ndctl create-namespace -m raw (ms, CLI)
#   pins.poll   4K, io policy, every touched unit pinned (vmsplice into
#               pipes nobody reads): what one look of the unbind's drain
#               costs while the pins stay (ns, the driver's log); daxmgr only
#   pins.count  the same drain's count of all the pinned units (us)
#   pins.reap   one look of the park's reaper over the same pins (ns)
REPS=${SCALE_REPS:-3}
ALIGNS=${SCALE_ALIGNS:-4K 2M}
MAPS=${SCALE_MAPS:-mem dev}
# At 4K every touched unit is a host page of the backing file: touch at
# most SCALE_TOUCH_4K there (the rows stay "linear in touched").  At 2M
# one store per unit touches the whole device for 4 KiB of host memory.
TOUCH_4K=${SCALE_TOUCH_4K:-2G}
SIZE=$(region_size)
SIZE=$((SIZE))
NSNAME=$NS

emit() { echo "SCALE $SIZE $1 $2 $3 $4 $5"; }
ms_of() { sed -n 's/^ms=//p' "$1"; }
bytes() { # 2G -> bytes
	local n=${1%[KkMmGg]}
	case $1 in
	*[Kk]) echo $((n << 10)) ;; *[Mm]) echo $((n << 20)) ;; *[Gg]) echo $((n << 30)) ;;
	*) echo "$1" ;;
	esac
}
memfree_kib() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^MemFree:/ {print $2}' /proc/meminfo
}

# Every timed command and sysfs write starts just after a timer tick with
# RCU quiet (daxbench --tick): binds and unbinds wait for normal RCU grace
# periods in the kernel's memremap/memunmap_pages(), which end on ticks, so
# their length otherwise depends on the tick phase at the start (see
# bench/README.md, unbind.idle.ms).  The same start state for both drivers.

# timed CLI command: T METRIC CMD... (emits, fails the case if CMD does)
timed() {
	local metric=$1
	shift
	daxbench run --tick /tmp/scale.cmd.out "$@" > /tmp/scale.t 2> /tmp/scale.err ||
		fail "$*: $(cat /tmp/scale.err /tmp/scale.cmd.out)"
	emit "$A" "$M" "$DRV" "$metric" "$(ms_of /tmp/scale.t)"
}
# timed sysfs write: TW METRIC FILE STRING
timed_write() {
	daxbench write --tick "$2" "$3" > /tmp/scale.t 2> /tmp/scale.err || fail "write $3 > $2: $(cat /tmp/scale.err)"
	emit "$A" "$M" "$DRV" "$1" "$(ms_of /tmp/scale.t)"
}
timed_read() { # METRIC FILE [EXPECT]
	daxbench read "$2" > /tmp/scale.t || fail "read $2"
	[ -z "${3:-}" ] || expect_eq "$(sed -n 's/^value=//p' /tmp/scale.t)" "$3" "$2"
	emit "$A" "$M" "$DRV" "$1" "$(sed -n 's/^us=//p' /tmp/scale.t)"
}

ns_to_raw() {
	ndctl create-namespace -f -e "$NSNAME" -m raw > /dev/null 2>&1 || true
}

# set_touch DEV: TOUCH, the span the "touched" rows fault in: the whole
# device at 2M and above, at most SCALE_TOUCH_4K at 4K
set_touch() {
	local dsize
	dsize=$(cat "$DM_DEVS/$1/size")
	TOUCH=$dsize
	if [ "$A" = 4K ] && [ "$TOUCH" -gt "$(bytes "$TOUCH_4K")" ]; then
		TOUCH=$(bytes "$TOUCH_4K")
	fi
	emit "$A" "$M" "$DRV" touched "$TOUCH"
	emit "$A" "$M" "$DRV" devsize "$dsize"
}

# one_device_dax / one_daxmgr: the whole life of one device, measured
one_device_dax() {
	local dev drvdir=$DD_DRV free0
	ns_to_raw
	free0=$(memfree_kib)
	timed create ndctl create-namespace -f -e "$NSNAME" -m devdax -M "$M" -a "$A"
	NSNAME=$(jq -r .dev /tmp/scale.cmd.out)
	dev=$(jq -r '.daxregion.devices[0].chardev' /tmp/scale.cmd.out)
	expect_eq "$(dm_driver "$dev")" device_dax "driver after create"
	emit "$A" "$M" "$DRV" dram $(((free0 - $(memfree_kib)) / 1024))
	set_touch "$dev"
	timed list daxctl list
	timed_read attr.idle "$DM_DEVS/$dev/size"
	daxbench fault "/dev/$dev" > /tmp/scale.t || fail "first fault"
	emit "$A" "$M" "$DRV" fault "$(sed -n 's/^fault_us=//p' /tmp/scale.t)"
	timed_write unbind.idle "$drvdir/unbind" "$dev"
	timed_write bind "$drvdir/bind" "$dev"
	timed unbind.cli daxctl disable-device "$dev"
	timed bind.cli daxctl enable-device "$dev"
	expect_eq "$(dm_driver "$dev")" device_dax "driver after enable-device"
	daxbench touch "/dev/$dev" "$TOUCH" "$STRIDE" > /dev/null || fail "touch"
	timed_read attr.touched "$DM_DEVS/$dev/size"
	timed_write unbind.touched "$drvdir/unbind" "$dev"
	echo "$dev" > "$drvdir/bind" || fail "bind after the touched unbind"
	timed destroy ndctl create-namespace -f -e "$NSNAME" -m raw
}

one_daxmgr() {
	local dev drvdir=$DM_DRV free0
	ns_to_raw
	free0=$(memfree_kib)
	timed create daxmgr create --namespace "$NSNAME" --align "$A" --map "$M"
	dev=$(jq -r '[(if type == "array" then .[] else . end) | .chardev][0]' /tmp/scale.cmd.out)
	expect_eq "$(dm_driver "$dev")" daxmgr "driver after create"
	emit "$A" "$M" "$DRV" dram $(((free0 - $(memfree_kib)) / 1024))
	set_touch "$dev"
	timed list daxmgr list
	timed_read attr.idle "$DM_DEVS/$dev/pinned_pages" 0
	daxbench fault "/dev/$dev" > /tmp/scale.t || fail "first fault"
	emit "$A" "$M" "$DRV" fault "$(sed -n 's/^fault_us=//p' /tmp/scale.t)"
	timed_write unbind.idle "$drvdir/unbind" "$dev"
	timed_write bind "$drvdir/bind" "$dev"
	timed unbind.cli daxmgr unbind "$dev"
	timed bind.cli daxmgr bind "$dev"
	expect_eq "$(dm_driver "$dev")" daxmgr "driver after daxmgr bind"
	daxbench touch "/dev/$dev" "$TOUCH" "$STRIDE" > /dev/null || fail "touch"
	timed_read attr.touched "$DM_DEVS/$dev/pinned_pages" 0
	timed_write unbind.touched "$drvdir/unbind" "$dev"
	echo "$dev" > "$drvdir/bind" || fail "bind after the touched unbind"
	if [ -n "$NULLB" ]; then
		echo io > "$DM_DEVS/$dev/pin_mode" || fail "pin_mode io"
		daxbench unbind "/dev/$dev" "$NULLB" 1 1000 > /tmp/scale.t || fail "unbind with a pin"
		emit "$A" "$M" "$DRV" unbind.pin1 "$(sed -n 's/^overhead_ms=//p' /tmp/scale.t)"
		echo "$dev" > "$drvdir/bind" || fail "bind after the pinned unbind"
	fi
	if [ "$A" = 4K ] && [ "${SCALE_PINS:-1}" = 1 ]; then
		pin_rows "$dev"
	fi
	timed destroy daxmgr destroy "$dev" --force --raw
}

# avg_of LINE WHAT: the "N WHAT(s) of X ns" average of a drain/park log line
avg_of() {
	echo "$1" | sed -n "s/.* [0-9]* $2(s) of \([0-9]*\) ns.*/\1/p"
}

# pin_rows DEV: every touched unit of the bound device pinned at once; a
# drain of 2 s, a park of 3 s, then the pins go.  The driver logs what
# its looks cost.
pin_rows() {
	local dev=$1 units=$((TOUCH / 4096)) line
	echo io > "$DM_DEVS/$dev/pin_mode" || fail "pin_mode io"
	rm -f /tmp/pm.ready /tmp/pm.go
	daxtest pinmany "/dev/$dev" "$units" /tmp/pm.ready /tmp/pm.go > /tmp/pm.out 2>&1 &
	local ppid=$!
	while [ ! -e /tmp/pm.ready ]; do
		kill -0 $ppid 2>/dev/null || fail "pinmany: $(cat /tmp/pm.out)"
		sleep 0.1
	done
	echo 2 > /sys/module/daxmgr/parameters/drain_timeout
	echo "$dev" > "$DM_DRV/unbind" || fail "unbind with $units pins"
	sleep 3
	touch /tmp/pm.go
	wait $ppid
	while [ -n "$(dm_parks)" ]; do sleep 0.5; done
	echo 30 > /sys/module/daxmgr/parameters/drain_timeout
	line=$(dmesg | grep "$dev: unbind's wait for pinned pages: " | tail -1)
	emit "$A" "$M" "$DRV" pins.poll "$(avg_of "$line" poll)"
	emit "$A" "$M" "$DRV" pins.count "$(($(avg_of "$line" count) / 1000))"
	line=$(dmesg | grep "$dev: park: " | tail -1)
	emit "$A" "$M" "$DRV" pins.reap "$(avg_of "$line" poll)"
	echo "$dev" > "$DM_DRV/bind" || fail "bind after the pins"
}

log "NVDIMM of $SIZE bytes; aligns $ALIGNS; maps $MAPS; $REPS runs each"
NULLB=
if [ "${SCALE_PIN:-1}" = 1 ]; then
	nullb_create scaleslow 64 1000000000
fi
for A in $ALIGNS; do
	STRIDE=$(bytes "$A")
	for M in $MAPS; do
		log "align $A map $M: one store per $STRIDE"
		# An unbind leaves the vmemmap blocks at the ends of the range
		# mapped, and the next bind reuses them: one untimed cycle
		# first, so that every measured "dram" starts from that state.
		ndctl create-namespace -f -e "$NSNAME" -m devdax -M "$M" -a "$A" > /dev/null ||
			fail "warm-up devdax namespace"
		ns_to_raw
		for r in $(seq "$REPS"); do
			if [ $((r % 2)) = 1 ]; then
				DRV=device_dax one_device_dax
				DRV=daxmgr one_daxmgr
			else
				DRV=daxmgr one_daxmgr
				DRV=device_dax one_device_dax
			fi
		done
	done
done
ns_to_raw
log "done"
