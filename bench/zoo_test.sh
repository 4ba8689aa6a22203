#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# zoo_test.sh - the zoo runner with a stand-in bazel and stand-in engine
# binaries (no real fuzzing):
#   - it builds only the binaries the run asks for (--bugs, --engines);
#   - results go to <workspace>/out/zoo/<date>/, never bench/results/;
#   - --jobs above the cores is a warning;
#   - a failed build is exit 3 with its log, before any trial;
#   - libFuzzer's slow-unit-* files are not crashes;
#   - each row carries the executions to exposure and the budget;
#   - split by bug into two folders, one of them resumed with more
#     trials, merged by //bench:zoo_report into one results set;
#   - each crash file gets its sidecar (target, engine, sanitizer, zoo
#     build), and after the trials the build's triage runs on them
#     (bazel run //reports:triage_bug_<bug> -- --into=OUT/reports ...),
#     unless --no_triage.
set -uo pipefail

T=${TEST_TMPDIR:-$(mktemp -d)}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

ws=$T/ws
mkdir -p "$ws" "$T/bin" "$T/bazel-bin/fuzz"
# The stand-in bazel: records what it is asked to build.
cat >"$T/bin/bazel" <<STUB
#!/usr/bin/env bash
case \$1 in
build) shift; for a in "\$@"; do case \$a in -*) ;; *) echo "\$a" >>"$T/built" ;; esac; done; [ ! -e "$T/break_build" ] || { echo "ERROR: broken"; exit 1; } ;;
info) echo "$T/bazel-bin" ;;
run) shift; echo "\$*" >>"$T/ran"; echo "triage: fake"; echo "== triage summary: fake" ;;
*) exit 2 ;;
esac
STUB
# The stand-in engine binaries: a "naive" that finds its bug at once.
for b in fake_clean_bin fake_buga_bin fake_bugb_bin; do
	cat >"$T/bazel-bin/fuzz/$b" <<'ENGINE'
#!/usr/bin/env bash
for a; do case $a in --crashes=*) d=${a#*=} ;; esac; done
echo "title: fake bug"
echo x >"$d/crash-1"
echo "naive: input #6 (random, 10 bytes) failed: $d/crash-1"
exit 1
ENGINE
	chmod +x "$T/bazel-bin/fuzz/$b"
done
# bugb's engine only reports a slow input: libFuzzer's slow-unit-* file
# is no crash.
cat >"$T/bazel-bin/fuzz/fake_bugb_bin" <<'ENGINE'
#!/usr/bin/env bash
for a; do case $a in --crashes=*) d=${a#*=} ;; esac; done
echo x >"$d/slow-unit-1"
exit 0
ENGINE
chmod +x "$T/bin/bazel"

zoo() {
	PATH=$T/bin:$PATH BUILD_WORKSPACE_DIRECTORY=$ws bash bench/zoo.sh \
		--wq-report=bench/zoo_report --wq-seeds=corpus/seeds \
		--wq-dict=corpus/workqueue.dict --wq-prog-h=fuzz/prog/prog.h \
		--wq-engine=naive:naive:asan \
		--wq-bin=naive:clean://fuzz:fake_clean_bin \
		--wq-bin=naive:buga://fuzz:fake_buga_bin \
		--wq-bin=naive:bugb://fuzz:fake_bugb_bin \
		--wq-tier=buga:shallow --wq-tier=bugb:deep \
		--trials=1 --budget_secs=5 "$@"
}

zoo --bugs=buga --no_clean --jobs=$(($(nproc) + 1)) --triage_secs=7 >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] && ok "exit 0" || fail "exit $rc"; cat "$T/err"
[ "$(head -1 "$T/built")" = "//fuzz:fake_buga_bin" ] && [ "$(wc -l <"$T/built")" = 1 ] && ok "built only what was asked" ||
	fail "built: $(tr '\n' ' ' <"$T/built")"
csv=$(find "$ws/out/zoo" -name trials.csv 2>/dev/null | head -1)
[ -n "$csv" ] && ok "results in out/zoo/<date>/" || fail "no out/zoo/*/trials.csv"
[ ! -e "$ws/bench/results" ] && ok "bench/results untouched" || fail "wrote bench/results"
[ -n "$csv" ] && grep -q '^buga,naive,1,[0-9]*,1,[0-9.]*,7,5,0,"fake bug"$' "$csv" && ok "trial found, 7 execs, budget 5, not in the seed pass" ||
	fail "trials.csv: $(cat "$csv" 2>/dev/null)"
grep -q "warning: --jobs=$(($(nproc) + 1)) on $(nproc) cores" "$T/err" && ok "--jobs warning" ||
	fail "no --jobs warning"

