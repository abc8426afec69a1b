#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# `make bench-scale`: the control path of daxmgr and of the kernel's
# device_dax against the size of the device.  One QEMU boot per NVDIMM
# size (SCALE_SIZES, default 1G 4G 16G 32G; sparse backing files), each
# running tests/vm/cases/bench_scale.sh; then bench/scale_report.py writes
# bench/results/scale.{json,md} and the plots scale-4K.png, scale-2M.png.
#
# Environment: SCALE_SIZES, SCALE_REPS (runs per size, align, map and
# driver; default 3), SCALE_ALIGNS ("4K 2M"), SCALE_MAPS ("mem dev"),
# SCALE_TOUCH_4K (how much the touched rows fault in at 4K, default 2G),
# SCALE_OUT (default bench/results), SCALE_NAME (build/vm/ prefix),
# VM_LOCK (a file to flock around each boot, for a shared host),
# SCALE_MODE: icount (the default: one vCPU under QEMU's instruction
# counting, as `make bench`'s deterministic mode: the times count guest
# instructions; writes scale.*) or wall (two vCPUs, the host's clock;
# writes scale-wall.*).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
series=${1:-6.1}
sizes=${SCALE_SIZES:-1G 4G 16G 32G}
out=${SCALE_OUT:-$top/bench/results}
name=${SCALE_NAME:-bench-scale}
touch4k=${SCALE_TOUCH_4K:-2G}
mode=${SCALE_MODE:-icount}
prefix=scale
vmargs=()
case $mode in
wall)
	name=$name-wall prefix=scale-wall ;;
icount)
	export DAXMGR_ACCEL="-accel tcg,thread=single -cpu max -icount ${BENCH_ICOUNT:-shift=0,sleep=off}"
	vmargs=(--smp 1) ;;
*)
	echo "bench-scale: SCALE_MODE is wall or icount, not '$mode'" >&2
	exit 2 ;;
esac
mkdir -p "$out"

logs=()
rc=0
for s in $sizes; do
	gib=$(($(numfmt --from=iec "$s") >> 30))
	# the guest's RAM holds a 4K --map mem memmap: 16 MiB per GiB, twice
	# over for the other allocations of a guest of that size
	mem=$((1024 + gib * 32))
	[ "$mem" -ge 2048 ] || mem=2048
	# the backing file fills as the guest touches it: one store per 2 MiB
	# can fill it all (a 6.18 host's ext4 backs a store with a large
	# folio: 33 GiB on disk after the 32G run)
	need=$((gib * 1024 + 1024))
	avail=$(df -m --output=avail "$top/build" 2>/dev/null | tail -1 || df -m --output=avail "$top" | tail -1)
	if [ "$avail" -lt "$need" ]; then
		echo "bench-scale: $s needs ~${need} MiB free for its backing file, $avail MiB left: skipped" >&2
		rc=1
		continue
	fi
	# a run that fails still leaves the lines it wrote for the report
	${VM_LOCK:+flock "$VM_LOCK"} "$top/tests/vm/run.sh" --kver "$series" --suite bench-scale \
		--name "$name-$s" --nvdimms 1 --nvdimm-size "$s" --mem "${mem}M" "${vmargs[@]}" \
		--timeout "${SCALE_TIMEOUT:-3600}" \
		--env SCALE_REPS="${SCALE_REPS:-3}" --env SCALE_ALIGNS="${SCALE_ALIGNS:-4K 2M}" \
		--env SCALE_MAPS="${SCALE_MAPS:-mem dev}" --env SCALE_TOUCH_4K="$touch4k" || rc=1
	logs+=("$top/build/vm/$name-$s/cases/bench_scale.log")
done
[ ${#logs[@]} -gt 0 ] || exit 1
cat "${logs[@]}" > "$out/$prefix.log"
python3 "$top/bench/scale_report.py" "$out/$prefix.log" "$out/$prefix" "$mode" || rc=1
exit $rc
