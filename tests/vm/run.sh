#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Boot the Debian kernel in QEMU with an emulated NVDIMM, run guest test
# cases, and report each one.  The run fails if any case fails, if the guest
# does not finish in time, or if its kernel log shows a WARNING, BUG, Oops,
# stack trace or hung task.
#
# Usage: run.sh [--kver SERIES|RELEASE] [--suite SUITE] [--name NAME]
#               [--timeout SECS] [--nvdimms N] [--nvdimm-size SIZE]
#               [--boots N] [--module KO] [--mem SIZE] [--smp N]
#               [--env NAME=VALUE]... [CASE...]
#   --module installs that daxmgr.ko[.xz] (e.g. the DKMS-built one) in the
#   guest's updates/dkms instead of the one built from driver/.
#   --mem (default 2G) and --smp (default 2) size the guest; maxmem is
#   made room for every NVDIMM.  DAXMGR_ACCEL replaces the accelerator
#   arguments (tests/vm/accel.sh), e.g. for instruction counting.
#   --expect-kernel-report MARKER turns the kernel log check around, for a
#   run that shows a kernel bug on purpose (the device_dax side of the
#   proofs, suites/proof-device_dax*): the log before the first line with
#   MARKER must be clean, and after it the kernel must report something
#   (check-log.sh finds a KASAN, BUG, Oops, bad page... line), or the
#   guest must die; a clean log after MARKER from a guest that finished
#   fails the run.  --expect-report-pattern REGEX (grep -E) names the
#   report: the log from MARKER on must match it (e.g. the function in
#   the crash).  The verdict is tests/vm/judge-report.sh's; the log from
#   MARKER on is kept in cases/kernel-report.log.
#   CASEs default to the list in suites/SUITE (default: check).  Results go to
#   build/vm/NAME/ (console.log = guest kernel log, cases/*.log) and a
#   tab-separated summary to build/results/vm-NAME.tsv.
#
#   Two 2 GiB NVDIMMs by default (--nvdimms), equal and label-less: namespace0.0
#   (region0) is the one lib.sh's NS/REGION give to daxmgr, namespace1.0
#   (region1) carries the kernel device_dax reference of the compat cases.
#   --skip CASE (repeatable) leaves CASE out of the suite's list.
#   --label-size SIZE gives every NVDIMM a label area (QEMU label-size):
#   its region then starts with no namespace, and cases create them with
#   ndctl create-namespace -r REGION -s SIZE (suites/labels).
#
#   Several boots on the same NVDIMM backing files: a CASE list (or suite)
#   split by "@boot" lines/words gives each boot its own cases; --boots N
#   runs the (last) list again until there are N boots.  Cases see BOOT (1,
#   2, ...) and BOOTS.  Earlier boots skip the per-case cleanup, so what a
#   case leaves (a devdax namespace, a device bound to daxmgr, its data) is
#   there for the next boot.  /etc/daxmgr survives like on a host's root
#   file system: the guest keeps it in a tar on a small virtio disk
#   (persist.img) that it writes when a boot ends and reads when one starts.
#   A case's results in boot B > 1 are reported as CASE@bootB; --timeout
#   bounds each boot.  console.log is every boot's kernel log in turn
#   (console.B.log one boot's), and the WARN/BUG/Oops/trace/hung-task scan
#   covers all of them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/scripts/kver.sh"

series=6.1 name= timeout=1500 nvdimms=2 nvsize=2G suite=check module= moddir=extra boots=1
labels=
mem=2G smp=2
expect= expect_pattern=
skips=()
envs=()
while [ $# -gt 0 ]; do
	case $1 in
	--module) module=$2; moddir=updates/dkms; shift 2 ;;
	--suite) suite=$2; shift 2 ;;
	--kver) series=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--nvdimms) nvdimms=$2; shift 2 ;;
	--nvdimm-size) nvsize=$2; shift 2 ;;
	--label-size) labels=,label-size=$2; shift 2 ;;
	--boots) boots=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--expect-kernel-report) expect=$2; shift 2 ;;
	--expect-report-pattern) expect_pattern=$2; shift 2 ;;
	--skip) skips+=("$2"); shift 2 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ -z "$expect_pattern" ] || [ -n "$expect" ] ||
	{ echo "run.sh: --expect-report-pattern needs --expect-kernel-report" >&2; exit 2; }
cases=${*:-$(grep -v '^#' "$here/suites/$suite")}
for c in "${skips[@]}"; do
	[ -f "$here/cases/$c.sh" ] || { echo "run.sh: --skip: no case '$c'" >&2; exit 2; }
	cases=$(printf '%s\n' $cases | grep -vx -- "$c")
