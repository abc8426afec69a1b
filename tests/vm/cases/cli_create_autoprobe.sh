# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# daxmgr create: device_dax never probes the new namespace's device (the
# dax bus's autoprobe is off for the create's window, lib/autoprobe.c), so
# its memmap is built once; autoprobe is back on afterwards; an admin's 0
# stays 0; a create that died in its window (the record it leaves) is
# undone by the next create, which also probes the devices that appeared
# meanwhile.  device_dax's probes are counted with the function tracer.
AP=$DAX_BUS/drivers_autoprobe
REC=/run/daxmgr/autoprobe-off
T=/sys/kernel/tracing
[ -e $T/available_filter_functions ] || mount -t tracefs nodev $T || fail "mount tracefs"
PROBE=$(grep -o '^dev_dax_probe[^ ]*' $T/available_filter_functions | head -1)
[ -n "$PROBE" ] || fail "dev_dax_probe is not traceable"
echo "$PROBE" > $T/set_ftrace_filter || fail "ftrace filter $PROBE"
echo function > $T/current_tracer
echo 1 > $T/tracing_on
trace_reset() { echo > $T/trace; }
probes() { grep -c "$PROBE" $T/trace; }

# control: ndctl's devdax namespace is probed by device_dax, and seen
trace_reset
REF=$(ns_devdax $NS_REF 2M mem)
expect_eq "$(dm_driver $REF)" device_dax "reference device's driver"
[ "$(probes)" -ge 1 ] || fail "the tracer did not see device_dax probe $REF: $(cat $T/trace)"
ns_raw $NS_REF

# daxmgr create: no device_dax probe, autoprobe on again, no record left
expect_eq "$(cat $AP)" 1 "autoprobe at start"
trace_reset
daxmgr create --namespace $NS --align 2M > /tmp/create.json 2> /tmp/create.err ||
	fail "create: $(cat /tmp/create.err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_driver $DEV)" daxmgr "driver after create"
expect_eq "$(probes)" 0 "device_dax probes during daxmgr create"
expect_eq "$(cat $AP)" 1 "autoprobe after create"
[ -e $REC ] && fail "record left after create: $(cat $REC)"
daxmgr destroy --raw $DEV > /dev/null 2>&1 || fail "destroy"

# an admin's autoprobe 0 stays 0
echo 0 > $AP
daxmgr create --namespace $NS --align 2M > /tmp/create.json 2> /tmp/create.err ||
	fail "create with autoprobe 0: $(cat /tmp/create.err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_driver $DEV)" daxmgr "driver after create with autoprobe 0"
expect_eq "$(cat $AP)" 0 "the admin's autoprobe after create"
echo 1 > $AP
daxmgr destroy --raw $DEV > /dev/null 2>&1 || fail "destroy"

# a create that died in its window: autoprobe 0 and its record; a device
# added meanwhile is left unbound, until the next create undoes it all
ls $DAX_BUS/devices > $REC
echo 0 > $AP
ndctl create-namespace -f -e $NS_REF -m devdax -a 2M -M mem > /tmp/ns.json 2>&1 ||
	log "create-namespace with autoprobe off: $(cat /tmp/ns.json)"
REF=$(ndctl list -n $NS_REF -X | jq -r '.[0].daxregion.devices[0].chardev')
case $REF in dax*) ;; *) fail "no dax device on $NS_REF: $(ndctl list -n $NS_REF -X)" ;; esac
expect_eq "$(dm_driver $REF)" "" "a device added with autoprobe off"
daxmgr create --namespace $NS --align 2M > /tmp/create.json 2> /tmp/create.err ||
	fail "create after a dead one: $(cat /tmp/create.err)"
DEV=$(jq -r '.[0].chardev' /tmp/create.json)
expect_eq "$(dm_driver $DEV)" daxmgr "driver after the recovering create"
expect_eq "$(cat $AP)" 1 "autoprobe after the recovering create"
[ -e $REC ] && fail "record left after recovery: $(cat $REC)"
expect_eq "$(dm_driver $REF)" device_dax "the device added meanwhile, after recovery"
daxmgr destroy --raw $DEV > /dev/null 2>&1 || fail "destroy"
ns_raw $NS_REF

# SIGTERM in the middle of a create: it waits for the window to close and
# for the create to finish (or be undone); autoprobe is on again and no
# record is left, whatever moment it came at
for delay in 0.05 0.3; do
	daxmgr create --namespace $NS --align 2M > /tmp/create.json 2> /tmp/create.err &
	pid=$!
	sleep $delay
	kill -TERM $pid 2>/dev/null
	wait $pid
	rc=$?
	expect_eq "$(cat $AP)" 1 "autoprobe after a SIGTERM at ${delay}s (exit $rc)"
	[ -e $REC ] && fail "record left after a SIGTERM at ${delay}s: $(cat $REC)"
	mode=$(ndctl list -n $NS | jq -r '.[0].mode')
	DEV=$(ndctl list -n $NS -X | jq -r '.[0].daxregion.devices[0].chardev // empty')
	case $mode in
	raw) ;;
	devdax) expect_eq "$(dm_driver $DEV)" daxmgr "driver after a SIGTERM at ${delay}s" ;;
	*) fail "namespace mode '$mode' after a SIGTERM at ${delay}s" ;;
	esac
	log "SIGTERM at ${delay}s: exit $rc, namespace $mode"
	[ "$mode" = devdax ] && { daxmgr destroy --raw $DEV > /dev/null 2>&1 || fail "destroy"; }
done
echo 0 > $T/tracing_on
echo nop > $T/current_tracer
echo > $T/set_ftrace_filter
