#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The daxmgr CLI (ASan/UBSan build) against fake sysfs and /proc trees:
# output formats, exit codes (64 for bad usage, else the errno of the
# failure) and one-line error messages.
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/build/asan/daxmgr
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DAXMGR_SYSFS=$tmp/sys DAXMGR_PROC=$tmp/proc DAXMGR_DEV=$tmp/dev DAXMGR_CONF_DIR=$tmp/etc/daxmgr/daxmgr.conf.d
mkdir -p "$tmp/sys" "$tmp/proc" "$tmp/dev"

ok() { echo "ok cli/$1"; }
notok() { echo "not ok cli/$1: $2"; }

# run NAME WANT_RC ARGS...: run the CLI; stdout in $tmp/out, stderr in $tmp/err
run() {
	local name=$1 want=$2
	shift 2
	"$cli" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" = "$want" ]; then ok "$name"; else notok "$name" "rc $rc, want $want; stderr: $(head -3 "$tmp/err")"; fi
}

# a usage error: 64 (EX_USAGE, not a kernel EINVAL) and exactly one line
# on stderr, nothing on stdout
usage_error() {
	local name=$1
	shift
	run "$name" 64 "$@"
	local lines
	lines=$(wc -l < "$tmp/err")
	if [ "$lines" = 1 ] && [ ! -s "$tmp/out" ]; then ok "$name/one-line"
	else notok "$name/one-line" "$lines stderr lines: $(cat "$tmp/err")"; fi
}

expect_in() { # NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else notok "$1" "'$3' not in: $(head -5 "$2")"; fi
}

