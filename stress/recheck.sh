#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# recheck.sh - re-read finished soaks (rcutorture's kvm-recheck.sh):
#
#   bazel run //stress:recheck -- out/soak/<date> [more dirs...]
#
# One line per scenario folder (<dir>/<scenario>/log, or log.partial for
# a run that never ended): its End verdict, steps and ops of the last
# stats line, error counters (kernel failures, unchecked), stalls,
# lockups, flagged ("!!!") lines. A folder holding a log itself is read
# as one scenario. Exit: 0 every run ended in SUCCESS, 1 a FAILURE or a
# run without End line, 2 usage (no such folder, no soak results).
set -u

usage() {
	echo "usage: recheck DIR...  (out/soak/<date>, or one scenario folder)" >&2
	exit 2
}

[ $# -ge 1 ] || usage
case $1 in -h | --help) usage ;; esac
cd "${BUILD_WORKING_DIRECTORY:-.}" || exit 2

# field NAME LINE: the number after NAME in a stats line ("ops 123").
field() {
	sed -n "s/.* $1 \([0-9][0-9]*\).*/\1/p" <<<"$2"
}

# recheck_one DIR: print its line; return 0 SUCCESS, 1 otherwise.
recheck_one() {
	local dir=$1 log end verdict stats lockups flagged name

	name=${dir%/}
	name=${name##*/}
	log=$dir/log
	[ -f "$log" ] || log=$dir/log.partial
	end=$(grep -a '^wq-torture:--- End of test:' "$log" | tail -n 1)
	verdict=$(sed -n 's/^wq-torture:--- End of test: \([A-Z]*\).*/\1/p' <<<"$end")
	[ -n "$verdict" ] || verdict="NO-END-LINE"
	stats=$(grep -a '^wq-torture: .*t=.* steps ' "$log" | tail -n 1)
	lockups=$(grep -ac '^kind: hang$\|lockup' "$log")
	flagged=$(grep -ac '^wq-torture: !!!' "$log")
	printf '%s: %s t=%s steps %s ops %s failures %s unchecked %s stalls %s lockups %s flagged %s\n' \
		"$name" "$verdict" \
		"$(sed -n 's/.* t=\([^ ]*\) .*/\1/p' <<<"$stats")" \
		"$(field steps "$stats")" "$(field ops "$stats")" \
		"$(field failures "$stats")" "$(field unchecked "$stats")" \
		"$(field stalls "$stats")" "$lockups" "$flagged"
	[ "$verdict" = SUCCESS ]
}

status=0 found=0
for top in "$@"; do
	[ -d "$top" ] || { echo "recheck: $top: no such folder" >&2; exit 2; }
	if [ -f "$top/log" ] || [ -f "$top/log.partial" ]; then
		dirs=("$top")
	else
		dirs=()
		for d in "$top"/*/; do
			[ -f "$d/log" ] || [ -f "$d/log.partial" ] && dirs+=("$d")
		done
	fi
	for d in "${dirs[@]}"; do
		found=$((found + 1))
		recheck_one "$d" || status=1
	done
done
[ "$found" -gt 0 ] || { echo "recheck: no soak results (<scenario>/log) in $*" >&2; exit 2; }
exit "$status"
