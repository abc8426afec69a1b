#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The daxmgr CLI (ASan/UBSan build) against fake sysfs and /proc trees:
# output formats, exit codes (the errno of the failure, EINVAL = 22 for bad
# usage) and one-line error messages.
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

# a usage error: EINVAL and exactly one line on stderr, nothing on stdout
usage_error() {
	local name=$1
	shift
	run "$name" 22 "$@"
	local lines
	lines=$(wc -l < "$tmp/err")
	if [ "$lines" = 1 ] && [ ! -s "$tmp/out" ]; then ok "$name/one-line"
	else notok "$name/one-line" "$lines stderr lines: $(cat "$tmp/err")"; fi
}

expect_in() { # NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else notok "$1" "'$3' not in: $(head -5 "$2")"; fi
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
expect_in version/number "$tmp/out" "0.1"
usage_error no-command
usage_error unknown-command frobnicate
run help-cmd 0 help unbind
expect_in help-cmd/usage "$tmp/out" "usage: daxmgr unbind"
run cmd-help 0 unbind --help
usage_error help-unknown help frobnicate

# no dax bus: an empty list
run list-empty 0 list
[ "$(json_get "$tmp/out" 'len(j)')" = 0 ] && ok list-empty/json || notok list-empty/json "$(cat "$tmp/out")"

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
v=$(json_get "$tmp/out" 'j[0]["driver"], j[0]["state"], j[0]["pin_mode"], j[0]["vmas"], j[0]["pinned_pages"], j[0]["faults"]["pmd"], j[0]["resource"]')
[ "$v" = "daxmgr live vma 1 0 512 0x100000000" ] && ok list/our-fields || notok list/our-fields "$v"
v=$(json_get "$tmp/out" '[type(j[0][k]).__name__ for k in ("vmas", "pinned_pages")], sorted(j[0]["faults"]), "mappings" in j[0]')
[ "$v" = "['int', 'int'] ['pmd', 'pte', 'pud'] False" ] && ok list/our-types || notok list/our-types "$v"
v=$(json_get "$tmp/out" '"target_node" in j[1], "driver" in j[1], j[1]["state"], "pin_mode" in j[1], "vmas" in j[1]')
[ "$v" = "False False disabled False False" ] && ok list/unbound-device || notok list/unbound-device "$v"
run list-all 0 list --all
v=$(json_get "$tmp/out" '[(d["chardev"], d.get("driver"), d.get("state")) for d in j]')
[ "$v" = "[('dax0.0', 'daxmgr', 'live'), ('dax1.0', None, 'disabled'), ('dax2.0', 'device_dax', None)]" ] &&
	ok list-all/drivers || notok list-all/drivers "$v"
run list-human 0 list -u -d dax0.0
v=$(json_get "$tmp/out" 'len(j), j[0]["size"], j[0]["align"]')
[ "$v" = "1 1024.00 MiB (1073.74 MB) 2097152" ] && ok list-human/sizes || notok list-human/sizes "$v"
echo 2145386496 > "$D/dax2.0/size"; echo 1073741824 > "$D/dax2.0/align"
run list-human-gib 0 list -u -d dax2.0
v=$(json_get "$tmp/out" 'j[0]["size"], j[0]["align"]')
[ "$v" = "2046.00 MiB (2145.39 MB) 1024.00 MiB (1073.74 MB)" ] && ok list-human/ndctl-style || notok list-human/ndctl-style "$v"
echo 2199023255552 > "$D/dax2.0/size"; echo 5119999 > "$D/dax2.0/align"
run list-human-tib 0 list -u -d dax2.0
v=$(json_get "$tmp/out" 'j[0]["size"], j[0]["align"]')
[ "$v" = "2.00 TiB (2.20 TB) 5119999" ] && ok list-human/tib || notok list-human/tib "$v"
run list-two 0 list -d dax2.0 -d /dev/dax0.0
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['dax0.0', 'dax2.0']" ] && ok list-two/filter || notok list-two/filter "$v"
run list-unknown-dev 19 list -d dax9.9
usage_error list-extra-arg list dax0.0
usage_error list-bad-option list --frob

usage_error create-nothing create
usage_error create-both create --namespace namespace0.0 --device dax0.0
usage_error create-bad-align create --namespace namespace0.0 --align 3M
usage_error create-bad-map create --namespace namespace0.0 --map pmem
usage_error create-bad-pin-mode create --namespace namespace0.0 --pin-mode always
usage_error create-extra-arg create --namespace namespace0.0 extra
usage_error create-device-align create --device dax2.0 --align 2M
usage_error create-device-force create --device dax2.0 --force
run create-unknown-namespace 2 create --namespace namespace99.9
expect_in create-unknown-namespace/why "$tmp/err" "no such namespace"
run create-unknown-device 19 create --device dax7.7
run create-device-ours 17 create --device dax0.0
expect_in create-device-ours/why "$tmp/err" "already a daxmgr device"
# mapped: refused with its holders, nothing written
mkdir -p "$tmp/proc/4243"
echo "7f0000000000-7f0000200000 rw-s 00000000 00:05 78 $tmp/dev/dax2.0" > "$tmp/proc/4243/maps"
echo fio > "$tmp/proc/4243/comm"
run create-device-mapped 16 create --device dax2.0
expect_in create-device-mapped/holder "$tmp/err" "held by pid 4243 (fio), 1 vma(s)"
[ ! -s "$R/device_dax/unbind" ] && [ ! -s "$R/daxmgr/new_id" ] && ok create-device-mapped/nothing-written ||
	notok create-device-mapped/nothing-written "unbind or new_id written"
rm -rf "$tmp/proc/4243"

usage_error set-pin-mode-bad set-pin-mode dax0.0 sometimes
usage_error set-pin-mode-missing set-pin-mode dax0.0
usage_error set-pin-mode-option set-pin-mode --now dax0.0 io
run set-pin-mode-unknown-dev 19 set-pin-mode dax9.9 io
run set-pin-mode-not-ours 19 set-pin-mode dax2.0 io
[ "$(cat "$D/dax0.0/pin_mode")" = vma ] && ok set-pin-mode/bad-args-change-nothing ||
	notok set-pin-mode/bad-args-change-nothing "pin_mode changed"
run set-pin-mode 0 set-pin-mode dax0.0 io
[ "$(cat "$D/dax0.0/pin_mode")" = io ] && ok set-pin-mode/written ||
	notok set-pin-mode/written "$(cat "$D/dax0.0/pin_mode")"
echo vma > "$D/dax0.0/pin_mode"

usage_error unbind-no-dev unbind
usage_error unbind-bad-wait unbind dax0.0 --wait -1
usage_error unbind-bad-wait-text unbind dax0.0 --wait soon
usage_error unbind-two-devs unbind dax0.0 dax1.0
usage_error unbind-raw unbind dax0.0 --raw
run unbind-unknown 19 unbind dax7.7
run unbind-not-ours 19 unbind dax2.0
expect_in unbind-not-ours/why "$tmp/err" "not a daxmgr device (driver device_dax)"
[ ! -s "$D/dax0.0/quiesce" ] && ok unbind/bad-args-change-nothing ||
	notok unbind/bad-args-change-nothing "quiesce written"

# busy: a process maps the device
mkdir -p "$tmp/proc/4242"
echo "7f0000000000-7f0000200000 rw-s 00000000 00:05 77 $tmp/dev/dax0.0" > "$tmp/proc/4242/maps"
echo app > "$tmp/proc/4242/comm"
run unbind-busy 16 unbind dax0.0 --wait 0
expect_in unbind-busy/holder "$tmp/err" "held by pid 4242 (app), 1 vma(s)"
expect_in unbind-busy/counts "$tmp/err" "1 vma(s), 0 pinned page(s)"
[ "$(cat "$D/dax0.0/unquiesce")" = 1 ] && ok unbind-busy/unquiesced || notok unbind-busy/unquiesced "not unquiesced"
[ ! -s "$R/daxmgr/unbind" ] && ok unbind-busy/not-unbound || notok unbind-busy/not-unbound "unbind written"
run unbind-force 0 unbind dax0.0 --force --wait 1
[ "$(cat "$D/dax0.0/revoke")" = 1 ] && ok unbind-force/revoked || notok unbind-force/revoked "no revoke"
[ "$(cat "$R/daxmgr/unbind")" = dax0.0 ] && ok unbind-force/unbound || notok unbind-force/unbound "not unbound"
run unbind-disabled 0 unbind dax1.0
expect_in unbind-disabled/note "$tmp/err" "dax1.0 is not bound"

usage_error bind-no-dev bind
usage_error bind-two bind dax0.0 dax1.0
run bind-unknown 19 bind dax5.5
run bind-device_dax 16 bind dax2.0
expect_in bind-device_dax/hint "$tmp/err" "daxmgr create --device"
# the fake kernel binds nothing: the hand-off is written, then found missing
run bind 16 bind dax1.0
[ "$(cat "$R/daxmgr/new_id")" = dax1.0 ] && ok bind/new_id || notok bind/new_id "no new_id"

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
expect_in destroy-unbound/note "$tmp/err" "destroyed 1 device"
run destroy-raw-no-namespace 2 destroy dax1.0 --raw
expect_in destroy-raw-no-namespace/why "$tmp/err" "no namespace to return to raw mode"

usage_error autobind-nothing autobind
usage_error autobind-both autobind --all dax0.0
usage_error autobind-two autobind dax0.0 dax1.0
run autobind-unknown 19 autobind dax9.9
# no namespace in a fake tree: no record, nothing to do, silently
run autobind-no-record 0 autobind dax2.0
[ ! -s "$tmp/err" ] && [ ! -s "$R/daxmgr/new_id" -o "$(cat "$R/daxmgr/new_id")" = dax1.0 ] &&
	ok autobind-no-record/quiet || notok autobind-no-record/quiet "$(cat "$tmp/err")"
run autobind-all 0 autobind --all
