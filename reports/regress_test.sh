#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# regress_test.sh - //reports:regress in a scratch workspace: a shipped
# zoo-build folder (its bug is not in the unmodified core) moves into
# corpus/regressions with its '# fixed by:' line, the folder is marked,
# a second move is refused (exit 2); a folder whose repro.wq still fails
# on the core is refused (exit 1) and nothing is written; no --fixed_by
# is a usage error.
#
#   regress_test.sh REGRESS_SH REPLAY
set -uo pipefail

regress=$PWD/$1 replay=$PWD/$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }
check() { # WANT GOT WHAT
	if [ "$1" = "$2" ]; then echo "ok: $3"; else fail "$3: exit $2, want $1"; cat "$tmp/log"; fi
}

ws=$tmp/ws
mkdir -p "$ws/corpus/regressions" "$ws/reports"
cp -rL reports/deadlock-in-flush_work "$ws/reports/"
run() { BUILD_WORKSPACE_DIRECTORY=$ws BUILD_WORKING_DIRECTORY=$ws "$regress" --wq-replay="$replay" "$@" >"$tmp/log" 2>&1; }

run reports/deadlock-in-flush_work
check 2 $? "no --fixed_by"
run --fixed_by="test fix" reports/deadlock-in-flush_work
check 0 $? "a fixed bug moves"
out=$ws/corpus/regressions/deadlock-in-flush_work.wq
grep -qx "# fixed by: test fix" "$out" 2>/dev/null || fail "no '# fixed by:' line in $out"
grep -qx "# from reports/deadlock-in-flush_work: deadlock in flush_work" "$out" || fail "no origin line"
tail -n +4 "$out" | cmp -s - "$ws/reports/deadlock-in-flush_work/repro.wq" || fail "program differs"
grep -q "^moved to corpus/regressions/deadlock-in-flush_work.wq" "$ws/reports/deadlock-in-flush_work/fixed" || fail "folder not marked"
run --fixed_by="again" reports/deadlock-in-flush_work
check 2 $? "already in the corpus"

# Not fixed: a reproducer failing on the unmodified core (an injected
# race would need WQKIT_INJECT; a program that deadlocks by misuse is
# simpler: flush_own_wq with misuse on).
mkdir -p "$ws/reports/broken"
printf '%s\n' "# wqkit program v2" "cpus 1" "actors 1" "misuse on" "schedule pct seed=1 depth=1" \
	"wq q0 multi" "work w0 plain q0 flush_own_wq" "step 0" "  t0: queue_work q0 w0" \
	>"$ws/reports/broken/repro.wq"
echo "broken" >"$ws/reports/broken/description"
run --fixed_by="nothing" reports/broken
check 1 $? "still failing: refused"
grep -q "still fails on the current core" "$tmp/log" || fail "no reason given"
[ ! -e "$ws/corpus/regressions/broken.wq" ] || fail "a failing reproducer was moved"
[ -z "$(find "$ws/corpus/regressions" -name '.*')" ] || fail "a temporary file was left"
[ "$status" = 0 ] && echo "regress_test: ok"
exit "$status"
