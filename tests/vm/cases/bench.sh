# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 3000
# `make bench`, guest side.  Kernel device_dax and daxmgr on two emulated
# NVDIMMs of one size, measured in turns in this one boot.  Both devices
# are of one kind: a devdax namespace with the same align and --map
# (BENCH_MAP, default dev: struct pages in pmem, ndctl's default), served
# by device_dax on one and handed to daxmgr on the other.  Every
# measurement runs in both placements (device_dax on the first NVDIMM and
# daxmgr on the second, then swapped) so that a difference between the
# two backing files cannot pass for a difference between the drivers.
# Every result is a "BENCH metric device value" line.
REPS=${BENCH_REPS:-2}		# per placement
RUNTIME=${BENCH_RUNTIME:-2}
MAP=${BENCH_MAP:-dev}
# What to run; the smoke run of `make check` (suites/bench-smoke) and the
# deterministic mode (one vCPU: no j2) run less.
PLACEMENTS=${BENCH_PLACEMENTS:-0 1}
FIO_BS=${BENCH_FIO_BS:-2m 4k}
FIO_JOBS=${BENCH_FIO_JOBS:-1 2}
TOUCH_ALIGNS=${BENCH_TOUCH_ALIGNS:-4K 2M 1G}
TOUCH_LEN=${BENCH_TOUCH_LEN:-1G}
ODIRECT_MODES=${BENCH_ODIRECT_MODES:-vma io}
UNBIND_IO=${BENCH_UNBIND_IO:-0 1 64}
emit() { echo "BENCH $1 $2 $3"; }

# first chardev in a create/list JSON (an object or an array of them)
chardev_of() { jq -r '[(if type == "array" then .[] else . end) | .chardev][0] // empty' "$1"; }

# ours_teardown: every device daxmgr has goes back to device_dax and its
# namespace to raw
ours_teardown() {
	local d
	daxmgr list > /tmp/ours.list 2>/dev/null || return 0
	for d in $(jq -r '.[].chardev' /tmp/ours.list); do
		daxmgr destroy "$d" --force --raw > /dev/null 2>&1 || fail "daxmgr destroy $d"
	done
}

# place N: device_dax on namespace N.0, daxmgr on the other
place() {
	ours_teardown
	KNS=namespace$1.0
	ONS=namespace$((1 - $1)).0
	log "placement $1: device_dax on $KNS, daxmgr on $ONS, map $MAP"
}

kdax_setup() { # ALIGN -> KDAX=/dev/daxX.Y
	ndctl create-namespace -f -e $KNS -m devdax -M "$MAP" -a "$1" > /tmp/ns.json ||
		fail "device_dax namespace at $1"
	KNS=$(jq -r .dev /tmp/ns.json)
	KDAX=/dev/$(jq -r .daxregion.devices[0].chardev /tmp/ns.json)
	[ -c "$KDAX" ] || fail "no $KDAX"
}

ours_setup() { # ALIGN [PIN_MODE] -> OURS=/dev/daxX.Y (bound to daxmgr)
	ours_teardown
	# the namespace may carry device_dax's devdax info block from the
	# other placement: this benchmark means to overwrite it (--force)
	daxmgr create --namespace $ONS --align "$1" --map "$MAP" --pin-mode "${2:-vma}" \
		--force > /tmp/ours.json || fail "daxmgr create at $1"
	OURS=/dev/$(chardev_of /tmp/ours.json)
	[ -c "$OURS" ] || fail "no $OURS"
	[ "$(basename "$(readlink "/sys/bus/dax/devices/${OURS#/dev/}/driver")")" = daxmgr ] ||
		fail "$OURS is not bound to daxmgr"
}

# pair R METRIC CMD...: run CMD (with @DEV@ for the device) on device-dax
# and on daxmgr, in an order that alternates with R so that neither
# always runs second
pair() {
	local r=$1 metric=$2 ours="${OURS_LABEL:-daxmgr} $OURS" first second d
	shift 2
	if [ $((r % 2)) = 1 ]; then first="device-dax $KDAX"; second=$ours
	else first=$ours; second="device-dax $KDAX"; fi
	for d in "$first" "$second"; do
		emit "$metric" "${d% *}" "$(eval "$(echo "$*" | sed "s|@DEV@|${d#* }|g")")"
	done
}

