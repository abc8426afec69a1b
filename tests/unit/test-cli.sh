#!/bin/bash
# The daxmgr CLI (ASan/UBSan build) against fake sysfs and /proc trees:
# output formats, exit codes (the errno of the failure, EINVAL = 22 for bad
# usage) and one-line error messages.
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/build/asan/daxmgr
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DAXMGR_SYSFS=$tmp/sys DAXMGR_PROC=$tmp/proc DAXMGR_DEV=$tmp/dev
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

add_dev() { # NAME ATTR=VALUE...
	local d=$tmp/sys/bus/daxmgr/devices/$1 kv
	mkdir -p "$d"
	for kv in resource=0x100000000 size=1073741824 align=2097152 state=live pin_mode=vma \
		  mappings=0 pinned_pages=0 target_node=0 numa_node=0 faults_pte=0 faults_pmd=512 faults_pud=0; do
		echo "${kv#*=}" > "$d/${kv%%=*}"
	done
	shift
	for kv in "$@"; do echo "${kv#*=}" > "$d/${kv%%=*}"; done
	: > "$d/quiesce"; : > "$d/unquiesce"; : > "$d/revoke"
}

run help 0 --help
expect_in help/lists-commands "$tmp/out" "set-pin-mode"
run version 0 --version
expect_in version/number "$tmp/out" "0.1"
usage_error no-command
usage_error unknown-command frobnicate
run help-cmd 0 help unbind
expect_in help-cmd/usage "$tmp/out" "usage: daxmgr unbind"
run cmd-help 0 unbind --help
usage_error help-unknown help frobnicate

# no module: an empty list
run list-empty 0 list
[ "$(json_get "$tmp/out" 'len(j)')" = 0 ] && ok list-empty/json || notok list-empty/json "$(cat "$tmp/out")"

mkdir -p "$tmp/sys/bus/daxmgr/drivers/pmemdax"
: > "$tmp/sys/bus/daxmgr/new_device"; : > "$tmp/sys/bus/daxmgr/delete_device"
: > "$tmp/sys/bus/daxmgr/drivers/pmemdax/bind"; : > "$tmp/sys/bus/daxmgr/drivers/pmemdax/unbind"
add_dev pmemdax0 mappings=1
add_dev pmemdax1 resource=0x140000000 state=disabled pin_mode=io target_node=-1

run list 0 list
v=$(json_get "$tmp/out" '[d["chardev"] for d in j]')
[ "$v" = "['pmemdax0', 'pmemdax1']" ] && ok list/devices || notok list/devices "$v"
v=$(json_get "$tmp/out" 'j[0]["size"], j[0]["align"], j[0]["mode"], j[0]["state"], j[0]["pin_mode"], j[0]["mappings"], j[0]["pinned_pages"], j[0]["resource"], j[0]["target_node"], j[0]["faults"]["pmd"]')
[ "$v" = "1073741824 2097152 devdax live vma 1 0 0x100000000 0 512" ] &&
	ok list/fields || notok list/fields "$v"
v=$(json_get "$tmp/out" '"target_node" in j[1], j[1]["state"], j[1]["pin_mode"]')
[ "$v" = "False disabled io" ] && ok list/no-target-node || notok list/no-target-node "$v"
run list-human 0 list -u -d pmemdax0
v=$(json_get "$tmp/out" 'len(j), j[0]["size"], j[0]["align"]')
[ "$v" = "1 1.00 GiB (1.07 GB) 2.00 MiB (2.10 MB)" ] && ok list-human/sizes || notok list-human/sizes "$v"
run list-unknown-dev 19 list -d pmemdax9
usage_error list-extra-arg list pmemdax0
usage_error list-bad-option list --frob

usage_error create-no-namespace create
usage_error create-bad-align create --namespace namespace0.0 --align 3M
usage_error create-bad-pin-mode create --namespace namespace0.0 --pin-mode always
usage_error create-extra-arg create --namespace namespace0.0 extra
run create-unknown-namespace 2 create --namespace namespace99.9
expect_in create-unknown-namespace/why "$tmp/err" "no such namespace"
[ ! -s "$tmp/sys/bus/daxmgr/new_device" ] && ok create-unknown-namespace/nothing-written ||
	notok create-unknown-namespace/nothing-written "new_device written"

