#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# DKMS helpers for daxmgr.
#   dkms.sh stage DIR [NAME]   copy what DKMS needs to build the module, and
#                              only that, to DIR: dkms.conf (PACKAGE_NAME=NAME,
#                              default daxmgr), driver/ and the licence (15
#                              files, about 0.1 MB; build/ stays out)
#   dkms.sh install KVER...    the admin's install (make dkms-install): check
#                              each kernel (scripts/kcheck.sh), stage to
#                              /usr/src/daxmgr-VERSION, dkms add, then build and
#                              install for each; prints the module path per kernel
#   dkms.sh remove             remove every kernel's daxmgr/VERSION and the
#                              /usr/src copy (make dkms-uninstall)
#   dkms.sh test-install KVER...  the tests' and the demo's DKMS build: the
#                              same steps under the name daxmgr-test, in DKMS
#                              trees of their own below build/dkms (source,
#                              dkms and install trees, signing key; no depmod),
#                              so that they never read, replace or remove an
#                              installed daxmgr (its /usr/src copy, its DKMS
#                              entries, its modules in /lib/modules)
#   dkms.sh test-remove        remove what test-install made: build/dkms
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
name=daxmgr
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
src=/usr/src/$name-$ver

# the tests' name and trees (DAXMGR_DKMS_ROOT: another root, for tests)
test_name=daxmgr-test
troot=${DAXMGR_DKMS_ROOT:-$top/build/dkms}

stage() {
	local pkg=${2:-$name}
	rm -rf "$1"
	mkdir -p "$1/driver" "$1/LICENSES"
	sed "s/^PACKAGE_NAME=.*/PACKAGE_NAME=\"$pkg\"/" "$top/dkms.conf" > "$1/dkms.conf"
	cp "$top/COPYING" "$1/"
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

# dkms on the tests' own trees; the signing key DKMS would otherwise
# create in /var/lib/dkms is the tests' own too
dkms_test() {
	mok_signing_key=$troot/mok.key mok_certificate=$troot/mok.pub \
		dkms "$@" --dkmstree "$troot/var" --sourcetree "$troot/src" --installtree "$troot/modules"
}

test_remove() {
	if [ -d "$troot/var/$test_name" ] && command -v dkms > /dev/null; then
		dkms_test remove "$test_name/$ver" --all --no-depmod >/dev/null 2>&1 || true
	fi
	rm -rf "$troot"
}

test_install() {
	local k
	[ $# -gt 0 ] || { echo "usage: dkms.sh test-install KVER..." >&2; exit 2; }
	for k in "$@"; do
		"$top/scripts/kcheck.sh" "$k" "/lib/modules/$k/build" dkms-install || exit 2
	done
	command -v dkms > /dev/null ||
		{ echo "daxmgr: dkms is not installed (apt install dkms)" >&2; exit 2; }
	test_remove
	mkdir -p "$troot/var" "$troot/modules"
	stage "$troot/src/$test_name-$ver" "$test_name"
	dkms_test add -m "$test_name" -v "$ver" >/dev/null
	for k in "$@"; do
		mkdir -p "$troot/modules/$k"
		if ! { dkms_test build "$test_name/$ver" -k "$k" &&
			dkms_test install "$test_name/$ver" -k "$k" --force --no-depmod; } > "$troot/$k.log" 2>&1; then
			tail -20 "$troot/$k.log" >&2
			echo "daxmgr: DKMS build for $k failed; log: $troot/$k.log" >&2
			exit 1
		fi
		ls "$troot/modules/$k/updates/dkms/$name.ko"*
	done
}

cmd=${1:-}
shift || true
case $cmd in
stage) stage "${1:?usage: dkms.sh stage DIR [NAME]}" "${2:-}" ;;
install) install "$@" ;;
remove) remove ;;
test-install) test_install "$@" ;;
test-remove) test_remove ;;
*) echo "usage: dkms.sh stage DIR [NAME] | install KVER... | remove | test-install KVER... | test-remove" >&2; exit 2 ;;
esac