# the refusal's reason is the library's words (the device, why, what was
# not done), as line 1 of stderr; the CLI's own additions follow, indented
expect_reason() { # NAME TEXT [LINE2]
	local got
	got=$(head -1 "$tmp/err")
	[ "$got" = "$2" ] && ok "$1/reason" || notok "$1/reason" "line 1 is '$got', want '$2'"
	[ $# -lt 3 ] && return
	got=$(sed -n 2p "$tmp/err")
	[ "$got" = "$3" ] && ok "$1/line2" || notok "$1/line2" "line 2 is '$got', want '$3'"
}

json_get() { # FILE PYEXPR (on the parsed JSON as j)
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1
}

D=$tmp/sys/bus/dax/devices
R=$tmp/sys/bus/dax/drivers

add_dev() { # NAME DRIVER|- ATTR=VALUE...
	local d=$D/$1 drv=$2 kv
	mkdir -p "$d"
	for kv in resource=0x100000000 size=1073741824 align=2097152 target_node=0 numa_node=0; do
		echo "${kv#*=}" > "$d/${kv%%=*}"
	done
	if [ "$drv" = daxmgr ]; then
		for kv in state=live pin_mode=vma vmas=0 pinned_pages=0 faults_pte=0 faults_pmd=512 faults_pud=0; do
			echo "${kv#*=}" > "$d/${kv%%=*}"
		done
		: > "$d/quiesce"; : > "$d/unquiesce"; : > "$d/revoke"
	fi
	rm -f "$d/driver"
	[ "$drv" = - ] || ln -s "../../drivers/$drv" "$d/driver"
	shift 2
	for kv in "$@"; do echo "${kv#*=}" > "$d/${kv%%=*}"; done
}

add_driver() {
	mkdir -p "$R/$1"
	: > "$R/$1/bind"; : > "$R/$1/unbind"; : > "$R/$1/new_id"; : > "$R/$1/remove_id"
}

run help 0 --help
expect_in help/lists-commands "$tmp/out" "set-pin-mode"
expect_in help/lists-autobind "$tmp/out" "autobind"
run version 0 --version
expect_in version/number "$tmp/out" "$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")"
usage_error no-command
usage_error unknown-command frobnicate
# help CMD opens the man page (man(1) finds it through MANPATH here)
mkdir -p "$tmp/man/man8"
ln -s "$top"/docs/man/*.8 "$tmp/man/man8/"
MANPATH=$tmp/man MANPAGER=cat PAGER=cat MANWIDTH=80 run help-cmd 0 help unbind
expect_in help-cmd/man-page "$tmp/out" "daxmgr-unbind"
expect_in help-cmd/man-section "$tmp/out" "EXIT STATUS"
MANPATH=$tmp/man MANPAGER=cat PAGER=cat run help-main 0 help
expect_in help-main/man-page "$tmp/out" "PINNING POLICIES"
usage_error help-unknown help frobnicate
# CMD --help lists every option with its short form and a line of meaning
for c in list create destroy unbind bind set-pin-mode autobind list-records remove-record; do
	"$cli" "$c" --help > "$tmp/help" 2>&1
	if ! grep -q "^usage: daxmgr $c" "$tmp/help"; then notok "cmd-help/$c" "$(head -3 "$tmp/help")"; continue; fi
	bad=$(grep -E '^    -' "$tmp/help" | grep -vE '^    -[a-zA-Z], --[a-z-]+(=[^ ]+)?( {2,}[^ ].*)?$')
	n=$(grep -cE '^    -[a-zA-Z], --' "$tmp/help")
	[ -z "$bad" ] && [ "$n" -ge 2 ] && ok "cmd-help/$c" || notok "cmd-help/$c" "$n options; bad lines: $bad"
done
"$cli" unbind --help > "$tmp/help"
for o in "-w, --wait=SECONDS" "-f, --force" "-v, --verbose" "-h, --help" "Exit status"; do
	expect_in "cmd-help/unbind/$o" "$tmp/help" "$o"
done
"$cli" list --help > "$tmp/help"
for o in "-d, --dev=DEV" "-r, --region=REGION" "-n, --namespace=NS" "-H, --holders" "-u, --human" "-a, --all"; do
	expect_in "cmd-help/list/$o" "$tmp/help" "$o"
done

# every line of every help within 80 columns
for c in "" list create destroy unbind bind set-pin-mode autobind; do
	# shellcheck disable=SC2086
	"$cli" $c --help > "$tmp/help" 2>&1
	long=$(awk 'length > 80' "$tmp/help")
	[ -z "$long" ] && ok "help-80/${c:-daxmgr}" || notok "help-80/${c:-daxmgr}" "$(echo "$long" | head -2)"
done
# help CMD without man pages: the --help text, not man's exit status
MANPATH=$tmp/noman run help-no-man 0 help unbind
expect_in help-no-man/help-text "$tmp/out" "usage: daxmgr unbind"
MANPATH=$tmp/noman run help-no-man-main 0 help
expect_in help-no-man-main/usage "$tmp/out" "usage: daxmgr"
# --wait takes seconds with or without an s (and minutes)
add_driver daxmgr
add_dev dax0.0 daxmgr
run wait-suffix 0 unbind dax0.0 --wait 10s
run wait-minutes 0 unbind dax0.0 --wait 1m
usage_error wait-bad-suffix unbind dax0.0 --wait 10x
usage_error wait-too-long unbind dax0.0 --wait 2d
# a name that is no dax device's is a usage error; a well-formed one that
# does not exist is ENODEV
usage_error malformed-dev unbind foo
usage_error malformed-dev-bind bind dax0
run missing-dev 19 unbind dax9.9
rm -rf "$R" "$D"
# a write error on stdout is a failure, not exit 0
if [ -w /dev/full ]; then
	"$cli" --help > /dev/full 2> "$tmp/err"
	rc=$?
	[ "$rc" != 0 ] && grep -q "stdout" "$tmp/err" && ok stdout-full ||
		notok stdout-full "rc $rc: $(cat "$tmp/err")"
fi

# not root, on the real /sys: refused before anything is read, but after
# the arguments (a usage error is a usage error for anyone)
if command -v setpriv > /dev/null; then
	DAXMGR_SYSFS= setpriv --reuid=65534 --regid=65534 --clear-groups "$cli" unbind --frobnicate dax0.0 > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ "$rc" = 64 ] && ok not-root/usage-first || notok not-root/usage-first "rc $rc: $(cat "$tmp/err")"
	for c in "unbind dax0.0" "bind dax0.0" "create --namespace namespace0.0" "destroy dax0.0" "set-pin-mode dax0.0 io" "autobind --all" "remove-record dax0.0"; do
		# shellcheck disable=SC2086
		DAXMGR_SYSFS= setpriv --reuid=65534 --regid=65534 --clear-groups "$cli" $c > "$tmp/out" 2> "$tmp/err"
		rc=$?
		[ "$rc" = 1 ] && grep -q "must be root" "$tmp/err" && [ "$(wc -l < "$tmp/err")" = 1 ] &&
			ok "not-root/${c%% *}" || notok "not-root/${c%% *}" "rc $rc: $(cat "$tmp/err")"
	done
fi

# -v: libkmod's (and libndctl's, libdaxctl's) messages reach the user.  On
# the host's real /sys, where daxmgr.ko does not exist, create must load it.
if ! modinfo daxmgr > /dev/null 2>&1; then
	DAXMGR_SYSFS= "$cli" -v create --namespace namespace0.0 > "$tmp/out" 2> "$tmp/err"
	grep -q "^daxmgr create: kmod_module_insert_module: could not find module by name='daxmgr'" "$tmp/err" &&
		ok verbose/libkmod || notok verbose/libkmod "$(cat "$tmp/err")"
	DAXMGR_SYSFS= "$cli" create --namespace namespace0.0 > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && ok verbose/quiet-without-v ||
		notok verbose/quiet-without-v "rc $rc: $(cat "$tmp/err")"
fi

# no dax bus: nothing listed, nothing printed, as daxctl list
run list-empty 0 list
[ ! -s "$tmp/out" ] && ok list-empty/silent || notok list-empty/silent "$(cat "$tmp/out")"

mkdir -p "$D"
add_driver device_dax
add_driver daxmgr
add_dev dax0.0 daxmgr vmas=1
add_dev dax1.0 - resource=0x140000000 target_node=-1
add_dev dax2.0 device_dax

run list 0 list
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.0', 'dax1.0']" ] && ok list/ours-and-unbound || notok list/ours-and-unbound "$v"
# daxctl's names and types for what both show, then ours
v=$(json_get "$tmp/out" 'j[0]["chardev"], j[0]["size"], j[0]["target_node"], j[0]["align"], j[0]["mode"], j[0]["numa_node"]')
[ "$v" = "dax0.0 1073741824 0 2097152 devdax 0" ] && ok list/daxctl-fields || notok list/daxctl-fields "$v"
v=$(json_get "$tmp/out" '[type(j[0][k]).__name__ for k in ("chardev", "size", "target_node", "align", "mode", "numa_node")]')
[ "$v" = "['str', 'int', 'int', 'int', 'str', 'int']" ] && ok list/daxctl-types || notok list/daxctl-types "$v"
v=$(json_get "$tmp/out" 'j[0]["driver"], j[0]["state"], j[0]["pin_mode"], j[0]["vmas"], j[0]["faults"]["pmd"], j[0]["resource"]')
[ "$v" = "daxmgr live vma 1 512 4294967296" ] && ok list/our-fields || notok list/our-fields "$v"
v=$(json_get "$tmp/out" '[type(j[0][k]).__name__ for k in ("vmas", "resource")], sorted(j[0]["faults"]), "mappings" in j[0]')
[ "$v" = "['int', 'int'] ['pmd', 'pte', 'pud'] False" ] && ok list/our-types || notok list/our-types "$v"
v=$(json_get "$tmp/out" '"target_node" in j[1], "driver" in j[1], j[1]["state"], "pin_mode" in j[1], "vmas" in j[1]')
[ "$v" = "False False disabled False False" ] && ok list/unbound-device || notok list/unbound-device "$v"
# counting pinned pages visits every touched unit: only when asked
v=$(json_get "$tmp/out" '"pinned_pages" in j[0]')
[ "$v" = False ] && ok list/pinned-not-counted || notok list/pinned-not-counted "$v"
run list-pinned 0 list --pinned
v=$(json_get "$tmp/out" 'j[0]["pinned_pages"], type(j[0]["pinned_pages"]).__name__, "pinned_pages" in j[1]')
[ "$v" = "0 int False" ] && ok list-pinned/counted || notok list-pinned/counted "$v"
# resource as daxctl prints it: a number, hex (a string) with -u
run list-resource-human 0 list -u -d dax1.0
v=$(json_get "$tmp/out" 'j["resource"]')
[ "$v" = 0x140000000 ] && ok list-resource-human/hex || notok list-resource-human/hex "$v"
run list-all 0 list --all
v=$(json_get "$tmp/out" '[(d["chardev"], d.get("driver"), d.get("state")) for d in j]')
[ "$v" = "[('dax0.0', 'daxmgr', 'live'), ('dax1.0', None, 'disabled'), ('dax2.0', 'device_dax', None)]" ] &&
	ok list-all/drivers || notok list-all/drivers "$v"
# -u and one device: the object itself, as daxctl list -u prints it
run list-human 0 list -u -d dax0.0
v=$(json_get "$tmp/out" 'type(j).__name__, j["size"], j["align"]')
[ "$v" = "dict 1024.00 MiB (1073.74 MB) 2097152" ] && ok list-human/sizes || notok list-human/sizes "$v"
echo 2145386496 > "$D/dax2.0/size"; echo 1073741824 > "$D/dax2.0/align"
run list-human-gib 0 list -u -d dax2.0
v=$(json_get "$tmp/out" 'j["size"], j["align"]')
[ "$v" = "2046.00 MiB (2145.39 MB) 1024.00 MiB (1073.74 MB)" ] && ok list-human/ndctl-style || notok list-human/ndctl-style "$v"
echo 2199023255552 > "$D/dax2.0/size"; echo 5119999 > "$D/dax2.0/align"
run list-human-tib 0 list -u -d dax2.0
v=$(json_get "$tmp/out" 'j["size"], j["align"]')
[ "$v" = "2.00 TiB (2.20 TB) 5119999" ] && ok list-human/tib || notok list-human/tib "$v"
run list-human-two 0 list -u
v=$(json_get "$tmp/out" 'type(j).__name__, len(j)')
[ "$v" = "list 2" ] && ok list-human-two/array || notok list-human-two/array "$v"
run list-one-no-u 0 list -d dax0.0
v=$(json_get "$tmp/out" 'type(j).__name__, len(j)')
[ "$v" = "list 1" ] && ok list-one-no-u/array || notok list-one-no-u/array "$v"
run list-two 0 list -d dax2.0 -d /dev/dax0.0
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.0', 'dax2.0']" ] && ok list-two/filter || notok list-two/filter "$v"
# daxctl's filter forms: X.Y and all for -d, N, regionN and all for -r
run list-dev-xy 0 list -d 2.0
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax2.0']" ] && ok list-dev-xy/filter || notok list-dev-xy/filter "$v"
run list-dev-all 0 list -d all
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.0', 'dax1.0', 'dax2.0']" ] && ok list-dev-all/filter || notok list-dev-all/filter "$v"
for r in 1 region1; do
	run "list-region-$r" 0 list -r $r
	v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
	[ "$v" = "['dax1.0']" ] && ok "list-region-$r/filter" || notok "list-region-$r/filter" "$v"
done
run list-region-all 0 list -r all --all
v=$(json_get "$tmp/out" 'len(j)')
[ "$v" = 3 ] && ok list-region-all/filter || notok list-region-all/filter "$v"
run list-region-and-dev 0 list -r 0 -d dax2.0
[ ! -s "$tmp/out" ] && ok list-region-and-dev/both-apply || notok list-region-and-dev/both-apply "$(cat "$tmp/out")"
# a filter that matches nothing: nothing printed, success, as daxctl
run list-unknown-dev 0 list -d dax9.9
[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] && ok list-unknown-dev/silent || notok list-unknown-dev/silent "$(cat "$tmp/out" "$tmp/err")"
run list-unknown-region 0 list -r 7
[ ! -s "$tmp/out" ] && ok list-unknown-region/silent || notok list-unknown-region/silent "$(cat "$tmp/out")"
# no namespaces in a fake tree: -n matches nothing
run list-namespace 0 list -n namespace0.0
[ ! -s "$tmp/out" ] && ok list-namespace/silent || notok list-namespace/silent "$(cat "$tmp/out")"
# --holders: who maps each device
mkdir -p "$tmp/proc/4244"
printf '%s\n' "7f0000000000-7f0000200000 rw-s 00000000 00:05 79 $tmp/dev/dax0.0" \
	"7f0000400000-7f0000600000 rw-s 00200000 00:05 79 $tmp/dev/dax0.0" > "$tmp/proc/4244/maps"
echo myapp > "$tmp/proc/4244/comm"
run list-holders 0 list --holders
v=$(json_get "$tmp/out" 'j[0]["holders"], "holders" in j[1]')
[ "$v" = "[{'pid': 4244, 'comm': 'myapp', 'vmas': 2}] False" ] && ok list-holders/pids || notok list-holders/pids "$v"
run list-no-holders 0 list
v=$(json_get "$tmp/out" '"holders" in j[0]')
[ "$v" = False ] && ok list-no-holders/omitted || notok list-no-holders/omitted "$v"
rm -rf "$tmp/proc/4244"
usage_error list-extra-arg list dax0.0
# daxctl's "mode": system-ram for a device kmem has, devdax otherwise
add_driver kmem
add_dev dax3.0 kmem
run list-kmem 0 list -d dax3.0 -d dax2.0
v=$(json_get "$tmp/out" '[(d["chardev"], d["mode"]) for d in j]')
[ "$v" = "[('dax2.0', 'devdax'), ('dax3.0', 'system-ram')]" ] && ok list-kmem/mode || notok list-kmem/mode "$v"
rm -rf "$D/dax3.0"
# bash completion: the command after global options, and only the
# devices the command takes (dax0.0 daxmgr, dax1.0 unbound, dax2.0 device_dax)
compl() { # WORD... (the last is the one being completed)
	(
		# shellcheck disable=SC1091
		. "$top/cli/daxmgr.bash-completion"
		COMP_WORDS=(daxmgr "$@")
		COMP_CWORD=$#
		_daxmgr
		echo "${COMPREPLY[*]}"
	)
}
export DAXMGR_SYSFS
v=$(compl -v unbind '')
[ "$v" = "--wait --force dax0.0 all --verbose --help" ] && ok completion/unbind-after-v || notok completion/unbind-after-v "$v"
v=$(compl bind '')
[ "$v" = "dax1.0 dax0.0 all --verbose --help" ] && ok completion/bind || notok completion/bind "$v"
v=$(compl create --device '')
[ "$v" = "dax2.0" ] && ok completion/create-device || notok completion/create-device "$v"
v=$(compl --verbose '')
case " $v " in *" unbind "*) ok completion/command-after-v ;; *) notok completion/command-after-v "$v" ;; esac
v=$(compl set-pin-mode dax0.0 '')
[ "$v" = "vma io dax0.0 all --verbose --help" ] && ok completion/set-pin-mode-mode || notok completion/set-pin-mode-mode "$v"
# a zero-size device (a region's seed) is hidden unless -i, as by daxctl
add_dev dax1.1 - size=0
run list-seed 0 list
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.0', 'dax1.0']" ] && ok list-seed/hidden || notok list-seed/hidden "$v"
run list-idle 0 list -i
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.0', 'dax1.0', 'dax1.1']" ] && ok list-idle/shown || notok list-idle/shown "$v"
rm -rf "$D/dax1.1"
usage_error list-bad-option list --frob

usage_error create-nothing create
usage_error create-both create --namespace namespace0.0 --device dax0.0
usage_error create-bad-align create --namespace namespace0.0 --align 3M
usage_error create-bad-map create --namespace namespace0.0 --map pmem
usage_error create-bad-map-short create --namespace namespace0.0 -M pmem
run create-map-short 2 create --namespace namespace0.0 -M mem
# -m is ndctl's --mode: not taken for --map
usage_error create-m-is-mode create --namespace namespace0.0 -m mem
usage_error create-device-malformed create --device foo
usage_error create-bad-pin-mode create --namespace namespace0.0 --pin-mode always
usage_error create-extra-arg create --namespace namespace0.0 extra
usage_error create-device-align create --device dax2.0 --align 2M
usage_error create-device-force create --device dax2.0 --force
run create-unknown-namespace 2 create --namespace namespace99.9
expect_reason create-unknown-namespace \
	"daxmgr create: namespace99.9: no such namespace (namespaces are read from /sys only, not $tmp/sys)"
run create-unknown-device 19 create --device dax7.7
run create-device-ours 17 create --device dax0.0
expect_reason create-device-ours "daxmgr create: dax0.0: already a daxmgr device: not taken again"
# a dynamic device (a "mapping" attribute): the library's reason, the
# CLI's hint about what to use instead
add_dev dax5.0 device_dax
: > "$D/dax5.0/mapping"
run create-device-dynamic 95 create --device dax5.0
expect_reason create-device-dynamic \
	"daxmgr create: dax5.0: a dynamic dax device, with no namespace behind it (a CXL volatile region's, or soft-reserved memory's: hmem): not taken; daxmgr serves the devdax namespaces of persistent memory (NVDIMM or a CXL pmem region)" \
	"  leave it to device_dax or kmem, or create a devdax namespace and use --namespace"
rm -rf "$D/dax5.0"
# mapped: refused with its holders, nothing written
mkdir -p "$tmp/proc/4243"
echo "7f0000000000-7f0000200000 rw-s 00000000 00:05 78 $tmp/dev/dax2.0" > "$tmp/proc/4243/maps"
echo fio > "$tmp/proc/4243/comm"
run create-device-mapped 16 create --device dax2.0
expect_reason create-device-mapped \
	"daxmgr create: dax2.0: mapped by 1 process(es) (pid 4243 fio): not taken from device_dax" \
	"  held by pid 4243 (fio), 1 vma(s)"
# -v shows the library's messages as they come, the reason still last
run create-device-mapped-v 16 -v create --device dax2.0
expect_in create-device-mapped-v/forwarded "$tmp/err" "daxmgr create: daxmgr_take: dax2.0: mapped by 1 process(es)"
[ "$(tail -2 "$tmp/err" | head -1)" = "daxmgr create: dax2.0: mapped by 1 process(es) (pid 4243 fio): not taken from device_dax" ] &&
	ok create-device-mapped-v/reason || notok create-device-mapped-v/reason "$(cat "$tmp/err")"
# the library is silent unless DAXMGR_LOG asks (as DAXCTL_LOG does)
grep -q '^libdaxmgr' "$tmp/err" && notok lib-log/silent "$(cat "$tmp/err")" || ok lib-log/silent
DAXMGR_LOG=err run create-device-mapped-log 16 create --device dax2.0
expect_in lib-log/err "$tmp/err" "libdaxmgr: daxmgr_take: dax2.0: mapped by 1 process(es) (pid 4243 fio): not taken from device_dax"
DAXMGR_LOG=crit run create-device-mapped-crit 16 create --device dax2.0
grep -q '^libdaxmgr' "$tmp/err" && notok lib-log/priority "$(cat "$tmp/err")" || ok lib-log/priority
DAXMGR_LOG=3 run create-device-mapped-num 16 create --device dax2.0
expect_in lib-log/numeric "$tmp/err" "libdaxmgr: daxmgr_take: dax2.0: mapped"
[ ! -s "$R/device_dax/unbind" ] && [ ! -s "$R/daxmgr/new_id" ] && ok create-device-mapped/nothing-written ||
	notok create-device-mapped/nothing-written "unbind or new_id written"
rm -rf "$tmp/proc/4243"

usage_error set-pin-mode-bad set-pin-mode dax0.0 sometimes
usage_error set-pin-mode-missing set-pin-mode dax0.0
usage_error set-pin-mode-option set-pin-mode --now dax0.0 io
run set-pin-mode-unknown-dev 19 set-pin-mode dax9.9 io
run set-pin-mode-not-ours 19 set-pin-mode dax2.0 io
expect_reason set-pin-mode-not-ours \
	"daxmgr set-pin-mode: dax2.0: set pin mode: not a daxmgr device (driver device_dax)"
[ "$(cat "$D/dax0.0/pin_mode")" = vma ] && ok set-pin-mode/bad-args-change-nothing ||
	notok set-pin-mode/bad-args-change-nothing "pin_mode changed"
run set-pin-mode 0 set-pin-mode dax0.0 io
[ "$(cat "$D/dax0.0/pin_mode")" = io ] && ok set-pin-mode/written ||
	notok set-pin-mode/written "$(cat "$D/dax0.0/pin_mode")"
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.0']" ] && ok set-pin-mode/json || notok set-pin-mode/json "$v"
echo vma > "$D/dax0.0/pin_mode"
# several devices, and all: every daxmgr device (as daxctl reconfigure-device)
add_dev dax0.1 daxmgr
run set-pin-mode-two 0 set-pin-mode dax0.0 dax0.1 io
[ "$(cat "$D/dax0.0/pin_mode") $(cat "$D/dax0.1/pin_mode")" = "io io" ] && ok set-pin-mode-two/written ||
	notok set-pin-mode-two/written "$(cat "$D/dax0.0/pin_mode") $(cat "$D/dax0.1/pin_mode")"
v=$(json_get "$tmp/out" '[(d["chardev"], d["pin_mode"]) for d in j]')
[ "$v" = "[('dax0.0', 'io'), ('dax0.1', 'io')]" ] && ok set-pin-mode-two/json || notok set-pin-mode-two/json "$v"
run set-pin-mode-all 0 set-pin-mode all vma
[ "$(cat "$D/dax0.0/pin_mode") $(cat "$D/dax0.1/pin_mode") $(cat "$D/dax2.0/pin_mode" 2>/dev/null)" = "vma vma " ] &&
	ok set-pin-mode-all/ours-only || notok set-pin-mode-all/ours-only "$(cat "$D"/dax*/pin_mode)"
