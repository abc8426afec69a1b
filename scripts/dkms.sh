#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# DKMS helpers for daxmgr.
#   dkms.sh stage DIR          copy what DKMS needs to build the module, and
#                              only that, to DIR: dkms.conf, driver/ and the
#                              licence (15 files, about 0.1 MB; build/ stays out)
#   dkms.sh install KVER...    check each kernel (scripts/kcheck.sh), stage to
#                              /usr/src/daxmgr-VERSION, dkms add, then build and
#                              install for each; prints the module path per kernel
#   dkms.sh remove             remove every version and the /usr/src copy
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
name=daxmgr
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
src=/usr/src/$name-$ver

stage() {
	rm -rf "$1"
	mkdir -p "$1/driver" "$1/LICENSES"
	cp "$top/dkms.conf" "$top/COPYING" "$1/"
	cp "$top/LICENSES/GPL-2.0" "$1/LICENSES/"
	cp "$top"/driver/*.c "$top"/driver/*.h "$top/driver/Kbuild" "$top/driver/Makefile" "$1/driver/"
}

remove() {
	dkms remove "$name/$ver" --all >/dev/null 2>&1 || true
	rm -rf "$src"
}

install() {
	local k
	[ $# -gt 0 ] || { echo "usage: dkms.sh install KVER..." >&2; exit 2; }
	# before anything is touched: every kernel supported, with headers
	for k in "$@"; do
		"$top/scripts/kcheck.sh" "$k" "/lib/modules/$k/build" dkms-install || exit 2
	done
	command -v dkms > /dev/null ||
		{ echo "daxmgr: dkms is not installed (apt install dkms)" >&2; exit 2; }
	remove
	stage "$src"
	dkms add "$name/$ver" >/dev/null
	for k in "$@"; do
		dkms build "$name/$ver" -k "$k" >/dev/null
		dkms install "$name/$ver" -k "$k" --force >/dev/null
		ls "/lib/modules/$k/updates/dkms/$name.ko"*
	done
}

cmd=${1:-}
shift || true
case $cmd in
stage) stage "${1:?usage: dkms.sh stage DIR}" ;;
install) install "$@" ;;
remove) remove ;;
*) echo "usage: dkms.sh stage DIR | install KVER... | remove" >&2; exit 2 ;;
esac
