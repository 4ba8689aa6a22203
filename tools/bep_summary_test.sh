#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bep_summary_test.sh - tools/bep_summary.py counts a recorded BEP file
# (a real `bazel test --keep_going` of a passing, a failing, an
# incompatible and an unbuildable test, plus hand-written events for a
# broken library, an interrupted, a flaky and a timed-out test) as
# test.sh needs it, and refuses what is not a BEP file with exit 2.
#
#   usage: bep_summary_test.sh BEP_SUMMARY_PY BEP_JSON
set -uo pipefail
py=$1 bep=$2
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

out=$(/usr/bin/python3 "$py" "$bep")
wq_count_is "exit of a readable file" 0 $?
wq_count_is "count line" "bep: 1 passed, 6 failed, 1 skipped" "$(tail -n 1 <<<"$out")"
wq_count_is "failures, by label" "FAILED //tmpbep:fail_test
FAILED TO BUILD //tmpbep:lib
FAILED TO BUILD //tmpbep:nobuild_test
FLAKY //tmpbep:flaky_test
NO STATUS //tmpbep:interrupted_test
TIMEOUT //tmpbep:slow_test" "$(grep -v '^bep: ' <<<"$out" | sort)"

empty=$(mktemp)
notbep=$(mktemp)
trap 'rm -f "$empty" "$notbep"' EXIT
echo 'not json' >"$notbep"
for f in "$empty" "$notbep" /nonexistent.json; do
	err=$(/usr/bin/python3 "$py" "$f" 2>&1 >/dev/null)
	wq_count_is "exit for $f" 2 $?
	wq_count_is "one line for $f" 1 "$(wc -l <<<"$err")"
done
wq_test_done bep_summary_test