usage_error set-pin-mode-all-and-dev set-pin-mode all dax0.0 io
usage_error set-pin-mode-malformed-second set-pin-mode dax0.0 bogus io
[ "$(cat "$D/dax0.0/pin_mode")" = vma ] && ok set-pin-mode/malformed-changes-nothing ||
	notok set-pin-mode/malformed-changes-nothing "$(cat "$D/dax0.0/pin_mode")"
rm -rf "$D/dax0.1"

usage_error unbind-no-dev unbind
usage_error unbind-bad-wait unbind dax0.0 --wait -1
usage_error unbind-bad-wait-text unbind dax0.0 --wait soon
usage_error unbind-raw unbind dax0.0 --raw
run unbind-unknown 19 unbind dax7.7
run unbind-not-ours 19 unbind dax2.0
expect_reason unbind-not-ours "daxmgr unbind: dax2.0: unbind: not a daxmgr device (driver device_dax)"
[ ! -s "$D/dax0.0/quiesce" ] && ok unbind/bad-args-change-nothing ||
	notok unbind/bad-args-change-nothing "quiesce written"
# a step the kernel refuses: the library names it, the errno is the exit status
rm "$D/dax0.0/quiesce"
mkdir "$D/dax0.0/quiesce"
run unbind-quiesce-refused 21 unbind dax0.0
expect_reason unbind-quiesce-refused "daxmgr unbind: dax0.0: quiesce: Is a directory"
rmdir "$D/dax0.0/quiesce"
: > "$D/dax0.0/quiesce"

