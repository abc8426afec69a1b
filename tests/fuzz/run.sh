#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Fuzz the CLI's argument parsers with libFuzzer (ASan+UBSan) for a bounded
# time.  Usage: run.sh SECONDS.  Result in build/results/fuzz.tsv.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-10}
out=$top/build/results
bin=$top/build/fuzz/fuzz_parsers
mkdir -p "$out" "$top/build/fuzz/corpus"
cp "$top"/tests/fuzz/corpus/* "$top/build/fuzz/corpus/"
if "$bin" -max_total_time="$secs" -max_len=255 -print_final_stats=1 \
	"$top/build/fuzz/corpus" > "$top/build/fuzz/log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$top/build/fuzz/log")
	printf 'fuzz/parsers\tpass\t\n' > "$out/fuzz.tsv"
	echo "fuzz: parsers survived ${runs:-?} inputs in ${secs}s"
else
	printf 'fuzz/parsers\tfail\tsee build/fuzz/log\n' > "$out/fuzz.tsv"
	tail -30 "$top/build/fuzz/log"
	echo "not ok fuzz/parsers"
	exit 1
fi
