#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# One version everywhere: dkms.conf's PACKAGE_VERSION (the one place it is
# written, the Makefile's VERSION) is the module's MODULE_VERSION, the top
# of debian/changelog, what the CLI's --version prints (in-tree, installed
# and ASan builds), libdaxmgr.pc's Version and the name of make dist's
# tarball.  Any of them differing fails here.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok version/$1"; }
notok() { echo "not ok version/$1: $2"; }

# versions ROOT -> "WHERE VERSION" for each hand-written copy in a tree
versions() {
	echo "dkms.conf $(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$1/dkms.conf")"
	echo "driver/core.c $(sed -n 's/^MODULE_VERSION("\(.*\)");$/\1/p' "$1/driver/core.c")"
	echo "debian/changelog $(sed -n '1s/^daxmgr (\([^)]*\)) .*/\1/p' "$1/debian/changelog")"
}
# mismatches ROOT -> one line per copy that is not dkms.conf's
mismatches() {
	local want
	want=$(versions "$1" | awk '$1 == "dkms.conf" {print $2}')
	[ -n "$want" ] || { echo "dkms.conf: no PACKAGE_VERSION"; return; }
	versions "$1" | awk -v w="$want" '$2 != w {print $1 ": \"" $2 "\", dkms.conf says " w}'
}

v=$(make -s --no-print-directory -C "$top" version)
case $v in
[0-9]*.[0-9]* ) [ -z "${v//[0-9.]/}" ] && ok format || notok format "'$v' is not N.N" ;;
*) notok format "'$v' is not N.N" ;;
esac
bad=$(mismatches "$top")
[ -z "$bad" ] && ok sources-agree || notok sources-agree "$(echo "$bad" | tr '\n' ';')"
[ "$(versions "$top" | awk '$1 == "dkms.conf" {print $2}')" = "$v" ] && ok makefile-reads-dkms.conf ||
	notok makefile-reads-dkms.conf "make version says '$v'"
if command -v dpkg-parsechangelog > /dev/null; then
	cv=$(cd "$top" && dpkg-parsechangelog -S Version 2>/dev/null)
	[ "$cv" = "$v" ] && ok changelog-parsed || notok changelog-parsed "dpkg-parsechangelog: '$cv', want $v"
fi

# what the builds say (check-unit built them from this tree)
for b in bin/daxmgr install/daxmgr asan/daxmgr; do
	out=$(env -u LD_LIBRARY_PATH LD_LIBRARY_PATH="$top/build/lib" "$top/build/$b" --version 2>&1)
	[ "$out" = "$v" ] && ok "cli/$b" || notok "cli/$b" "--version: '$out', want $v"
done
pv=$(sed -n 's/^Version: //p' "$top/build/lib/libdaxmgr.pc" 2>/dev/null)
[ "$pv" = "$v" ] && ok pc || notok pc "libdaxmgr.pc: '$pv', want $v"
if out=$(make -s --no-print-directory -C "$top" dist BUILD="$tmp/dist" 2>&1) &&
	[ "$out" = "$tmp/dist/daxmgr-$v.tar.gz" ] && [ -s "$out" ]; then
	ok dist-name
	# the tarball: every tracked file below daxmgr-VERSION/, nothing else
	want=$(git -C "$top" ls-files 2>/dev/null | while read -r f; do [ -e "$top/$f" ] && echo "daxmgr-$v/$f"; done | sort)
	got=$(tar -tzf "$out" | grep -v '/$' | sort)
	[ "$got" = "$want" ] && ok dist-files ||
		notok dist-files "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | head -3 | tr '\n' ' ')"
	tar -xzf "$out" -C "$tmp" && [ -z "$(mismatches "$tmp/daxmgr-$v")" ] && ok dist-agrees ||
		notok dist-agrees "the tarball's copies differ"
else
	notok dist-name "make dist: $out"
fi

# negative control: a tree whose module says another version is caught
mkdir -p "$tmp/t/driver" "$tmp/t/debian"
cp "$top/dkms.conf" "$tmp/t/"
cp "$top/debian/changelog" "$tmp/t/debian/"
sed 's/^MODULE_VERSION(".*");$/MODULE_VERSION("0.0.9");/' "$top/driver/core.c" > "$tmp/t/driver/core.c"
got=$(mismatches "$tmp/t" | cut -d: -f1)
[ "$got" = driver/core.c ] && ok check-catches || notok check-catches "flagged '$got'"