# busy: a process maps the device
mkdir -p "$tmp/proc/4242"
echo "7f0000000000-7f0000200000 rw-s 00000000 00:05 77 $tmp/dev/dax0.0" > "$tmp/proc/4242/maps"
echo app > "$tmp/proc/4242/comm"
run unbind-busy 16 unbind dax0.0 --wait 0
expect_in unbind-busy/holder "$tmp/err" "held by pid 4242 (app), 1 vma(s)"
expect_in unbind-busy/counts "$tmp/err" "1 vma(s), 0 pinned page(s)"
[ "$(cat "$D/dax0.0/unquiesce")" = 1 ] && ok unbind-busy/unquiesced || notok unbind-busy/unquiesced "not unquiesced"
[ ! -s "$R/daxmgr/unbind" ] && ok unbind-busy/not-unbound || notok unbind-busy/not-unbound "unbind written"
# a signal during the wait ends it at once and puts the device back live
: > "$D/dax0.0/unquiesce"
"$cli" unbind dax0.0 --wait 30 > "$tmp/out" 2> "$tmp/err" &
upid=$!
sleep 1
kill -INT $upid
t0=$(date +%s%N)
wait $upid
rc=$?
dt=$((($(date +%s%N) - t0) / 1000000))
[ "$rc" = 130 ] && ok unbind-sigint/exit-130 || notok unbind-sigint/exit-130 "rc $rc: $(cat "$tmp/err")"
[ "$dt" -lt 1500 ] && ok unbind-sigint/prompt || notok unbind-sigint/prompt "${dt} ms after SIGINT"
[ "$(cat "$D/dax0.0/unquiesce")" = 1 ] && ok unbind-sigint/unquiesced || notok unbind-sigint/unquiesced "not unquiesced"
[ ! -s "$R/daxmgr/unbind" ] && ok unbind-sigint/not-unbound || notok unbind-sigint/not-unbound "unbind written"
expect_in unbind-sigint/says-why "$tmp/err" "stopped waiting (Interrupt): 1 vma(s)"
expect_in unbind-sigint/says-state "$tmp/err" "dax0.0 is live again, nothing was unbound"
: > "$D/dax0.0/unquiesce"
"$cli" destroy dax0.0 --wait 30 > "$tmp/out" 2> "$tmp/err" &
upid=$!
sleep 1
kill -TERM $upid
wait $upid
rc=$?
[ "$rc" = 143 ] && ok destroy-sigterm/exit-143 || notok destroy-sigterm/exit-143 "rc $rc: $(cat "$tmp/err")"
[ "$(cat "$D/dax0.0/unquiesce")" = 1 ] && [ ! -s "$R/device_dax/bind" ] && ok destroy-sigterm/kept ||
	notok destroy-sigterm/kept "not unquiesced, or given back"

