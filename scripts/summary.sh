#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Sum up the per-suite result files (NAME<TAB>pass|fail|skip<TAB>DETAIL) and
# print the closing "N passed, N failed" line.  Exit 1 if anything failed
# or if no test ran at all.
set -u
dir=${1:?usage: summary.sh RESULTS_DIR}
pass=0 failn=0 skip=0
shopt -s nullglob
for f in "$dir"/*.tsv; do
	while IFS=$'\t' read -r name status detail; do
		case $status in
		pass) pass=$((pass + 1)) ;;
		skip) skip=$((skip + 1)); echo "SKIPPED: $name: $detail" ;;
		*) failn=$((failn + 1)); echo "FAILED: $name${detail:+: $detail}" ;;
		esac
	done < "$f"
done
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $failn failed, $skip skipped"
else
	echo "$pass passed, $failn failed"
fi
[ "$failn" -eq 0 ] && [ $((pass + failn)) -gt 0 ]
