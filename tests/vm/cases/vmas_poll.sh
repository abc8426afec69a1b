# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 120
# The driver wakes a poll() of vmas when the last mapping closes (issue
# 11: daxmgr unbind's wait sleeps in poll(), not in a loop of reads), here
# when its holder is killed.  On its own, out of cli_interrupt, so that
# the debug lane judges this driver path without the CLI's signal cases.
dm_create 2M
hold_start $DEV 2M a
rm -f /tmp/poll.ready
daxtest pollattr $DM_DEVS/$DEV/vmas /tmp/poll.ready 20000 > /tmp/poll.out &
ppid=$!
while [ ! -e /tmp/poll.ready ]; do sleep 0.05; done
kill -KILL $HOLD_PID
wait $HOLD_PID 2> /dev/null	# the shell would say "Killed"
wait $ppid
expect_eq "$(cat /tmp/poll.out)" "notified 0" "poll() of vmas as the last mapping closed"
expect_eq "$(dm_attr $DEV vmas)" 0 "vmas after the holder died"