# progress while waiting: on a terminal (script(1) gives it one), or -v
: > "$D/dax0.0/unquiesce"
if command -v script > /dev/null; then
	script -qec "$cli unbind dax0.0 --wait 5" /dev/null > "$tmp/tty" 2>&1
	n=$(grep -c "dax0.0: waiting for 1 mapping(s) to close, [0-9]*s left; held by pid 4242 (app)" "$tmp/tty")
	[ "$n" -ge 2 ] && ok unbind-progress/tty || notok unbind-progress/tty "$n progress lines: $(head -3 "$tmp/tty")"
fi
"$cli" -v unbind dax0.0 --wait 3 > "$tmp/out" 2> "$tmp/err"
n=$(grep -c "waiting for 1 mapping(s) to close" "$tmp/err")
[ "$n" -ge 1 ] && [ "$n" -le 3 ] && ok unbind-progress/verbose || notok unbind-progress/verbose "$n progress lines: $(cat "$tmp/err")"
"$cli" unbind dax0.0 --wait 1 > "$tmp/out" 2> "$tmp/err"
grep -q "waiting for" "$tmp/err" && notok unbind-progress/quiet-in-scripts "$(cat "$tmp/err")" || ok unbind-progress/quiet-in-scripts
# a wait re-reads the device with a backoff (and sleeps in poll() where
# the driver notifies), not every 20 ms: count its reads of vmas in 3 s
if command -v strace > /dev/null; then
	strace -f -e trace=openat -o "$tmp/trace" "$cli" unbind dax0.0 --wait 3 > /dev/null 2>&1
	n=$(grep -c 'dax0.0/vmas"' "$tmp/trace")
	echo "# reads of vmas during a 3 s wait: $n"
	[ "$n" -le 40 ] && ok unbind-wait/backoff || notok unbind-wait/backoff "$n reads of vmas in a 3 s wait"
