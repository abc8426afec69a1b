#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packaging checks: the man pages lint clean and cover every command, the
# completion knows every command, and `make install` gives a library that a
# program finds through pkg-config and links against.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok install/$1"; }
notok() { echo "not ok install/$1: $2"; }

cmds=$("$top/build/asan/daxmgr" --help | awk '/^commands:/ {on = 1; next} on && !NF {exit} on {print $1}')
[ -n "$cmds" ] && ok commands-listed || notok commands-listed "no commands in --help"
for c in $cmds; do
	[ -f "$top/docs/man/daxmgr-$c.8" ] && ok "man-page/$c" || notok "man-page/$c" "docs/man/daxmgr-$c.8 missing"
	grep -q "cmds=.*\b$c\b" "$top/cli/daxmgr.bash-completion" && ok "completion/$c" ||
		notok "completion/$c" "not in the completion's command list"
done
for m in "$top"/docs/man/*.8; do
	if out=$(mandoc -Tlint -W warning "$m" 2>&1); then ok "mandoc/$(basename "$m")"
	else notok "mandoc/$(basename "$m")" "$out"; fi
done
bash -n "$top/cli/daxmgr.bash-completion" && ok completion-syntax || notok completion-syntax "bash -n failed"

if make -s -C "$top" install DESTDIR="$tmp/root" PREFIX=/usr > "$tmp/log" 2>&1; then
	ok make-install
else
	notok make-install "$(tail -3 "$tmp/log")"
fi
cat > "$tmp/prog.c" <<'C'
#include <libdaxmgr.h>
#include <stdio.h>
int main(void)
{
	enum daxmgr_pin_mode m;
	return daxmgr_parse_pin_mode("io", &m) || m != DAXMGR_PIN_IO;
}
C
pc=$tmp/root/usr/lib/pkgconfig
flags=$(PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$tmp/root pkg-config --cflags --libs libdaxmgr 2>&1)
if cc -o "$tmp/prog" "$tmp/prog.c" $flags 2> "$tmp/cc" && LD_LIBRARY_PATH=$tmp/root/usr/lib "$tmp/prog"; then
	ok pkg-config-link
else
	notok pkg-config-link "$flags: $(head -3 "$tmp/cc")"
fi
# only the versioned API is exported
bad=$(nm -D --defined-only "$tmp/root/usr/lib/libdaxmgr.so.1" | awk '$2 == "T" && $3 !~ /^daxmgr_/ {print $3}')
[ -z "$bad" ] && ok exports || notok exports "unexpected symbols: $bad"
nm -D "$tmp/root/usr/lib/libdaxmgr.so.1" | grep -q "daxmgr_new@@LIBDAXMGR_1" && ok symbol-version ||
	notok symbol-version "daxmgr_new not versioned LIBDAXMGR_1"
# the udev rule runs the installed CLI's autobind for new dax devices
rule=$tmp/root/lib/udev/rules.d/90-daxmgr.rules
grep -q '^ACTION=="add", SUBSYSTEM=="dax", .*RUN+="/usr/bin/daxmgr autobind %k"' "$rule" 2>/dev/null &&
	ok udev-rule || notok udev-rule "$(cat "$rule" 2>&1)"
if command -v udevadm > /dev/null; then
	udevadm verify "$rule" > "$tmp/uv" 2>&1 && ok udev-rule-verify || {
		grep -q "Unknown command\|unrecognized\|invalid option" "$tmp/uv" && ok udev-rule-verify ||
			notok udev-rule-verify "$(head -3 "$tmp/uv")"; }
fi
