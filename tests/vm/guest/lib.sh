# shellcheck shell=sh
# Helpers for the guest test cases (busybox ash).  A case is a script in
# /daxmgr/cases; it fails by exiting non-zero, normally through fail().

DM_BUS=/sys/bus/daxmgr
DM_DEVS=$DM_BUS/devices
DM_DRV=$DM_BUS/drivers/pmemdax
ND=/sys/bus/nd/devices
NS=${NS:-namespace0.0}
REGION=${REGION:-region0}
CASE_TIMEOUT=${CASE_TIMEOUT:-180}
[ -f /daxmgr/env ] && . /daxmgr/env

fail() {
	echo "FAIL: $*"
	exit 1
}

log() {
	echo "-- $*"
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

# expect_ok CMD...: the command must succeed
expect_ok() {
	"$@" || fail "command failed: $*"
}

guest_setup() {
	local m
	for m in libnvdimm nfit nd_pmem dax_pmem device_dax; do
		modprobe "$m" || { echo "modprobe $m failed"; return 1; }
	done
	for _ in $(seq 50); do
		[ -e "$ND/$NS" ] && break
		sleep 0.1
	done
	[ -e "$ND/$NS" ] || { echo "no $NS"; ndctl list -RN; return 1; }
	# Our module sits in extra/ or updates/dkms/: index it.  Full paths,
	# because busybox's shell prefers its own applets, and busybox depmod
	# writes no modules.dep.bin for libkmod.
	/sbin/depmod -a && /sbin/modprobe daxmgr || return 1
	echo "daxmgr: $(modinfo -F filename daxmgr) $(modinfo -F vermagic daxmgr)"
	echo "region $(cat $ND/$REGION/resource) size $(cat $ND/$REGION/size)"
}

# run_case NAME: run one case with a timeout, between markers.
run_case() {
	local name=$1 script=/daxmgr/cases/$1.sh rc tmo
	tmo=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' "$script")
	echo "@@DAXMGR-BEGIN $name $(cut -d' ' -f1 /proc/uptime)"
	timeout -s KILL "${tmo:-$CASE_TIMEOUT}" sh -c ". /daxmgr/lib.sh; . $script"
	rc=$?
	echo "@@DAXMGR-END $name $rc $(cut -d' ' -f1 /proc/uptime)"
	dm_cleanup >/dev/null 2>&1
}

region_start() { cat "$ND/$REGION/resource"; }
region_size() { cat "$ND/$REGION/size"; }

ns_disable() {
	if [ -e "$ND/$NS/driver" ]; then
		ndctl disable-namespace "$NS" >/dev/null || fail "cannot disable $NS"
	fi
}

ns_enable() {
	[ -e "$ND/$NS/driver" ] || ndctl enable-namespace "$NS" >/dev/null
}

# dm_find_by_start START: the device whose range starts at START
dm_find_by_start() {
	local d
	for d in "$DM_DEVS"/*; do
		[ -e "$d/resource" ] || continue
		if [ $(($(cat "$d/resource"))) -eq $(($1)) ]; then
			basename "$d"
			return 0
		fi
	done
	return 1
}

# dm_create [ALIGN [START [SIZE]]]: create a device (default: the whole
# region at 2M) with the namespace disabled, and set DEV to its name.
dm_create() {
	local align=${1:-2M} start=${2:-$(region_start)} size=${3:-$(region_size)}
	ns_disable
	echo "$start $size $align" > "$DM_BUS/new_device" ||
		fail "new_device '$start $size $align' refused"
	DEV=$(dm_find_by_start "$start") || fail "created device not found"
	log "created $DEV: $start $size align $align"
}

dm_attr() { cat "$DM_DEVS/$1/$2"; }
dm_dev() { echo "/dev/$1"; }

dm_unbind() { echo "$1" > "$DM_DRV/unbind"; }
dm_bind() { echo "$1" > "$DM_DRV/bind"; }

dm_delete() { echo "$1" > "$DM_BUS/delete_device"; }

# Stop leftover holders, delete every device, give the namespace back.
# Devices are revoked first, so that a vma-policy delete never waits for
# a mapping some failed case left behind.
dm_cleanup() {
	local d
	killall -KILL daxtest fio 2>/dev/null && sleep 0.2
	for d in "$DM_DEVS"/*; do
		[ -e "$d" ] || continue
		echo 1 > "$d/revoke" 2>/dev/null
		dm_delete "$(basename "$d")"
	done
	for d in /sys/kernel/config/nullb/*; do
		[ -d "$d" ] && nullb_remove "$(basename "$d")"
	done
	ns_enable
}

# dm_snapshot DEV: every readable attribute, to prove a refused write
# changed nothing.
dm_snapshot() {
	local a
	for a in size resource align state pin_mode mappings target_node; do
		printf '%s=%s ' "$a" "$(cat "$DM_DEVS/$1/$a")"
	done
}

dm_count() { ls "$DM_DEVS" | wc -l; }

# nullb_create NAME SIZE_MB [COMPLETION_NSEC]: a memory-backed null_blk
# disk through configfs (slow completions with a timer when NSEC is given);
# sets NULLB to its /dev path.
nullb_create() {
	local d=/sys/kernel/config/nullb/$1
	[ -d /sys/kernel/config/nullb ] || {
		modprobe configfs
		grep -q " /sys/kernel/config " /proc/mounts || mount -t configfs none /sys/kernel/config
		modprobe null_blk nr_devices=0 || fail "modprobe null_blk"
	}
	mkdir "$d" || fail "mkdir $d"
	echo "$2" > "$d/size"
	echo 1 > "$d/memory_backed"
	echo 4096 > "$d/blocksize"
	if [ -n "${3:-}" ]; then
		echo 2 > "$d/irqmode"
		echo "$3" > "$d/completion_nsec"
	fi
	echo 1 > "$d/power" || fail "power on $1"
	# configfs null_blk disks are named after their directory
	NULLB=/dev/$1
	for _ in $(seq 50); do
		[ -b "$NULLB" ] && return 0
		sleep 0.1
	done
	fail "$NULLB did not appear"
}

nullb_remove() {
	local d=/sys/kernel/config/nullb/$1
	[ -d "$d" ] || return 0
	echo 0 > "$d/power"
	rmdir "$d"
}

# hold_start DEV LEN TAG: a background process mapping LEN bytes of DEV;
# returns once it has faulted them in.  hold_release TAG lets it touch the
# mapping again and exit; its output ("ok" or "sigbus") lands in
# /tmp/hold.TAG.out (see hold_wait).
hold_start() {
	rm -f "/tmp/hold.$3.ready" "/tmp/hold.$3.go" "/tmp/hold.$3.out"
	daxtest hold "/dev/$1" "$2" "/tmp/hold.$3.ready" "/tmp/hold.$3.go" \
		> "/tmp/hold.$3.out" 2>&1 &
	HOLD_PID=$!
	for _ in $(seq 300); do
		[ -e "/tmp/hold.$3.ready" ] && return 0
		kill -0 $HOLD_PID 2>/dev/null || fail "holder $3 died: $(cat /tmp/hold.$3.out)"
		sleep 0.1
	done
	fail "holder $3 never mapped the device"
}

hold_release() {
	touch "/tmp/hold.$1.go"
}

# hold_wait TAG: wait for the holder started last and set HOLD_OUT to
# what it saw ("ok" or "sigbus").
hold_wait() {
	wait "$HOLD_PID"
	HOLD_OUT=$(cat "/tmp/hold.$1.out")
}

uptime_cs() { # uptime in centiseconds
	awk '{ printf "%d\n", $1 * 100 }' /proc/uptime
}

# safe_unbind DEV TIMEOUT: the safe unbind protocol, done by hand with the
# driver's attributes.  quiesce; vma mode: wait up to TIMEOUT seconds for
# the mappings to go, else unquiesce and report busy; io mode: revoke
# (which drains in-flight I/O); then unbind.
safe_unbind() {
	local d=$DM_DEVS/$1 what=mappings
	echo 1 > "$d/quiesce" || return 1
	if [ "$(cat "$d/pin_mode")" = io ]; then
		echo 1 > "$d/revoke" || { echo 1 > "$d/unquiesce"; return 1; }
		what=pinned_pages
	fi
	if ! poll_attr "$1" $what = 0 "$2"; then
		echo "busy: $(cat "$d/$what") $what"
		echo 1 > "$d/unquiesce"
		return 1
	fi
	dm_unbind "$1"
}

# poll_attr DEV ATTR OP VALUE SECS: poll until [ attr OP value ] holds;
# 1 if it did not within SECS.
poll_attr() {
	local n=0
	while ! [ "$(dm_attr "$1" "$2")" "$3" "$4" ]; do
		[ $n -ge $(($5 * 10)) ] && return 1
		n=$((n + 1))
		sleep 0.1
	done
}

# wait_attr DEV ATTR OP VALUE SECS: the same, failing the case on timeout.
wait_attr() {
	poll_attr "$@" || fail "$2 of $1 never became $3 $4 (is $(dm_attr "$1" "$2"))"
}