usage_error set-pin-mode-bad set-pin-mode pmemdax0 sometimes
usage_error set-pin-mode-missing set-pin-mode pmemdax0
usage_error set-pin-mode-option set-pin-mode --now pmemdax0 io
run set-pin-mode-unknown-dev 19 set-pin-mode pmemdax9 io
[ "$(cat "$tmp/sys/bus/daxmgr/devices/pmemdax0/pin_mode")" = vma ] && ok set-pin-mode/bad-args-change-nothing ||
	notok set-pin-mode/bad-args-change-nothing "pin_mode changed"
run set-pin-mode 0 set-pin-mode pmemdax0 io
[ "$(cat "$tmp/sys/bus/daxmgr/devices/pmemdax0/pin_mode")" = io ] && ok set-pin-mode/written ||
	notok set-pin-mode/written "$(cat "$tmp/sys/bus/daxmgr/devices/pmemdax0/pin_mode")"
echo vma > "$tmp/sys/bus/daxmgr/devices/pmemdax0/pin_mode"

usage_error unbind-no-dev unbind
usage_error unbind-bad-wait unbind pmemdax0 --wait -1
usage_error unbind-bad-wait-text unbind pmemdax0 --wait soon
usage_error unbind-two-devs unbind pmemdax0 pmemdax1
run unbind-unknown 19 unbind pmemdax7
[ ! -s "$tmp/sys/bus/daxmgr/devices/pmemdax0/quiesce" ] && ok unbind/bad-args-change-nothing ||
	notok unbind/bad-args-change-nothing "quiesce written"

# busy: a process maps the device
mkdir -p "$tmp/proc/4242"
echo "7f0000000000-7f0000200000 rw-s 00000000 00:05 77 $tmp/dev/pmemdax0" > "$tmp/proc/4242/maps"
echo app > "$tmp/proc/4242/comm"
run unbind-busy 16 unbind pmemdax0 --wait 0
expect_in unbind-busy/holder "$tmp/err" "held by pid 4242 (app), 1 vma(s)"
expect_in unbind-busy/counts "$tmp/err" "1 mapping(s), 0 pinned page(s)"
[ "$(cat "$tmp/sys/bus/daxmgr/devices/pmemdax0/unquiesce")" = 1 ] && ok unbind-busy/unquiesced ||
	notok unbind-busy/unquiesced "not unquiesced"
[ ! -s "$tmp/sys/bus/daxmgr/drivers/pmemdax/unbind" ] && ok unbind-busy/not-unbound ||
	notok unbind-busy/not-unbound "unbind written"
run unbind-force 0 unbind pmemdax0 --force --wait 1
[ "$(cat "$tmp/sys/bus/daxmgr/devices/pmemdax0/revoke")" = 1 ] && ok unbind-force/revoked ||
	notok unbind-force/revoked "no revoke"
[ "$(cat "$tmp/sys/bus/daxmgr/drivers/pmemdax/unbind")" = pmemdax0 ] && ok unbind-force/unbound ||
	notok unbind-force/unbound "not unbound"
run unbind-disabled 0 unbind pmemdax1
expect_in unbind-disabled/note "$tmp/err" "pmemdax1 is not bound"

usage_error bind-no-dev bind
usage_error bind-two bind pmemdax0 pmemdax1
run bind-unknown 19 bind pmemdax5
run bind 0 bind pmemdax1
[ "$(cat "$tmp/sys/bus/daxmgr/drivers/pmemdax/bind")" = pmemdax1 ] && ok bind/written || notok bind/written "no bind"

usage_error destroy-no-dev destroy
usage_error destroy-bad-wait destroy pmemdax0 --wait x
run destroy-unknown 19 destroy pmemdax5
echo 1 > "$tmp/sys/bus/daxmgr/devices/pmemdax0/mappings"
: > "$tmp/sys/bus/daxmgr/drivers/pmemdax/unbind"
run destroy-busy 16 destroy pmemdax0 --wait 0
[ ! -s "$tmp/sys/bus/daxmgr/delete_device" ] && ok destroy-busy/not-deleted || notok destroy-busy/not-deleted "deleted"
