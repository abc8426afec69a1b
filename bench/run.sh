#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: one QEMU boot with two equal emulated NVDIMMs, kernel
# device_dax on one and daxmgr on the other (both devdax namespaces with
# the same align and --map: BENCH_MAP, default dev) and then swapped, every
# measurement repeated (BENCH_REPS per placement, default 2, so 4 runs)
# and reported as medians with ratios.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
series=${1:-6.1}
mkdir -p "$top/bench/results"
"$top/tests/vm/run.sh" --kver "$series" --suite bench --name bench-$series \
	--nvdimms 2 --nvdimm-size 4G --timeout 3600 \
	--env BENCH_REPS="${BENCH_REPS:-2}" --env BENCH_RUNTIME="${BENCH_RUNTIME:-2}" \
	--env BENCH_MAP="${BENCH_MAP:-dev}"
log=$top/build/vm/bench-$series/cases/bench.log
cp "$log" "$top/bench/results/latest.log"
python3 "$top/bench/report.py" "$log" "$top/bench/results/latest.json" \
	"$top/bench/results/latest.md"
