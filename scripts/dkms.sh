#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS helpers for daxmgr.
#   dkms.sh stage DIR          copy what DKMS needs (dkms.conf, driver/) to DIR
#   dkms.sh install KVER...    check each kernel (scripts/kcheck.sh), then add,
#                              build and install for each; prints the
#                              installed module path per kernel
#   dkms.sh remove             remove every version and the /usr/src copy
# The staged copy keeps build/ (VM images and all) out of /usr/src.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
name=daxmgr
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")

stage() {
	rm -rf "$1"
	mkdir -p "$1/driver" "$1/scripts"
	cp "$top/dkms.conf" "$1/"
	cp "$top"/driver/*.c "$top"/driver/*.h "$top/driver/Kbuild" "$top/driver/Makefile" "$1/driver/"
	cp "$top/scripts/kver.sh" "$1/scripts/"
}

remove() {
	dkms remove "$name/$ver" --all >/dev/null 2>&1 || true
	rm -rf "/usr/src/$name-$ver"
}

install() {
	local src=$top/build/dkms-src k
	[ $# -gt 0 ] || { echo "usage: dkms.sh install KVER..." >&2; exit 2; }
	# before anything is touched: every kernel supported, with headers
	for k in "$@"; do
		"$top/scripts/kcheck.sh" "$k" "/lib/modules/$k/build" dkms-install || exit 2
	done
	command -v dkms > /dev/null ||
		{ echo "daxmgr: dkms is not installed (apt install dkms)" >&2; exit 2; }
	stage "$src"
	remove
	dkms add "$src" >/dev/null
	for k in "$@"; do
		dkms build "$name/$ver" -k "$k" >/dev/null
		dkms install "$name/$ver" -k "$k" --force >/dev/null
		ls "/lib/modules/$k/updates/dkms/$name.ko"*
	done
}

cmd=$1
shift
case $cmd in
stage) stage "$1" ;;
install) install "$@" ;;
remove) remove ;;
*) echo "usage: dkms.sh stage DIR | install KVER... | remove" >&2; exit 2 ;;
esac
