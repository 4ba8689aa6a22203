#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# misuse_triage_test.sh - misuse findings through triage, judged by the
# misuse contract (fuzz/misuse/MISUSE.md):
#  - a misuse program failing as its contract expects (flush_own_wq's
#    lockdep report, on the clean core) gets no bug folder, exit 0;
#  - a crash file of the misuse target (its sidecar says so) is decoded
#    with its misuse flag: on the lost_wakeup zoo build the program, with
#    a flush_own_wq work it never queues, deadlocks in flush_work, which
#    no row of flush_own_wq expects: a NEW folder titled
#    "misuse(flush_own_wq): deadlock in flush_work", its repro.wq
#    minimized but still a misuse program with the hazard;
#  - the same file again is already reported (a log, no new folder);
#  - without its sidecar the bytes decode as a legal program (misuse
#    off): filed under the legal title, never under the misuse one;
#  - a "misuse on" program without a hazard is a legal finding.
#
#   misuse_triage_test.sh CLEAN_TRIAGE LOST_WAKEUP_TRIAGE WQC PROG_H EXPECTED_WQ
set -uo pipefail

# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

clean=$1 bug=$2 wqc=$3 prog_h=$4 expected=$5
unset BUILD_WORKSPACE_DIRECTORY BUILD_WORKING_DIRECTORY WQKIT_INJECT WQKIT_SCHED
export ASAN_OPTIONS=detect_leaks=0
fast=(--runs=3 --check_runs=1 --csource_runs=0 --minimize_secs=10 --no_deep_search)

"$clean" --build=clean "${fast[@]}" --into="$T/r" "$expected" >"$T/log" 2>&1
wq_check "an expected outcome" 0 $? \
	": as the misuse contract expects \(flush_own_wq/lockdep, fuzz/misuse/MISUSE.md\): possible recursive locking detected in flush_workqueue \(3/3 runs\); no bug folder" \
	"\(0 bad, 0 not reproducible here, 0 did not fail, 1 failed as the misuse contract expects, 0 failed\): 0 distinct titles"
[ ! -e "$T/r" ] || [ -z "$(ls -A "$T/r")" ] || wq_fail "an expected outcome got a folder: $(ls "$T/r")"

# lost_wakeup's shipped finding (corpus/zoo/lost_wakeup.wq) as a misuse
# program with one hazard it never reaches.
printf '%s\n' "# wqkit program v2" "cpus 2" "actors 3" "misuse on" \
	"schedule pct seed=4294967295 depth=4" "fault none" "wq q0 singlethread" \
	"wq q1 multi" "wq q2 multi" "work w0 plain q1 flush_own_wq" "step 0" \
	"  t0: schedule_on_each_cpu" "  t2: schedule_on_each_cpu" >"$T/prog.wq"
mkdir -p "$T/crashes"
crash=$T/crashes/crash-misuse
"$wqc" encode "$T/prog.wq" "$crash" >"$T/log" 2>&1 || wq_fail "wqc encode: $(cat "$T/log")"
format=$(sed -n 's/^#define WQ_PROG_FORMAT[[:space:]]*\([0-9]*\).*/\1/p' "$prog_h")
printf '%s\n' "# wqkit crash context v1" "target workqueue_fuzzer_misuse" "engine libfuzzer" \
	"sanitizer asan" "build lost_wakeup" "mode default" "inject none" "commit unknown" \
	"format $format" >"$crash.ctx"

"$bug" --build=lost_wakeup "${fast[@]}" --into="$T/r" "$T/crashes" >"$T/log" 2>&1
wq_check "a misuse finding" 1 $? \
	"crash-misuse: NEW: misuse\(flush_own_wq\): deadlock in flush_work \(3/3; minimized 3/3; repro.c none" \
	"1 failed\): 1 distinct titles, 1 new"
folder=$T/r/misuse-flush_own_wq-deadlock-in-flush_work
wq_count_is "its folder" "misuse(flush_own_wq): deadlock in flush_work" "$(cat "$folder/description" 2>&1)"
grep -qx "misuse on" "$folder/repro.wq" && grep -q " flush_own_wq$" "$folder/repro.wq" ||
	wq_fail "the minimized repro.wq lost the misuse flag or the hazard: $(cat "$folder/repro.wq")"
grep -q "hazards: flush_own_wq" "$folder/report.md" || wq_fail "report.md does not name the hazard"
! grep -qv "^misuse(" "$folder/titles" || wq_fail "a title without its hazards: $(cat "$folder/titles")"

"$bug" --build=lost_wakeup "${fast[@]}" --into="$T/r" "$crash" >"$T/log" 2>&1
wq_check "a second occurrence" 0 $? "already reported: misuse\(flush_own_wq\): deadlock in flush_work"
wq_count_is "logs in the folder" 2 "$(find "$folder" -name 'log[0-9]*' | wc -l)"

rm "$crash.ctx"
"$bug" --build=lost_wakeup "${fast[@]}" --into="$T/r" "$crash" >"$T/log" 2>&1
wq_check "without its sidecar: a legal program" 1 $? "crash-misuse: NEW: deadlock in flush_work"
wq_count_is "folders" 2 "$(find "$T/r" -mindepth 1 -maxdepth 1 -type d | wc -l)"

# "misuse on" without a hazard: nothing for the contract to judge, a
# legal finding (no "misuse(none)" title), minimized as such.
sed 's/ flush_own_wq$/ nop/' "$T/prog.wq" >"$T/nohazard.wq"
"$bug" --build=lost_wakeup "${fast[@]}" --into="$T/r3" "$T/nohazard.wq" >"$T/log" 2>&1
wq_check "misuse on, no hazard" 1 $? "nohazard.wq: NEW: deadlock in flush_work \(3/3"

wq_test_done misuse_triage_test
