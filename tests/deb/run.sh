#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The Debian packages: `make deb` (dpkg-buildpackage -b -us -uc on make
# dist's tarball, in build/deb) builds daxmgr-dkms, daxmgr, libdaxmgr1 and
# libdaxmgr-dev; lintian --pedantic reports no error and no warning on
# them; each package holds what it should.  The packages are looked into
# with dpkg-deb, never installed.  Results in build/results/deb.tsv; about
# 15 s here (make check runs it once, as check-deb).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/results
mkdir -p "$out"
: > "$out/deb.tsv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 failn=0
result() { # NAME OK? DETAIL
	if [ "$2" = 0 ]; then
		pass=$((pass + 1)); printf 'deb/%s\tpass\t\n' "$1" >> "$out/deb.tsv"
	else
		failn=$((failn + 1)); printf 'deb/%s\tfail\t%s\n' "$1" "$3" >> "$out/deb.tsv"
		echo "not ok deb/$1: $3"
	fi
}
finish() {
	echo "deb: $pass passed, $failn failed ($((SECONDS - t0)) s)"
	[ "$failn" = 0 ]
	exit
}
t0=$SECONDS
v=$(make -s --no-print-directory -C "$top" version)
arch=$(dpkg --print-architecture)
deb=$top/build/deb
for t in dpkg-buildpackage lintian dh dh_dkms; do
	command -v $t > /dev/null || { result tools 1 "$t is not installed (make deps installs it)"; finish; }
done
if make -s --no-print-directory -C "$top" deb > "$tmp/log" 2>&1; then
	result build 0
else
	result build 1 "$(tail -5 "$tmp/log" | tr '\n' ' ')"
	finish
fi
for p in daxmgr-dkms_${v}_all daxmgr_${v}_$arch libdaxmgr1_${v}_$arch libdaxmgr-dev_${v}_$arch; do
	[ -f "$deb/$p.deb" ] && result "built/${p%%_*}" 0 || result "built/${p%%_*}" 1 "no $deb/$p.deb"
done
changes=$deb/daxmgr_${v}_$arch.changes
[ -f "$changes" ] && result changes 0 || { result changes 1 "no $changes"; finish; }

# lintian: no error, no warning (overrides, if any, are in debian/ with a reason)
lintian --pedantic -I -E --tag-display-limit 0 "$changes" > "$tmp/lintian" 2>&1
cp "$tmp/lintian" "$out/lintian.txt"
bad=$(grep -E '^[EW]: ' "$tmp/lintian")
[ -z "$bad" ] && result lintian-clean 0 || result lintian-clean 1 "$(echo "$bad" | head -5 | tr '\n' ';')"
grep -q '^[EW]: .*\(internal\|error processing\)' "$tmp/lintian" &&
	result lintian-ran 1 "$(head -3 "$tmp/lintian")" || result lintian-ran 0
# negative control: lintian does report a broken package (no copyright,
# no description), so a clean report above means something
mkdir -p "$tmp/bad/DEBIAN" "$tmp/bad/usr/bin"
printf 'Package: daxmgr-broken\nVersion: 0\nArchitecture: all\nMaintainer: nobody <n@example.org>\nDescription: x\n' > "$tmp/bad/DEBIAN/control"
printf '#!/bin/sh\n' > "$tmp/bad/usr/bin/daxmgr-broken"
chmod 755 "$tmp/bad/usr/bin/daxmgr-broken"
dpkg-deb --root-owner-group -b "$tmp/bad" "$tmp/bad.deb" > /dev/null 2>&1
lintian --pedantic "$tmp/bad.deb" 2>&1 | grep -q '^E: daxmgr-broken.*no-copyright-file' &&
	result lintian-catches 0 || result lintian-catches 1 "lintian said nothing about a package without copyright"

# contents (dpkg-deb, never dpkg -i)
list() { dpkg-deb -c "$deb/$1" | awk '{print $6}' | sed 's|^\./|/|'; }
has() { # NAME DEB PATH...
	local n=$1 d=$2 f miss=
	shift 2
	for f in "$@"; do list "$d" | grep -qx -- "$f" || miss="$miss $f"; done
	[ -z "$miss" ] && result "$n" 0 || result "$n" 1 "$d lacks$miss"
}
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
has dkms-source "daxmgr-dkms_${v}_all.deb" "/usr/src/daxmgr-$v/dkms.conf" "/usr/src/daxmgr-$v/driver/core.c" \
	"/usr/src/daxmgr-$v/driver/Kbuild" "/usr/src/daxmgr-$v/driver/Makefile"
