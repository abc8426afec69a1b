#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Host tests of the VM harness's own judges: the guest-log scanner, the
# verdict of a run that must end in a kernel report, and the summary line.  Prints "ok NAME" / "not ok NAME: why".
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/tests/vm/check-log.sh
judge=$top/tests/vm/judge-report.sh
summary=$top/scripts/summary.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

clean_log='[    0.000000] Linux version 6.1.0-56-amd64
[    0.891732] acpi PNP0A03:00: fail to add MMCONFIG information, can'"'"'t access extended PCI configuration space under this bridge.
[    0.9] PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug
[    3.7] daxmgr: loading out-of-tree module taints kernel.
[    4.3] pmemdax pmemdax0: unbind waits for 1 mapping(s) to close (pin_mode vma)
[    0.000000] KernelAddressSanitizer initialized (generic)
[    0.000000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.000000] ... MAX_LOCKDEP_SUBCLASSES:  8
[    0.3] ODEBUG: selftest passed
[    0.4] rcu: RCU lockdep checking is enabled.'

log_case() { # NAME WANT_RC LINE
	printf '%s\n%s\n' "$clean_log" "$3" > "$tmp/log"
	"$check" "$tmp/log" > "$tmp/out"
	rc=$?
	if [ "$rc" = "$2" ]; then ok "check-log/$1"; else notok "check-log/$1" "rc $rc, want $2"; fi
}

log_case clean 0 ""
log_case warn 1 "[   12.1] WARNING: CPU: 1 PID: 77 at mm/memremap.c:120 memunmap_pages+0x1a/0x2b0"
log_case bug 1 "[   12.1] BUG: unable to handle page fault for address: ffffea0004000000"
log_case kernel-bug-at 1 "[   12.1] kernel BUG at mm/huge_memory.c:2113!"
log_case oops 1 "[   12.1] Oops: 0002 [#1] PREEMPT SMP NOPTI"
log_case gpf 1 "[   12.1] general protection fault, probably for non-canonical address 0xdead000000000100"
log_case call-trace 1 "[   12.1] Call Trace:"
log_case hung-task 1 "[   40.0] INFO: task sh:231 blocked for more than 30 seconds."
log_case rcu-stall 1 "[   40.0] rcu: INFO: rcu_preempt detected stall on CPU"
log_case refcount 1 "[   40.0] refcount_t: underflow; use-after-free."
log_case bad-page 1 "[   40.0] page dumped because: nonzero _refcount"
# the debug kernel's checkers (scripts/debug-kernel.sh), as they print
log_case kasan 1 "[   12.1] BUG: KASAN: slab-use-after-free in dax_unbind+0x1c/0x40 [daxmgr]"
log_case lockdep-circular 1 "[   12.1] WARNING: possible circular locking dependency detected"
log_case lockdep-recursive 1 "[   12.1] WARNING: possible recursive locking detected"
log_case lockdep-inconsistent 1 "[   12.1] WARNING: inconsistent lock state"
log_case lockdep-nonstatic 1 "[   12.1] INFO: trying to register non-static key."
log_case lockdep-off 1 "[   12.1] BUG: MAX_LOCKDEP_ENTRIES too low!"
log_case prove-rcu 1 "[   12.1] WARNING: suspicious RCU usage"
log_case held-to-user 1 "[   12.1] WARNING: lock held when returning to user space!"
log_case odebug 1 "[   12.1] ODEBUG: free active (active state 0) object: 00000000 object type: work_struct hint: daxmgr_reap+0x0/0x40 [daxmgr]"
log_case bad-page-state 1 "[   12.1] BUG: Bad page state in process daxtest  pfn:240000"
log_case bad-page-map 1 "[   12.1] BUG: Bad page map in process daxtest  pte:8000000240000a25 pmd:1234067"
log_case bad-rss 1 "[   12.1] BUG: Bad rss-counter state mm:0000000012345678 type:MM_FILEPAGES val:-1"
log_case percpu-ref 1 "[   12.1] percpu ref (dax_pgmap_release) <= 0 (-1) after switching to atomic"
log_case kfence 1 "[   12.1] BUG: KFENCE: use-after-free read in foo+0x1/0x2"
log_case crlf-warn 1 $'[   12.1] WARNING: CPU: 0 PID: 1 at x\r'

# the offending line is what the scanner prints
printf '%s\n%s\n' "$clean_log" "[ 1.0] BUG: sleeping function called from invalid context" > "$tmp/log"
if "$check" "$tmp/log" | grep -q "sleeping function"; then ok check-log/prints-line
else notok check-log/prints-line "offending line not printed"; fi

