#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_afl_test.sh - the AFL++ launcher (run_afl.sh) never reports success
# for a run that did not happen. A fake afl-fuzz (first in PATH) and a
# fake target binary stand in for the real ones, so the test is fast:
#
#   - afl-fuzz refusing its options (-t abc), next to a previous run's
#     fuzzer_stats: exit 2 with afl-fuzz's message, not the old stats;
#   - a second run on a locked output dir: exit 2, one clear line;
#   - an instance that ran but left partial stats: no shell arithmetic
#     error, "unknown" in the summary;
#   - an unknown --flag: exit 2 listing the flags; a bad WQKIT_* value:
#     exit 2 before afl-fuzz starts;
#   - one progress line with stability, a summary from the stats;
#   - --jobs=3: -M main -S sec1 -S sec2, crashes of all three and execs
#     summed in one summary line;
#   - a full disk (a 64 KiB tmpfs if mountable, else a file where the
#     output dir should be): exit 3 before starting; afl-fuzz dying of
#     one mid-run: exit 3, empty files removed;
#   - FILE arguments run once through the binary: 0 pass, 1 fail.
set -uo pipefail

launcher=fuzz/tools/run_afl.sh
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

mkdir -p "$T/bin" "$T/seeds"
echo seed >"$T/seeds/s1"
# The fake target: --help checks WQKIT_INJECT as the real one does (exit
# 2 on a bad value); fails on inputs saying FAIL.
cat >"$T/target" <<'SH'
#!/bin/sh
if [ "$1" = --help ]; then
	[ -z "${WQKIT_INJECT:-}" ] && exit 0
	echo "wqkit: WQKIT_INJECT='$WQKIT_INJECT': expected racy_bitops; nothing ran" >&2
	exit 2
fi
for f in "$@"; do grep -q FAIL "$f" && { echo "fake target: $f failed" >&2; exit 134; }; done
exit 0
SH
# The fake afl-fuzz: FAKE_AFL=abort aborts like afl-fuzz 4.04c on -t abc;
# FAKE_AFL=partial writes stats with its pid but no counters.
cat >"$T/bin/afl-fuzz" <<'SH'
#!/bin/sh
out='' name=''
while [ $# -gt 0 ]; do
	case $1 in -o) out=$2; shift ;; -M|-S) name=$2; shift ;; --) break ;; esac
	shift
done
case $FAKE_AFL in
abort)
	printf '\033[1;91m\n[-] PROGRAM ABORT : \033[0mBad syntax used for -t\033[1;91m\n         Location : \033[0mmain(), src/afl-fuzz.c:821\n'
	exit 1 ;;
partial)
	mkdir -p "$out/$name/crashes"
	printf 'start_time        : 1\nfuzzer_pid        : %s\nexecs_done        : \n' $$ >"$out/$name/fuzzer_stats"
	exit 0 ;;
enospc)
	mkdir -p "$out/$name/queue"
	printf 'fuzzer_pid        : %s\nexecs_done        : 10\n' $$ >"$out/$name/fuzzer_stats"
	: >"$out/$name/queue/id:000001,src:000000"
	printf '[-] PROGRAM ABORT : Unable to create queue entry\n         OS message : No space left on device\n'
	exit 1 ;;
crash)
	# One crash per instance (the launcher runs -M main and -S secN).
	mkdir -p "$out/$name/crashes" "$out/$name/queue"
	echo FAIL >"$out/$name/crashes/id:000000,sig:06"
	printf 'fuzzer_pid        : %s\nexecs_done        : 100\nexecs_per_sec     : 50.00\ncorpus_count      : 3\nbitmap_cvg        : 1.00%%\nedges_found       : 9\nstability         : 100.00%%\n' $$ >"$out/$name/fuzzer_stats"
	exit 0 ;;
slow)
	mkdir -p "$out/$name/crashes" "$out/$name/queue/.state/deterministic_done"
	: >"$out/$name/queue/.state/deterministic_done/id:000000"
	printf 'fuzzer_pid        : %s\nexecs_done        : 500\nexecs_per_sec     : 250.00\ncorpus_count      : 7\nbitmap_cvg        : 1.50%%\nedges_found       : 99\nstability         : 97.25%%\n' $$ >"$out/$name/fuzzer_stats"
	sleep 3
	exit 0 ;;
