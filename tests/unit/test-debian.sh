#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# debian/ agrees with the tree (fast; tests/deb/run.sh builds the packages
# and runs lintian): libdaxmgr1's symbols file lists exactly the symbols of
# lib/libdaxmgr.sym (and of the built library), at the version they
# appeared; dkms.conf builds only for 6.1 and 6.12; the .install files
# place every file `make install` installs.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok debian/$1"; }
notok() { echo "not ok debian/$1: $2"; }
syms=$top/debian/libdaxmgr1.symbols

# symbols_problems SYMFILE SYMBOLS -> what the symbols file gets wrong
symbols_problems() {
	local want got
	local node
	# symbol@NODE for each symbol of each version node of the map
	want=$(awk '/^LIBDAXMGR_[0-9.]+ \{/ {node = $1}
		/^[[:space:]]*daxmgr_[a-z0-9_]*;$/ {sub(/^[[:space:]]*/, ""); sub(/;$/, ""); print $0 "@" node}' "$2" | sort)
	got=$(sed -n 's/^ \(daxmgr_[a-z0-9_]*@LIBDAXMGR_[0-9.]*\) [0-9.]*$/\1/p' "$1" | sort)
	diff <(echo "$want") <(echo "$got") | sed -n 's/^< \(.*\)/missing \1/p; s/^> \(.*\)/extra \1/p'
	head -1 "$1" | grep -q '^libdaxmgr.so.1 libdaxmgr1 #MINVER#$' || echo "first line is not 'libdaxmgr.so.1 libdaxmgr1 #MINVER#'"
	for node in $(sed -n 's/^\(LIBDAXMGR_[0-9.]*\) {$/\1/p' "$2"); do
		grep -q "^ $node@$node " "$1" || echo "no $node@$node"
	done
	grep -q '^\* Build-Depends-Package: libdaxmgr-dev$' "$1" || echo "no Build-Depends-Package"
}
bad=$(symbols_problems "$syms" "$top/lib/libdaxmgr.sym")
[ -z "$bad" ] && ok symbols-match-sym || notok symbols-match-sym "$(echo "$bad" | head -5 | tr '\n' ';')"
so=$top/build/lib/libdaxmgr.so.1.0.0
if [ -f "$so" ]; then
	exp=$(nm -D --defined-only "$so" | awk '$3 ~ /^daxmgr_/ {sub(/@.*/, "", $3); print $3}' | sort)
	got=$(sed -n 's/^ \(daxmgr_[a-z0-9_]*\)@LIBDAXMGR_[0-9.]* .*/\1/p' "$syms" | sort)
	[ "$exp" = "$got" ] && ok symbols-match-library ||
		notok symbols-match-library "$(diff <(echo "$exp") <(echo "$got") | grep '^[<>]' | head -3 | tr '\n' ' ')"
fi
# negative control: a symbol added to the .sym but not to the symbols file
sed 's/^\tdaxmgr_new;$/\tdaxmgr_new;\n\tdaxmgr_brand_new;/' "$top/lib/libdaxmgr.sym" > "$tmp/new.sym"
[ "$(symbols_problems "$syms" "$tmp/new.sym")" = "missing daxmgr_brand_new@LIBDAXMGR_1" ] && ok symbols-check-catches ||
	notok symbols-check-catches "$(symbols_problems "$syms" "$tmp/new.sym" | tr '\n' ' ')"
# negative control: a symbol listed under another version node than the map's
sed 's/^\tdaxmgr_new;$/\tdaxmgr_new;\n\tdaxmgr_dev_is_gone;/' "$top/lib/libdaxmgr.sym" |
	awk '/^LIBDAXMGR_1\.1 \{/ {n = 1} !(n && /^\tdaxmgr_dev_is_gone;$/)' > "$tmp/moved.sym"
[ "$(symbols_problems "$syms" "$tmp/moved.sym" | tr '\n' ' ')" = "missing daxmgr_dev_is_gone@LIBDAXMGR_1 extra daxmgr_dev_is_gone@LIBDAXMGR_1.1 " ] &&
	ok symbols-node-check-catches ||
	notok symbols-node-check-catches "$(symbols_problems "$syms" "$tmp/moved.sym" | tr '\n' ' ')"
# every version in the symbols file is a released one (<= the package's)
v=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
newer=$(awk -v v="$v" '/^ / && $2 != "" {print $2}' "$syms" | sort -u | while read -r s; do
	dpkg --compare-versions "$s" gt "$v" && echo "$s"; done)
[ -z "$newer" ] && ok symbols-versions || notok symbols-versions "versions after $v: $newer"

# DKMS builds for the 6.1 and 6.12 series only, and says so (dkms.conf is
# sourced by dkms: evaluate it the same way)
bek=$(bash -c ". '$top/dkms.conf'; echo \"\$BUILD_EXCLUSIVE_KERNEL\"" 2>/dev/null)
miss=
for k in 6.1.0-57-amd64 6.1.0-10-cloud-amd64 6.12.118+deb12-amd64 6.12.57+deb13-amd64; do
	[[ $k =~ $bek ]] || miss="$miss $k"
done
for k in 6.11.0-1-amd64 6.10.5 6.15.2-amd64 6.18.44-fc-v1045 5.10.0-30-amd64 6.120.1; do
	[[ $k =~ $bek ]] && miss="$miss !$k"
done
[ -n "$bek" ] && [ -z "$miss" ] && ok build-exclusive || notok build-exclusive "'$bek' gets wrong:$miss"

# the .install files cover what make install stages (dh_missing would fail)
ma=$(cc -print-multiarch)
if make -s --no-print-directory -C "$top" install DESTDIR="$tmp/stage" PREFIX=/usr LIBDIR="/usr/lib/$ma" > "$tmp/log" 2>&1; then
	left=$(cd "$tmp/stage" && find . ! -type d | sed 's|^\./||' | while read -r f; do
		hit=
		for i in "$top"/debian/*.install; do
			while read -r pat; do
				pat=${pat//\$\{DEB_HOST_MULTIARCH\}/$ma}
				case $f in $pat | $pat*) hit=1 ;; esac
			done < "$i"
		done
		[ -n "$hit" ] || echo "$f"
	done)
	[ -z "$left" ] && ok install-files-packaged || notok install-files-packaged "in no package: $left"
else
	notok install-files-packaged "make install: $(tail -2 "$tmp/log")"
fi
# every package of debian/control has its .install file, and the reverse
pk=$(sed -n 's/^Package: //p' "$top/debian/control" | sort | tr '\n' ' ')
inst=$(cd "$top/debian" && ls ./*.install | sed 's|^\./||; s|\.install$||' | sort | tr '\n' ' ')
[ "$pk" = "daxmgr daxmgr-dkms libdaxmgr-dev libdaxmgr1 " ] && [ "$pk" = "$inst" ] && ok packages ||
	notok packages "control: $pk; .install files: $inst"
