#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# minimize_zoo_test.sh - triage minimizes a padded zoo program to one no
# larger than the zoo's own (corpus/zoo/<bug>.wq). Sizes are compared as
# wq_prog_size_cmp() does (fuzz/prog/edit.h): lexicographically on
# (calls, steps, actors, works, wqs, cpus), calls being the ops plus the
# works whose behaviour is not nop. Both sizes are read off triage's
# result line ("SIZE -> SIZE"); the zoo program's with --minimize_secs=0.
#
#   minimize_zoo_test.sh BUG_TRIAGE BUG PADDED.wq ZOO.wq
set -euo pipefail

bug_triage=$1 bug=$2 padded=$3 zoo=$4
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh
export WQKIT_HANG_MS=${WQKIT_HANG_MS:-15000}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# The six counts of "N calls (N ops), N steps, N actors, N works, N wqs,
# N cpus" on the left (1) or right (2) of a result line's arrow.
counts() { # SIDE LOG
	grep -- ' -> ' "$2" | head -1 | awk -F' -> ' -v s="$1" '{ print $s }' |
		sed -E 's/\([0-9]+ ops\)//' | grep -oE '[0-9]+' | tr '\n' ' '
}

"$bug_triage" --build="$bug" --into="$T/p" --runs=3 --csource_runs=0 \
	--timeout_secs=20 "$padded" >"$T/log" 2>"$T/err" && rc=0 || rc=$?
wq_check "$bug: the padded program is a new bug, minimized, still failing" 1 "$rc" \
	'NEW: .* \(3/3; minimized 3/3;'
cp "$T/log" "$T/padded.log"
"$bug_triage" --build="$bug" --into="$T/z" --runs=1 --csource_runs=0 \
	--minimize_secs=0 "$zoo" >"$T/log" 2>"$T/err" && rc=0 || rc=$?
wq_check "$bug: the zoo program fails" 1 "$rc" 'NEW: '

read -r -a pad_before <<<"$(counts 1 "$T/padded.log")"
read -r -a got <<<"$(counts 2 "$T/padded.log")"
read -r -a want <<<"$(counts 1 "$T/log")"
echo "padded: ${pad_before[*]}; minimized: ${got[*]}; zoo: ${want[*]} (calls steps actors works wqs cpus)"
wq_count_is "six counts each" "6 6 6" "${#pad_before[@]} ${#got[@]} ${#want[@]}"
cmp=0
for i in 0 1 2 3 4 5; do
	[ "${got[i]:-0}" -eq "${want[i]:-0}" ] && continue
	if [ "${got[i]:-0}" -lt "${want[i]:-0}" ]; then cmp=-1; else cmp=1; fi
	break
done
[ "$cmp" -le 0 ] || wq_fail "$bug: minimized (${got[*]}) larger than the zoo's (${want[*]})"
[ "${pad_before[0]:-0}" -gt "${want[0]:-0}" ] || wq_fail "the padding added no calls"
wq_test_done "minimize_zoo_test $bug"
