#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# `make bench`: one QEMU boot with two equal emulated NVDIMMs, kernel
# device_dax on one and daxmgr on the other (both devdax namespaces with
# the same align and --map: BENCH_MAP, default dev) and then swapped, every
# measurement repeated and reported as medians, spreads and ratios.
#
# BENCH_MODE (see bench/README.md):
#   icount  (default) one vCPU, single-threaded TCG under QEMU's instruction
#           counting (-icount BENCH_ICOUNT, default shift=0,sleep=off): the
#           guest's clock advances with the instructions it executes, so
#           its timings repeat to within a few per mille; 3 runs per
#           placement (6 in all) of 1 s (guest time) each; no 2-job fio
#           rows (one vCPU).
#           Writes results/latest.{json,md,log}.
#   wall    two vCPUs, multi-threaded TCG, the guest's clock is the host's:
#           what a user of this host would see, noise included; 2 runs per
#           placement.  Writes results/wall.{json,md,log}.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
series=${1:-6.1}
mode=${BENCH_MODE:-icount}
mkdir -p "$top/bench/results"
args=()
case $mode in
icount)
	export DAXMGR_ACCEL="-accel tcg,thread=single -cpu max -icount ${BENCH_ICOUNT:-shift=0,sleep=off}"
	args=(--smp 1 --env BENCH_FIO_JOBS=1)
	reps=${BENCH_REPS:-3} runtime=${BENCH_RUNTIME:-1} out=latest ;;
wall)
	reps=${BENCH_REPS:-2} runtime=${BENCH_RUNTIME:-2} out=wall ;;
*)
	echo "bench: BENCH_MODE is icount or wall, not '$mode'" >&2
	exit 2 ;;
esac
name=bench-$series-$mode
# VM_LOCK: a file to flock around the boot, on a host that others share
${VM_LOCK:+flock "$VM_LOCK"} "$top/tests/vm/run.sh" --kver "$series" --suite bench --name "$name" \
	--nvdimms 2 --nvdimm-size 4G --timeout "${BENCH_TIMEOUT:-5400}" "${args[@]}" \
	--env BENCH_MODE="$mode" --env BENCH_REPS="$reps" \
	--env BENCH_RUNTIME="$runtime" --env BENCH_MAP="${BENCH_MAP:-dev}"
log=$top/build/vm/$name/cases/bench.log
cp "$log" "$top/bench/results/$out.log"
python3 "$top/bench/report.py" "$log" "$top/bench/results/$out.json" \
	"$top/bench/results/$out.md"