dpkg-deb --fsys-tarfile "$deb/daxmgr-dkms_${v}_all.deb" | tar -xO "./usr/src/daxmgr-$v/dkms.conf" > "$tmp/dkms.conf"
grep -q '^BUILD_EXCLUSIVE_KERNEL="^6\\.(1|12)\\."$' "$tmp/dkms.conf" && grep -q "^PACKAGE_VERSION=\"$v\"$" "$tmp/dkms.conf" &&
	result dkms-conf 0 || result dkms-conf 1 "$(grep -e BUILD_EXCLUSIVE -e PACKAGE_VERSION "$tmp/dkms.conf" | tr '\n' ' ')"
dpkg-deb -e "$deb/daxmgr-dkms_${v}_all.deb" "$tmp/dkmsctl"
grep -q 'common.postinst' "$tmp/dkmsctl/postinst" 2>/dev/null && grep -q 'dkms remove' "$tmp/dkmsctl/prerm" 2>/dev/null &&
	result dkms-scripts 0 || result dkms-scripts 1 "dh_dkms did not add the DKMS postinst/prerm"
dpkg-deb -f "$deb/daxmgr-dkms_${v}_all.deb" Depends | grep -q dkms && result dkms-depends 0 ||
	result dkms-depends 1 "daxmgr-dkms does not depend on dkms"
has cli "daxmgr_${v}_$arch.deb" /usr/bin/daxmgr /lib/udev/rules.d/90-daxmgr.rules \
	/lib/systemd/system/daxmgr-autobind@.service /lib/systemd/system/daxmgr.target \
	/usr/share/man/man8/daxmgr.8.gz /usr/share/bash-completion/completions/daxmgr
has lib "libdaxmgr1_${v}_$arch.deb" "/usr/lib/$ma/libdaxmgr.so.1" "/usr/lib/$ma/libdaxmgr.so.1.0.0"
has dev "libdaxmgr-dev_${v}_$arch.deb" /usr/include/libdaxmgr.h "/usr/lib/$ma/libdaxmgr.so" \
	"/usr/lib/$ma/pkgconfig/libdaxmgr.pc" /usr/share/man/man3/libdaxmgr.3.gz
dpkg-deb -e "$deb/libdaxmgr1_${v}_$arch.deb" "$tmp/libctl"
[ -s "$tmp/libctl/symbols" ] && grep -q "daxmgr_new@LIBDAXMGR_1 $v" "$tmp/libctl/symbols" &&
	result lib-symbols 0 || result lib-symbols 1 "no symbols control file with daxmgr_new@LIBDAXMGR_1 $v"
dpkg-deb -f "$deb/daxmgr_${v}_$arch.deb" Depends | grep -q "libdaxmgr1 (>= $v)" && result cli-depends-lib 0 ||
	result cli-depends-lib 1 "daxmgr Depends: $(dpkg-deb -f "$deb/daxmgr_${v}_$arch.deb" Depends)"
# libdaxmgr.h includes no header of libndctl, libdaxctl, libkmod or
# libuuid: a static link needs their libraries (Libs.private), a build
# against the .pc must not need their -dev packages (Requires.private).
dpkg-deb -x "$deb/libdaxmgr-dev_${v}_$arch.deb" "$tmp/dev"
pc=$tmp/dev/usr/lib/$ma/pkgconfig/libdaxmgr.pc
if grep -q '^Requires' "$pc" || ! grep -q '^Libs.private:.*-lndctl' "$pc"; then
	result pc-static 1 "$(grep -e '^Requires' -e '^Libs' "$pc" | tr '\n' ' ')"
else
	result pc-static 0
fi
# man's header and footer come from .Dt and .Os: an empty .Os prints the
# renderer's default ("BSD") at the foot of every page
dpkg-deb -x "$deb/daxmgr_${v}_$arch.deb" "$tmp/cli"
bare=$(for m in "$tmp"/cli/usr/share/man/man8/*.8.gz; do
	zcat "$m" | grep -qx '\.Os [A-Za-z].*' || basename "$m"; done)
[ -z "$bare" ] && result man-os 0 || result man-os 1 "no .Os system in: $(echo $bare)"
local=$(for d in "$deb"/*.deb; do list "$(basename "$d")"; done | grep '^/usr/local' | head -3)
[ -z "$local" ] && result no-usr-local 0 || result no-usr-local 1 "$local"
finish
