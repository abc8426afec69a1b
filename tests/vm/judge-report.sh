#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The verdict of a run that must end in a kernel report (run.sh
# --expect-kernel-report, the device_dax side of the proofs): the guest
# kernel log before the first line with MARKER must be clean, and after it
# the kernel must report something: check-log.sh finds a report in the log
# from MARKER on, or the guest died after MARKER.  With PATTERN (an
# extended regex, run.sh --expect-report-pattern) the log from MARKER on
# must also match it: the report the proof is there to show, e.g. the
# function in the crash, not just any.  A clean log after MARKER from a
# guest that finished is no report, whatever the pattern.
#
# Usage: judge-report.sh LOG MARKER FINISHED PATTERN OUTDIR
#   FINISHED: yes if the guest finished every boot, no if it died.
#   PATTERN: may be empty (any report).
#   Writes OUTDIR/console.before and OUTDIR/console.after; prints the
#   verdict's reason on its first line, then the report's lines; exits 0
#   if the expected report is there, 1 if not.
set -u
here=$(cd "$(dirname "$0")" && pwd)
log=$1 marker=$2 finished=$3 pattern=$4 dir=$5
before=$dir/console.before after=$dir/console.after

tr -d '\r' < "$log" | awk -v m="$marker" 'index($0, m) {exit} {print}' > "$before"
tr -d '\r' < "$log" | awk -v m="$marker" 'index($0, m) {on = 1} on {print}' > "$after"
if [ ! -s "$after" ]; then
	echo "the guest never logged '$marker'"
	exit 1
fi
if ! bad=$("$here/check-log.sh" "$before"); then
	echo "kernel log has WARN/BUG/Oops before '$marker'"
	printf '%s\n' "$bad"
	exit 1
fi
# check-log.sh exits 0 on a clean log: a report is a non-zero exit
if report=$("$here/check-log.sh" "$after"); then
	if [ "$finished" = yes ]; then
		echo "no kernel report after '$marker': the log after it is clean and the guest finished"
		exit 1
	fi
	report="(the guest died after '$marker' without a report line: see console.log)"
fi
if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$after"; then
	echo "the kernel log after '$marker' does not match '$pattern'"
	printf '%s\n' "$report"
	exit 1
fi
if [ "$finished" = yes ]; then how="the guest survived it"; else how="the guest died"; fi
echo "kernel report after '$marker'${pattern:+ matching '$pattern'} ($how)"
printf '%s\n' "$report"
exit 0
