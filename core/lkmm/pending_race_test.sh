#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# pending_race_test X86_BIN LKMM_BIN tsan|plain
#
# PORTING.md #10: run pending_race.c against the x86-ordered core and the
# LKMM-bitops core. Under TSan the x86 build must be silent and the LKMM
# build must report the data race of work->entry between run_workqueue()
# (list_del_init) and queue_work_on() (the BUG_ON's list_empty); without
# TSan both builds must run every queue.
set -u
x86=$1 lkmm=$2 mode=$3
tmp=${TEST_TMPDIR:-$(mktemp -d)}
fail() { echo "FAIL: $*"; exit 1; }

run() { # name bin -> $tmp/name.out, returns the exit code
	TSAN_OPTIONS="halt_on_error=1:exitcode=66:report_signal_unsafe=0" \
		"$2" >"$tmp/$1.out" 2>&1
}

run x86 "$x86"; rc=$?
[ "$rc" = 0 ] || { cat "$tmp/x86.out"; fail "x86 build exited $rc"; }
grep -q 'pending_race: 2000 queues, 2000 runs' "$tmp/x86.out" ||
	fail "x86 build: no summary line"
echo "x86 bitops: $(tail -1 "$tmp/x86.out")"

run lkmm "$lkmm"; rc=$?
if [ "$mode" = plain ]; then
	[ "$rc" = 0 ] || { cat "$tmp/lkmm.out"; fail "lkmm build exited $rc"; }
	grep -q 'pending_race: 2000 queues, 2000 runs' "$tmp/lkmm.out" ||
		fail "lkmm build: no summary line"
	echo "lkmm bitops (no TSan): $(tail -1 "$tmp/lkmm.out")"
	exit 0
fi
[ "$rc" = 66 ] || { cat "$tmp/lkmm.out"; fail "lkmm build under TSan exited $rc, expected TSan's 66"; }
grep -q 'WARNING: ThreadSanitizer: data race' "$tmp/lkmm.out" ||
	fail "lkmm build: no data race report"
# The two sides: the worker's list_del_init() and queue_work_on()'s read.
for fn in queue_work_on run_workqueue; do
	grep -qE "#[0-9]+ $fn " "$tmp/lkmm.out" || {
		cat "$tmp/lkmm.out"; fail "lkmm build: the report does not name $fn"; }
done
echo "lkmm bitops: $(grep -m1 'WARNING: ThreadSanitizer' "$tmp/lkmm.out"), between queue_work_on and run_workqueue"
