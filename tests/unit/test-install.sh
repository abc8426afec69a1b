#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Packaging checks: the man pages lint clean and cover every command, the
# completion knows every command; the library and CLI build with
# dpkg-buildflags' flags, `make install` installs them (into a DESTDIR, the
# way a Debian package does: PREFIX=/usr, multiarch LIBDIR) without
# compiling, a program builds against the installed header through
# pkg-config, and `make uninstall` removes every file it installed.
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

# make ARGS...: make in the tree, quietly; output in $tmp/log
mk() { make -s --no-print-directory -C "$top" "$@" > "$tmp/log" 2>&1; }
# the files and links below a root (links with their targets), sorted
files() { (cd "$1" 2>/dev/null && find . ! -type d | sed 's|^\.||' | sort |
	while read -r f; do if [ -L "$1$f" ]; then echo "$f -> $(readlink "$1$f")"; else echo "$f"; fi; done) || true; }
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
ma=$(cc -print-multiarch)
mans=$(cd "$top/docs/man" && ls ./*.8 | sed 's|^\./||')

# install compiles nothing: with nothing built it refuses, and builds nothing
mkdir -p "$tmp/empty"
if mk install BUILD="$tmp/empty" DESTDIR="$tmp/r0"; then
	notok install-needs-build "make install succeeded with nothing built"
elif ! grep -q "is not built; run \`make lib cli\`" "$tmp/log"; then
	notok install-needs-build "no clear message: $(tail -2 "$tmp/log")"
elif [ -n "$(find "$tmp/empty" "$tmp/r0" ! -type d 2>/dev/null)" ]; then
	notok install-needs-build "it built or installed: $(find "$tmp/empty" "$tmp/r0" ! -type d | head -3)"
else
	ok install-needs-build
fi

# CPPFLAGS, CFLAGS and LDFLAGS reach every compile and link (dry run)
mk -n -B lib cli BUILD="$tmp/dry" CC=MARK-CC CPPFLAGS=-DMARK_CPPFLAGS CFLAGS=-MARK-CFLAGS LDFLAGS=-Wl,MARK-LDFLAGS
sed -i -e ':a' -e '/\\$/N; s/\\\n//; ta' "$tmp/log"   # join continued lines
ccs=$(grep -c '^MARK-CC ' "$tmp/log")
miss=$(grep '^MARK-CC ' "$tmp/log" | while read -r l; do
	case $l in *-DMARK_CPPFLAGS*-MARK-CFLAGS*-Wl,MARK-LDFLAGS*) ;; *) echo "$l" ;; esac; done | head -1)
[ "$ccs" -ge 3 ] && [ -z "$miss" ] && ok build-flags-honoured ||
	notok build-flags-honoured "$ccs compiler lines; without CPPFLAGS, CFLAGS then LDFLAGS: ${miss:0:200}"

# the package build: dpkg-buildflags with every hardening flag, PREFIX=/usr
hb=$tmp/hb
if (eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)" &&
	mk lib cli BUILD="$hb" PREFIX=/usr); then
	ok build-dpkg-buildflags
else
	notok build-dpkg-buildflags "$(grep -m3 -e error -e warning "$tmp/log")"
fi
for b in lib/libdaxmgr.so.1.0.0 install/daxmgr bin/daxmgr; do
	readelf -d "$hb/$b" 2>/dev/null | grep -q 'BIND_NOW' && ok "ldflags/$b" ||
		notok "ldflags/$b" "no BIND_NOW: LDFLAGS=-Wl,-z,now did not reach the link"
done
nm -D "$hb/lib/libdaxmgr.so.1.0.0" 2>/dev/null | grep -q ' U __stack_chk_fail' && ok cflags/lib ||
	notok cflags/lib "no __stack_chk_fail: CFLAGS=-fstack-protector-strong did not reach the compile"
nm -D "$hb/install/daxmgr" 2>/dev/null | grep -q ' U __.*_chk@' && ok cppflags/cli ||
	notok cppflags/cli "no __*_chk call: CPPFLAGS=-D_FORTIFY_SOURCE=2 did not reach the compile"

# Debian's layout, into a DESTDIR, from the package build
root=$tmp/root
dirs=(PREFIX=/usr "LIBDIR=/usr/lib/$ma")
if mk install BUILD="$hb" DESTDIR="$root" "${dirs[@]}"; then ok make-install
else notok make-install "$(tail -3 "$tmp/log")"; fi
want=$( (echo "/lib/systemd/system/daxmgr-autobind@.service
/lib/systemd/system/daxmgr.target
/lib/udev/rules.d/90-daxmgr.rules
/usr/bin/daxmgr
/usr/include/libdaxmgr.h
/usr/lib/$ma/libdaxmgr.so -> libdaxmgr.so.1
/usr/lib/$ma/libdaxmgr.so.1 -> libdaxmgr.so.1.0.0
/usr/lib/$ma/libdaxmgr.so.1.0.0
/usr/lib/$ma/pkgconfig/libdaxmgr.pc
/usr/share/bash-completion/completions/daxmgr
/usr/share/man/man3/libdaxmgr.3"
	for m in $mans; do echo "/usr/share/man/man8/$m"; done) | sort)
got=$(files "$root")
[ "$got" = "$want" ] && ok file-list || notok file-list "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
echo "$got" > "$top/build/results/install-files.txt" 2>/dev/null

lib=$root/usr/lib/$ma
soname=$(readelf -d "$lib/libdaxmgr.so.1.0.0" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libdaxmgr.so.1 ] && ok soname || notok soname "SONAME '$soname', want libdaxmgr.so.1"
# only the versioned API is exported
bad=$(nm -D --defined-only "$lib/libdaxmgr.so.1.0.0" 2>&1 | awk '$2 != "T" || $3 !~ /^daxmgr_/ {print $3}' | grep -vE '^LIBDAXMGR_1(\.[0-9]+)?$')
[ -z "$bad" ] && [ -f "$lib/libdaxmgr.so.1.0.0" ] && ok exports || notok exports "unexpected symbols: $bad"
nm -D "$lib/libdaxmgr.so.1.0.0" 2>/dev/null | grep -q "daxmgr_new@@LIBDAXMGR_1" && ok symbol-version ||
	notok symbol-version "daxmgr_new not versioned LIBDAXMGR_1"

# the installed CLI: no rpath into the build tree or anywhere, finds the
# installed library (here through LD_LIBRARY_PATH, as ld.so would in LIBDIR)
cli=$root/usr/bin/daxmgr
readelf -d "$cli" | grep -q -e RPATH -e RUNPATH && notok cli-no-rpath "$(readelf -d "$cli" | grep PATH)" ||
	ok cli-no-rpath
out=$(LD_LIBRARY_PATH=$lib "$cli" --version 2>&1)
[ "$out" = "daxmgr $version" ] || [ "$out" = "$version" ] && ok cli-runs || notok cli-runs "--version: $out"
LD_LIBRARY_PATH=$lib ldd "$cli" | grep -q "libdaxmgr.so.1 => $lib/libdaxmgr.so.1 " && ok cli-uses-installed-lib ||
	notok cli-uses-installed-lib "$(LD_LIBRARY_PATH=$lib ldd "$cli" | grep daxmgr)"

# the .pc: libdaxmgr.h includes no header of the libraries libdaxmgr
# calls, so no Requires.private (their -dev packages would be needed for
# --cflags); a static link gets them from Libs.private
pcenv=(PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_LIBDIR="$lib/pkgconfig:/usr/lib/$ma/pkgconfig:/usr/share/pkgconfig"
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1)
req=$(env "${pcenv[@]}" pkg-config --print-requires-private libdaxmgr 2>&1 | tr '\n' ' ')
[ -z "$req" ] && ok pc-no-requires-private ||
	notok pc-no-requires-private "got '$req'"
pv=$(env "${pcenv[@]}" pkg-config --modversion libdaxmgr 2>&1)
[ "$pv" = "$version" ] && ok pc-version || notok pc-version "'$pv', want $version"
static=$(env "${pcenv[@]}" pkg-config --static --libs libdaxmgr 2>&1)
miss=
for l in -ldaxmgr -lndctl -ldaxctl -lkmod -luuid; do
	case " $static " in *" $l "*) ;; *) miss="$miss $l" ;; esac
done
[ -z "$miss" ] && ok pc-static || notok pc-static "no$miss in $static"
case " $(env "${pcenv[@]}" pkg-config --libs libdaxmgr) " in
*" -lndctl "*) notok pc-shared-libs "a dynamic link pulls in libndctl" ;;
*" -ldaxmgr "*) ok pc-shared-libs ;; *) notok pc-shared-libs "no -ldaxmgr" ;; esac

# a program builds against the installed header and library via pkg-config
cat > "$tmp/prog.c" <<'C'
#include <libdaxmgr.h>
#include <stdio.h>
int main(void)
{
	enum daxmgr_pin_mode m;
	return daxmgr_parse_pin_mode("io", &m) || m != DAXMGR_PIN_IO;
}
C
flags=$(env "${pcenv[@]}" pkg-config --cflags --libs libdaxmgr 2>&1)
case $flags in *"-I$root/usr/include"*"-L$lib"*) ;; *) notok pc-flags "$flags" ;; esac
if cc -o "$tmp/prog" "$tmp/prog.c" $flags 2> "$tmp/cc" && LD_LIBRARY_PATH=$lib "$tmp/prog"; then
	ok pkg-config-link
else
	notok pkg-config-link "$flags: $(head -3 "$tmp/cc")"
fi

# the udev rule only tags the device and wants the oneshot unit (no RUN+:
# udevd kills a RUN+ program at its timeout, and logs it at debug level)
rule=$root/lib/udev/rules.d/90-daxmgr.rules
grep -q '^ACTION=="add", SUBSYSTEM=="dax", .*TAG+="systemd", ENV{SYSTEMD_WANTS}+="daxmgr-autobind@%k.service"' "$rule" 2>/dev/null &&
	ok udev-rule || notok udev-rule "$(cat "$rule" 2>&1)"
grep -v '^#' "$rule" 2>/dev/null | grep -q 'RUN' && notok udev-rule-no-run "the rule runs a program: $(grep RUN "$rule")" ||
	ok udev-rule-no-run
# the unit: a oneshot of the installed CLI for %i, with a start timeout,
# to the journal, ordered before the target applications wait for
unit=$root/lib/systemd/system/daxmgr-autobind@.service
for l in 'Type=oneshot' 'ExecStart=/usr/bin/daxmgr autobind %i' 'TimeoutStartSec=[1-9]' \
	'StandardError=journal' 'Before=daxmgr.target'; do
	grep -q "^$l" "$unit" 2>/dev/null && ok "unit/${l%%=*}" || notok "unit/${l%%=*}" "no '$l' in $unit"
done
grep -q '^After=systemd-udev-settle.service' "$root/lib/systemd/system/daxmgr.target" 2>/dev/null &&
	ok target-after-udev || notok target-after-udev "daxmgr.target is not ordered after udev settled"
if command -v systemd-analyze > /dev/null; then
	# verify the instance a rule would want, against a unit path of the stage
	mkdir -p "$tmp/units"
	sed "s|/usr/bin/daxmgr|$top/build/bin/daxmgr|" "$unit" > "$tmp/units/daxmgr-autobind@.service"
	cp "$root/lib/systemd/system/daxmgr.target" "$tmp/units/"
	# (it exits 0 on a line it ignores: any word about our units fails)
	SYSTEMD_UNIT_PATH="$tmp/units:" systemd-analyze verify --man=no \
		"$tmp/units/daxmgr-autobind@dax0.0.service" "$tmp/units/daxmgr.target" > "$tmp/sa" 2>&1
	if ! grep -q 'daxmgr' "$tmp/sa"; then
		ok units-verify
	else
		notok units-verify "$(grep daxmgr "$tmp/sa" | head -3 | tr '\n' ' ')"
	fi
fi
if command -v udevadm > /dev/null; then
	udevadm verify "$rule" > "$tmp/uv" 2>&1 && ok udev-rule-verify || {
		grep -q "Unknown command\|unrecognized\|invalid option" "$tmp/uv" && ok udev-rule-verify ||
			notok udev-rule-verify "$(head -3 "$tmp/uv")"; }
fi

# uninstall (with the same directories) leaves no file behind
if mk uninstall DESTDIR="$root" "${dirs[@]}" && [ -z "$(files "$root")" ]; then ok uninstall
else notok uninstall "left: $(files "$root" | tr '\n' ' ') $(tail -2 "$tmp/log")"; fi

# the defaults (/usr/local) from the ordinary in-tree build
mk install DESTDIR="$tmp/local" || notok install-default "$(tail -3 "$tmp/log")"
got=$(files "$tmp/local")
want=$( (echo "/lib/systemd/system/daxmgr-autobind@.service
/lib/systemd/system/daxmgr.target
/lib/udev/rules.d/90-daxmgr.rules
/usr/local/bin/daxmgr
/usr/local/include/libdaxmgr.h
/usr/local/lib/libdaxmgr.so -> libdaxmgr.so.1
/usr/local/lib/libdaxmgr.so.1 -> libdaxmgr.so.1.0.0
/usr/local/lib/libdaxmgr.so.1.0.0
/usr/local/lib/pkgconfig/libdaxmgr.pc
/usr/local/share/bash-completion/completions/daxmgr
/usr/local/share/man/man3/libdaxmgr.3"
	for m in $mans; do echo "/usr/local/share/man/man8/$m"; done) | sort)
[ "$got" = "$want" ] && ok install-default ||
	notok install-default "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
grep -q '^ExecStart=/usr/local/bin/daxmgr autobind %i' "$tmp/local/lib/systemd/system/daxmgr-autobind@.service" 2>/dev/null &&
	ok unit-prefix || notok unit-prefix "the unit does not run /usr/local/bin/daxmgr"
mk uninstall DESTDIR="$tmp/local" && [ -z "$(files "$tmp/local")" ] && ok uninstall-default ||
	notok uninstall-default "left: $(files "$tmp/local" | tr '\n' ' ')"

# the in-tree CLI still finds the in-tree library (rpath $ORIGIN/../lib)
out=$(env -u LD_LIBRARY_PATH "$top/build/bin/daxmgr" --version 2>&1) &&
	readelf -d "$top/build/bin/daxmgr" | grep -q 'R.*PATH.*\$ORIGIN/../lib' && ok in-tree-rpath ||
	notok in-tree-rpath "$out"
