#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test.sh - run every Bazel test in the three configurations the kit
# supports (default, ASan+UBSan, TSan) and end with one summary line
# "N passed, N failed" summing Bazel's per-test results.
#
#   ./test.sh [extra bazel test flags...]
set -uo pipefail
cd "$(dirname "$0")"

configs=("" "--config=asan" "--config=tsan")
passed=0
failed=0
status=0
failures=$(mktemp)
trap 'rm -f "$failures"' EXIT
for c in "${configs[@]}"; do
	name=${c#--config=}
	log=$(mktemp)
	echo "=== bazel test //... ${c:-(default)}"
	# shellcheck disable=SC2086
	bazel test --config=ci $c "$@" //... 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
	f=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS|INCOMPLETE|FLAKY|FAILED TO BUILD)' "$log")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		# No per-test lines (e.g. a terse summary): use Bazel's total.
		p=$(sed -n 's/^Executed [0-9]* out of [0-9]* tests\{0,1\}: \([0-9]*\) tests\{0,1\} pass.*/\1/p' "$log" | tail -n 1)
		p=${p:-0}
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# A build failure or a run with no test: count it as one failure.
		f=1
	fi
	echo "=== ${name:-default}: $p passed, $f failed"
	# Keep each failing test's name and the tail of its log, so the end
	# of the output says what failed even when the middle is cut.
	grep -E '^//[^ ]+ +(FAILED|TIMEOUT|NO STATUS|INCOMPLETE|FLAKY)' "$log" |
	while read -r target _; do
		echo "--- ${name:-default}: $target"
		tlog="bazel-testlogs/${target#//}"
		tlog="${tlog/://}/test.log"
		[ -f "$tlog" ] && tail -n 40 "$tlog"
	done >>"$failures"
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" -eq 0 ] || status=1
	rm -f "$log"
done
if [ -s "$failures" ]; then
	echo "=== failing tests (last 40 lines of each log)"
	cat "$failures"
fi
echo "$passed passed, $failed failed"
exit $status
