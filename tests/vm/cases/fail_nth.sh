# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 1500
# Every allocation failure of our entry points, one at a time (issue 22;
# debug kernel only: FAILSLAB, FAIL_PAGE_ALLOC and the per-task fail-nth
# file).  The fault injection counts only allocations with daxmgr's text
# on the stack (our own, and those of what we call: memremap_pages, the
# cdev, sysfs, the park's device), GFP_KERNEL ones included, and reports
# nothing itself (verbose 0: its stack dumps would read as splats).
# daxfailnth walks N = 1, 2, ... over each entry point until the call
# makes no Nth allocation: every call must succeed or fail with ENOMEM
# and change nothing, and the device must bind, map, write and read back
# after each (tests/vm/progs/daxfailnth.c).  Every entry point on a 2M
# device, whose touched map is allocated whole at bind; mmap and the
# first fault again on a 4K one, whose map they allocate (its bind makes
# the same allocations as the 2M one's, but for that map's one chunk).  The
# leaks of the failed paths are kmemleak's, judged by the leak_scan case.
#
# Not failed: what x86's arch_add_memory() allocates for memremap_pages()
# (the direct map's page tables, then add_pages(): the memmap, its
# sections and their page tables; the stack filter's reject range).
# The kernel cannot fail those cleanly, for device_dax as for us: its
# add_pages() WARNs on any failure (arch/x86/mm/init_64.c, "WARN_ON_ONCE
# (ret)"), vmemmap_alloc_block() dumps a stack, and __add_pages() leaves
# the sections it added before the one that failed, which memremap_pages()
# does not remove: the range's next bind fails with EEXIST until reboot.
D=/sys/kernel/debug
[ -d $D/failslab ] || mount -t debugfs none $D
[ -w /proc/thread-self/fail-nth ] || fail "no fail-nth: a kernel without FAULT_INJECTION"
dm_text /tmp/daxmgr.text
start=0x$(head -1 /tmp/daxmgr.text | cut -d' ' -f1)
end=0x$(tail -1 /tmp/daxmgr.text | cut -d' ' -f1)
# x86's arch_add_memory() maps the range into the direct map
# (init_memory_mapping(), whose page-table allocations are used unchecked)
# and then tail-calls add_pages(): the two are adjacent in the text, and
# the range from the first to the symbol after the second is rejected.
set -- $(sort /proc/kallsyms | awk '
	f && $3 !~ /^__pfx_/ { print $1; exit }
	$3 == "add_pages" || $3 == "arch_add_memory" { if (!n++) print $1; else f = 1; next }
	n == 1 && $3 !~ /^__pfx_/ { print "gap:" $3; exit }')
[ $# = 2 ] || fail "add_pages and arch_add_memory are not adjacent in /proc/kallsyms: $*"
rstart=0x$1 rend=0x$2
[ -w $D/failslab/require-start ] && [ -w $D/failslab/reject-start ] ||
	fail "no stack filter (FAULT_INJECTION_STACKTRACE_FILTER): every allocation would be failed"
for f in failslab fail_page_alloc; do
	echo 0 > $D/$f/probability
	echo -1 > $D/$f/times
	echo 0 > $D/$f/verbose
	echo N > $D/$f/ignore-gfp-wait
	echo 32 > $D/$f/stacktrace-depth
	echo $start > $D/$f/require-start
	echo $end > $D/$f/require-end
	echo $rstart > $D/$f/reject-start
	echo $rend > $D/$f/reject-end
done
echo N > $D/fail_page_alloc/ignore-gfp-highmem
echo 0 > $D/fail_page_alloc/min-order
log "failing allocations with daxmgr's text ($start-$end) on the stack, but not arch_add_memory's and add_pages' ($rstart-$rend)"

bad=
walk() { # ALIGN ENTRY...
	local a=$1 e rc
	shift
	dm_create $a
	kmsg_mark "fail_nth $a: daxfailnth $*"
	daxfailnth $DEV "$@" > /tmp/fn.$a.out 2>&1
	rc=$?
	sed "s/^/$a: /" /tmp/fn.$a.out
	[ $rc = 0 ] || bad="$bad $a:exit-$rc"
	for e in "$@"; do
		grep -q "^$e: [0-9]* allocation" /tmp/fn.$a.out || bad="$bad $a:$e:no-count"
	done
	dm_delete $DEV || fail "$a: give-back"
}

walk 2M bind open mmap fault pin_mode quiesce unquiesce revoke unbind unbind_io park
walk 4K mmap fault
for f in failslab fail_page_alloc; do
	echo 0 > $D/$f/require-start
	echo 18446744073709551615 > $D/$f/require-end
	echo 0 > $D/$f/reject-start
	echo 0 > $D/$f/reject-end
done
[ -z "$bad" ] || fail "daxfailnth:$bad"
