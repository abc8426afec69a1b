#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Which kernel the module is built for, without building it: `make` and
# `make dkms-install` take the running kernel by default (a fake `uname`
# plays it), KVER= and KSERIES= override it, and an unsupported kernel or
# one without headers gets a clear message naming it and what to type,
# before anything is built or DKMS is touched (a fake `dkms` records any
# call).  The QEMU targets still boot Debian's 6.1 by default.  And the
# DKMS source tree is the minimal staged one.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok kernel/$1"; }
notok() { echo "not ok kernel/$1: $2"; }

mkdir -p "$tmp/bin"
cat > "$tmp/bin/uname" <<'SH'
#!/bin/sh
[ "$1" = -r ] && [ -n "$FAKE_KREL" ] && { echo "$FAKE_KREL"; exit 0; }
exec /usr/bin/uname "$@"
SH
cat > "$tmp/bin/dkms" <<SH
#!/bin/sh
echo "dkms \$*" >> "$tmp/dkms.log"
SH
chmod +x "$tmp/bin/uname" "$tmp/bin/dkms"
# mk KREL ARGS...: make in the tree with KREL as the running kernel
mk() {
	local krel=$1
	shift
	PATH=$tmp/bin:$PATH FAKE_KREL=$krel make -s --no-print-directory -C "$top" "$@" > "$tmp/log" 2>&1
}
has() { grep -qF -- "$1" "$tmp/log"; }

# the default is the running kernel (dry runs: nothing is built)
mk 6.1.0-77-amd64 -n module
has 'kcheck.sh "6.1.0-77-amd64"' && has "-C /lib/modules/6.1.0-77-amd64/build" && ok default-module ||
	notok default-module "make module does not build for uname -r: $(head -3 "$tmp/log")"
mk 6.1.0-77-amd64 -n dkms-install
has 'dkms.sh install "6.1.0-77-amd64"' && ok default-dkms-install ||
	notok default-dkms-install "$(head -3 "$tmp/log")"
mk 6.1.0-77-amd64 -n
has 'kcheck.sh "6.1.0-77-amd64"' && ok default-all || notok default-all "make does not build the module for uname -r"
# KVER and KSERIES choose another
mk 6.1.0-77-amd64 -n module KVER=6.12.5+deb12-amd64
has 'kcheck.sh "6.12.5+deb12-amd64"' && has "-C /lib/modules/6.12.5+deb12-amd64/build" && ok kver-overrides ||
	notok kver-overrides "$(head -3 "$tmp/log")"
k612=$("$top/scripts/kver.sh" 6.12 2>/dev/null)
mk 6.1.0-77-amd64 -n module KSERIES=6.12
[ -n "$k612" ] && has "kcheck.sh \"$k612\"" && ok kseries-overrides ||
	notok kseries-overrides "KSERIES=6.12 is not $k612: $(head -3 "$tmp/log")"

# an unsupported running kernel: a message naming it and the way out
for krel in 5.10.0-30-amd64 6.15.0-1-amd64 6.18.44-custom; do
	rm -f "$tmp/dkms.log"
	if mk "$krel"; then
		notok "unsupported-make/$krel" "make succeeded"
	elif has "Linux $krel (the running kernel) is not supported" && has "make KSERIES=6.12" &&
		has "make lib cli" && [ ! -e "$top/build/kmod/$krel" ]; then
		ok "unsupported-make/$krel"
	else
		notok "unsupported-make/$krel" "$(head -3 "$tmp/log" | tr '\n' ' ')"
	fi
	if mk "$krel" dkms-install; then
		notok "unsupported-dkms/$krel" "make dkms-install succeeded"
	elif has "Linux $krel (the running kernel) is not supported" && has "make dkms-install KSERIES=6.12" &&
		[ ! -e "$tmp/dkms.log" ]; then
		ok "unsupported-dkms/$krel"
	else
		notok "unsupported-dkms/$krel" "$(cat "$tmp/dkms.log" 2>/dev/null) $(head -3 "$tmp/log" | tr '\n' ' ')"
	fi
done
# the supported kernels with headers here are offered by name
for k in $(cd /lib/modules && ls -d 6.1.* 6.12.* 2>/dev/null); do
	[ -e "/lib/modules/$k/build/Makefile" ] || continue
	mk 5.10.0-30-amd64
	has "make KVER=$k" && ok "offers/$k" || notok "offers/$k" "not named in: $(head -5 "$tmp/log" | tr '\n' ' ')"
done

# a supported kernel without headers: which package to install
for krel in 6.1.0-999-amd64 6.12.999+deb12-amd64; do
	rm -f "$tmp/dkms.log"
	if mk "$krel" module; then
		notok "no-headers-make/$krel" "make module succeeded"
	elif has "no kernel headers for Linux $krel (the running kernel)" &&
		has "apt install linux-headers-$krel" && [ ! -e "$top/build/kmod/$krel" ]; then
		ok "no-headers-make/$krel"
	else
		notok "no-headers-make/$krel" "$(head -3 "$tmp/log" | tr '\n' ' ')"
	fi
	if mk 6.18.44-custom dkms-install KVER="$krel"; then
		notok "no-headers-dkms/$krel" "make dkms-install succeeded"
	elif has "no kernel headers for Linux $krel:" && has "apt install linux-headers-$krel" &&
		[ ! -e "$tmp/dkms.log" ]; then
		ok "no-headers-dkms/$krel"
	else
		notok "no-headers-dkms/$krel" "$(cat "$tmp/dkms.log" 2>/dev/null) $(head -3 "$tmp/log" | tr '\n' ' ')"
	fi