fi

# an unbind that was interrupted left the device quiesced: bind makes it live
echo quiesced > "$D/dax0.0/state"
: > "$D/dax0.0/unquiesce"
run bind-quiesced 0 bind dax0.0
[ "$(cat "$D/dax0.0/unquiesce")" = 1 ] && ok bind-quiesced/unquiesced || notok bind-quiesced/unquiesced "not unquiesced"
expect_in bind-quiesced/says "$tmp/err" "dax0.0 was quiesced; it is live again"
echo live > "$D/dax0.0/state"
run bind-live 0 bind dax0.0
expect_in bind-live/says "$tmp/err" "dax0.0 is already bound to daxmgr and live"
# pinned_pages is counted by the driver when read (milliseconds on a
# device touched all over at 4K): read only where it is shown or waited for
if command -v strace > /dev/null; then
	strace -f -e trace=openat -o "$tmp/trace" "$cli" bind dax0.0 > /dev/null 2>&1
	n=$(grep -c 'dax0.0/pinned_pages"' "$tmp/trace")
	[ "$n" = 0 ] && ok pinned-lazy/bind || notok pinned-lazy/bind "$n reads of pinned_pages"
	ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat -o "$tmp/trace" "$cli" list -d dax0.0 > "$tmp/out" 2> /dev/null
	n=$(grep -c 'dax0.0/pinned_pages"' "$tmp/trace")
	[ "$n" = 0 ] && ! grep -q '"pinned_pages":' "$tmp/out" && ok pinned-lazy/list ||
		notok pinned-lazy/list "$n reads of pinned_pages: $(cat "$tmp/out")"
	ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat -o "$tmp/trace" "$cli" list -p -d dax0.0 > "$tmp/out" 2> /dev/null
	n=$(grep -c 'dax0.0/pinned_pages"' "$tmp/trace")
	[ "$n" = 1 ] && grep -q '"pinned_pages":' "$tmp/out" && ok pinned-lazy/list-p ||
		notok pinned-lazy/list-p "$n reads of pinned_pages: $(cat "$tmp/out")"
fi

run unbind-force 0 unbind dax0.0 --force --wait 1
[ "$(cat "$D/dax0.0/revoke")" = 1 ] && ok unbind-force/revoked || notok unbind-force/revoked "no revoke"
[ "$(cat "$R/daxmgr/unbind")" = dax0.0 ] && ok unbind-force/unbound || notok unbind-force/unbound "not unbound"
run unbind-disabled 0 unbind dax1.0
expect_in unbind-disabled/note "$tmp/err" "dax1.0 is not bound"
# several at once: each in turn, the resulting devices as JSON
: > "$R/daxmgr/unbind"
add_dev dax0.1 daxmgr
run unbind-two 0 unbind dax0.1 dax1.0
[ "$(cat "$R/daxmgr/unbind")" = dax0.1 ] && ok unbind-two/unbound || notok unbind-two/unbound "$(cat "$R/daxmgr/unbind")"
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.1', 'dax1.0']" ] && ok unbind-two/json || notok unbind-two/json "$v"
# one failure does not stop the others; the exit status is the first error
: > "$R/daxmgr/unbind"
run unbind-one-bad 19 unbind dax2.0 dax0.1
[ "$(cat "$R/daxmgr/unbind")" = dax0.1 ] && ok unbind-one-bad/others-done || notok unbind-one-bad/others-done "not unbound"
usage_error unbind-malformed-second unbind dax0.1 foo
rm -rf "$D/dax0.1"

usage_error bind-no-dev bind
run bind-two 16 bind dax0.0 dax1.0
expect_in bind-two/first "$tmp/err" "dax0.0"
expect_in bind-two/second "$tmp/err" "dax1.0"
run bind-unknown 19 bind dax5.5
run bind-device_dax 16 bind dax2.0
expect_reason bind-device_dax "daxmgr bind: dax2.0 is bound to device_dax: not bound to daxmgr" \
	"  daxmgr create --device dax2.0 takes it from device_dax"
