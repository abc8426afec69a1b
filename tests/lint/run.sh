#!/bin/bash
# The driver's style bar as tests: W=1 with no warning, checkpatch --strict
# clean, sparse clean.  Results go to build/results/lint.tsv.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/kver.sh"
kver=$(kver_resolve "${1:-6.1}")
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
if "$cp_dir/checkpatch.pl" --no-tree --strict -q -f ./*.c daxmgr.h > "$tmp/cp" 2>&1 &&
   "$cp_dir/checkpatch.pl" --no-tree --strict -q \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f compat.h >> "$tmp/cp" 2>&1; then
	result checkpatch pass
else
	result checkpatch fail "$tmp/cp"
fi

# W=1 and sparse in one build of a scratch copy
mkdir -p "$tmp/src"
cp ./*.c ./*.h Kbuild "$tmp/src/"
make -C "/lib/modules/$kver/build" M="$tmp/src" W=1 C=2 modules > "$tmp/build" 2>&1
rc=$?
grep -E "warning:|error:" "$tmp/build" | grep -v "^make" > "$tmp/diag"
if [ $rc = 0 ] && ! grep -q "warning:.*\(sparse\|\[-W\)" "$tmp/diag" && [ ! -s "$tmp/diag" ]; then
	result w1-sparse pass
else
	cat "$tmp/build" >> "$tmp/diag"
	result w1-sparse fail "$tmp/diag"
fi
echo "lint: $pass passed, $failn failed"
[ "$failn" = 0 ]
