#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# dist.sh VERSION OUT: the release tarball OUT (daxmgr-VERSION.tar.gz) of
# the files git tracks, as they are in the work tree, below daxmgr-VERSION/.
# Reproducible: sorted, owner 0, every mtime that of the last commit.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ver=${1:?usage: dist.sh VERSION OUT}
out=${2:?usage: dist.sh VERSION OUT}
case $ver in
'' | *[!0-9.]* | .* | *.) echo "dist: bad version '$ver' (dkms.conf's PACKAGE_VERSION)" >&2; exit 2 ;;
esac
git -C "$top" rev-parse --git-dir > /dev/null 2>&1 ||
	{ echo "dist: $top is not a git checkout: make dist packs the files git tracks" >&2; exit 2; }
list=$(mktemp)
trap 'rm -f "$list" "$out.tmp"' EXIT
# tracked files that exist (a file deleted in the work tree is not packed)
git -C "$top" ls-files -z | while IFS= read -r -d '' f; do
	[ -e "$top/$f" ] || [ -L "$top/$f" ] && printf '%s\0' "$f"
done > "$list"
mtime=$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)
mkdir -p "$(dirname "$out")"
tar -C "$top" --null -T "$list" --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime="@$mtime" --transform "s,^,daxmgr-$ver/," -cf - | gzip -n -9 > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
