#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_afl.sh - launcher of the wqkit AFL++ target:
#
#   bazel run //fuzz:workqueue_afl -- [options] [-- afl-fuzz options...]
#
# Runs afl-fuzz on the persistent-mode binary (fuzz/targets/afl_main.c)
# with the shipped seeds, the dictionary and the sanitizer options of
# sanitizers/; one -M instance plus one -S per extra job; keeps its output
# in the workspace and ends with a one-line summary from afl's
# fuzzer_stats. See usage() below. The --wq-* flags come from the BUILD
# rule (fuzz/fuzz.bzl, wq_afl_target), not users.
set -euo pipefail

prog=run_afl
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 2; }

usage() {
	cat <<USAGE
usage: bazel run //fuzz:$target -- [options] [-- afl-fuzz options...]
  --timeout_secs=N   stop after N seconds (default 600; 0 = no limit)
  --jobs=N           N afl-fuzz instances: -M main, -S sec1..sec<N-1>
  --out_dir=DIR      output root (default \$WORKSPACE/out/$target):
                     DIR/findings/<instance>/{queue,crashes,hangs,fuzzer_stats}
                     (afl -o; resumed by the next run), DIR/seeds (afl -i),
                     DIR/logs (afl-fuzz output of every run)
  --fresh            start over: delete DIR/findings first
  --no_dict          do not pass corpus/workqueue.dict (-x)
  -h, --help         this text
Options after '--' go to every afl-fuzz instance (e.g. -- -p explore).
Exit status: 0 no new crash (or interrupted), 1 new crash(es), 2 usage
error or afl-fuzz failing to start.
USAGE
}

target='' binary='' dict=''
options=() seeds=() afl_args=()
timeout_secs=600 jobs=1 out_dir='' use_dict=1 fresh=0

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

while [ $# -gt 0 ]; do
	case $1 in
	--wq-target=*) target=${1#*=} ;;
	--wq-binary=*) binary=${1#*=} ;;
	--wq-dict=*) dict=${1#*=} ;;
	--wq-options=*) options+=("${1#*=}") ;;
	--wq-seed-dir=*) seeds+=("${1#*=}") ;;
	--timeout_secs=*)
		timeout_secs=${1#*=}
		is_uint "$timeout_secs" || die "--timeout_secs: expected seconds (0 = no limit), got '$timeout_secs'" ;;
	--jobs=*)
		jobs=${1#*=}
		is_uint "$jobs" && [ "$jobs" -ge 1 ] || die "--jobs: expected a number >= 1, got '$jobs'" ;;
	--out_dir=*) out_dir=${1#*=} ;;
	--fresh) fresh=1 ;;
	--no_dict) use_dict=0 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; afl_args+=("$@"); break ;;
	--timeout_secs | --jobs | --out_dir) die "$1 needs a value: $1=..." ;;
	*) die "unexpected argument '$1' (afl-fuzz options go after '--'; see --help)" ;;
	esac
	shift
done

[ -n "$binary" ] && [ -n "$target" ] || die "run me with: bazel run //fuzz:<target> (rule arguments missing)"
prog=$target
[ -x "$binary" ] || die "fuzz binary $binary not found or not executable"
command -v afl-fuzz >/dev/null || die "afl-fuzz not found in PATH (AFL++ 4.x)"
[ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ] || [ -n "$out_dir" ] ||
	die "not started by 'bazel run': give --out_dir=DIR"