done
# KDIR alone names a tree: its own release decides, not uname -r
for k in $(cd /lib/modules && ls -d 6.1.* 6.12.* 2>/dev/null | head -1); do
	if PATH=$tmp/bin:$PATH FAKE_KREL=6.18.44-custom "$top/scripts/kcheck.sh" 6.18.44-custom "/lib/modules/$k/build" \
		> "$tmp/log" 2>&1; then ok kdir-tree
	else notok kdir-tree "KDIR=/lib/modules/$k/build refused: $(head -1 "$tmp/log")"; fi
done
mkdir -p "$tmp/k615/include/config"
echo 6.15.3 > "$tmp/k615/include/config/kernel.release"
touch "$tmp/k615/Makefile"
mk 6.1.0-77-amd64 module KDIR="$tmp/k615"
has "the kernel tree $tmp/k615 (Linux 6.15.3) is not supported" && ok kdir-unsupported ||
	notok kdir-unsupported "$(head -2 "$tmp/log" | tr '\n' ' ')"
mk 6.18.44-custom module KSERIES=5.4
has "no kernel release to build for" && ok bad-kseries || notok bad-kseries "$(head -3 "$tmp/log" | tr '\n' ' ')"

# the QEMU targets still boot Debian's 6.1 by default, whatever runs here
k61=$("$top/scripts/kver.sh" 6.1 2>/dev/null)
mk 6.18.44-custom -n demo
[ -n "$k61" ] && has "dkms.sh test-install $k61" && has "--kver 6.1 --suite demo" && ok demo-6.1 ||
	notok demo-6.1 "$(head -3 "$tmp/log" | tr '\n' ' ')"
# the demo's and the tests' DKMS steps are the test ones (daxmgr-test in
# build/dkms), never the admin's install or removal of daxmgr
grep -q 'dkms.sh \(install\|remove\)' "$tmp/log" && notok demo-own-dkms "$(grep 'dkms.sh' "$tmp/log" | head -2)" ||
	ok demo-own-dkms
hits=$(grep -n 'dkms.sh \(install\|remove\)\|dkms remove' "$top/tests/dkms/run.sh" "$top/tests/vm/run.sh")
[ -z "$hits" ] && ok tests-own-dkms || notok tests-own-dkms "$(echo "$hits" | head -2 | tr '\n' ' ')" "$(head -2 "$tmp/hits" | tr '\n' ' ')" || ok tests-own-dkms
for t in bench stress; do
	mk 6.18.44-custom -n "$t"
	has "-C /lib/modules/$k61/build" && ok "$t-6.1" || notok "$t-6.1" "$(head -3 "$tmp/log" | tr '\n' ' ')"
done

# the DKMS source: dkms.conf, driver/ and the licence, nothing else
"$top/scripts/dkms.sh" stage "$tmp/src/daxmgr-x"
got=$(cd "$tmp/src/daxmgr-x" && find . -type f | sed 's|^\./||' | sort)
want=$( (echo dkms.conf; echo COPYING; echo LICENSES/GPL-2.0; echo driver/Kbuild; echo driver/Makefile
	cd "$top" && ls driver/*.c driver/*.h) | sort)
[ "$got" = "$want" ] && ok dkms-stage-files ||
	notok dkms-stage-files "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
kb=$(du -sk --apparent-size "$tmp/src/daxmgr-x" | cut -f1)
[ "$kb" -lt 512 ] && ok "dkms-stage-size (${kb} KiB)" || notok dkms-stage-size "${kb} KiB"
# every file the driver's sources include from the tree is in it
miss=
for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$top"/driver/*.c "$top"/driver/*.h | sort -u); do
	[ -f "$tmp/src/daxmgr-x/driver/$inc" ] || miss="$miss $inc"
done
[ -z "$miss" ] && ok dkms-stage-includes || notok dkms-stage-includes "missing:$miss"
# dkms.conf builds in driver/ for the kernel DKMS names; the CLI has its version
grep -q '^MAKE\[0\]="make -C driver KVER=${kernelver} modules"' "$tmp/src/daxmgr-x/dkms.conf" &&
	grep -q '^BUILT_MODULE_LOCATION\[0\]="driver/"' "$tmp/src/daxmgr-x/dkms.conf" && ok dkms-conf ||
	notok dkms-conf "dkms.conf does not build driver/ with KVER=\${kernelver}"
v=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
[ "$("$top/build/bin/daxmgr" --version 2>&1)" = "$v" ] && ok one-version ||
	notok one-version "daxmgr --version is not dkms.conf's $v"

# a fast first run: make deps does not build the debug kernel (about 25
# minutes) that make demo never boots; the steps that boot it build it
mk 6.18.44-custom -n deps
has scripts/deps.sh && ! has debug-kernel.sh && ok deps-no-debug-kernel ||
	notok deps-no-debug-kernel "make deps: $(tr '\n' ' ' < "$tmp/log" | head -c 200)"
mk 6.18.44-custom -n demo
has debug-kernel.sh && notok demo-no-debug-kernel "make demo builds the debug kernel" || ok demo-no-debug-kernel
for t in check check-vm check-dkms stress; do
	mk 6.18.44-custom -n "$t"
	has debug-kernel.sh && ok "$t-builds-debug-kernel" ||
		notok "$t-builds-debug-kernel" "make $t boots or builds for the debug kernel without building it"
done