# judge-report.sh: a proof run (run.sh --expect-kernel-report MARKER
# [--expect-report-pattern RE]) passes only on a report after MARKER.
marker='daxmgr-proof: unbinding dax0.0 from device_dax with a live MR'
crash='[   61.2] BUG: unable to handle page fault for address: ffffeb7c84000034
[   61.2] #PF: supervisor read access in kernel mode
[   61.2] Oops: 0000 [#1] PREEMPT SMP NOPTI
[   61.2] RIP: 0010:unpin_user_page_range_dirty_lock+0x3e/0x150
[   61.2] Call Trace:
[   61.2]  ib_umem_release+0x3b/0xa0 [ib_uverbs]
[   61.2]  rxe_dereg_mr+0x2c/0x50 [rdma_rxe]'
judge_case() { # NAME WANT_RC FINISHED PATTERN BEFORE AFTER
	printf '%s\n%s\n[   60.0] %s\n[   60.1] daxmgr-proof: device_dax unbind returned after 20 ms\n%s\n' \
		"$clean_log" "$5" "$marker" "$6" > "$tmp/console.log"
	"$judge" "$tmp/console.log" "$marker" "$3" "$4" "$tmp" > "$tmp/verdict"
	rc=$?
	if [ "$rc" = "$2" ]; then ok "judge-report/$1"
	else notok "judge-report/$1" "rc $rc, want $2: $(head -1 "$tmp/verdict")"; fi
}
# the old harness took a clean log after the marker for the report
judge_case clean-after-finished 1 yes "" "" "[   63.0] daxmgr-proof: device_dax dereg over"
judge_case clean-after-finished-pattern 1 yes unpin_user_page_range_dirty_lock "" ""
# ... and a report the guest survived for none
judge_case survived-report 0 yes "" "" "$crash"
judge_case survived-report-pattern 0 yes 'RIP: .*unpin_user_page_range_dirty_lock' "" "$crash"
judge_case survived-other-report 1 yes bio_check_pages_dirty "" "$crash"
judge_case died-silently 0 no "" "" ""
judge_case died-silently-pattern 1 no unpin_user_page_range_dirty_lock "" ""
judge_case died-with-report 0 no unpin_user_page_range_dirty_lock "" "$crash
[   61.3] Kernel panic - not syncing: Fatal exception"
judge_case report-before-marker 1 no "" "[   50.0] WARNING: CPU: 0 PID: 1 at x" "$crash"
printf '%s\n' "$clean_log" > "$tmp/console.log"
if "$judge" "$tmp/console.log" "$marker" no "" "$tmp" > "$tmp/verdict"; then
	notok judge-report/no-marker "passed without the marker"
elif grep -q "never logged" "$tmp/verdict"; then ok judge-report/no-marker
else notok judge-report/no-marker "$(head -1 "$tmp/verdict")"; fi
# run.sh takes its verdict from judge-report.sh, with the pattern
if grep -q 'judge-report.sh" "$out/console.log" "$expect" "$fin"' "$top/tests/vm/run.sh" &&
	grep -q -- '--expect-report-pattern) expect_pattern=' "$top/tests/vm/run.sh"; then
	ok judge-report/used-by-run.sh
else
	notok judge-report/used-by-run.sh "run.sh does not call judge-report.sh with the pattern"
fi

sum_case() { # NAME WANT_RC WANT_LINE TSV-LINES...
	local name=$1 want_rc=$2 want=$3
	shift 3
	rm -rf "$tmp/r"; mkdir -p "$tmp/r"
	printf '%s\n' "$@" > "$tmp/r/a.tsv"
	last=$("$summary" "$tmp/r" | tail -1)
	rc=${PIPESTATUS[0]}
	"$summary" "$tmp/r" > /dev/null; rc=$?
	if [ "$last" = "$want" ] && [ "$rc" = "$want_rc" ]; then ok "summary/$name"
	else notok "summary/$name" "got '$last' rc $rc, want '$want' rc $want_rc"; fi
}
sum_case all-pass 0 "2 passed, 0 failed" $'a\tpass\t' $'b\tpass\t'
sum_case one-fail 1 "1 passed, 1 failed" $'a\tpass\t' $'b\tfail\tboom'
sum_case skip-shown 0 "1 passed, 0 failed, 1 skipped" $'a\tpass\t' $'b\tskip\tno PUD'
rm -rf "$tmp/r"; mkdir -p "$tmp/r"
if "$summary" "$tmp/r" > /dev/null; then notok summary/nothing-ran "an empty run passed"
else ok summary/nothing-ran; fi
