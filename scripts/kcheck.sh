#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Can daxmgr.ko be built for kernel release KVER?  Silent with exit 0 when
# it can; otherwise says why and what to type instead, and exits 2:
#   - a kernel outside the 6.1 and 6.12 series (driver/Kbuild refuses it too,
#     but only once its headers are there; this says so before);
#   - a supported kernel whose headers (KDIR) are not installed.
# Used by `make module` (so by `make`) and by `make dkms-install`.
# Usage: scripts/kcheck.sh KVER [KDIR [GOAL]]
#   KDIR default /lib/modules/KVER/build; GOAL the make goal to suggest.
kver=$1
kdir=${2:-/lib/modules/$kver/build}
goal=make${3:+ $3}

say() { echo "daxmgr: $*" >&2; }
more() { echo "  $*" >&2; }

# The kernels whose headers are here and that daxmgr supports, as hints.
candidates() {
	local d k
	for d in /lib/modules/*/build; do
		[ -e "$d/Makefile" ] || continue
		k=${d#/lib/modules/}
		k=${k%/build}
		case $k in 6.1.* | 6.12.*) echo "$k" ;; esac
	done
}

hint() {
	local ks k
	ks=$(candidates)
	if [ -n "$ks" ]; then
		more "Kernels with headers here that daxmgr supports:"
		for k in $ks; do more "  $goal KVER=$k"; done
	else
		more "No supported kernel's headers are installed: \`make deps\` installs Debian's 6.1 and 6.12 ones."
	fi
	more "KSERIES=6.1 or KSERIES=6.12 picks Debian's current release of a series ($goal KSERIES=6.12)."
	more "The library and the CLI need no kernel: make lib cli builds only them, make install installs them."
}

if [ -z "$kver" ]; then
	say "no kernel release to build for (KVER is empty: did KSERIES name a known series, 6.1, 6.12 or 6.12-debug?)"
	hint
	exit 2
fi

what="Linux $kver"
[ "$kver" = "$(uname -r)" ] && what="$what (the running kernel)"
# KDIR given for a tree of its own (make KDIR=...): its release decides
rel=$kver
if [ "$kdir" != "/lib/modules/$kver/build" ] && [ -s "$kdir/include/config/kernel.release" ]; then
	rel=$(cat "$kdir/include/config/kernel.release")
	what="the kernel tree $kdir (Linux $rel)"
fi

case $rel in
6.1.* | 6.12.*) ;;
*)
	say "$what is not supported: daxmgr.ko builds for Debian's 6.1 and 6.12 kernels only"
	more "(it carries the dax bus layouts of those two series; 6.15 on have no pfn_t or devmap PTEs)."
	hint
	exit 2 ;;
esac

if [ ! -e "$kdir/Makefile" ]; then
	say "no kernel headers for $what: $kdir does not exist."
	case $kver in
	*-daxmgr-debug) more "The debug kernel's headers come from scripts/debug-kernel.sh (make deps)." ;;
	*) more "Install them: apt install linux-headers-$kver" ;;
	esac
	hint
	exit 2
fi
exit 0
