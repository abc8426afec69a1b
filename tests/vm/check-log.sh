#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Scan a guest kernel log for signs of a kernel bug.  Prints the offending
# lines and exits 1 if there are any, exits 0 on a clean log.
#
# Usage: check-log.sh LOG
set -u
log=${1:?usage: check-log.sh LOG}

# WARN_ON and friends, BUG_ON and "BUG: ..." (sleeping in atomic, bad page
# state, soft lockup), oopses, every stack trace, and the hung-task and
# RCU-stall detectors.  The debug kernel's checkers (README.md, "The
# debug-kernel lane") mostly print through WARN or "BUG:", but not all:
# lockdep's reports, KASAN's, debugobjects', PROVE_RCU's and the page
# checkers' own headlines are listed too, so that one of them is caught
# even where it prints no trace.
pattern='(WARNING:|(^|[^A-Za-z])BUG:|kernel BUG at|Oops|general protection fault|Call Trace:|blocked for more than [0-9]+ seconds|rcu_(sched|preempt) (self-)?detected stall|Kernel panic|UBSAN:|list_(add|del) corruption|refcount_t:|page dumped because'
pattern+='|BUG: KASAN:|KFENCE:|ODEBUG: .*object type|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|lock held when returning to user space|held lock freed|trying to register non-static key|DEBUG_LOCKS_WARN_ON|turning off the locking correctness validator|[Bb]ad page (state|map)|Bad rss-counter|percpu ref .* <= 0|INFO: task .* blocked)'

# Lines the test kernel prints on every boot that match too loosely.
benign='(PCI: Using host bridge windows|This is not a bug|fail to add MMCONFIG)'

bad=$(tr -d '\r' < "$log" | grep -E -- "$pattern" | grep -v -E -- "$benign")
if [ -n "$bad" ]; then
	printf '%s\n' "$bad"
	exit 1
fi
exit 0
