#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_fuzzer_test.sh - the libFuzzer launcher (run_fuzzer.sh) with the
# real fuzz binary, on short runs:
#
#   - a misspelled or unknown --flag: exit 2 listing the flags (it went
#     to libFuzzer, which ignored it and ran for the default 600 s);
#   - a second run on a locked output dir: exit 2, one clear line;
#   - one progress line; libFuzzer's own output only in the log;
#   - interrupted: a summary from libFuzzer's final stats, exit 0, a
#     file cut short by the interrupt removed and said so;
#   - a crash on the empty input (an empty file by design) is kept, exit 1;
#   - --jobs=2 (-fork=2): both jobs' crashes in one dir, one summary line;
#   - a FILE argument (text or bytes) runs once: 1 if it fails, 0 if not;
#   - a bad WQKIT_* value: exit 2 before fuzzing, no crash file;
#   - libFuzzer failing to start (-dict= a missing file): exit 3, not 0;
#   - a full disk: a 64 KiB tmpfs refuses to start (exit 3); a 512 KiB
#     tmpfs filling mid-run stops the run, exit 3, no empty corpus file
#     left (needs a mount namespace; else an output dir below a file).
#
#   run_fuzzer_test.sh FUZZ_BIN FAILING_WQ PASSING_WQ
set -uo pipefail

# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