# the fake kernel binds nothing: the hand-off is written, then found missing
run bind 16 bind dax1.0
[ "$(cat "$R/daxmgr/new_id")" = dax1.0 ] && ok bind/new_id || notok bind/new_id "no new_id"
expect_reason bind "daxmgr bind: dax1.0: daxmgr's probe refused it (the kernel log says why): not handed to daxmgr"

# an EINVAL from the kernel exits 22, never 64: a write that a real kernel
# file refuses (new_id here is /proc/self/oom_score_adj, which wants a number)
mv "$R/daxmgr/new_id" "$tmp/new_id.saved"
ln -s /proc/self/oom_score_adj "$R/daxmgr/new_id"
run bind-kernel-einval 22 bind dax1.0
expect_reason bind-kernel-einval "daxmgr bind: dax1.0: daxmgr's new_id: Invalid argument"
rm "$R/daxmgr/new_id"
mv "$tmp/new_id.saved" "$R/daxmgr/new_id"

usage_error destroy-no-dev destroy
usage_error destroy-bad-wait destroy dax0.0 --wait x
run destroy-unknown 19 destroy dax5.5
run destroy-not-ours 19 destroy dax2.0
echo 1 > "$D/dax0.0/vmas"
: > "$R/daxmgr/unbind"
run destroy-busy 16 destroy dax0.0 --wait 0
[ ! -s "$R/device_dax/bind" ] && ok destroy-busy/not-given-back || notok destroy-busy/not-given-back "device_dax bind written"
run destroy-unbound 0 destroy dax1.0
[ "$(cat "$R/daxmgr/remove_id")" = dax1.0 ] && [ "$(cat "$R/device_dax/bind")" = dax1.0 ] &&
	ok destroy-unbound/given-back || notok destroy-unbound/given-back "remove_id/bind not written"
expect_in destroy-unbound/note "$tmp/err" "destroyed dax1.0: given back to device_dax"
run destroy-raw-no-namespace 2 destroy dax1.0 --raw
expect_reason destroy-raw-no-namespace "daxmgr destroy: dax1.0: no namespace to return to raw mode: not destroyed"

# files open on the node outlive a give-back (new opens fail with ENXIO):
# destroy refuses, leaves the device bound and live, and names the holders
clear_writes() { for f in "$R"/*/bind "$R"/*/unbind "$R"/*/new_id "$R"/*/remove_id; do : > "$f"; done; }
add_dev dax3.0 daxmgr open_files=1
mkdir -p "$tmp/proc/5150/fd"
echo holder > "$tmp/proc/5150/comm"
: > "$tmp/proc/5150/maps"
ln -s "$tmp/dev/dax3.0" "$tmp/proc/5150/fd/3"
ln -s "socket:[4711]" "$tmp/proc/5150/fd/4"
clear_writes
run destroy-open-files 16 destroy dax3.0 --wait 1
expect_in destroy-open-files/count "$tmp/err" "dax3.0 is busy after 1s: 1 open file(s), 0 vma(s)"
expect_in destroy-open-files/holder "$tmp/err" "held by pid 5150 (holder), 1 open file(s), 0 vma(s)"
expect_in destroy-open-files/why "$tmp/err" "new opens fail with ENXIO"
expect_in destroy-open-files/live "$tmp/err" "dax3.0 is live again"
[ "$(cat "$D/dax3.0/quiesce")" = 1 ] && [ "$(cat "$D/dax3.0/unquiesce")" = 1 ] && [ ! -s "$D/dax3.0/revoke" ] &&
	[ ! -s "$R/daxmgr/unbind" ] && [ ! -s "$R/device_dax/bind" ] && ok destroy-open-files/untouched ||
	notok destroy-open-files/untouched "revoked, unbound or given back"
# unbound (no open_files attribute): the descriptors from /proc alone
add_dev dax3.0 -
clear_writes
run destroy-open-files-unbound 16 destroy dax3.0 --wait 0
expect_in destroy-open-files-unbound/holder "$tmp/err" "held by pid 5150 (holder), 1 open file(s)"
[ ! -s "$R/device_dax/bind" ] && ok destroy-open-files-unbound/kept || notok destroy-open-files-unbound/kept "given back"
run destroy-open-files-force 0 destroy dax3.0 --force
expect_in destroy-open-files-force/warns "$tmp/err" "warning: dax3.0: 1 file(s) opened under daxmgr are still open"
expect_in destroy-open-files-force/holder "$tmp/err" "held by pid 5150 (holder), 1 open file(s)"
expect_in destroy-open-files-force/enxio "$tmp/err" "new opens of /dev/dax3.0 fail with ENXIO until those files are closed"
expect_in destroy-open-files-force/done "$tmp/err" "destroyed dax3.0: given back to device_dax"
rm -f "$tmp/proc/5150/fd/3"
clear_writes
run destroy-closed 0 destroy dax3.0
grep -q warning "$tmp/err" && notok destroy-closed/no-warning "$(cat "$tmp/err")" || ok destroy-closed/no-warning
[ "$(cat "$R/device_dax/bind")" = dax3.0 ] && ok destroy-closed/given-back || notok destroy-closed/given-back "not given back"

# a parked device: destroy and bind say so (EBUSY); --wait covers the park
add_dev dax4.0 -
# the driver's park: /sys/class/daxmgr_park/parkN
P=$tmp/sys/class/daxmgr_park/park2
mkdir -p "$P"
echo dax4.0 > "$P/device"
echo 7 > "$P/pinned_pages"
echo 12 > "$P/seconds"
clear_writes
run destroy-parked 16 destroy dax4.0 --wait 0
expect_in destroy-parked/says "$tmp/err" "dax4.0 is parked: 7 page(s) pinned"
[ ! -s "$R/daxmgr/remove_id" ] && [ ! -s "$R/device_dax/bind" ] && ok destroy-parked/untouched ||
	notok destroy-parked/untouched "remove_id or bind written"