dir=$(dirname "$csv")
crash=$dir/runs/buga/naive/1/crashes/crash-1
format=$(sed -n 's/^#define WQ_PROG_FORMAT[[:space:]]*\([0-9]*\).*/\1/p' fuzz/prog/prog.h)
printf '%s\n' "# wqkit crash context v1" "target fake_buga" "engine naive" "sanitizer asan" \
	"build buga" "mode default" "inject none" >"$T/want"
head -7 "$crash.ctx" 2>/dev/null | cmp -s - "$T/want" && grep -qx "format $format" "$crash.ctx" &&
	ok "sidecar" || fail "sidecar: $(cat "$crash.ctx" 2>&1)"
grep -q "^--noshow_progress --ui_event_filters=-info,-stdout //reports:triage_bug_buga -- --into=$dir/reports --minimize_secs=7 $crash\$" "$T/ran" 2>/dev/null &&
	grep -q "^   triage: fake" "$T/out" && grep -q "^== triage summary: fake" "$T/out" &&
	ok "triage after the trials" || fail "triage: $(cat "$T/ran" 2>&1) / $(cat "$T/out")"

rm -f "$T/ran"
zoo --bugs=bugb --no_clean --out_dir="$T/slow" >"$T/out" 2>"$T/err"
grep -q '^bugb,naive,1,[0-9]*,0,' "$T/slow/trials.csv" 2>/dev/null && ok "a slow unit is no crash" ||
	fail "slow unit: $(cat "$T/slow/trials.csv" 2>/dev/null)"

# --tier: only the bugs of that tier (ZOO_TIERS), built and run.
: >"$T/built"
zoo --tier=deep --no_clean --out_dir="$T/deep" >"$T/out" 2>"$T/err"
[ "$(cut -d, -f1 "$T/deep/trials.csv" 2>/dev/null | tail -n +2 | sort -u)" = bugb ] &&
	[ "$(tr '\n' ' ' <"$T/built")" = "//fuzz:fake_bugb_bin " ] && ok "--tier=deep: bugb alone" ||
	fail "--tier=deep: built $(tr '\n' ' ' <"$T/built"), $(cat "$T/deep/trials.csv" 2>/dev/null)"
zoo --tier=medium --no_clean --out_dir="$T/medium" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "^zoo: error: --tier: expected shallow or deep" "$T/err" &&
	ok "--tier=medium: exit 2, one line" || fail "--tier=medium: exit $rc: $(cat "$T/err")"
zoo --tier=deep --bugs=buga --no_clean --out_dir="$T/none" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] && grep -q "no bug of that tier" "$T/err" && ok "--tier=deep --bugs=buga: exit 2" ||
	fail "--tier with --bugs: exit $rc: $(cat "$T/err")"

# Split by bug, resumed, merged: buga in one folder (trial 1, then
# --resume with 2 trials runs trial 2 only), bugb in another.
[ ! -e "$T/ran" ] && ok "no crash file, no triage" || fail "triaged nothing: $(cat "$T/ran")"
zoo --bugs=buga --no_clean --out_dir="$T/a" --no_triage >"$T/out" 2>"$T/err"
[ ! -e "$T/ran" ] && ok "--no_triage" || fail "--no_triage triaged: $(cat "$T/ran")"
zoo --bugs=buga --no_clean --out_dir="$T/a" --resume --trials=2 --no_triage >"$T/out" 2>"$T/err"
grep -q "buga naive trial 1: kept from an earlier run (--resume)" "$T/out" && ok "--resume kept trial 1" ||
	fail "--resume: $(cat "$T/out")"
[ "$(grep -c '^buga,naive,' "$T/a/trials.csv")" = 2 ] && ok "--resume ran trial 2" || fail "resumed: $(cat "$T/a/trials.csv")"
mkdir -p "$T/merged"
bench/zoo_report --out_dir="$T/merged" "$T/a" "$T/slow" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] && grep -q "zoo_report: 3 trials, 2 build(s), 1 engine(s)" "$T/out" && ok "folders merged" ||
	fail "merge: exit $rc: $(cat "$T/out" "$T/err")"
grep -q '^| buga | 5s | \*\*2/2, [0-9.]*s, 7 execs\*\* |$' "$T/merged/summary.md" &&
	grep -q '^| bugb | 5s | 0/1, >5s |$' "$T/merged/summary.md" && ok "one results set, both bugs" ||
	fail "merged summary: $(cat "$T/merged/summary.md")"

touch "$T/break_build"
zoo --clean_only --out_dir="$T/broken" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 3 ] && grep -q "the build failed" "$T/err" && ok "failed build: exit 3" ||
	fail "failed build: exit $rc: $(cat "$T/err")"
[ ! -e "$T/broken/trials.csv" ] && ok "no trial after a failed build" || fail "trials ran"

[ "$fails" = 0 ] && echo PASS || echo "$fails check(s) failed"
exit $((fails > 0))
