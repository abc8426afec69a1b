#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Licences: COPYING states them, LICENSES/ has their texts, and every source
# file carries the SPDX line COPYING gives its directory (LGPL-2.1 in lib/,
# GPL-2.0 elsewhere) in the kernel's style: line 1, or line 2 after a #!
# line or a shellcheck directive; `// ` in .c files, `/* */` in headers.  A
# new file without one fails here.  Not source, so not checked: docs, data, suite lists.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok license/$1"; }
notok() { echo "not ok license/$1: $2"; }

# spdx_problems ROOT FILE... -> one line per file that breaks the rule
spdx_problems() {
	local root=$1 f want got first n
	shift
	for f in "$@"; do
		case $f in
		*.md | docs/* | LICENSES/* | COPYING | .gitignore | bench/results/* | \
		tests/fuzz/corpus/* | tests/vm/suites/*) continue ;;
		# debian/: its copyright file states the licences (DEP-5);
		# only the rules makefile is source of ours
		debian/rules) ;;
		debian/*) continue ;;
		esac
		[ -f "$root/$f" ] || continue
		case $f in lib/*) want=LGPL-2.1 ;; *) want=GPL-2.0 ;; esac
		first=$(head -1 "$root/$f")
		case $first in '#!'* | '# shellcheck '*) n=2 ;; *) n=1 ;; esac
		got=$(sed -n "${n}p" "$root/$f")
		case $f in
		*.c) [ "$got" = "// SPDX-License-Identifier: $want" ] ||
			echo "$f: line $n is not '// SPDX-License-Identifier: $want'" ;;
		*.h | *.sym) [ "$got" = "/* SPDX-License-Identifier: $want */" ] ||
			echo "$f: line $n is not '/* SPDX-License-Identifier: $want */'" ;;
		*) [ "$got" = "# SPDX-License-Identifier: $want" ] ||
			echo "$f: line $n is not '# SPDX-License-Identifier: $want'" ;;
		esac
	done
}

# copyright_problems ROOT FILE... -> one line per source file (and man
# page) without the holder's line right below its SPDX line
copyright_problems() {
	local root=$1 f n
	shift
	for f in "$@"; do
		case $f in
		*.md | LICENSES/* | COPYING | .gitignore | bench/results/* | \
		tests/fuzz/corpus/* | tests/vm/suites/*) continue ;;
		debian/rules | docs/man/*) ;;
		debian/*) continue ;;
		docs/*) continue ;;
		esac
		[ -f "$root/$f" ] || continue
		n=$(head -3 "$root/$f" | grep -n 'SPDX-License-Identifier' | head -1 | cut -d: -f1)
		[ -n "$n" ] || { echo "$f: no SPDX line"; continue; }
		sed -n "$((n + 1))p" "$root/$f" | grep -Eq 'Copyright \(C\) [0-9]{4}(-[0-9]{4})? The daxmgr developers' ||
			echo "$f: line $((n + 1)) is not 'Copyright (C) YEAR The daxmgr developers'"
	done
}

if git -C "$top" rev-parse --git-dir > /dev/null 2>&1; then
	files=$(git -C "$top" ls-files --cached --others --exclude-standard)
else
	files=$(cd "$top" && find . -path ./build -prune -o -type f -print | sed 's|^\./||')
fi
# shellcheck disable=SC2086
bad=$(spdx_problems "$top" $files)
[ -z "$bad" ] && ok spdx-lines || notok spdx-lines "$(echo "$bad" | head -5 | tr '\n' ';')"
# shellcheck disable=SC2086
bad=$(copyright_problems "$top" $files)
[ -z "$bad" ] && ok copyright-lines || notok copyright-lines "$(echo "$bad" | head -5 | tr '\n' ';')"
printf '// SPDX-License-Identifier: GPL-2.0\nint x;\n' > "$tmp/nocopy.c"
printf '# SPDX-License-Identifier: GPL-2.0\n# Copyright (C) 2026 The daxmgr developers\n' > "$tmp/copy.sh"
got=$(copyright_problems "$tmp" nocopy.c copy.sh | cut -d: -f1 | tr '\n' ' ')
[ "$got" = "nocopy.c " ] && ok copyright-check-catches || notok copyright-check-catches "flagged '$got'"
grep -q '^Copyright (C) [0-9-]* The daxmgr developers' "$top/COPYING" && ok copying-holder ||
	notok copying-holder "COPYING names no copyright holder"
echo "$files" | grep -q '^driver/core\.c$' && echo "$files" | grep -q '^lib/ctx\.c$' &&
	ok spdx-files-seen || notok spdx-files-seen "the file list misses driver/core.c or lib/ctx.c"

# negative controls: the check itself catches a missing or a wrong line
mkdir -p "$tmp/t/lib" "$tmp/t/driver" "$tmp/t/scripts"
printf '/* new file */\nint x;\n' > "$tmp/t/lib/new.c"
printf '// SPDX-License-Identifier: LGPL-2.1\n' > "$tmp/t/driver/wrong.c"
printf '#!/bin/sh\necho hi\n' > "$tmp/t/scripts/new.sh"
printf '// SPDX-License-Identifier: GPL-2.0\n' > "$tmp/t/driver/right.c"
got=$(spdx_problems "$tmp/t" lib/new.c driver/wrong.c scripts/new.sh driver/right.c | cut -d: -f1 | tr '\n' ' ')
[ "$got" = "lib/new.c driver/wrong.c scripts/new.sh " ] && ok spdx-check-catches ||
	notok spdx-check-catches "flagged '$got'"

# COPYING names each identifier in use, and LICENSES/ has its full text
used=$(cd "$top" && for f in $files; do head -2 "$f" 2>/dev/null; done |
	sed -n 's|.*SPDX-License-Identifier: \([A-Za-z0-9.+-]*\).*|\1|p' | sort -u)
for id in $used; do
	grep -q "^  $id " "$top/COPYING" 2>/dev/null && [ -s "$top/LICENSES/$id" ] && ok "text/$id" ||
		notok "text/$id" "COPYING does not list it or LICENSES/$id is missing"
done
head -3 "$top/LICENSES/GPL-2.0" 2>/dev/null | grep -q "GNU GENERAL PUBLIC LICENSE" &&
	head -3 "$top/LICENSES/GPL-2.0" | grep -q "Version 2, June 1991" && ok gpl-2.0-text ||
	notok gpl-2.0-text "LICENSES/GPL-2.0 is not the GPL version 2"
head -3 "$top/LICENSES/LGPL-2.1" 2>/dev/null | grep -q "GNU LESSER GENERAL PUBLIC LICENSE" &&
	head -3 "$top/LICENSES/LGPL-2.1" | grep -q "Version 2.1, February 1999" && ok lgpl-2.1-text ||
	notok lgpl-2.1-text "LICENSES/LGPL-2.1 is not the LGPL version 2.1"
grep -q '^  GPL-2.0 .*driver/' "$top/COPYING" 2>/dev/null && grep -q '^  GPL-2.0 .*cli/' "$top/COPYING" &&
	grep -q '^  LGPL-2.1 .*lib/' "$top/COPYING" && ok copying-table ||
	notok copying-table "COPYING does not give driver/ and cli/ GPL-2.0, lib/ LGPL-2.1"
# the module's own declaration agrees (GPL: version 2 for the kernel)
grep -q '^MODULE_LICENSE("GPL");' "$top/driver/core.c" && ok module-license ||
	notok module-license "driver/core.c has no MODULE_LICENSE(\"GPL\")"
