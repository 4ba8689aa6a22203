#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fixtest_test.sh - //reports:test: a patch that does not apply is one
# line and exit 2 before anything is built, as is a folder without
# repro.wq; the fix of a shipped zoo bug (its zoo patch reversed, made
# here with diff) applied on top of that zoo build is "fixed": repro.wq
# 0/N, repro.c 0/N, the regression corpus passes, exit 0.
#
#   fixtest_test.sh TEST_BIN FOLDER BUG_PATCH WORKQUEUE_C WORKQUEUE_H
set -uo pipefail

bin=$PWD/$1 folder=$PWD/$2 bug_patch=$PWD/$3 wq_c=$PWD/$4 wq_h=$PWD/$5
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }
check() { # WANT GOT WHAT PATTERN
	if [ "$1" = "$2" ] && grep -qE -- "$4" "$tmp/log"; then
		echo "ok: $3"
	else
		fail "$3: exit $2 (want $1), or no /$4/"; tail -5 "$tmp/log"
	fi
}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

printf 'not a patch\n--- a/core/nothing.c\n+++ b/core/nothing.c\n@@ -1 +1 @@\n-x\n+y\n' >"$tmp/bad.patch"
"$bin" --patch="$tmp/bad.patch" --runs=1 "$folder" >"$tmp/log" 2>&1
check 2 $? "a patch that does not apply" "^test: .*bad.patch does not apply to core/"
[ "$(wc -l <"$tmp/log")" -le 2 ] || fail "more than one line for a bad patch"
"$bin" --patch="$tmp/bad.patch" "$tmp" >"$tmp/log" 2>&1
check 2 $? "a folder without repro.wq" "not a bug folder \(no repro.wq\)"

# The fix: the zoo patch reversed (b = the zoo build, a = the core).
mkdir -p "$tmp/a/core/include/linux"
cp "$wq_c" "$tmp/a/core/workqueue.c"
cp "$wq_h" "$tmp/a/core/include/linux/workqueue.h"
cp -r "$tmp/a" "$tmp/b"
patch -p1 -s -d "$tmp/b" <"$bug_patch" || fail "the zoo patch does not apply"
(cd "$tmp" && diff -ru b/core a/core | sed 's|^--- b/|--- a/|; s|^+++ a/|+++ b/|' >fix.patch)
"$bin" --patch="$tmp/fix.patch" --runs=3 "$folder" >"$tmp/log" 2>&1
check 0 $? "the zoo bug's fix" "repro.wq 0/3, repro.c 0/3: fixed$"
grep -qE "^== test summary: 1 report\(s\): 1 fixed, 0 still failing; regression corpus: 0 of [1-9][0-9]* inputs fail$" "$tmp/log" ||
	fail "summary: $(tail -1 "$tmp/log")"
[ "$status" = 0 ] && echo "fixtest_test: ok"
exit "$status"
