#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# repro_c_test.sh - a shipped repro.c (reports/<slug>/repro.c) built on
# its zoo build must fail every one of N runs (exit 1, "wqrepro: FAILED"),
# and built on the unmodified core must pass every run (exit 0).
#
#   repro_c_test.sh BUG_BINARY CLEAN_BINARY [N]
set -uo pipefail

bug=$1 clean=$2 n=${3:-10}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
log=${TEST_TMPDIR:-/tmp}/repro_c.log
k=0 passed=0
for ((i = 0; i < n; i++)); do
	rc=0
	timeout -k 5 60 "$bug" >"$log" 2>&1 || rc=$?
	if [ "$rc" = 1 ] && grep -q '^wqrepro: FAILED: ' "$log"; then
		k=$((k + 1))
	else
		echo "zoo build run $i: exit $rc:"; tail -5 "$log"
	fi
	rc=0
	timeout -k 5 60 "$clean" >"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		passed=$((passed + 1))
	else
		echo "clean core run $i: exit $rc:"; tail -5 "$log"
	fi
done
"$bug" 2>&1 | grep '^wqrepro: FAILED: ' | head -1
echo "zoo build: $k/$n failed; unmodified core: $passed/$n passed"
[ "$k" = "$n" ] && [ "$passed" = "$n" ]
