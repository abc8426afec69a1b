#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The host lane's steps inside the Debian 12 guest (tests/host/run.sh),
# run by hostlane.service once the boot is up; the boot number is the
# kernel command line's hostlane.boot=N.  Each assertion is one line
# "@@HOST NAME pass|fail DETAIL" on the second serial port.  Ends with
# the journal copied to the share and the guest powered off.
#   boot 1 (6.1): apt install of our .debs, DKMS builds the module;
#     ndctl create-namespace (devdax) on both regions; daxmgr create
#     --pin-mode io takes dax0.0, data written; dax1.0 stays with
#     device_dax and gets a record by hand (not applied)
#   boot 2 (6.1, systemd.wants=hostlane-hold.service: it maps dax1.0
#     before its autobind unit runs): dax0.0 back on daxmgr, io, data
#     intact; dax1.0 left with device_dax, said in the journal, its unit
#     the only failed one; then the 6.12 kernel and headers installed,
#     DKMS builds for 6.12
#   boot 3 (6.12): the module is DKMS's for 6.12, both devices bound
#     (dax1.0's record applied now that nothing maps it), data intact,
#     nothing failed; apt purge leaves no file of ours and no DKMS entry
set -u
export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin
# shellcheck source=/dev/null
. /share/env
boot=$(sed -n 's/.*hostlane\.boot=\([0-9]*\).*/\1/p' /proc/cmdline)
exec > "/share/step.$boot.log" 2>&1
out=/dev/ttyS1
LEN=$((8 << 20))
SEED0=20261202
DEVS=/sys/bus/dax/devices
PKGS="daxmgr daxmgr-dkms libdaxmgr1 libdaxmgr-dev"

res() { # NAME pass|fail DETAIL
	printf '@@HOST %s %s %s\n' "$1" "$2" "${3:-}" > "$out"
	echo "== $1: $2 ${3:-}"
}
# check NAME CMD...: pass if CMD succeeds (its output goes to the log)
check() {
	local n=$1
	shift
	echo "== $(date +%T) $n: $*"
	if "$@"; then res "$n" pass; else res "$n" fail "$* (exit $?)"; fi
}
# stamped CMD...: CMD with the time on each line of its output (where the
# long steps, apt's unpacking, DKMS and the initramfs, spend the boot)
# shellcheck disable=SC2317 # called through check
stamped() {
	"$@" 2>&1 | while IFS= read -r l; do printf '%(%T)T %s\n' -1 "$l"; done
	return "${PIPESTATUS[0]}"
}
# expect NAME GOT WANT
expect() {
	if [ "$2" = "$3" ]; then res "$1" pass; else res "$1" fail "got '$2', want '$3'"; fi
}
driver() {
	if [ -e "$DEVS/$1/driver" ]; then basename "$(readlink "$DEVS/$1/driver")"; else echo none; fi
}
failed_units() { systemctl --failed --plain --no-legend | awk '{print $1}' | sort | xargs; }
unit_done() { # wait for a oneshot unit's run to end (at most 120 s)
	local _
	for _ in $(seq 240); do
		case $(systemctl is-active "$1") in activating | reloading) sleep 0.5 ;; *) return 0 ;; esac
	done
	return 1
}
finish() {
	journalctl -b --no-pager > "/share/journal.$boot.log" 2>&1
	echo "@@HOST-DONE $boot" > "$out"
	sync
	systemctl poweroff --no-block
	exit 0
}

echo "boot $boot: $(uname -r)"
res "boot$boot/kernel" "$([ "$(uname -r)" = "$([ "$boot" = 3 ] && echo "$K612" || echo "$K61")" ] && echo pass || echo fail)" "$(uname -r)"
expect "boot$boot/pid1-systemd" "$(cat /proc/1/comm)" systemd
state=$(timeout 300 systemctl is-system-running --wait)
udevadm settle -t 60
echo "system state: $state; failed: $(failed_units)"

case $boot in
1)
	check boot1/apt-install stamped apt-get install -y -q --no-install-recommends -o Acquire::Languages=none \
		/share/debs/*.deb
	check boot1/dkms-built-6.1 bash -c "dkms status daxmgr | grep -F '$K61' | grep -qw installed"
	check boot1/module-from-dkms bash -c "modinfo -n daxmgr | grep -q '^/lib/modules/$K61/updates/dkms/daxmgr.ko'"
	check boot1/ndctl-devdax-region0 ndctl create-namespace -f -e namespace0.0 -m devdax
	check boot1/ndctl-devdax-region1 ndctl create-namespace -f -e namespace1.0 -m devdax
	udevadm settle -t 60
	# their autobind units ran and, without a record, did nothing
	unit_done daxmgr-autobind@dax0.0.service
	unit_done daxmgr-autobind@dax1.0.service
	expect boot1/dax0.0-device_dax "$(driver dax0.0)" device_dax
	check boot1/daxmgr-create-io daxmgr create --device dax0.0 --pin-mode io
	expect boot1/dax0.0-daxmgr "$(driver dax0.0)" daxmgr
	expect boot1/dax0.0-pin-io "$(cat $DEVS/dax0.0/pin_mode 2>&1)" io
	check boot1/data-written /share/bin/daxdata write /dev/dax0.0 $SEED0 $LEN
	# dax1.0: a record that nothing applied yet (written as daxmgr
	# create writes it), for boot 2's mapped device
	uuid=$(ndctl list -n namespace1.0 | sed -n 's/.*"uuid" *: *"\([^"]*\)".*/\1/p')
	mkdir -p /etc/daxmgr/daxmgr.conf.d
	printf 'pin_mode = vma\nnamespace = namespace1.0\n' > "/etc/daxmgr/daxmgr.conf.d/$uuid.conf"
	expect boot1/dax1.0-record "$(daxmgr list 2>/dev/null | grep -c dax1.0 || true):$(find /etc/daxmgr/daxmgr.conf.d -name '*.conf' | wc -l)" 0:2
	expect boot1/dax1.0-device_dax "$(driver dax1.0)" device_dax
	expect boot1/failed-units "$(failed_units)" ""
	;;
