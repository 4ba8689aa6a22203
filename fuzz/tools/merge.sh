#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# merge.sh - merge and minimize the corpora of parallel fuzzing jobs with
# the engines' own tools (README "Parallel fuzzing on one machine"):
#
#   bazel run //fuzz:merge -- [--engine=libfuzzer|afl] [--out_dir=DIR] [DIR...]
#
# libfuzzer: `workqueue_fuzzer_bin -merge=1 NEW DIR...` keeps the inputs
# that add coverage; afl: the inputs of every DIR (an AFL++ output dir's
# instances' queue/ when given one), deduplicated by content and named
# <dir>-<file> (the instances' id:NNNNNN names collide), then afl-cmin.
# The result replaces DIR as a whole (built beside it, then renamed), so
# an interrupted merge never leaves a half-written corpus. See usage().
# The --wq-* flags come from the BUILD rule (fuzz/BUILD.bazel).
set -euo pipefail

# shellcheck disable=SC2034 # read by launcher_lib.sh
wq_prog=merge
# shellcheck source=fuzz/tools/launcher_lib.sh
. fuzz/tools/launcher_lib.sh

flags='--engine=libfuzzer|afl --out_dir=DIR --no_seeds --help'

usage() {
	cat <<'USAGE'
usage: bazel run //fuzz:merge -- [--engine=libfuzzer|afl] [--out_dir=DIR] [--no_seeds] [DIR...]
  --engine=libfuzzer  (default) libFuzzer -merge=1 with workqueue_fuzzer_bin:
                      the inputs of DIR... that add coverage, in that order
                      (DIR default: out/workqueue_fuzzer/corpus)
  --engine=afl        afl-cmin with workqueue_afl_bin on the inputs of
                      DIR... (a directory with <instance>/queue/ below it,
                      as afl-fuzz -o writes, counts as its queues; DIR
                      default: out/workqueue_afl/findings); duplicates by
                      content are dropped first
  --out_dir=DIR       the merged corpus (default out/<target>/merged); it
                      is replaced as a whole and must not be an input
  --no_seeds          leave out the shipped seeds (corpus/seeds and
                      corpus/regression_seeds, merged first by default)
  -h, --help          this text
Input files that crash or hang are left out by both engines. The last
line: '== merge summary: ENGINE: N inputs (D distinct) from K dir(s) -> M
kept in DIR (...)'. Exit status: 0 merged; 2 usage, a missing input dir,
no input at all; 3 environment (engine missing or failing, a write
failed); the engine's own status is printed beside it.
USAGE
}

engine=libfuzzer out_dir='' use_seeds=1 fuzzer_bin='' afl_bin=''
seeds=() dirs=() options=()
while [ $# -gt 0 ]; do
	case $1 in
	--wq-libfuzzer-binary=*) fuzzer_bin=${1#*=} ;;
	--wq-afl-binary=*) afl_bin=${1#*=} ;;
	--wq-options=*) options+=("${1#*=}") ;;
	--wq-seed-dir=*) seeds+=("${1#*=}") ;;
	--engine=libfuzzer | --engine=afl) engine=${1#*=} ;;
	--engine=*) wq_die "--engine: expected libfuzzer or afl, got '${1#*=}'" ;;
	--out_dir=*) out_dir=$(wq_user_path "${1#*=}") ;;
	--no_seeds) use_seeds=0 ;;
	-h | --help) usage; exit 0 ;;
	--engine | --out_dir) wq_die "$1 needs a value: $1=..." ;;
	-*) wq_unknown_flag "$1" "$flags" "engine flags are not passed through" ;;
	*) dirs+=("$(wq_user_path "$1")") ;;
	esac
	shift
done
here=$PWD
if [ "$engine" = libfuzzer ]; then
	target=workqueue_fuzzer binary=$fuzzer_bin help=-help=1
else
	target=workqueue_afl binary=$afl_bin help=--help
