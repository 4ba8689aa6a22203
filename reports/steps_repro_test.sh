#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# steps_repro_test.sh - repro.c replays a per-step schedule (format v3,
# "schedule steps"): reports/testdata/steps_lost_wakeup.wq deadlocks in
# flush_work on zoo build lost_wakeup with step 0's change point at
# decision 32, and passes with it at 31. The executor (replay) and the C
# reproducers csource writes for both programs (the first checked in
# beside it, the second written from it by a genrule; both built by
# Bazel) must agree run after run: at 32 fails 10/10 on the zoo build and
# passes on the unmodified core; at 31 passes 10/10. Both repro.c files
# must be what csource writes today.
#
#   steps_repro_test.sh CSOURCE REPLAY_BUG FAIL_WQ PASS_WQ FAIL_C PASS_C \
#       FAIL_BIN_BUG PASS_BIN_BUG FAIL_BIN_CLEAN
set -uo pipefail

# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

csource=$1 replay=$2 fail_wq=$3 pass_wq=$4 fail_c=$5 pass_c=$6
fail_bug=$7 pass_bug=$8 fail_clean=$9
export ASAN_OPTIONS=detect_leaks=0
n=10

for pair in "$fail_wq:$fail_c" "$pass_wq:$pass_c"; do
	wq=${pair%%:*} c=${pair#*:}
	"$csource" --build=lost_wakeup --title="deadlock in flush_work" "$wq" "$T/out.c" >"$T/log" 2>&1 ||
		wq_fail "csource $wq: $(cat "$T/log")"
	if cmp -s "$T/out.c" "$c"; then
		echo "ok: $c is csource's output"
	else
		wq_fail "$c is not what csource writes now; regenerate reports/testdata/steps_lost_wakeup.c: bazel run //reports:csource -- --build=lost_wakeup --title='deadlock in flush_work' \$PWD/$fail_wq \$PWD/$fail_c"
		diff "$c" "$T/out.c" | head -20
	fi
done
grep -q '{ .order = 45, .at = { 32, 0, 0 } },' "$fail_c" && grep -q '\.sched = RP_STEPS,' "$fail_c" ||
	wq_fail "$fail_c does not carry step 0's plan"

"$replay" --runs=$n "$fail_wq" >"$T/log" 2>&1
wq_check "the executor: change point 32 fails" 1 $? "10 runs: 0 passed, 10 failed" "deadlock in flush_work"
"$replay" --runs=$n "$pass_wq" >"$T/log" 2>&1
wq_check "the executor: change point 31 passes" 0 $? "10 runs: 10 passed, 0 failed"

# runs BINARY STATUS PATTERN: how many of n runs ended with STATUS and PATTERN
runs() {
	local k=0 i rc
	for ((i = 0; i < n; i++)); do
		rc=0
		timeout -k 5 60 "$1" >"$T/run.log" 2>&1 || rc=$?
		[ "$rc" = "$2" ] && grep -q "$3" "$T/run.log" && k=$((k + 1))
	done
	echo "$k"
}
wq_count_is "repro.c, change point 32, zoo build: fails" $n \
	"$(runs "$fail_bug" 1 '^wqrepro: FAILED: deadlock under the controlled scheduler in step 0')"
wq_count_is "repro.c, change point 31, zoo build: passes" $n "$(runs "$pass_bug" 0 '^wqrepro: passed')"
wq_count_is "repro.c, change point 32, unmodified core: passes" $n "$(runs "$fail_clean" 0 '^wqrepro: passed')"

wq_test_done steps_repro_test