esac
SH
chmod +x "$T/target" "$T/bin/afl-fuzz"
export PATH="$T/bin:$PATH" WQ_PROGRESS_SECS=1000
unset BUILD_WORKSPACE_DIRECTORY BUILD_WORKING_DIRECTORY

run() { # OUT_DIR ARGS...
	local out=$1
	shift
	"$launcher" --wq-target=workqueue_afl --wq-binary="$T/target" \
		--wq-seed-dir="$T/seeds" --no_dict --min_free_mb=0 --out_dir="$out" "$@"
}

# afl-fuzz refuses -t abc; a previous run left stats: exit 2, its message.
out=$T/out1
mkdir -p "$out/findings/main"
printf 'fuzzer_pid        : 1
execs_done        : 12345
' >"$out/findings/main/fuzzer_stats"
FAKE_AFL=abort run "$out" -- -t abc >"$T/log" 2>&1
wq_check "afl-fuzz refusing -t abc" 2 $? 'PROGRAM ABORT : Bad syntax used for -t'
! grep -q 12345 "$T/log" || wq_fail "the previous run's stats were reported"

# A second run on a locked output dir.
out=$T/out2
mkdir -p "$out"
exec 9>>"$out/.lock"
flock -n 9 || { echo "FAIL: cannot take the test's lock"; exit 1; }
FAKE_AFL=partial run "$out" >"$T/log" 2>&1
wq_check "output dir in use" 2 $? "is in use by another run"
exec 9>&-

# Partial stats: no arithmetic error, unknown counters, exit 0.
FAKE_AFL=partial run "$out" --timeout_secs=1 >"$T/log" 2>&1
wq_check "partial stats" 0 $? 'execs unknown, unknown execs/s, paths unknown, coverage unknown \(unknown edges\), stability unknown,'
! grep -q 'syntax error' "$T/log" || wq_fail "shell arithmetic on missing stats"

# One progress line with stability; the summary from the stats.
FAKE_AFL=slow WQ_PROGRESS_SECS=1 run "$T/out5" --timeout_secs=3 >"$T/log" 2>&1
wq_check "progress line and summary" 0 $? \
	"^   [0-9]+s/3 execs 500, 250.00 execs/s, cov 1.50%, corpus 7, crashes 0, stability 97.25%$" \
	"summary: .*execs 500, .*paths 7, coverage 1.50% \(99 edges\), stability 97.25%, crashes 0 new \(0 total\), instances 1 of 1 ran"
[ -e "$T/out5/findings/main/queue/.state/deterministic_done/id:000000" ] ||
	wq_fail "afl-fuzz's empty state file was removed"

# --jobs=3: -M main, -S sec1, -S sec2; each instance's crash counted, its
# execs summed, one summary line.
FAKE_AFL=crash run "$T/out8" --jobs=3 >"$T/log" 2>&1
wq_check "--jobs=3" 1 $? "AFL\+\+ persistent mode, 3 job\(s\)" "findings: .*/\{main sec1 sec2\}" \
	"summary: [0-9]+s, execs 300, .*crashes 3 new \(3 total\), instances 3 of 3 ran$" \
	"exit 1 \(afl-fuzz exited 0: new crash"
wq_count_is "--jobs=3: summary lines" 1 "$(grep -c 'summary: ' "$T/log")"
wq_count_is "--jobs=3: instances' crash dirs" 3 "$(find "$T/out8/findings" -path '*/crashes/id:*' ! -name '*.ctx' | wc -l)"

# afl-fuzz dying of a full disk mid-run: exit 3, its message, no empty
# queue file left.
FAKE_AFL=enospc run "$T/out7" >"$T/log" 2>&1
wq_check "afl-fuzz dying of a full disk" 3 $? "written empty" "afl-fuzz main exited 1" \
	"No space left on device" "exit 3 \(afl-fuzz exited 1: the run did not complete"
[ -z "$(find "$T/out7/findings" -type f -size 0)" ] || wq_fail "an empty file was left"

# A crash: its sidecar (whole, renamed into place), then the triage
# (here a stand-in that records its arguments and environment) on the new
# crash file only, in the run's context; --no_triage skips it.
printf '#define WQ_PROG_FORMAT\t\t7\t/* what encode writes */\n' >"$T/prog.h"
# shellcheck disable=SC2016 # expanded by the stand-in
printf '#!/bin/sh\necho "args: $*" >>"%s"\necho "sched: $WQKIT_SCHED" >>"%s"\necho "triage: $2: NEW: fake"\necho "== triage summary: 1 inputs"\n' \
	"$T/triage.args" "$T/triage.args" >"$T/triage"