# unbind_ms /dev/daxX.Y: one timed write of its name to its driver's
# unbind, started just after a timer tick with RCU quiet (daxbench write
# --tick): the unbind waits for three normal RCU grace periods in the
# kernel's memunmap_pages(), and each ends on a tick
unbind_ms() {
	local d=${1#/dev/}
	daxbench write --tick "$DAX_BUS/drivers/$(dm_driver "$d")/unbind" "$d" | sed -n 's/^ms=//p'
}

fio_bw() { # DEV RW BS JOBS -> MiB/s
	fio --name=b --ioengine=dev-dax --filename="$1" --rw="$2" --bs="$3" --size=512m \
		--numjobs="$4" --time_based --runtime=$RUNTIME --group_reporting \
		--output-format=json > /tmp/fio.json 2> /tmp/fio.err || fail "fio $*: $(cat /tmp/fio.err)"
	jq ".jobs[0].$2.bw_bytes / 1048576" /tmp/fio.json
}

log "memcpy ceiling"
for r in $(seq $((REPS * 2))); do
	daxbench copy 512M $RUNTIME > /tmp/copy.out || fail "copy"
	emit fio.read.bs2m.j1 limit "$(sed -n 's/read_MiBps=//p' /tmp/copy.out)"
	emit fio.write.bs2m.j1 limit "$(sed -n 's/write_MiBps=//p' /tmp/copy.out)"
done

log "mode ${BENCH_MODE:-wall}: $(nproc) cpu(s), $REPS run(s) per placement, map $MAP"
echo "BENCHINFO mode ${BENCH_MODE:-wall}"
echo "BENCHINFO cpus $(nproc)"
echo "BENCHINFO kernel $(uname -r)"
for p in $PLACEMENTS; do
	place $p
	log "fio dev-dax at 2M"
	kdax_setup 2M
	ours_setup 2M
	# touch both devices' backing memory once before anything is timed
	fio_bw $KDAX write 2m 1 > /dev/null
	fio_bw $OURS write 2m 1 > /dev/null
	for bs in $FIO_BS; do
		for jobs in $FIO_JOBS; do
			for rw in read write; do
				for r in $(seq $REPS); do
					pair $r fio.$rw.bs$bs.j$jobs fio_bw @DEV@ $rw $bs $jobs
				done
			done
		done
	done

	log "fault-in of $TOUCH_LEN"
	for align in $TOUCH_ALIGNS; do
		kdax_setup $align
		ours_setup $align
		# the host backs a page of an emulated NVDIMM on first touch;
		# do that untimed, so only the guest's faults are measured
		daxbench touch $KDAX $TOUCH_LEN > /dev/null
		daxbench touch $OURS $TOUCH_LEN > /dev/null
		for r in $(seq $REPS); do
			pair $r touch.$align "daxbench touch @DEV@ $TOUCH_LEN | sed -n 's/touch_ms=//p'"
		done
		# 4K: daxmgr's fault-around window at its default (64 KiB,
		# above), at none, and at its largest (a PMD's worth: what is
		# left is the cost of one PTE insert, the bound on the ratio)
		if [ "$align" = 4K ]; then
			fa=$DM_DEVS/${OURS#/dev/}/fault_around_bytes
			for w in 0:fa0 2097152:fa2M; do
				echo "${w%:*}" > "$fa" || fail "fault_around_bytes ${w%:*}"
				for r in $(seq $REPS); do
					OURS_LABEL=daxmgr-${w#*:} pair $r touch.$align \
						"daxbench touch @DEV@ $TOUCH_LEN | sed -n 's/touch_ms=//p'"
				done
			done
			echo 65536 > "$fa"
		fi
	done

	log "O_DIRECT 4K reads into the mapping"
	[ -n "${FAST:-}" ] || { nullb_create benchfast 1024; FAST=$NULLB; }
	kdax_setup 2M
	for mode in $ODIRECT_MODES; do
		ours_setup 2M $mode
		daxbench odirect $OURS $FAST 1 > /dev/null	# warm-up, as above
		daxbench odirect $KDAX $FAST 1 > /dev/null
		for r in $(seq $REPS); do
			OURS_LABEL=daxmgr-$mode pair $r odirect.4k \
				"daxbench odirect @DEV@ $FAST $RUNTIME | sed -n 's/iops=//p'"
		done
	done

	log "idle unbind after a 64 MiB touch (one write(2) to the driver's unbind)"
	for r in $(seq $REPS); do
		kdax_setup 2M
		ours_setup 2M
		daxbench touch $KDAX 64M > /dev/null
		daxbench touch $OURS 64M > /dev/null
		# settle first: the setups leave deferred work (kworkers, RCU
		# callbacks) that would otherwise run inside the timed unbind;
		# under -icount,sleep=off the idle second costs no host time.
		# What daxbench's own start leaves, --tick settles.
		pair $r unbind.idle.ms "sleep 1; unbind_ms @DEV@"
		daxmgr destroy "${OURS#/dev/}" --force --raw > /dev/null || fail "destroy after the idle unbind"
	done
done

log "io-mode unbind with O_DIRECT in flight (1 s completions)"
nullb_create benchslow 64 1000000000
for n in $UNBIND_IO; do
	for r in $(seq $((REPS * 2))); do
		ours_setup 2M io
		daxbench unbind $OURS $NULLB $n 1000 > /tmp/unbind.out || fail "unbind with $n in flight"
		# daxbench left it unbound: give it back (ours_setup finds only bound ones)
		daxmgr destroy "${OURS#/dev/}" --force --raw > /dev/null || fail "destroy after unbind"
		emit unbind.io$n.total_ms daxmgr "$(sed -n 's/unbind_ms=//p' /tmp/unbind.out)"
		emit unbind.io$n.overhead_ms daxmgr "$(sed -n 's/overhead_ms=//p' /tmp/unbind.out)"
	done
done
log "done"