here=$PWD
# shellcheck source=fuzz/tools/sanitizer_env.sh
. "$here/fuzz/tools/sanitizer_env.sh"
if [ ${#options[@]} -eq 0 ] && [ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
	mapfile -t options < <(wq_workspace_options "$BUILD_WORKSPACE_DIRECTORY" asan)
fi
wq_export_sanitizer_options "${options[@]}" || die "bad sanitizer options"
# afl-fuzz refuses to start without these (it symbolizes nothing itself;
# replay a crash to get a symbolized report).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1:symbolize=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:abort_on_error=1:symbolize=0"
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_AUTORESUME=1
# Bind to a free core if there is one; a shared machine may have none.
[ -n "${AFL_NO_AFFINITY:-}" ] || export AFL_TRY_AFFINITY=1
# A core_pattern piping to a program delays crash detection: afl-fuzz
# refuses to start unless told that this is fine.
if [[ $(cat /proc/sys/kernel/core_pattern 2>/dev/null || true) == '|'* ]]; then
	export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
fi

if [ -z "$out_dir" ]; then
	out_dir=$BUILD_WORKSPACE_DIRECTORY/out/$target
elif [[ $out_dir != /* ]]; then
	out_dir=${BUILD_WORKING_DIRECTORY:-$here}/$out_dir
fi
findings=$out_dir/findings
logs=$out_dir/logs
mkdir -p "$out_dir" "$logs" || die "cannot create $out_dir"
[ "$fresh" = 0 ] || rm -rf "$findings"
mkdir -p "$findings"
stamp=$(date +%Y%m%d-%H%M%S)-$$

# afl -i: one directory; the seed directories merged (replaced atomically).
tmp_seeds=$(mktemp -d "$out_dir/.seeds.XXXXXX")
for d in "${seeds[@]}"; do
	# A directory is missing from the runfiles when it has no file.
	[ ! -d "$here/$d" ] || cp -L "$here/$d"/* "$tmp_seeds/" 2>/dev/null || true
done
[ -n "$(ls -A "$tmp_seeds")" ] || die "no seed input in ${seeds[*]}"
rm -rf "$out_dir/seeds"
mv "$tmp_seeds" "$out_dir/seeds"

# Crash files (of this run only with "-newermt @T"); afl-fuzz may prune
# crashes/ when it resumes, so new ones are counted by time.
list_crashes() {
	find "$findings" -mindepth 3 -maxdepth 3 -path '*/crashes/*' -type f \
		! -name README.txt "$@"
}
# A resumed instance's execs_done counts the earlier runs too.
stat_of() { sed -n "s/^$2 *: *//p" "$1" 2>/dev/null | head -1; }

args=(-i "$out_dir/seeds" -o "$findings" -m none -t 10000)
[ "$timeout_secs" = 0 ] || args+=(-V "$timeout_secs")
[ "$use_dict" = 0 ] || args+=(-x "$here/$dict")

names=(main)
for ((i = 1; i < jobs; i++)); do names+=("sec$i"); done
execs_before=0
for n in "${names[@]}"; do
	f=$findings/$n/fuzzer_stats
	[ ! -r "$f" ] || execs_before=$((execs_before + $(stat_of "$f" execs_done)))
done

cat <<BANNER
== $target (ASan+UBSan, AFL++ persistent mode, $jobs job(s), ${timeout_secs}s; Ctrl-C stops and summarizes)
   options:  ${options[*]:-(sanitizer defaults)}
   seeds:    $out_dir/seeds ($(ls "$out_dir/seeds" | wc -l) inputs)
   findings: $findings/{${names[*]}}  (queue/, crashes/, hangs/, fuzzer_stats)
   logs:     $logs/$stamp-<instance>.log
BANNER

start=$(date +%s)
pids=()
stop() {
	local p
	for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
}
trap stop INT TERM
for n in "${names[@]}"; do
	role=-S
	[ "$n" != main ] || role=-M
	afl-fuzz "${args[@]}" "$role" "$n" "${afl_args[@]}" -- "$here/$binary" \
		>"$logs/$stamp-$n.log" 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do
	# wait returns early when a trapped signal arrives: wait again.
	while kill -0 "$p" 2>/dev/null; do wait "$p" || true; done
	wait "$p" 2>/dev/null || true
done
trap - INT TERM
elapsed=$(($(date +%s) - start))

# ---- summary, from every instance's fuzzer_stats ----
execs=0 paths=0 cov='' edges=0 nstats=0
for n in "${names[@]}"; do
	f=$findings/$n/fuzzer_stats
	[ -r "$f" ] || continue
	nstats=$((nstats + 1))
	execs=$((execs + $(stat_of "$f" execs_done)))
	if [ "$n" = main ]; then
		paths=$(stat_of "$f" corpus_count)
		cov=$(stat_of "$f" bitmap_cvg)
		edges=$(stat_of "$f" edges_found)
	fi
done
if [ "$nstats" = 0 ]; then
	echo "$target: afl-fuzz did not start; its output:" >&2
	tail -n 20 "$logs/$stamp-main.log" >&2 || true
	exit 2
fi
execs=$((execs - execs_before))
eps=$((execs / (elapsed > 0 ? elapsed : 1)))
crashes_after=$(list_crashes | wc -l)
new_crashes=$(list_crashes -newermt "@$start" | wc -l)
echo "== $target summary: ${elapsed}s, execs $execs, $eps execs/s, paths $paths, coverage ${cov:-?} ($edges edges)," \
	"crashes $new_crashes new ($crashes_after total)"
if [ "$new_crashes" -gt 0 ]; then
	list_crashes -newermt "@$start" -printf '   %p\n' | head -5 || true
	echo "   replay: bazel run //fuzz:replay -- '$findings/main/crashes/<file>'"
	exit 1
fi
exit 0
