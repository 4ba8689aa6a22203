#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# search_test.sh - a free-mode finding that rarely fails on its own (the
# test-only injected race of corpus/injected/, its schedule line set to
# free) becomes a 10/10 controlled reproducer through triage's schedule
# search; the report records the WQKIT_INJECT context; --search_seeds=0
# does not search; without the injection the reproducer does not fail.
#
#   search_test.sh TRIAGE INJECTED_WQ
set -euo pipefail

triage=$1 input=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export WQKIT_HANG_MS=${WQKIT_HANG_MS:-15000}

sed 's/^schedule .*/schedule free seed=0 depth=1/' "$input" >"$tmp/free.wq"
grep -q "^schedule free" "$tmp/free.wq" || fail "no schedule line to replace"

rc=0
WQKIT_INJECT=racy_bitops "$triage" --csource_runs=0 --into="$tmp/r" --minimize_secs=20 --no_deep_search --timeout_secs=10 \
	"$tmp/free.wq" >"$tmp/log" 2>"$tmp/err" || rc=$?
cat "$tmp/log"
[ "$rc" -eq 1 ] || fail "exit $rc, want 1 (a new bug)"
grep -q "NEW: .* (10/10 with a searched controlled schedule; minimized 10/10;" "$tmp/log" ||
	fail "not made 10/10 by the search"
grep -q "^schedule \(pct\|random\) " "$tmp"/r/*/repro.wq || fail "repro.wq is not controlled"
grep -q "WQKIT_INJECT=racy_bitops bazel run //fuzz:replay" "$tmp"/r/*/report.md ||
	fail "report.md does not say how to reproduce with the injection"

rc=0
WQKIT_INJECT=racy_bitops "$triage" --csource_runs=0 --into="$tmp/n" --search_seeds=0 --timeout_secs=10 \
	--runs=3 "$tmp/free.wq" >"$tmp/log2" 2>&1 || rc=$?
[ "$rc" -le 1 ] && ! grep -q "searched" "$tmp/log2" || fail "--search_seeds=0: exit $rc, or searched"
rc=0
"$triage" --csource_runs=0 --into="$tmp/c" "$tmp"/r/*/repro.wq >"$tmp/log3" 2>&1 || rc=$?
[ "$rc" -eq 0 ] && grep -q "did not fail in 10 runs" "$tmp/log3" ||
	fail "the reproducer fails without the injection (exit $rc)"
[ "$status" -eq 0 ] && echo "search_test: ok"
exit "$status"