fi
[ -n "$binary" ] || wq_die "run me with: bazel run //fuzz:merge (rule arguments missing)"
[[ $binary == /* ]] || binary=$here/$binary
[ -x "$binary" ] || wq_die_env "fuzz binary $binary not found or not executable (build it)"

ws=${BUILD_WORKSPACE_DIRECTORY:-}
if [ ${#dirs[@]} -eq 0 ]; then
	[ -n "$ws" ] || wq_die "not started by 'bazel run': give the input DIRs"
	if [ "$engine" = libfuzzer ]; then dirs=("$ws/out/$target/corpus"); else dirs=("$ws/out/$target/findings"); fi
fi
[ -n "$out_dir" ] || out_dir=$(wq_out_dir '' "$target")/merged
out_dir=${out_dir%/}

# The input dirs: each must be a readable directory; an afl-fuzz -o dir
# stands for its instances' queues. The shipped seeds come first.
inputs=()
[ "$use_seeds" = 0 ] || mapfile -t inputs < <(wq_seed_dirs "$here" "${seeds[@]}")
for d in "${dirs[@]}"; do
	d=${d%/}
	{ [ -d "$d" ] && [ -r "$d" ] && [ -x "$d" ]; } || wq_die "cannot read input dir $d"
	[ "$(readlink -f "$d")" != "$(readlink -f "$out_dir")" ] ||
		wq_die "--out_dir=$out_dir is also an input: give another --out_dir"
	if [ "$engine" = afl ] && compgen -G "$d/*/queue" >/dev/null; then
		for q in "$d"/*/queue; do inputs+=("$q"); done
	else
		inputs+=("$d")
	fi
done
count_files() { { find -L "$@" -maxdepth 1 -type f ! -name '.*' 2>/dev/null || true; } | wc -l; }
n_in=$(count_files "${inputs[@]}")
[ "$n_in" -gt 0 ] || wq_die "no input file in: ${inputs[*]}"
n_distinct=$(find -L "${inputs[@]}" -maxdepth 1 -type f ! -name '.*' -exec sha1sum {} + |
	cut -d' ' -f1 | sort -u | wc -l)

wq_prepare_binary "$binary" "$help" asan "${options[@]}"

parent=$(dirname "$out_dir")
mkdir -p "$parent" 2>/dev/null || wq_die_env "cannot create $parent"
wq_check_writable "$parent"
work=$(mktemp -d "$parent/.merge.XXXXXX") || wq_die_env "cannot create a directory in $parent"
trap 'rm -rf "$work"' EXIT
new=$work/merged log=$work/engine.log
mkdir "$new"

cat <<BANNER
== merge ($engine, $target): $n_in inputs ($n_distinct distinct) from ${#inputs[@]} dir(s) -> $out_dir
BANNER
for d in "${inputs[@]}"; do printf '   %s (%s)\n' "$d" "$(count_files "$d")"; done

# Progress: the engine's last line (afl-cmin rewrites its line with \r).
wq_progress_fields() {
	tail -c 300 "$log" 2>/dev/null | tr '\r' '\n' | wq_strip_ansi | grep -v '^[[:space:]]*$' |
		tail -n 1 | cut -c1-100 || true
}
if [ "$engine" = afl ]; then
	command -v afl-cmin >/dev/null || wq_die_env "afl-cmin not found in PATH (AFL++ 4.x; ./setup.sh installs it)"
	# One flat dir of distinct inputs, each named after its dir and file.
	staged=$work/staged
	mkdir "$staged"
	declare -A seen
	for d in "${inputs[@]}"; do
		tag=$(basename "$d")
		[ "$tag" != queue ] || tag=$(basename "$(dirname "$d")")
		while read -r sum f; do
			[ -z "${seen[$sum]:-}" ] || continue
			seen[$sum]=1
			name=$tag-$(basename "$f")
			cp "$f" "$staged/${name//[^A-Za-z0-9._,:+-]/_}" || wq_die_env "cannot copy $f to $staged (disk full?)"
		done < <(find -L "$d" -maxdepth 1 -type f ! -name '.*' -exec sha1sum {} +)
	done
fi
start=$(date +%s)
set +e
if [ "$engine" = libfuzzer ]; then
	"$binary" -merge=1 "$new" "${inputs[@]}" >"$log" 2>&1 &
else
	# afl-cmin refuses dirs under /tmp unless told (ours are private).
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:abort_on_error=1:symbolize=0 AFL_SKIP_CPUFREQ=1 AFL_ALLOW_TMP=1 \
		afl-cmin -i "$staged" -o "$new" -t 10000 -m none -- "$binary" >"$log" 2>&1 &
fi
engine_pid=$!
set -e
wq_wait_engine "$engine_pid" 0 "$start"
rc=$wq_engine_rc
trap 'rm -rf "$work"' EXIT
elapsed=$(($(date +%s) - start))

name=libFuzzer
[ "$engine" = libfuzzer ] || name=afl-cmin
kept=$(count_files "$new")
if [ "$rc" != 0 ] || [ "$kept" = 0 ]; then
	echo "merge: error: $name failed; the end of its output:" >&2
	# A missing log (the engine never started) must not turn exit 3 into 1.
	{ tail -n 5 "$log" 2>/dev/null || echo "(no output: $log is missing)"; } |
		wq_strip_ansi | sed 's/^/   /' >&2 || true
	wq_status_line "$name" "$rc" 3 "the merge did not complete"
	exit 3
fi
if [ "$engine" = libfuzzer ]; then
	what=$(sed -n 's/^MERGE-OUTER: [0-9]* new files with \([0-9]*\) new features added; \([0-9]*\) new coverage edges.*/\2 edges, \1 features/p' "$log" | tail -n 1)
else
	what=$(wq_strip_ansi <"$log" | sed -n 's/.*Found \([0-9]*\) unique tuples across.*/\1 tuples/p' | tail -n 1)
fi

# Into place: the old result is removed only once the new one is whole.
if [ -e "$out_dir" ]; then
	mv "$out_dir" "$work/old" || wq_die_env "cannot move the old $out_dir aside"
fi
mv "$new" "$out_dir" || wq_die_env "cannot rename the merged corpus to $out_dir"
echo "== merge summary: $engine: $n_in inputs ($n_distinct distinct) from ${#inputs[@]} dir(s) -> $kept kept in $out_dir (${what:-coverage unknown}), ${elapsed}s"
wq_status_line "$name" "$rc" 0 "merged"