run destroy-parked-raw 16 destroy dax4.0 --wait 0 --force
expect_in destroy-parked-raw/says "$tmp/err" "dax4.0 is parked: 7 page(s) pinned"
run bind-parked 16 bind dax4.0
expect_in bind-parked/says "$tmp/err" "dax4.0 is parked: 7 page(s) pinned"
[ ! -s "$R/daxmgr/new_id" ] && ok bind-parked/untouched || notok bind-parked/untouched "new_id written"
"$cli" destroy dax4.0 --wait 10 > "$tmp/out" 2> "$tmp/err" &
dpid=$!
sleep 1
[ ! -s "$R/device_dax/bind" ] && ok destroy-parked-wait/waits || notok destroy-parked-wait/waits "given back while parked"
rm -rf "$P"
wait $dpid
rc=$?
[ "$rc" = 0 ] && [ "$(cat "$R/device_dax/bind")" = dax4.0 ] && ok destroy-parked-wait/given-back ||
	notok destroy-parked-wait/given-back "rc $rc: $(cat "$tmp/err")"

usage_error autobind-nothing autobind
usage_error autobind-both autobind --all dax0.0
usage_error autobind-two autobind dax0.0 dax1.0
run autobind-unknown 19 autobind dax9.9
# no namespace in a fake tree: no record, nothing to do, silently
run autobind-no-record 0 autobind dax2.0
[ ! -s "$tmp/err" ] && [ ! -s "$R/daxmgr/new_id" -o "$(cat "$R/daxmgr/new_id")" = dax1.0 ] &&
	ok autobind-no-record/quiet || notok autobind-no-record/quiet "$(cat "$tmp/err")"
run autobind-all 0 autobind --all

# persistence records: list-records (JSON, sorted, daxctl's claims shown),
# remove-record DEV|UUID (any case; changes no binding)
C=$DAXMGR_CONF_DIR
U=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a V=0f0e0d0c-0b0a-4908-8706-050403020100
export DAXMGR_DAXCTL_CONF_DIR=$tmp/etc/daxctl.conf.d
rm -rf "$C"
run list-records-none 0 list-records
[ ! -s "$tmp/out" ] && ok list-records-none/silent || notok list-records-none/silent "$(cat "$tmp/out")"
usage_error list-records-arg list-records extra
mkdir -p "$C" "$DAXMGR_DAXCTL_CONF_DIR"
printf 'pin_mode = io\nnamespace = namespace1.0\n' > "$C/$U.conf"
echo 'pin_mode = sometimes' > "$C/$V.conf"
echo 'pin_mode = io' > "$C/$V.conf.tmp"
printf '[reconfigure-device foo]\nnvdimm.uuid = %s\nmode = system-ram\n' "${U^^}" > "$DAXMGR_DAXCTL_CONF_DIR/ram.conf"
run list-records 0 list-records
v=$(json_get "$tmp/out" '[r["uuid"] for r in j]')
[ "$v" = "['$V', '$U']" ] && ok list-records/sorted || notok list-records/sorted "$v"
v=$(json_get "$tmp/out" '(j[1]["pin_mode"], j[1]["namespace"], j[1]["file"])')
[ "$v" = "('io', 'namespace1.0', '$C/$U.conf')" ] && ok list-records/fields || notok list-records/fields "$v"
v=$(json_get "$tmp/out" '(j[1]["daxctl"]["file"], j[1]["daxctl"]["section"], "daxctl" in j[0])')
[ "$v" = "('$DAXMGR_DAXCTL_CONF_DIR/ram.conf', 'reconfigure-device foo', False)" ] &&
	ok list-records/daxctl-claim || notok list-records/daxctl-claim "$v"
v=$(json_get "$tmp/out" '(j[0]["error"], "pin_mode" in j[0])')
[ "$v" = "('Invalid argument', False)" ] && ok list-records/unreadable || notok list-records/unreadable "$v"
usage_error remove-record-nothing remove-record
usage_error remove-record-two remove-record "$U" "$V"
usage_error remove-record-not-a-name remove-record frobnicate
usage_error remove-record-short-uuid remove-record "${U%?}"
run remove-record-unknown 19 remove-record dax9.9
run remove-record-no-uuid 2 remove-record dax2.0
expect_in remove-record-no-uuid/why "$tmp/err" "no NVDIMM namespace uuid"
run remove-record "0" remove-record "${U^^}"
[ ! -e "$C/$U.conf" ] && [ -e "$C/$V.conf" ] && ok remove-record/gone || notok remove-record/gone "$(ls "$C")"
expect_in remove-record/unbinds-nothing "$tmp/err" "nothing was unbound"
expect_in remove-record/names-file "$tmp/err" "$C/$U.conf"
[ ! -s "$R/daxmgr/unbind" ] && ok remove-record/no-unbind || notok remove-record/no-unbind "unbind written"
run remove-record-again 2 remove-record "$U"
expect_reason remove-record-again "daxmgr remove-record: no record of uuid $U in $C" \
	"  daxmgr list-records lists the records there are"
unset DAXMGR_DAXCTL_CONF_DIR

# create --device of a device no NVDIMM namespace backs (none does in a
# fake tree: CXL, hmem): taken, but told it will not persist.  The fake
# "kernel" moves the link between device_dax's unbind and daxmgr's new_id
# (both FIFOs, so the library waits for it).
add_dev dax6.0 device_dax
rm -f "$R/device_dax/unbind" "$R/daxmgr/new_id"
mkfifo "$R/device_dax/unbind" "$R/daxmgr/new_id"
( cat "$R/device_dax/unbind" > /dev/null
  add_dev dax6.0 daxmgr
  cat "$R/daxmgr/new_id" > /dev/null ) &
kpid=$!
run create-device-unrecorded 0 create --device dax6.0
kill $kpid 2> /dev/null; wait $kpid 2> /dev/null
expect_in create-device-unrecorded/will-not-persist "$tmp/err" "will NOT persist across reboots"
[ "$(ls "$C" | tr '\n' ' ')" = "$V.conf $V.conf.tmp " ] && ok create-device-unrecorded/no-record ||
	notok create-device-unrecorded/no-record "$(ls "$C")"
rm -f "$R/device_dax/unbind" "$R/daxmgr/new_id"
add_driver device_dax
add_driver daxmgr
