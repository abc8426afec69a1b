#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# `make check`'s proof that `make bench` and `make bench-scale` work: one
# boot (two 1 GiB NVDIMMs) runs both guest cases cut down to a single
# short run of a few rows each, then both reports are written to
# build/bench-smoke/.  These are no timing assertions: a row passes by
# being there.  Results: build/results/vm-bench-smoke.tsv (the guest
# cases, from run.sh) and build/results/bench-smoke.tsv (the reports).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
series=${1:-6.1}
out=$top/build/bench-smoke
rm -rf "$out"
mkdir -p "$out" "$top/build/results"
${VM_LOCK:+flock "$VM_LOCK"} "$top/tests/vm/run.sh" --kver "$series" --suite bench-smoke \
	--name bench-smoke --nvdimms 2 --nvdimm-size 1G --timeout 600 \
	--env BENCH_REPS=1 --env BENCH_RUNTIME=1 --env BENCH_PLACEMENTS=0 \
	--env BENCH_FIO_BS=2m --env BENCH_FIO_JOBS=1 --env BENCH_TOUCH_ALIGNS=2M \
	--env BENCH_TOUCH_LEN=64M --env BENCH_ODIRECT_MODES=io --env BENCH_UNBIND_IO=1 \
	--env SCALE_REPS=1 --env SCALE_ALIGNS=2M --env SCALE_MAPS=dev
rc=$?
tsv=$top/build/results/bench-smoke.tsv
: > "$tsv"
cases=$top/build/vm/bench-smoke/cases
# report NAME CMD...: the report must be written and hold its key rows
report() {
	local what=$1
	shift
	if "$@" > "$out/$what.out" 2>&1; then
		printf 'bench-smoke/%s\tpass\t\n' "$what" >> "$tsv"
		echo "  PASS  bench-smoke/$what"
	else
		printf 'bench-smoke/%s\tfail\t%s\n' "$what" "$(tail -1 "$out/$what.out")" >> "$tsv"
		echo "  FAIL  bench-smoke/$what (log: ${out#"$top"/}/$what.out)"
		rc=1
	fi
}
report bench-report sh -c "python3 '$top/bench/report.py' '$cases/bench.log' '$out/bench.json' '$out/bench.md' &&
	grep -q '^| touch.2M | ms | daxmgr |' '$out/bench.md' &&
	grep -q '^| odirect.4k | IOPS | daxmgr-io |' '$out/bench.md'"
report scale-report sh -c "python3 '$top/bench/scale_report.py' '$cases/bench_scale.log' '$out/scale' &&
	grep -q '^| unbind, touched (sysfs write) | ms | 2M | dev |' '$out/scale.md' &&
	grep -q '^| 2M | dev | ' '$out/scale.md'"
exit $rc
