#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# triage_test.sh - the triage pipeline on one zoo bug's shipped finding
# (corpus/zoo/<bug>.wq): on the zoo build it is a NEW bug (exit 1) with a
# title free of indexes and CPU numbers, 10/10 reliable, minimized to no
# more steps and ops than the input, still 10/10; its folder holds every
# file; a second occurrence adds a log, not a folder (exit 0); the title
# is the same on a second triage; the clean core fails neither the input
# nor the minimized program. Arguments come from reports/BUILD.bazel:
#
#   triage_test.sh --wq-bug-triage=BIN --wq-clean-triage=BIN --wq-bug=NAME \
#                  --wq-input=FILE
set -euo pipefail

die() { printf 'triage_test: error: %s\n' "$*" >&2; exit 2; }
fail() { printf 'FAIL: %s\n' "$*"; status=1; }

bug_triage='' clean_triage='' bug='' input=''
for a in "$@"; do
	case $a in
	--wq-bug-triage=*) bug_triage=${a#*=} ;;
	--wq-clean-triage=*) clean_triage=${a#*=} ;;
	--wq-bug=*) bug=${a#*=} ;;
	--wq-input=*) input=${a#*=} ;;
	--wq-csource-runs=*) crun=${a#*=} ;;
	*) die "unexpected argument '$a'" ;;
	esac
done
[ -x "$bug_triage" ] && [ -x "$clean_triage" ] || die "triage binaries missing"
[ -f "$input" ] || die "input '$input' missing"

export WQKIT_HANG_MS=${WQKIT_HANG_MS:-15000}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
tmp=${TEST_TMPDIR:-$(mktemp -d)}
into=$tmp/reports
status=0

# run WANT_RC LOG BIN ARGS...: run a triage, check its exit status.
run() {
	local want=$1 log=$2 rc=0
	shift 2
	"$@" >"$log" 2>"$log.err" || rc=$?
	cat "$log"
	[ "$rc" -eq "$want" ] || { fail "$* exited $rc, want $want"; tail -20 "$log.err"; }
}

# Steps and ops of a .wq program.
size() { grep -cE "^step [0-9]+" "$1" || true; }
ops() { grep -cE "^ *t[0-9]+:" "$1" || true; }

run 1 "$tmp/first" "$bug_triage" --build="$bug" --into="$into" \
	--minimize_secs=30 --no_deep_search --timeout_secs=20 --csource_runs="${crun:-0}" "$input"
mapfile -t folders < <(find "$into" -mindepth 1 -maxdepth 1 -type d)
[ "${#folders[@]}" -eq 1 ] || fail "want one bug folder, got ${#folders[@]}"
dir=${folders[0]:-$into/none}
for f in description titles report.md repro.wq repro.bin repro.c log0 reliability stats; do
	[ -s "$dir/$f" ] || fail "$dir/$f missing or empty"
done
title=$(head -1 "$dir/description" 2>/dev/null || true)
echo "triage_test: $bug: '$title', $(cat "$dir/reliability" 2>/dev/null)"
if grep -qE '\b(w|q|t|cpu)[0-9]+\b|0x[0-9a-f]+' "$dir/titles"; then
	fail "titles name indexes, CPUs or addresses: $(tr '\n' '|' <"$dir/titles")"
fi
grep -qx "10/10" "$dir/reliability" 2>/dev/null || fail "minimized program not 10/10 reliable"
grep -q "NEW: .* (10/10; minimized 10/10;" "$tmp/first" || fail "found program not 10/10"
# repro.c: built with clang on this build and run (a zoo build: must fail
# every run), or written unverified with --csource_runs=0.
if [ "${crun:-0}" -gt 0 ]; then
	grep -qx "repro.c $crun/$crun" "$dir/reliability" || fail "repro.c not $crun/$crun: $(tail -1 "$dir/reliability")"
	grep -q "^| repro.c | $crun/$crun (build" "$dir/report.md" || fail "report.md lacks repro.c's verification"
fi
grep -q '^int main(void)' "$dir/repro.c" || fail "repro.c has no main"
[ "$(size "$dir/repro.wq")" -le "$(size "$input")" ] || fail "more steps than the input"
[ "$(ops "$dir/repro.wq")" -le "$(ops "$input")" ] || fail "more ops than the input"
grep -q "^# wqkit program" "$dir/repro.wq" || fail "repro.wq is not a .wq program"
grep -qF "# $title" "$dir/report.md" || fail "report.md has no title"

# A second occurrence: a log, no new folder, exit 0.
run 0 "$tmp/second" "$bug_triage" --build="$bug" --into="$into" --csource_runs=0 "$input"
grep -q "already reported" "$tmp/second" || fail "second occurrence not recognised"
[ -s "$dir/log1" ] || fail "second occurrence added no log"
[ "$(find "$into" -mindepth 1 -maxdepth 1 | wc -l)" -eq 1 ] || fail "a second folder appeared"

# The title is stable: a fresh triage gives the same one.
run 1 "$tmp/again" "$bug_triage" --build="$bug" --into="$tmp/again.d" \
	--minimize_secs=0 --csource_runs=0 "$input"
again=$(cat "$tmp"/again.d/*/description 2>/dev/null | head -1)
[ "$again" = "$title" ] || fail "title changed: '$title' then '$again'"

# The clean core fails neither the input nor the minimized program.
run 0 "$tmp/clean" "$clean_triage" --build=clean --into="$tmp/clean.d" --csource_runs=0 \
	"$input" "$dir/repro.wq"
[ "$(grep -c "did not fail in 10 runs" "$tmp/clean")" -eq 2 ] || fail "the clean core failed"
[ ! -e "$tmp/clean.d" ] || fail "the clean core wrote a folder"
[ "$status" -eq 0 ] && echo "triage_test: ok"
exit "$status"
