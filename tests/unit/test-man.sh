#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# The man pages against the code: each renders with man -l without a
# warning or a known defect, documents every option that the command's
# --help lists (and no other), its exit statuses, and daxmgr(8) explains
# the pinning policies and the unbind protocol.
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/build/asan/daxmgr
man=$top/docs/man
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok man/$1"; }
notok() { echo "not ok man/$1: $2"; }

render() { # PAGE -> $tmp/PAGE.txt, warnings in $tmp/PAGE.err
	MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings -l "$man/$1.8" 2> "$tmp/$1.err" |
		col -b > "$tmp/$1.txt"
}

for f in "$man"/*.8; do
	p=$(basename "$f" .8)
	render "$p"
	[ -s "$tmp/$p.txt" ] && [ ! -s "$tmp/$p.err" ] && ok "$p/renders" ||
		notok "$p/renders" "$(head -3 "$tmp/$p.err")"
	bad=$(grep -nE '/dev/dev|\\f|\\\(|^\.|[^ ]\.It |Ns ' "$tmp/$p.txt")
	[ -z "$bad" ] && ok "$p/no-defects" || notok "$p/no-defects" "$bad"
	sed -n '/^EXIT STATUS/,/^[A-Z]/p' "$tmp/$p.txt" > "$tmp/$p.exit"
	grep -qw 64 "$tmp/$p.exit" && ok "$p/exit-usage" || notok "$p/exit-usage" "no 64 in EXIT STATUS"
done

# every option of --help in the page's OPTIONS, every option of the page in --help
cmds=$("$cli" --help | awk '/^commands:/ {on = 1; next} on && !NF {exit} on {print $1}')
for c in $cmds; do
	p=daxmgr-$c
	"$cli" "$c" --help | grep -oE '^    -[a-zA-Z], --[a-z-]+' | sed 's/^ *//' | sort > "$tmp/$c.help"
	sed -n '/^OPTIONS/,/^[A-Z]/p' "$tmp/$p.txt" | grep -oE '^     -[a-zA-Z], --[a-z-]+' | sed 's/^ *//' |
		sort > "$tmp/$c.man"
	d=$(diff "$tmp/$c.help" "$tmp/$c.man")
	[ -s "$tmp/$c.help" ] && [ -z "$d" ] && ok "$p/options-match-help" ||
		notok "$p/options-match-help" "< --help, > man page: $(echo $d)"
	grep -q "^SYNOPSIS" "$tmp/$p.txt" && ok "$p/synopsis" || notok "$p/synopsis" "none"
	# and the bash completion offers every long option
	line=$(grep -E "^	$c\)" "$top/cli/daxmgr.bash-completion" | tr '"' ' ')
	miss=
	for o in $(grep -oE -- '--[a-z-]+' "$tmp/$c.help"); do
		case $o in --verbose|--help) continue ;; esac
		case " $line " in *" $o "*) ;; *) miss="$miss $o" ;; esac
	done
	[ -z "$miss" ] && ok "completion/$c" || notok "completion/$c" "missing:$miss"
done
for p in daxmgr-unbind daxmgr-destroy; do
	for s in 16 130 143; do
		grep -qw "$s" "$tmp/$p.exit" && ok "$p/exit-$s" || notok "$p/exit-$s" "not in EXIT STATUS"
	done
done
for s in 0 1 2 16 17 19 22 64 "128+N"; do
	grep -qF -- "$s" "$tmp/daxmgr.exit" && ok "daxmgr/exit-$s" || notok "daxmgr/exit-$s" "not in EXIT STATUS"
done
for s in "PINNING POLICIES" "THE UNBIND PROTOCOL" "pmem as memory" "pmem as storage" "SIGBUS" \
	"put back" "parked" "revoked"; do
	grep -qF "$s" "$tmp/daxmgr.txt" && ok "daxmgr/explains/$s" || notok "daxmgr/explains/$s" "missing"
done
# the create page promises only what --force does
grep -q "former contents become" "$tmp/daxmgr-create.txt" && notok daxmgr-create/force "promises the old contents" ||
	ok daxmgr-create/force

# libdaxmgr(3): renders cleanly and documents every exported function
# (each in the SYNOPSIS, where mandoc renders it "name(")
MANWIDTH=80 man --warnings -l "$man/libdaxmgr.3" 2> "$tmp/lib.err" | col -b > "$tmp/lib.txt"
[ -s "$tmp/lib.txt" ] && [ ! -s "$tmp/lib.err" ] && ok libdaxmgr/renders ||
	notok libdaxmgr/renders "$(head -3 "$tmp/lib.err")"
miss=
for f in $(sed -n 's/^[[:space:]]*\(daxmgr_[a-z_]*\);$/\1/p' "$top/lib/libdaxmgr.sym"); do
	grep -q "^     $f(" "$tmp/lib.txt" || miss="$miss $f"
done
[ -z "$miss" ] && ok libdaxmgr/every-symbol || notok libdaxmgr/every-symbol "not in the SYNOPSIS:$miss"
