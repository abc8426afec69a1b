#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# DKMS packaging test: dkms add/build/install for Debian 6.1 and 6.12 puts a
# module built for that kernel (vermagic, .ko.xz on 6.12) in updates/dkms;
# /usr/src/daxmgr-VERSION is exactly the staged minimal tree (scripts/dkms.sh
# stage); dkms remove takes it all away again.  Results in build/results/dkms.tsv.
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

for s in ${*:-6.1 6.12}; do
	k=$(kver_resolve "$s")
	log=$(mktemp)
	if ko=$("$top/scripts/dkms.sh" install "$k" 2>"$log" | tail -1) && [ -n "$ko" ]; then
		result "install-$s" 0
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
src=/usr/src/daxmgr-0.1
"$top/scripts/dkms.sh" stage "$out/dkms-stage"
if [ -d "$src" ] && diff -r "$out/dkms-stage" "$src" > /dev/null; then
	result source-tree 0
	echo "dkms: $src: $(find "$src" -type f | wc -l) files, $(du -sk --apparent-size "$src" | cut -f1) KiB"
else
	result source-tree 1 "$src is not the staged tree: $(diff -rq "$out/dkms-stage" "$src" 2>&1 | head -3 | tr '\n' ' ')"
fi
rm -rf "$out/dkms-stage"
"$top/scripts/dkms.sh" remove
if ls /lib/modules/*/updates/dkms/daxmgr.ko* >/dev/null 2>&1 || [ -e /usr/src/daxmgr-0.1 ]; then
	result remove 1 "module or source left behind"
else
	result remove 0
fi
echo "dkms: $pass passed, $failn failed"
[ "$failn" = 0 ]
