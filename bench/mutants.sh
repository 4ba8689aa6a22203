#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# //bench:mutants: how often each mutation kind's outputs hit each zoo
# bug, beside fresh random programs (issue 12). mutants_gen writes the
# input sets (the corpus's parents, one set per mutation kind, the
# shipped mix, libFuzzer's stacking, experiment sets, naive's random
# inputs: see mutants_gen.c) and their
# program statistics; the naive engine's build with each bug then runs
# every set once (--keep_going) and counts the inputs that failed.
#
#   bazel run //bench:mutants -- --corpus=DIR [--per_set=1000] [--seed=1]
#       [--bugs=a,b,...] [--jobs=2] [--out_dir=DIR]
#
# Prints one table of hits per set and bug (and writes hits.tsv and
# stats.tsv into --out_dir). Exit: 0 done, 2 bad arguments, 3 the
# environment (a write, a run that did not end by itself).
set -u
here=${RUNFILES_DIR:-$0.runfiles}/wqkit
[ -d "$here" ] || here=$PWD
# shellcheck source=/dev/null
. "$here/fuzz/tools/sanitizer_env.sh"
cd "${BUILD_WORKING_DIRECTORY:-.}" || exit 2

corpus='' per_set=1000 seed=1 bugs='' jobs=2 out_dir=''
die() { echo "mutants: $*" >&2; exit 2; }
for a in "$@"; do
	case $a in
	--corpus=*) corpus=${a#*=} ;;
	--per_set=*) per_set=${a#*=} ;;
	--seed=*) seed=${a#*=} ;;
	--bugs=*) bugs=${a#*=} ;;
	--jobs=*) jobs=${a#*=} ;;
	--out_dir=*) out_dir=${a#*=} ;;
	-h | --help) sed -n '3,15p' "$0"; exit 0 ;;
	*) die "unknown argument '$a' (see --help)" ;;
	esac
done
[ -n "$corpus" ] && [ -d "$corpus" ] || die "--corpus=DIR: a directory of programs is needed"
[[ $per_set =~ ^[0-9]+$ ]] && [ "$per_set" -ge 1 ] && [ "$per_set" -le 4096 ] ||
	die "--per_set=$per_set: expected 1..4096 (the naive engine's seed limit)"
[[ $jobs =~ ^[0-9]+$ ]] && [ "$jobs" -ge 1 ] || die "--jobs=$jobs: expected a positive number"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed=$seed: expected a number"

declare -A naive=()
for f in "$here"/fuzz/workqueue_naive_bug_*_bin; do
	b=${f##*/workqueue_naive_bug_}
	naive[${b%_bin}]=$f
done
[ -n "$bugs" ] || bugs=$(printf '%s\n' "${!naive[@]}" | sort | paste -sd, -)
IFS=, read -r -a buglist <<<"$bugs"
for b in "${buglist[@]}"; do
	[ -n "${naive[$b]:-}" ] || die "--bugs: no naive build of '$b' (have: ${!naive[*]})"
done
[ -n "$out_dir" ] || out_dir=out/mutants/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out_dir" || { echo "mutants: cannot create $out_dir" >&2; exit 3; }

# shellcheck disable=SC2046
wq_export_sanitizer_options $(find "$here/sanitizers" -maxdepth 1 -name 'asan.options' -o -maxdepth 1 -name 'ubsan.options') || exit 2
"$here/bench/mutants_gen" --corpus="$corpus" --out="$out_dir/inputs" \
	--per_set="$per_set" --seed="$seed" || exit $?
mapfile -t sets < <(tail -n +2 "$out_dir/inputs/stats.tsv" | cut -f1)

# run_one BUG SET: the set's failing inputs on the bug's build.
run_one() {
	local bug=$1 set=$2 log n
	log=$out_dir/runs/$bug-$set.log
	mkdir -p "$out_dir/runs/$bug-$set"
	"${naive[$bug]}" --seed=1 --runs="$per_set" --max_total_time=0 --keep_going \
		--crashes="$out_dir/runs/$bug-$set" "$out_dir/inputs/$set" >"$log" 2>&1
	n=$(grep -oE '[0-9]+ failure\(s\)' "$log" | grep -oE '^[0-9]+')
	[ -n "$n" ] || { echo "mutants: $bug on $set: no summary line (see $log)" >&2; return 3; }
	printf '%s\t%s\t%s\n' "$bug" "$set" "$n" >"$out_dir/runs/$bug-$set.tsv"
}
total=$((${#buglist[@]} * ${#sets[@]})) done_=0
pids=()
for bug in "${buglist[@]}"; do
	for set in "${sets[@]}"; do
		run_one "$bug" "$set" &
		pids+=($!)
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
		done_=$((done_ + 1))
		printf 'mutants: %d/%d runs started (%s on %s)\n' "$done_" "$total" "$bug" "$set" >&2
	done
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=3; done
[ "$rc" = 0 ] || exit 3

tmp=$out_dir/.hits.tsv.tmp
{
	printf 'bug\tset\thits\tinputs\n'
	for bug in "${buglist[@]}"; do
		for set in "${sets[@]}"; do
			printf '%s\t%s\n' "$(cat "$out_dir/runs/$bug-$set.tsv")" "$per_set"
		done
	done
} >"$tmp" && mv "$tmp" "$out_dir/hits.tsv" || { echo "mutants: cannot write $out_dir/hits.tsv" >&2; exit 3; }
echo "== program statistics per set (means; $per_set inputs each)"
column -t -s $'\t' "$out_dir/inputs/stats.tsv"
echo "== hits per $per_set inputs (set x bug)"
awk -F'\t' 'NR > 1 { h[$2 "\t" $1] = $3; if (!($2 in s)) { s[$2] = 1; so[++ns] = $2 }
	if (!($1 in b)) { b[$1] = 1; bo[++nb] = $1 } }
	END { printf "set"; for (j = 1; j <= nb; j++) printf "\t%s", bo[j]; print ""
	      for (i = 1; i <= ns; i++) { printf "%s", so[i]
	        for (j = 1; j <= nb; j++) printf "\t%s", h[so[i] "\t" bo[j]]; print "" } }' \
	"$out_dir/hits.tsv" | column -t -s $'\t'
echo "(results in $out_dir)"