done
# boot_lists[B-1]: the cases of boot B
boot_lists=()
cur=
for c in $cases; do
	if [ "$c" = @boot ]; then boot_lists+=("$cur"); cur=; else cur="$cur $c"; fi
done
boot_lists+=("$cur")
while [ ${#boot_lists[@]} -lt "$boots" ]; do
	boot_lists+=("${boot_lists[-1]}")
done
boots=${#boot_lists[@]}
cases=$(printf '%s\n' "${boot_lists[@]}" | tr ' ' '\n' | awk 'NF && !seen[$0]++')
kver=$(kver_resolve "$series")
name=${name:-$suite-$series}
out=$top/build/vm/$name
rm -rf "$out"
ovl=$out/overlay
mkdir -p "$out/cases" "$ovl/daxmgr/bin" "$ovl/daxmgr/lib" "$ovl/daxmgr/cases" \
	"$ovl/lib/modules/$kver/$moddir" "$top/build/results"

for c in $cases; do
	[ -f "$here/cases/$c.sh" ] || { echo "run.sh: no case '$c'" >&2; exit 2; }
done

# --- build what goes into the guest -------------------------------------
# Lanes run side by side (scripts/lanes.sh) and share build/: one of them
# at a time builds and takes its copies, so none copies a file another is
# writing (kbuild relinks daxmgr.ko on every copy of driver/).
exec 8>"$top/build/.guest-build.lock"
flock 8
make -s -C "$top" KVER="$kver" guest-bins >/dev/null
cp "${module:-$top/build/kmod/$kver/daxmgr.ko}" "$ovl/lib/modules/$kver/$moddir/"
cp "$top"/build/guest/bin/* "$top/build/bin/daxmgr" "$ovl/daxmgr/bin/"
cp "$top/build/lib/libdaxmgr.so.1" "$ovl/daxmgr/lib/"
cp "$here/guest/lib.sh" "$here/guest/compat.sh" "$ovl/daxmgr/"
install -m755 "$here/guest/init" "$ovl/init"
exec 8>&-
for c in $cases; do
	cp "$here/cases/$c.sh" "$ovl/daxmgr/cases/"
done
for b in $(seq "$boots"); do
	echo "${boot_lists[$((b - 1))]}" | tr ' ' '\n' | grep . > "$ovl/daxmgr/tests.$b" || true
done
echo "$boots" > "$ovl/daxmgr/boots"
# --env settings reach every case (e.g. CYCLES, FUZZ_INPUTS)
for e in "${envs[@]}"; do
	printf 'export %q\n' "$e"
done > "$ovl/daxmgr/env"
"$here/initramfs.sh" "$kver" "$ovl" "$out/initrd.cpio"

# --- boot ------------------------------------------------------------------
kimg=$(kimg_dir "$kver")
vmlinuz=$kimg/boot/vmlinuz-$kver
. "$here/qemu-nvdimm.sh"
nvdimm_args "$out" "$nvdimms" "$nvsize" "$labels" "$mem"
# the guest's "root file system" for /etc/daxmgr (a tar, see above)
truncate -s 16M "$out/persist.img"
accel=$("$here/accel.sh" "$vmlinuz")

start=$(date +%s)
rc=0
: > "$out/console.log"
: > "$out/results.txt"
for b in $(seq "$boots"); do
	brc=0
	timeout "$timeout" qemu-system-x86_64 $accel -smp "$smp" "${NV_QEMU[@]}" \
		-drive "file=$out/persist.img,format=raw,if=virtio" \
		-kernel "$vmlinuz" -initrd "$out/initrd.cpio" \
		-append "console=ttyS0 panic=-1 loglevel=7 mitigations=off vmtest.boot=$b" \
		-serial "file:$out/console.$b.log" -serial "file:$out/results.$b.log" \
		</dev/null >"$out/qemu.$b.log" 2>&1 || brc=$?
	[ "$boots" = 1 ] || echo "@@@@ boot $b of $boots @@@@" >> "$out/console.log"
	cat "$out/console.$b.log" >> "$out/console.log"
	tr -d '\r' < "$out/results.$b.log" > "$out/results.$b.txt"
	cat "$out/results.$b.txt" >> "$out/results.txt"
	[ "$brc" = 0 ] || { rc=$brc; break; }
	# a boot that did not finish leaves nothing sound to boot again on
	grep -q '^@@DAXMGR-DONE' "$out/results.$b.txt" || break
done
elapsed=$(($(date +%s) - start))
rm -f "$out"/nvdimm*.img "$out/persist.img"

# --- results ---------------------------------------------------------------
summary=$top/build/results/vm-$name.tsv
: > "$summary"
pass=0 failn=0
record() { # NAME pass|fail DETAIL [SECONDS]
	printf '%s\t%s\t%s\n' "vm/$name/$1" "$2" "$3" >> "$summary"
	if [ "$2" = pass ]; then
		pass=$((pass + 1))
		printf '  PASS  %s%s\n' "$1" "${4:+ (${4}s)}"
	else
		failn=$((failn + 1))
		printf '  FAIL  %s  (%s; log: %s)\n' "$1" "$3" "${out#"$top"/}/cases/$1.log"
	fi
}

echo "vm[$name]: kernel $kver, $accel, ${elapsed}s"
# --expect-kernel-report: did the guest get as far as the marker?
reached=
[ -n "$expect" ] && grep -qF -- "$expect" "$out/console.log" && reached=1
for b in $(seq "$boots"); do
	res=$out/results.$b.txt
	for c in ${boot_lists[$((b - 1))]}; do
		r=$c
		[ "$b" = 1 ] || r=$c@boot$b
		awk -v c="$c" '$1 == "@@DAXMGR-BEGIN" && $2 == c {on = 1; next}
			on && $1 == "@@DAXMGR-END" {exit}
			on {print}' "$res" > "$out/cases/$r.log"
		crc=$(awk -v c="$c" '$1 == "@@DAXMGR-END" && $2 == c {print $3}' "$res")
		secs=$(awk -v c="$c" '$2 == c && $1 == "@@DAXMGR-BEGIN" {b = $3}
			$2 == c && $1 == "@@DAXMGR-END" {printf "%.1f", $4 - b}' "$res")
		case $crc in
		0) record "$r" pass "" "$secs" ;;
		"") if [ -n "$reached" ]; then
			record "$r" pass "ended by the kernel's report (see kernel-report)"
		else
			record "$r" fail "did not finish"
		fi ;;
		137) record "$r" fail "timed out" ;;
		*) record "$r" fail "exit $crc" ;;
		esac
		if [ "$crc" != 0 ]; then
			sed 's/^/        | /' "$out/cases/$r.log" | tail -15
		fi
	done
done

finished=$(grep -c '^@@DAXMGR-DONE' "$out/results.txt" || true)
if [ "$finished" != "$boots" ] && [ -n "$reached" ]; then
	record guest-finished pass "guest stopped after '$expect': see kernel-report"
elif [ "$finished" != "$boots" ]; then
	if [ "$rc" = 124 ]; then why="guest timed out after ${timeout}s"; else why="guest stopped early (qemu rc $rc)"; fi
	record guest-finished fail "$why"
	tail -20 "$out/console.log" | sed 's/^/        | /'
else
	record guest-finished pass ""
fi
# every boot must have set up and run the boot-time autobind (udev's job)
if bad=$(grep -E '^@@DAXMGR-(SETUP-FAILED|AUTOBIND-)' "$out/results.txt"); then
	record guest-boot-setup fail "$(echo "$bad" | head -1)"
else
	record guest-boot-setup pass ""
fi
if [ -n "$expect" ]; then
	# before MARKER: clean; after it: the report the run is there to show
	fin=yes
	[ "$finished" = "$boots" ] || fin=no
	if verdict=$("$here/judge-report.sh" "$out/console.log" "$expect" "$fin" \
		"$expect_pattern" "$out"); then
		cp "$out/console.after" "$out/cases/kernel-report.log"
		record kernel-report pass ""
		printf '%s\n' "$verdict" | head -9 | sed '1s/^/  /; 2,$s/^/        | /'
	else
		record kernel-report fail "$(printf '%s\n' "$verdict" | head -1)"
		printf '%s\n' "$verdict" | sed 1d | head -20 | sed 's/^/        | /'
		[ ! -s "$out/console.after" ] || cp "$out/console.after" "$out/cases/kernel-report.log"
	fi
elif bad=$("$here/check-log.sh" "$out/console.log"); then
	record guest-kernel-log pass ""
else
	record guest-kernel-log fail "kernel log has WARN/BUG/Oops/trace/hung task"
	printf '%s\n' "$bad" | head -20 | sed 's/^/        | /'
	cp "$out/console.log" "$out/cases/guest-kernel-log.log"
fi
echo "vm[$name]: $pass passed, $failn failed"
[ "$failn" = 0 ]
