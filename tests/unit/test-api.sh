#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# libdaxmgr's public surface: the header declares only what users need
# (no test-only entry, parser or persistence-record layout), the shared
# library exports exactly what the header declares, and the example of
# docs/ builds against them alone and runs.
top=$(cd "$(dirname "$0")/../.." && pwd)
hdr=$top/lib/libdaxmgr.h
so=$top/build/lib/libdaxmgr.so.1
ok() { echo "ok api/$1"; }
notok() { echo "not ok api/$1: $2"; }

bad=$(grep -nE 'new_at|daxmgr_free|conf_(read|write|remove|parse)|struct daxmgr_conf|parse_(size|align|map|devname)|maps_line|struct daxmgr_[a-z_]+ \{' "$hdr")
[ -z "$bad" ] && ok header-user-facing || notok header-user-facing "$bad"
for f in daxmgr_ref daxmgr_unref daxmgr_set_log_fn daxmgr_set_log_priority daxmgr_get_log_priority \
	daxmgr_set_wait_fn; do
	grep -q "\b$f(" "$hdr" && ok "header/$f" || notok "header/$f" "not declared"
done
declared=$(grep -v '^#define' "$hdr" | grep -oE '\bdaxmgr_[a-z_]+\(' | tr -d '(' | sort -u)
exported=$(nm -D --defined-only "$so" | awk '$2 == "T" {sub(/@.*/, "", $3); print $3}' | sort -u)
d=$(diff <(echo "$declared") <(echo "$exported"))
[ -z "$d" ] && ok exports-match-header || notok exports-match-header "< header, > .so: $(echo $d)"
ex=$top/build/example/daxmgr-example
if [ -x "$ex" ] && "$ex" > /dev/null; then ok example-runs; else notok example-runs "build/example/daxmgr-example"; fi
