# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The dax bus's private layouts daxmgr was compiled with (dax_layout.h, as
# the module reports them in debugfs) match the running kernel's BTF:
# every struct size and every field offset the driver uses.  The check can
# fail: a wrong offset is caught.
grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs none /sys/kernel/debug
L=/sys/kernel/debug/daxmgr/layout
[ -r $L ] || fail "no $L"
[ -r /sys/kernel/btf/vmlinux ] || fail "no /sys/kernel/btf/vmlinux"
btfs=/sys/kernel/btf/vmlinux
[ -r /sys/kernel/btf/dax ] && btfs="$btfs /sys/kernel/btf/dax"
cat $L
btfcheck $L $btfs > /tmp/btf.out 2>&1 || fail "layout: $(cat /tmp/btf.out)"
tail -1 /tmp/btf.out
grep -q "^dev_dax.ranges " $L || fail "layout lacks dev_dax.ranges"
# a deliberately wrong offset must be refused
sed 's/^\(dev_dax.nr_range\) \([0-9]*\)/\1 999/' $L > /tmp/bad.layout
btfcheck /tmp/bad.layout $btfs > /dev/null 2>&1 && fail "btfcheck accepted a wrong offset"
true
