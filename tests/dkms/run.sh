#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# DKMS packaging test: dkms add/build/install for Debian 6.1 and 6.12 puts a
# module built for that kernel (vermagic, .ko.xz on 6.12) in updates/dkms;
# DKMS got exactly the staged minimal tree (scripts/dkms.sh stage); a
# kernel outside BUILD_EXCLUSIVE_KERNEL is refused, saying why; removal
# takes it all away again.
#
# It never touches a real install: it works as daxmgr-test in DKMS trees
# of its own below build/dkms (scripts/dkms.sh test-install).  To show it,
# an installed daxmgr's traces (/usr/src/daxmgr-VERSION, DKMS's daxmgr
# entries and signing key, daxmgr modules below /lib/modules) must be the
# same before and after; on a host without one, a stand-in
# /usr/src/daxmgr-VERSION with a marker file is made first (and only that
# is removed at the end).  Results in build/results/dkms.tsv.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/kver.sh"
out=$top/build/results
mkdir -p "$out"
: > "$out/dkms.tsv"
pass=0 failn=0
result() { # NAME OK? DETAIL
	if [ "$2" = 0 ]; then
		pass=$((pass + 1)); printf 'dkms/%s\tpass\t\n' "$1" >> "$out/dkms.tsv"
	else
		failn=$((failn + 1)); printf 'dkms/%s\tfail\t%s\n' "$1" "$3" >> "$out/dkms.tsv"
		echo "not ok dkms/$1: $3"
	fi
}
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
troot=$top/build/dkms
prod=/usr/src/daxmgr-$ver

# what an installed daxmgr consists of, with checksums
installed() {
	local f
	{ find "$prod" /var/lib/dkms/daxmgr /var/lib/dkms/mok.key /var/lib/dkms/mok.pub -xdev 2>/dev/null
	  find /lib/modules -xdev -path '*/updates/*' -name 'daxmgr*' 2>/dev/null; } | sort | while read -r f; do
		if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"
		elif [ -f "$f" ]; then md5sum "$f"
		else echo "$f/"; fi
	done
	dkms status daxmgr 2>/dev/null
}
marker=
if [ ! -e "$prod" ]; then
	mkdir -p "$prod/driver"
	echo "a stand-in for an installed daxmgr $ver: tests/dkms/run.sh must leave it" > "$prod/INSTALLED-BY-ADMIN"
	cp "$top/dkms.conf" "$prod/"
	marker=1
fi
before=$(installed)

for s in ${*:-6.1 6.12}; do
	k=$(kver_resolve "$s")
	log=$(mktemp)
	if ko=$("$top/scripts/dkms.sh" test-install "$k" 2>"$log" | tail -1) && [ -n "$ko" ]; then
		result "install-$s" 0
		case $ko in "$troot/modules/$k/updates/dkms/daxmgr.ko"*) result "own-tree-$s" 0 ;;
		*) result "own-tree-$s" 1 "module at $ko, not below $troot" ;; esac
		vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
		case $vm in "$k "*) result "vermagic-$s" 0 ;; *) result "vermagic-$s" 1 "vermagic '$vm' for $k" ;; esac
		if [ "$s" = 6.12 ]; then
			case $ko in *.ko.xz) result "compressed-$s" 0 ;; *) result "compressed-$s" 1 "$ko not .ko.xz" ;; esac
		fi
		modinfo -F depends "$ko" | grep -q . && result "no-deps-$s" 1 "depends on $(modinfo -F depends "$ko")" || result "no-deps-$s" 0
	else
		result "install-$s" 1 "$(tail -5 "$log" | tr '\n' ' ')"
	fi
	rm -f "$log"
done
# DKMS got the staged minimal tree (scripts/dkms.sh stage), not the checkout
src=$troot/src/daxmgr-test-$ver
"$top/scripts/dkms.sh" stage "$out/dkms-stage" daxmgr-test
if [ -d "$src" ] && diff -r "$out/dkms-stage" "$src" > /dev/null; then
	result source-tree 0
	echo "dkms: $src: $(find "$src" -type f | wc -l) files, $(du -sk --apparent-size "$src" | cut -f1) KiB"
else
	result source-tree 1 "$src is not the staged tree: $(diff -rq "$out/dkms-stage" "$src" 2>&1 | head -3 | tr '\n' ' ')"
fi
rm -rf "$out/dkms-stage"
# a kernel of another series: DKMS refuses it (exit 77) and says why
if [ -d "$troot/var/daxmgr-test/$ver" ]; then
	msg=$(mok_signing_key=$troot/mok.key mok_certificate=$troot/mok.pub dkms build "daxmgr-test/$ver" \
		-k 6.15.0-1-amd64 --dkmstree "$troot/var" --sourcetree "$troot/src" --installtree "$troot/modules" 2>&1)
	rc=$?
	[ "$rc" = 77 ] && echo "$msg" | grep -q "BUILD_EXCLUSIVE" && result build-exclusive 0 ||
		result build-exclusive 1 "dkms build for 6.15: exit $rc: $(echo "$msg" | head -2 | tr '\n' ' ')"
fi
"$top/scripts/dkms.sh" test-remove
if [ -e "$troot" ]; then
	result remove 1 "$troot left behind"
else
	result remove 0
fi
# nothing of an installed daxmgr changed, nothing of the test's leaked out
after=$(installed)
[ "$before" = "$after" ] && result installed-untouched 0 ||
	result installed-untouched 1 "$(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -4 | tr '\n' ' ')"
[ -f "$prod/INSTALLED-BY-ADMIN" ] || [ -z "$marker" ] && result installed-marker-kept 0 ||
	result installed-marker-kept 1 "$prod/INSTALLED-BY-ADMIN was removed"
leak=$(ls -d /usr/src/daxmgr-test* /var/lib/dkms/daxmgr-test /lib/modules/*/updates/dkms/daxmgr-test* 2>/dev/null)
[ -z "$leak" ] && result nothing-leaked 0 || result nothing-leaked 1 "$leak"
[ -n "$marker" ] && rm -rf "$prod"
echo "dkms: $pass passed, $failn failed"
[ "$failn" = 0 ]
