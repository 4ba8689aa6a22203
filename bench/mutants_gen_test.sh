#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mutants_gen_test.sh - bench/mutants_gen's --seed: one seed twice gives
# the same inputs, and two seeds give independent sets. Seeded as
# seed * gamma + set index, --seed=1 and --seed=2 were one stream one
# draw apart, and their random inputs fell into step: 911 of 1,000 naive
# inputs were shared, so summing runs over seeds counted the same
# programs again. Naive and fresh inputs are random programs: two seeds
# share none of them (a chance collision is ~2^-64 per pair).
set -uo pipefail

T=${TEST_TMPDIR:-$(mktemp -d)}
gen=bench/mutants_gen
corpus=corpus/programs
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

run() { # run SEED DIR
	"$gen" --corpus="$corpus" --out="$2" --per_set=300 --seed="$1" \
		--sets=naive,fresh >/dev/null 2>"$T/gen.log" ||
		{ fail "mutants_gen --seed=$1 exit $?: $(cat "$T/gen.log")"; return 1; }
}
sums() { (cd "$1" && md5sum -- * | cut -d' ' -f1 | sort -u); }

if ! { run 1 "$T/a" && run 1 "$T/b" && run 2 "$T/c"; }; then
	echo "$fails failed"
	exit 1
fi
for set in naive fresh; do
	n=$(find "$T/a/$set" -type f | wc -l)
	[ "$n" = 300 ] || fail "$set: $n inputs, expected 300"
	if diff -r "$T/a/$set" "$T/b/$set" >/dev/null; then
		ok "$set: --seed=1 twice, the same inputs"
	else
		fail "$set: --seed=1 twice, different inputs"
	fi
	common=$(comm -12 <(sums "$T/a/$set") <(sums "$T/c/$set") | wc -l)
	if [ "$common" = 0 ]; then
		ok "$set: --seed=1 and --seed=2 share no input"
	else
		fail "$set: --seed=1 and --seed=2 share $common of 300 inputs"
	fi
done
[ "$fails" = 0 ] && { echo "all passed"; exit 0; }
echo "$fails failed"
exit 1