chmod +x "$T/triage"
WQKIT_SCHED=free FAKE_AFL=crash run "$T/out10" --wq-prog-h="$T/prog.h" --wq-triage="$T/triage" \
	--triage_secs=7 >"$T/log" 2>&1
wq_check "a crash: sidecar and triage" 1 $? "crashes 1 new" "^== triage of the new crash file" \
	"^   triage: .*/crashes/id:000000,sig:06: NEW: fake" "^== triage summary: 1 inputs"
ctx="$T/out10/findings/main/crashes/id:000000,sig:06.ctx"
for want in "target workqueue_afl" "engine afl" "sanitizer asan" "build clean" "mode free" "inject none" "format 7"; do
	grep -qx "$want" "$ctx" 2>/dev/null || wq_fail "sidecar lacks '$want'"
done
grep -qx "args: --minimize_secs=7 $T/out10/findings/main/crashes/id:000000,sig:06" "$T/triage.args" ||
	wq_fail "triage args: $(head -1 "$T/triage.args")"
grep -qx "sched: free" "$T/triage.args" || wq_fail "triage ran out of the run's context"
[ -z "$(find "$T/out10/findings" -name '.*.ctx.*')" ] || wq_fail "a temporary sidecar was left"
rm -f "$T/triage.args"
FAKE_AFL=crash run "$T/out9" --wq-prog-h="$T/prog.h" --wq-triage="$T/triage" --no_triage >"$T/log" 2>&1
wq_check "--no_triage" 1 $? "crashes 1 new"
[ ! -e "$T/triage.args" ] || wq_fail "--no_triage still ran triage"
[ -s "$T/out9/findings/main/crashes/id:000000,sig:06.ctx" ] || wq_fail "--no_triage: no sidecar"

# A bad WQKIT_* value stops the launcher before afl-fuzz starts.
WQKIT_INJECT=racy_bitop FAKE_AFL=slow run "$T/out6" >"$T/log" 2>&1
wq_check "WQKIT_INJECT=racy_bitop" 2 $? "^wqkit: WQKIT_INJECT='racy_bitop'" "bad environment"
[ ! -d "$T/out6/findings" ] || wq_fail "afl-fuzz output was created"

# Unknown launcher flags.
FAKE_AFL=partial run "$out" --timeout_sec=5 >"$T/log" 2>&1
wq_check "misspelled --timeout_sec" 2 $? "unknown flag '--timeout_sec'; launcher flags: --timeout_secs=N"
FAKE_AFL=partial run "$out" --frobnicate >"$T/log" 2>&1
wq_check "unknown --frobnicate" 2 $? "unknown flag '--frobnicate'"

# Full disk: refuse to start (exit 3). A 64 KiB tmpfs in a private mount
# namespace when the sandbox allows it; else an output dir below a file.
if unshare -m true 2>/dev/null; then
	mkdir -p "$T/small"
	# shellcheck disable=SC2016 # expanded by the inner sh
	FAKE_AFL=partial unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && shift && exec "$@"' \
		sh "$T/small" "$launcher" --wq-target=workqueue_afl --wq-binary="$T/target" \
		--wq-seed-dir="$T/seeds" --no_dict --out_dir="$T/small/out" >"$T/log" 2>&1
	wq_check "64 KiB tmpfs (free space check)" 3 $? "free under .*small/out"
else
	echo "note: no mount namespace here; the full-disk case uses a file as the parent dir"
fi
: >"$T/afile"
FAKE_AFL=partial run "$T/afile/out" >"$T/log" 2>&1
wq_check "output dir below a file" 3 $? "cannot create"

# FILE arguments: each input once through the binary, no afl-fuzz.
echo pass >"$T/in-pass" && echo FAIL >"$T/in-fail"
FAKE_AFL=abort run "$out" "$T/in-pass" >"$T/log" 2>&1
wq_check "file argument that passes" 0 $? 'exit 0 \(workqueue_afl exited 0'
FAKE_AFL=abort run "$out" "$T/in-pass" "$T/in-fail" >"$T/log" 2>&1
wq_check "file argument that fails" 1 $? 'exit 1 \(workqueue_afl exited 134'
FAKE_AFL=abort run "$out" "$T" >"$T/log" 2>&1
wq_check "directory argument" 2 $? 'not a file'

wq_test_done run_afl_test
