#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# known_bug_test.sh - a failure whose title is in the known-bugs registry
# (core/KNOWN_BUGS.md) is counted, not a finding, on the unmodified core:
#
#   - replay says "verdict: KNOWN ..." for every run and exits 0;
#   - the libFuzzer binary runs the input (bytes) to the end, exit 0,
#     saying "wqkit: known bug <id>" instead of saving a crash;
#   - a known bug met twice in one run (the second report while the run
#     is cleaned up after the first) leaves kenv usable: the libFuzzer
#     binary runs it three times in one process and goes on;
#   - a known bug whose failure leaves a work broken (grab_pending_
#     delayed_recheck: a timer armed with PENDING clear) is cleaned up
#     after the report, so the process runs on: the libFuzzer binary runs
#     both of its programs, then the first known one, in one process;
#   - the same program with the known title broken (a registry without
#     it) would fail: checked by replaying a program that fails with an
#     unknown title, which still exits 1.
#
#   known_bug_test.sh REPLAY LIBFUZZER_BIN WQC KNOWN_WQ KNOWN_TWICE_WQ FAILING_WQ
#                     GRAB_WQ GRAB_AWAY_WQ
set -uo pipefail

here=$PWD
abs() { [[ $1 == /* ]] && echo "$1" || echo "$here/$1"; }
replay=$(abs "$1") fuzzer=$(abs "$2") wqc=$(abs "$3") known=$(abs "$4")
twice=$(abs "$5") failing=$(abs "$6") grab=$(abs "$7") grab_away=$(abs "$8")
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh
cd "$T" || exit 1

"$replay" -q --runs=3 "$known" >"$T/log" 2>&1
wq_check "replay: known bug, every run" 0 $? \
	"^verdict: KNOWN .*\\(run 3\\): kernel: possible circular locking dependency detected in cleanup_workqueue_thread \\(known bug cleanup_under_hotplug_lock" \
	"^replay: 1 inputs: 0 passed, 0 failed, 1 known, 0 unreadable"

"$wqc" encode "$known" "$T/known.bin" >"$T/log" 2>&1
wq_check "wqc encode" 0 $?
"$fuzzer" "$T/known.bin" >"$T/log" 2>&1
wq_check "libFuzzer binary: counted, not a crash" 0 $? \
	"wqkit: known bug cleanup_under_hotplug_lock: .*counted, not a finding" \
	"wqkit: known bug cleanup_under_hotplug_lock: [0-9]+ input"
ls "$T"/crash-* >/dev/null 2>&1 && wq_fail "a crash file was saved for a known bug"

"$wqc" encode "$twice" "$T/twice.bin" >"$T/log" 2>&1
wq_check "wqc encode (twice)" 0 $?
"$fuzzer" "$T/twice.bin" "$T/twice.bin" "$T/twice.bin" "$T/known.bin" >"$T/log" 2>&1
wq_check "libFuzzer binary: a known bug met twice leaves kenv usable" 0 $? \
	"^Executed .*/known\\.bin" \
	"wqkit: known bug cleanup_under_hotplug_lock: [0-9]+ input"
grep -q "left kenv unusable\|this process ends here" "$T/log" &&
	wq_fail "a known bug met twice left kenv unusable"

"$replay" -q --runs=2 "$grab" "$grab_away" >"$T/log" 2>&1
wq_check "replay: grab_pending_delayed_recheck, both programs" 0 $? \
	"^verdict: KNOWN .*grab_pending_delayed_recheck\\.wq \\(run 2\\): oracle: w0 grabbed but not listed \\(known bug grab_pending_delayed_recheck" \
	"^verdict: KNOWN .*grab_pending_delayed_recheck_away\\.wq \\(run 2\\)" \
	"^replay: 2 inputs: 0 passed, 0 failed, 2 known, 0 unreadable"

"$wqc" encode "$grab" "$T/grab.bin" >"$T/log" 2>&1 &&
	"$wqc" encode "$grab_away" "$T/grab_away.bin" >>"$T/log" 2>&1
wq_check "wqc encode (grab)" 0 $?
"$fuzzer" "$T/grab.bin" "$T/grab_away.bin" "$T/known.bin" >"$T/log" 2>&1
wq_check "libFuzzer binary: grab_pending_delayed_recheck cleaned up, the process goes on" 0 $? \
	"wqkit: known bug grab_pending_delayed_recheck: .*counted, not a finding" \
	"^Executed .*/known\\.bin" \
	"wqkit: known bug grab_pending_delayed_recheck: [0-9]+ input"
grep -q "left kenv unusable\|this process ends here" "$T/log" &&
	wq_fail "grab_pending_delayed_recheck left kenv unusable"

WQKIT_INJECT=racy_bitops "$replay" -q "$failing" >"$T/log" 2>&1
wq_check "replay: an unknown title is still a finding" 1 $? "^verdict: FAIL "

wq_test_done known_bug_test
