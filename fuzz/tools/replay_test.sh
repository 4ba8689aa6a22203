#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# replay_test.sh - replay's counts and exit codes (README "Exit codes"):
#
#   - an empty directory is "0 inputs", exit 0 (was a UBSan abort in qsort);
#   - --runs=N prints the failure report once, then one verdict per run,
#     and counts inputs and runs apart; exit 1;
#   - a run that dies of a sanitizer report is FAIL, exit 1 (it was
#     "KNOWN" with an empty bug id, exit 0: the child writes no title);
#     for a misuse program replay names its hazards and the contract
#     rows that would expect the failure;
#   - output to /dev/full: exit 3, not a silent success.
#
#   replay_test.sh REPLAY_BIN FAILING_WQ UAF_WQ
#     (FAILING_WQ fails with WQKIT_INJECT=racy_bitops; UAF_WQ is a misuse
#      program whose run ASan stops with a use after free)
set -uo pipefail

replay=$1 failing=$2 uaf=$3
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

mkdir -p "$T/empty"
"$replay" "$T/empty" >"$T/log" 2>&1
wq_check "empty directory" 0 $? "^replay: 0 inputs: 0 passed, 0 failed, 0 known, 0 unreadable; 0 runs"

WQKIT_INJECT=racy_bitops "$replay" --runs=3 "$failing" >"$T/log" 2>&1
wq_check "--runs=3 of a failing program" 1 $? \
	"^replay: 1 inputs: 0 passed, 1 failed, 0 known, 0 unreadable; 3 runs: 0 passed, 3 failed"
wq_count_is "one report for 3 runs" 1 "$(grep -c '^==wqkit== FAILURE' "$T/log")"
wq_count_is "one verdict per run" 3 "$(grep -c '^verdict: FAIL .*(run [0-9])' "$T/log")"

"$replay" "$uaf" >"$T/log" 2>&1
wq_check "a run ended by an ASan report" 1 $? \
	"^SUMMARY: AddressSanitizer: heap-use-after-free" "^verdict: FAIL " \
	"^replay: 1 inputs: 0 passed, 1 failed, 0 known" \
	"^hazards: .* after_destroy \\(fuzz/misuse/MISUSE.md\\)" \
	"^contract: .*\\(after_destroy/sanitizer\\)"
grep -q "^verdict: KNOWN" "$T/log" && wq_fail "an ASan report was called a known bug"

"$replay" "$T/empty" >/dev/full 2>"$T/log"
wq_check "output to a full disk (/dev/full)" 3 $? "cannot write the output"

wq_test_done replay_test