2)
	expect boot2/dax0.0-daxmgr "$(driver dax0.0)" daxmgr
	expect boot2/dax0.0-pin-io "$(cat $DEVS/dax0.0/pin_mode 2>&1)" io
	expect boot2/dax0.0-live "$(cat $DEVS/dax0.0/state 2>&1)" live
	check boot2/data-intact /share/bin/daxdata check /dev/dax0.0 $SEED0 $LEN
	check boot2/autobind-dax0.0-journal bash -c \
		"journalctl -b -u daxmgr-autobind@dax0.0.service | grep -qF 'dax0.0: bound to daxmgr, pin_mode io'"
	expect boot2/daxmgr.target "$(systemctl is-active daxmgr.target)" active
	# the mapped device_dax device: left alone, said loudly, unit failed
	expect boot2/hold-mapped "$(systemctl is-active hostlane-hold.service)" active
	expect boot2/dax1.0-left-device_dax "$(driver dax1.0)" device_dax
	check boot2/dax1.0-journal bash -c \
		"journalctl -b -u daxmgr-autobind@dax1.0.service | grep -F 'dax1.0: NOT handed to daxmgr: in use' &&
		journalctl -b -u daxmgr-autobind@dax1.0.service | grep -E 'used by pid [0-9]+ \\(holdmap\\)'"
	expect boot2/dax1.0-unit-status "$(systemctl show -P ExecMainStatus daxmgr-autobind@dax1.0.service)" 16
	expect boot2/failed-units "$(failed_units)" daxmgr-autobind@dax1.0.service
	journalctl -b -u daxmgr-autobind@dax0.0.service -u daxmgr-autobind@dax1.0.service --no-pager
	# the kernel upgrade: 6.12 and its headers, DKMS builds for it
	check boot2/apt-install-6.12 stamped apt-get install -y -q --no-install-recommends -o Acquire::Languages=none /share/kdebs/*.deb
	check boot2/dkms-built-6.12 bash -c "dkms status daxmgr | grep -F '$K612' | grep -qw installed"
	check boot2/module-6.12-file bash -c "ls /lib/modules/$K612/updates/dkms/daxmgr.ko*"
	mkdir -p /share/boot
	check boot2/kernel-6.12-files cp "/boot/vmlinuz-$K612" "/boot/initrd.img-$K612" /share/boot/
	;;
3)
	check boot3/dkms-built-6.12 bash -c "dkms status daxmgr | grep -F '$K612' | grep -qw installed"
	check boot3/module-from-dkms bash -c "modinfo -n daxmgr | grep -q '^/lib/modules/$K612/updates/dkms/daxmgr.ko'"
	check boot3/module-loaded-from-dkms bash -c "[ \"\$(cat /sys/module/daxmgr/srcversion)\" = \"\$(modinfo -F srcversion daxmgr)\" ]"
	expect boot3/dax0.0-daxmgr "$(driver dax0.0)" daxmgr
	expect boot3/dax0.0-pin-io "$(cat $DEVS/dax0.0/pin_mode 2>&1)" io
	check boot3/data-intact /share/bin/daxdata check /dev/dax0.0 $SEED0 $LEN
	expect boot3/dax1.0-daxmgr-vma "$(driver dax1.0):$(cat $DEVS/dax1.0/pin_mode 2>&1)" daxmgr:vma
	expect boot3/daxmgr.target "$(systemctl is-active daxmgr.target)" active
	expect boot3/failed-units "$(failed_units)" ""
	expect boot3/system-running "$state" running
	# apt purge: no file of ours, no DKMS entry
	# shellcheck disable=SC2086
	dpkg -L $PKGS > /tmp/ours.list
	# shellcheck disable=SC2086
	check boot3/apt-purge stamped apt-get purge -y -q $PKGS
	left=$(while read -r f; do [ -d "$f" ] || [ ! -e "$f" ] || echo "$f"; done < /tmp/ours.list
		ls -d /usr/src/daxmgr-* /var/lib/dkms/daxmgr /lib/modules/*/updates/dkms/daxmgr* \
			/lib/udev/rules.d/*daxmgr* /lib/systemd/system/daxmgr* /etc/systemd/system/*/daxmgr* 2>/dev/null)
	expect boot3/purge-no-file-left "$(echo "$left" | xargs)" ""
	# the whole status, then grep: dkms writes "Broken pipe" into a pipe closed early
	expect boot3/purge-no-dkms-entry "$(dkms status 2>/dev/null | grep daxmgr)" ""
	# shellcheck disable=SC2086
	expect boot3/purge-dpkg-forgot "$(dpkg-query -W -f='${db:Status-Abbrev}${Package}\n' $PKGS 2>/dev/null | grep -v '^un' | xargs)" ""
	echo "left in /etc/daxmgr (the admin's records): $(find /etc/daxmgr -type f 2>/dev/null | tr '\n' ' ')"
	;;
esac
finish
