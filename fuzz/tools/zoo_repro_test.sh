#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# zoo_repro_test.sh - regression proof of one zoo bug: its shipped
# reproducer (corpus/zoo/<bug>.wq, a finding of the default fuzz target,
# minimized) fails RUNS out of RUNS times on the zoo build, every run with
# the same trace (controlled mode), and passes RUNS times on the
# unmodified core. Arguments come from the BUILD rule (bench/zoo.bzl, wq_zoo_repro_tests):
#
#   zoo_repro_test.sh --wq-bug-replay=BIN --wq-clean-replay=BIN \
#                     --wq-input=FILE [--wq-runs=N] [--wq-options=F]...
set -euo pipefail

die() { printf 'zoo_repro_test: error: %s\n' "$*" >&2; exit 2; }

bug_replay='' clean_replay='' input='' runs=5 options=()
for a in "$@"; do
	case $a in
	--wq-bug-replay=*) bug_replay=${a#*=} ;;
	--wq-clean-replay=*) clean_replay=${a#*=} ;;
	--wq-input=*) input=${a#*=} ;;
	--wq-runs=*) runs=${a#*=} ;;
	--wq-options=*) options+=("${a#*=}") ;;
	*) die "unexpected argument '$a'" ;;
	esac
done
[ -x "$bug_replay" ] || die "zoo replay binary '$bug_replay' missing"
[ -x "$clean_replay" ] || die "clean replay binary '$clean_replay' missing"
[ -f "$input" ] || die "reproducer '$input' missing"

# shellcheck source=fuzz/tools/sanitizer_env.sh
. fuzz/tools/sanitizer_env.sh
wq_export_sanitizer_options "${options[@]}" || die "bad sanitizer options"
export WQKIT_HANG_MS=${WQKIT_HANG_MS:-15000}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0

# replay WHAT BIN WANT_RC: run the reproducer RUNS times with BIN, print
# its verdicts, check the exit status (0 all passed, 1 a run failed).
replay() {
	local rc=0
	echo "zoo_repro_test: $input on $1, $runs runs"
	"$2" --runs="$runs" "$input" >"$out" 2>&1 || rc=$?
	grep -E '^(title|verdict|replay):' "$out" | sort | uniq -c
	if [ "$rc" -ne "$3" ]; then
		echo "FAIL: $1 should exit $3 on the reproducer, got exit $rc"
		tail -n 40 "$out"
		status=1
	fi
}

replay "the zoo build" "$bug_replay" 1
grep -q "verdict: FAIL .*: $runs of $runs runs failed" "$out" || {
	echo "FAIL: not every run failed on the zoo build"
	status=1
}
grep -q ": $runs of $runs runs matched the first run's trace" "$out" || {
	echo "FAIL: the runs did not all replay the first run's trace"
	status=1
}
replay "the unmodified core" "$clean_replay" 0
[ "$status" -eq 0 ] && echo "zoo_repro_test: ok"
exit "$status"
