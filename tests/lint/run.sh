#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The driver's style bar as tests: W=1 with no warning, checkpatch --strict
# clean, sparse clean.  Results go to build/results/lint.tsv.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/kver.sh"
series=${*:-6.1}
out=$top/build/results
mkdir -p "$out"
: > "$out/lint.tsv"
pass=0 failn=0
result() { # NAME STATUS LOGFILE
	if [ "$2" = pass ]; then
		pass=$((pass + 1))
		printf 'lint/%s\tpass\t\n' "$1" >> "$out/lint.tsv"
	else
		failn=$((failn + 1))
		printf 'lint/%s\tfail\tsee below\n' "$1" >> "$out/lint.tsv"
		echo "not ok lint/$1:"
		sed 's/^/  | /' "$3" | head -40
	fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp_dir=$DAXMGR_CACHE/checkpatch
cd "$top/driver"
if "$cp_dir/checkpatch.pl" --no-tree --strict -q -f ./*.c daxmgr.h dax_layout.h > "$tmp/cp" 2>&1 &&
   "$cp_dir/checkpatch.pl" --no-tree --strict -q \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f compat.h >> "$tmp/cp" 2>&1; then
	result checkpatch pass
else
	result checkpatch fail "$tmp/cp"
fi

# W=1 and sparse in one build of a scratch copy, per kernel
for s in $series; do
	kver=$(kver_resolve "$s")
	rm -rf "$tmp/src"
	mkdir -p "$tmp/src"
	cp ./*.c ./*.h Kbuild "$tmp/src/"
	make -C "/lib/modules/$kver/build" M="$tmp/src" W=1 C=2 modules > "$tmp/build" 2>&1
	rc=$?
	grep -E "warning:|error:" "$tmp/build" > "$tmp/diag"
	if [ $rc = 0 ] && [ ! -s "$tmp/diag" ]; then
		result "w1-sparse-$s" pass
	else
		cat "$tmp/build" >> "$tmp/diag"
		result "w1-sparse-$s" fail "$tmp/diag"
	fi
done

# Only the 6.1 and 6.12 series are built (dax_layout.h); every other
# kernel, and 6.15 on (no pfn_t/devmap), is refused with a clear message.
refused=yes
for v in "6 15" "6 20" "7 0" "6 14" "6 6" "5 15"; do
	set -- $v
	make -s -f Kbuild VERSION=$1 PATCHLEVEL=$2 > "$tmp/new" 2>&1
	grep -q "daxmgr: Linux $1.$2 is not supported" "$tmp/new" || refused="no ($1.$2)"
done
for v in "6 1" "6 12"; do
	set -- $v
	make -s -f Kbuild VERSION=$1 PATCHLEVEL=$2 > "$tmp/new" 2>&1
	grep -q "not supported" "$tmp/new" && refused="no ($1.$2 refused)"
done
echo "$refused" > "$tmp/new"
[ "$refused" = yes ] && result refuse-unsupported pass || result refuse-unsupported fail "$tmp/new"

echo "lint: $pass passed, $failn failed"
[ "$failn" = 0 ]