launcher=$PWD/fuzz/tools/run_fuzzer.sh
here=$PWD
abs() { [[ $1 == /* ]] && echo "$1" || echo "$here/$1"; }
bin=$(abs "$1") failing=$(abs "$2") passing=$(abs "$3")
unset BUILD_WORKSPACE_DIRECTORY BUILD_WORKING_DIRECTORY WQKIT_INJECT
export WQ_PROGRESS_SECS=1000 WQKIT_HANG_MS=15000
base=(--wq-target=workqueue_fuzzer --wq-sanitizer=asan --wq-binary="$bin" --no_dict --no_seeds)
run() { "$launcher" "${base[@]}" "$@"; }

run --out_dir="$T/o1" --timeout_sec=5 -runs=10 >"$T/log" 2>&1
wq_check "misspelled --timeout_sec" 2 $? "unknown flag '--timeout_sec'; launcher flags: --timeout_secs=N"
run --out_dir="$T/o1" --frobnicate -runs=10 >"$T/log" 2>&1
wq_check "unknown --frobnicate" 2 $? "unknown flag '--frobnicate'"

mkdir -p "$T/o2"
exec 9>>"$T/o2/.lock"
flock -n 9 || { wq_fail "cannot take the test's lock"; exit 1; }
run --out_dir="$T/o2" --min_free_mb=0 -runs=10 >"$T/log" 2>&1
wq_check "output dir in use" 2 $? "is in use by another run"
exec 9>&-
run --out_dir="$T/o2" --min_free_mb=0 -runs=10 >"$T/log" 2>&1
wq_check "a short run after the lock is gone" 0 $? "summary: .*runs [0-9]+," "exit 0 \\(libFuzzer exited 0"

# The terminal gets one progress line (here every second), not
# libFuzzer's stream (that goes to the log).
WQ_PROGRESS_SECS=1 run --out_dir="$T/o5" --min_free_mb=0 --timeout_secs=6 >"$T/log" 2>&1
wq_check "progress line" 0 $? \
	"^   [0-9]+s/6 execs [0-9]+, [0-9]+ execs/s, cov [0-9]+, corpus [0-9]+, crashes 0 \(titles 0\)$" \
	"^== workqueue_fuzzer summary: "
! grep -qE '^(INFO: Seed|#[0-9]+)' "$T/log" || wq_fail "libFuzzer's own output reached the terminal"

# Interrupted (Ctrl-C or TERM): libFuzzer's final stats, exit 0.
"$launcher" "${base[@]}" --out_dir="$T/o6" --min_free_mb=0 --timeout_secs=0 >"$T/log" 2>&1 &
pid=$!
for _ in $(seq 100); do
	grep -qs '^#[0-9]' "$T"/o6/logs/*.log && break
	sleep 0.2
done
# The interrupt can land while libFuzzer writes a corpus file (it leaves
# it empty): with room on the disk, that is no failed write.
: >"$T/o6/corpus/cut-short-by-the-interrupt"
kill -TERM "$pid"
# A launcher that ignored the signal would run forever: a watchdog.
(sleep 60 && pkill -KILL -P "$pid" && kill -KILL "$pid") 2>/dev/null &
watchdog=$!
wait "$pid"
rc=$?
kill "$watchdog" 2>/dev/null
wq_check "interrupted" 0 "$rc" "no time limit" "summary: [0-9]+s, runs [0-9]+, [0-9]+ execs/s" \
	"exit 0 \(libFuzzer exited 72: interrupted, no finding; 1 file\(s\) cut short"
[ ! -e "$T/o6/corpus/cut-short-by-the-interrupt" ] || wq_fail "interrupted: the empty file was kept"

# A crash on the empty input is an empty file on purpose (named by the
# SHA-1 of nothing): a finding, kept, not a failed write.
cat >"$T/fake_empty_crash" <<'SH'
#!/bin/sh
for a in "$@"; do
	case $a in -artifact_prefix=*) prefix=${a#*=} ;; esac
done
[ -n "${prefix:-}" ] || exit 0
: >"${prefix}crash-da39a3ee5e6b4b0d3255bfef95601890afd80709"
echo "==1== ERROR: libFuzzer: deadly signal"
exit 77
SH
chmod +x "$T/fake_empty_crash"
"$launcher" --wq-target=workqueue_fuzzer --wq-sanitizer=asan --wq-binary="$T/fake_empty_crash" \
	--no_dict --no_seeds --out_dir="$T/o7" --min_free_mb=0 >"$T/log" 2>&1
wq_check "a crash on the empty input" 1 $? "crashes 1 new" "exit 1 \(libFuzzer exited 77"
[ -e "$T/o7/crashes/crash-da39a3ee5e6b4b0d3255bfef95601890afd80709" ] || wq_fail "the empty crash file was removed"

# A slow-unit-* file (an input over -report_slow_units, saved beside the
# crashes) is not a finding: exit 0, counted apart, no triage (the misuse
# run of a loaded machine said "crashes 2 new" and exit 1 for two).
cat >"$T/fake_slow" <<'SH'
#!/bin/sh
for a in "$@"; do
	case $a in -artifact_prefix=*) prefix=${a#*=} ;; esac
done
[ -n "${prefix:-}" ] || exit 0
echo slow >"${prefix}slow-unit-3333333333333333333333333333333333333333"
echo "Slowest unit: 12 s:"
exit 0
SH
chmod +x "$T/fake_slow"
"$launcher" --wq-target=workqueue_fuzzer --wq-sanitizer=asan --wq-binary="$T/fake_slow" \
	--no_dict --no_seeds --out_dir="$T/o9" --min_free_mb=0 --no_triage >"$T/log" 2>&1
wq_check "a slow unit is not a crash" 0 $? "crashes 0 new \(0 total\), slow units 1 \(not findings\)$" \
	"exit 0 \(libFuzzer exited 0: done, no finding"

# --jobs=2: libFuzzer -fork=2, whose jobs write their crashes into the
# one crashes/ dir and print no final stats: one summary line for the run
# (runs and execs/s from the last status line), every job's crash counted.
cat >"$T/fake_fork" <<'SH'
#!/bin/sh
fork=''
for a in "$@"; do
	case $a in -artifact_prefix=*) prefix=${a#*=} ;; -fork=*) fork=${a#*=} ;; -help=1) exit 0 ;; esac
done
[ "$fork" = 2 ] || { echo "fake: no -fork=2 in $*"; exit 1; }
echo "INFO: -fork=2: fuzzing in separate process(s)"
echo "#600: cov: 10 ft: 20 corp: 3 exec/s: 300 oom/timeout/crash: 0/0/1 time: 2s job: 1 dft_time: 0"
echo job1 >"${prefix}crash-1111111111111111111111111111111111111111"
echo "#900: cov: 12 ft: 25 corp: 4 exec/s: 150 oom/timeout/crash: 0/0/2 time: 3s job: 2 dft_time: 0"
echo job2 >"${prefix}crash-2222222222222222222222222222222222222222"
echo "INFO: exiting: 77 time: 3s"
exit 77
SH
chmod +x "$T/fake_fork"
"$launcher" --wq-target=workqueue_fuzzer --wq-sanitizer=asan --wq-binary="$T/fake_fork" \
	--no_dict --no_seeds --out_dir="$T/o8" --min_free_mb=0 --jobs=2 >"$T/log" 2>&1
wq_check "--jobs=2 (-fork=2)" 1 $? "libFuzzer, 2 job\(s\)" \
	"summary: [0-9]+s, runs 900 \(last status line, no final stats\), [0-9]+ execs/s, cov 12, ft 25, corpus 0 \(\+0\), crashes 2 new \(2 total\)$" \
	"exit 1 \(libFuzzer exited 77"
wq_count_is "--jobs=2: summary lines" 1 "$(grep -c 'summary: ' "$T/log")"
wq_count_is "--jobs=2: crash files in one dir" 2 "$(find "$T/o8/crashes" -type f ! -name "*.ctx" | wc -l)"

cp "$failing" "$T/repro"
WQKIT_INJECT=racy_bitops run "$T/repro" >"$T/log" 2>&1
wq_check "FILE argument that fails" 1 $? "BUG_ON" "exit 1 \\(libFuzzer exited 77"
run "$passing" >"$T/log" 2>&1
wq_check "FILE argument that passes" 0 $? "exit 0 \\(libFuzzer exited 0"

WQKIT_INJECT=racy_bitop run --out_dir="$T/o3" --min_free_mb=0 -runs=10 >"$T/log" 2>&1
wq_check "WQKIT_INJECT=racy_bitop" 2 $? "WQKIT_INJECT='racy_bitop': expected racy_bitops"
[ -z "$(find "$T/o3" -name 'crash-*' 2>/dev/null)" ] || wq_fail "a crash file was written"

run --out_dir="$T/o4" --min_free_mb=0 -runs=10 -dict="$T/missing.dict" >"$T/log" 2>&1
wq_check "libFuzzer failing to start" 3 $? "libFuzzer failed" "exit 3 \\(libFuzzer exited [1-9]"

if unshare -m true 2>/dev/null; then
	mkdir -p "$T/small"
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && shift && exec "$@"' \
		sh "$T/small" "$launcher" "${base[@]}" --out_dir="$T/small/out" -runs=10 >"$T/log" 2>&1
	wq_check "64 KiB tmpfs: free space check" 3 $? "free under .*small/out"
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m sh -c 'mount -t tmpfs -o size=512k tmpfs "$1" && shift && "$@"; r=$?;
		find "$0/out/corpus" -type f -size 0 | sed "s/^/empty: /"; exit $r' \
		"$T/small" "$T/small" "$launcher" "${base[@]}" --out_dir="$T/small/out" --min_free_mb=0 \
		-max_total_time=150 >"$T/log" 2>&1
	wq_check "512 KiB tmpfs filling mid-run" 3 $? "the disk filled|written empty|disk is full" "exit 3 \\(libFuzzer exited"
	! grep -q '^empty: ' "$T/log" || wq_fail "empty corpus files left behind"
else
	echo "note: no mount namespace here; the full-disk case uses a file as the parent dir"
fi
: >"$T/afile"
run --out_dir="$T/afile/out" -runs=10 >"$T/log" 2>&1
wq_check "output dir below a file" 3 $? "cannot create"

wq_test_done run_fuzzer_test
