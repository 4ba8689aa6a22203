#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bad_input_test.sh - triage's bad inputs: an empty directory, a missing
# file, an empty file (libFuzzer's empty artifact), foreign text, a .wq
# with a syntax error, a FIFO and a subdirectory each get one clear line and the
# batch goes on; only bad inputs: exit 2; a good input among them is
# triaged; usage errors exit 2 before anything runs; a bug folder that
# cannot be written is an environment error (exit 3).
#
#   bad_input_test.sh TRIAGE_BINARY INJECTED_WQ
set -euo pipefail

triage=$1 injected=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

mkdir -p "$tmp/empty" "$tmp/crashes/subdir"
: >"$tmp/crashes/crash-empty"
echo "hello" >"$tmp/crashes/README.txt"
printf '# wqkit program v1\ncpus 9\n' >"$tmp/crashes/bad.wq"
mkfifo "$tmp/crashes/fifo"	# reading it would block for ever

rc=0
"$triage" --into="$tmp/out" "$tmp/empty" "$tmp/missing" "$tmp/crashes" \
	>"$tmp/log" 2>&1 || rc=$?
cat "$tmp/log"
[ "$rc" -eq 2 ] || fail "only bad inputs: exit $rc, want 2"
for want in "empty: bad input: empty directory" \
	"missing: bad input: cannot read" \
	"crash-empty: bad input: empty file" \
	"README.txt: bad input: text without a '# wqkit program' line" \
	"bad.wq: bad input: .*bad.wq:2:" \
	"fifo: bad input: not a regular file"; do
	[ "$(grep -c "$want" "$tmp/log")" -eq 1 ] || fail "want one line '$want'"
done
grep -q "subdir" "$tmp/log" && fail "a subdirectory was taken as an input"
grep -q "^== triage summary: 6 inputs (6 bad" "$tmp/log" || fail "summary"

# A good (passing) program among bad ones: the batch goes on, exit 0.
printf '# wqkit program v1\ncpus 1\nwork w0 plain keventd nop\nstep 0\n  t0: schedule_work w0\n' \
	>"$tmp/good.wq"
rc=0
"$triage" --into="$tmp/out" "$tmp/missing" "$tmp/good.wq" >"$tmp/log2" 2>&1 || rc=$?
cat "$tmp/log2"
[ "$rc" -eq 0 ] || fail "mixed batch: exit $rc, want 0"
grep -q "good.wq: did not fail in 10 runs" "$tmp/log2" || fail "good input not triaged"

# No argument: every engine's crash folders of the workspace.
ws=$tmp/ws
mkdir -p "$ws/out/workqueue_fuzzer/crashes" "$ws/out/workqueue_afl/findings/main/crashes" \
	"$ws/out/workqueue_fuzzer/corpus"
rc=0
BUILD_WORKSPACE_DIRECTORY=$ws "$triage" >"$tmp/log4" 2>&1 || rc=$?
cat "$tmp/log4"
[ "$rc" -eq 0 ] && grep -q "no crash files under" "$tmp/log4" || fail "no crash files: exit $rc"
cp "$tmp/good.wq" "$ws/out/workqueue_fuzzer/crashes/crash-1"
cp "$tmp/good.wq" "$ws/out/workqueue_afl/findings/main/crashes/id:000000"
cp "$tmp/good.wq" "$ws/out/workqueue_fuzzer/corpus/not-a-crash"
rc=0
BUILD_WORKSPACE_DIRECTORY=$ws "$triage" >"$tmp/log4" 2>&1 || rc=$?
cat "$tmp/log4"
[ "$rc" -eq 0 ] || fail "default inputs: exit $rc"
[ "$(grep -c ": did not fail in" "$tmp/log4")" -eq 2 ] || fail "default inputs: want the 2 crash files"
grep -q "not-a-crash" "$tmp/log4" && fail "a corpus file was triaged"

# A failing input whose folder cannot be written: exit 3, nothing left.
rc=0
WQKIT_INJECT=racy_bitops "$triage" --into=/proc/no/such --minimize_secs=0 --runs=2 \
	"$injected" >"$tmp/log5" 2>&1 || rc=$?
cat "$tmp/log5"
[ "$rc" -eq 3 ] && grep -q "cannot write a bug folder under /proc/no/such" "$tmp/log5" ||
	fail "unwritable --into: exit $rc, want 3 and the reason"

for bad in --runs=0 --frobnicate --minimize_secs=x "--build=clean --build=lost_wakeup"; do
	rc=0
	# shellcheck disable=SC2086 # $bad may hold two options
	"$triage" $bad "$tmp/good.wq" >"$tmp/log3" 2>&1 || rc=$?
	[ "$rc" -eq 2 ] || fail "$bad: exit $rc, want 2"
	grep -q "did not fail" "$tmp/log3" && fail "$bad: ran anyway"
done
[ "$status" -eq 0 ] && echo "bad_input_test: ok"
exit "$status"
