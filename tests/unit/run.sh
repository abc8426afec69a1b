#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Host unit tests.  Each tests/unit/test-*.sh prints "ok NAME" or
# "not ok NAME: why" lines; results go to build/results/unit.tsv.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/build/results
mkdir -p "$out"
: > "$out/unit.tsv"
pass=0 failn=0
for t in "$here"/test-*.sh; do
	while IFS= read -r line; do
		case $line in
		"ok "*) pass=$((pass + 1)); printf 'unit/%s\tpass\t\n' "${line#ok }" >> "$out/unit.tsv" ;;
		"not ok "*) failn=$((failn + 1)); echo "$line"
			n=${line#not ok }; printf 'unit/%s\tfail\t%s\n' "${n%%:*}" "${n#*: }" >> "$out/unit.tsv" ;;
		*) echo "$line" ;;
		esac
	done < <(bash "$t" 2>&1)
done
echo "unit: $pass passed, $failn failed"
[ "$failn" = 0 ]
