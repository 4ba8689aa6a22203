#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test.sh - run every Bazel test in the three configurations the kit
# supports (default, ASan+UBSan, TSan) and end with one summary line
# "N passed, N failed" summing the per-test results Bazel records in its
# Build Event Protocol file (tools/bep_summary.py reads it).
#
#   ./test.sh [extra bazel test flags...]
set -uo pipefail
cd "$(dirname "$0")" || exit 2

configs=("" "--config=asan" "--config=tsan")
passed=0
failed=0
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for c in "${configs[@]}"; do
	name=${c#--config=}
	name=${name:-default}
	bep=$work/$name.json
	echo "=== bazel test //... ($name)"
	# --keep_going: a target that fails to build does not hide the
	# results of the others.
	# shellcheck disable=SC2086
	bazel test --config=ci $c --keep_going --build_event_json_file="$bep" "$@" //...
	rc=$?
	p=0 f=0 s=0
	if /usr/bin/python3 tools/bep_summary.py "$bep" >"$work/$name.txt"; then
		read -r p f s < <(sed -n 's/^bep: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$work/$name.txt")
	else
		# No build event (a bad flag, Bazel failed to start): one failure.
		f=1
		echo "FAILED no build events from bazel test (exit $rc)" >>"$work/$name.txt"
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# Bazel failed and no test or target says why: one failure.
		f=1
		echo "FAILED bazel test exited $rc, no test failed" >>"$work/$name.txt"
	fi
	echo "=== $name: $p passed, $f failed ($s skipped: not for this configuration)"
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" -eq 0 ] || status=1
done
# What failed, with the tail of each test's log, at the end of the output
# so it is there even when a CI log's middle is cut.
for c in "${configs[@]}"; do
	name=${c#--config=}
	name=${name:-default}
	if grep -qv '^bep: ' "$work/$name.txt" 2>/dev/null; then
		echo "=== $name: what failed (last 40 lines of each log)"
		grep -v '^bep: ' "$work/$name.txt"
	fi
done
echo "$passed passed, $failed failed"
exit $status
