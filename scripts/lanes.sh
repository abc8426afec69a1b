#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Run make check's lanes side by side: one worker per CPU, each pinned to
# its CPU (so a lane's guest, TCG threads included, gets one core of its
# own and its timing does not depend on its neighbour), each taking the
# next lane from the list when its lane ends.  Give the lanes longest
# first: that keeps both cores busy to the end.
#
# A lane's output goes to build/results/lanes/N.log and is printed whole
# when the lane ends, under a header naming it, its CPU, its time and exit
# status, so two lanes never interleave their lines.  The lanes' results
# are their own build/results/*.tsv files (scripts/summary.sh sums them);
# lanes.sh exits non-zero if a lane did.
#
# Usage: lanes.sh [--workers N] COMMAND...
#   each COMMAND is one lane, run with bash -c.  Workers default to the
#   CPUs this process may run on (DAXMGR_LANES overrides).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
workers=${DAXMGR_LANES:-}
if [ "${1:-}" = --workers ]; then
	workers=$2
	shift 2
fi
[ $# -gt 0 ] || { echo "usage: lanes.sh [--workers N] COMMAND..." >&2; exit 2; }
lanes=("$@")
dir=$top/build/results/lanes
rm -rf "$dir"
mkdir -p "$dir"

# the CPUs we may use, e.g. "0-1,4" -> 0 1 4
cpus=()
for r in $(taskset -pc $$ | sed 's/.*: //' | tr ',' ' '); do
	case $r in
	*-*) for c in $(seq "${r%-*}" "${r#*-}"); do cpus+=("$c"); done ;;
	*) cpus+=("$r") ;;
	esac
done
[ -n "$workers" ] || workers=${#cpus[@]}
[ "$workers" -ge 1 ] || workers=1

echo 0 > "$dir/next"
# take_lane -> the index of the next lane nobody has taken
take_lane() {
	(
		flock 9
		i=$(cat "$dir/next")
		echo $((i + 1)) > "$dir/next"
		echo "$i"
	) 9>"$dir/next.lock"
}

worker() { # WORKER_INDEX
	local pin=() cpu=any i start rc secs
	if [ "$workers" -le "${#cpus[@]}" ]; then
		cpu=${cpus[$1]}
		pin=(taskset -c "$cpu")
	fi
	while :; do
		i=$(take_lane)
		[ "$i" -lt "${#lanes[@]}" ] || break
		start=$(date +%s)
		rc=0
		"${pin[@]}" bash -c "${lanes[$i]}" </dev/null >"$dir/$i.log" 2>&1 || rc=$?
		secs=$(($(date +%s) - start))
		printf '%s\t%s\t%s\t%s\n' "$i" "$cpu" "$secs" "$rc" > "$dir/$i.done"
		(
			flock 9
			printf '==== lane %d of %d, cpu %s, %d s, exit %d: %s\n' \
				$((i + 1)) "${#lanes[@]}" "$cpu" "$secs" "$rc" "${lanes[$i]}"
			cat "$dir/$i.log"
		) 9>"$dir/print.lock"
	done
}

start=$(date +%s)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; exit 130' INT TERM
for w in $(seq 0 $((workers - 1))); do
	worker "$w" &
	pids+=($!)
done
wait
failed=0
for i in "${!lanes[@]}"; do
	if [ ! -f "$dir/$i.done" ]; then
		echo "lanes: lane $((i + 1)) did not run: ${lanes[$i]}"
		failed=1
	elif [ "$(cut -f4 "$dir/$i.done")" != 0 ]; then
		failed=1
	fi
done
echo "lanes: ${#lanes[@]} lanes on $workers worker(s) in $(($(date +%s) - start)) s"
exit "$failed"
