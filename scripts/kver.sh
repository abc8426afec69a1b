#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# shellcheck shell=bash
# Helpers shared by the build and test scripts: resolve a kernel series
# ("6.1", "6.12") to the exact Debian kernel release, and locate its cache.

DAXMGR_CACHE=${DAXMGR_CACHE:-/var/cache/daxmgr}

# kver_resolve SERIES -> prints e.g. 6.1.0-56-amd64.  "6.12-debug" is the
# debug kernel scripts/debug-kernel.sh builds from Debian's 6.12 source.
kver_resolve() {
	case $1 in
	6.12-debug)
		grep . "$DAXMGR_CACHE/kdebug/release" 2>/dev/null ||
			{ echo "kver: no debug kernel built (run make deps)" >&2; return 1; } ;;
	6.1)
		apt-cache depends linux-headers-amd64 2>/dev/null |
			sed -n 's/.*Depends: linux-headers-\(6\.1\.0-[0-9]*-amd64\)$/\1/p' |
			head -1 | grep . ;;
	6.12)
		apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' 2>/dev/null |
			awk '{print $1}' | sort -V | tail -1 | sed 's/^linux-headers-//' | grep . ;;
	[0-9]*.*-amd64 | [0-9]*.*-daxmgr-debug)
		echo "$1" ;;
	*)
		echo "kver: unknown kernel series '$1'" >&2
		return 1 ;;
	esac
}

kimg_dir() { echo "$DAXMGR_CACHE/kimg/$1"; }

# Run as a script: print the release for a series.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	kver_resolve "${1:-6.1}"
fi
