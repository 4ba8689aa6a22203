#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# shipped_test.sh - a shipped bug folder (reports/<slug>/, written by
# triage from a zoo build's finding) still holds: its repro.wq fails on
# that build, 10 runs out of 10, with a title of the folder's titles, and
# the unmodified core passes it 10 times.
#
#   shipped_test.sh BUG_TRIAGE CLEAN_TRIAGE FOLDER
set -euo pipefail

bug_triage=$1 clean_triage=$2 dir=$3
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export WQKIT_HANG_MS=${WQKIT_HANG_MS:-15000}

build=$(sed -n 's/^build //p' "$dir/context")
rc=0
"$bug_triage" --build="$build" --into="$tmp/r" --minimize_secs=0 --csource_runs=0 "$dir/repro.wq" \
	>"$tmp/log" 2>/dev/null || rc=$?
cat "$tmp/log"
[ "$rc" -eq 1 ] || fail "on $build: exit $rc, want 1"
grep -q "NEW: .* (10/10; minimized 10/10;" "$tmp/log" || fail "not 10/10 on $build"
# Same bug: the fresh title set intersects the shipped one.
grep -qxFf "$dir/titles" "$tmp"/r/*/titles || fail "titles differ from $dir/titles"
rc=0
"$clean_triage" --build=clean --into="$tmp/c" --csource_runs=0 "$dir/repro.wq" >"$tmp/log2" 2>/dev/null || rc=$?
cat "$tmp/log2"
[ "$rc" -eq 0 ] && grep -q "did not fail in 10 runs" "$tmp/log2" || fail "the clean core fails it"
[ "$status" -eq 0 ] && echo "shipped_test: ok"
exit "$status"
