#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_fuzzer.sh - launcher of a wqkit libFuzzer target:
#
#   bazel run //fuzz:workqueue_fuzzer -- [options] [libFuzzer flags...]
#
# Runs the target binary with the shipped seeds (read-only) and a
# writable corpus in the workspace, the dictionary, the sanitizer options
# of sanitizers/, and ends with a one-line summary. See usage() below.
# The --wq-* flags come from the BUILD rule (fuzz/fuzz.bzl), not users.
set -euo pipefail

prog=run_fuzzer
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 2; }

usage() {
	cat <<USAGE
usage: bazel run //fuzz:$target -- [options] [libFuzzer flags...]
  --timeout_secs=N   stop after N seconds (default 600; 0 = no limit)
  --jobs=N           N parallel fuzzing processes (libFuzzer -fork=N)
  --out_dir=DIR      output root (default \$WORKSPACE/out/$target):
                     DIR/corpus (new inputs), DIR/crashes (artifacts),
                     DIR/logs (engine output of every run)
  --no_dict          do not pass corpus/workqueue.dict
  --no_seeds         do not add the shipped seed corpus
  -h, --help         this text
Anything else starting with '-' goes to libFuzzer, after the launcher's
defaults (so -max_len=, -timeout=, -runs= ... override them); '--' ends
the launcher's options. Exit status: 0 no finding (or interrupted),
libFuzzer's status on a finding, 2 usage error.
USAGE
}

target='' sanitizer='' binary='' dict=''
options=() seeds=() engine_args=()
timeout_secs=600 jobs=1 out_dir='' use_dict=1 use_seeds=1

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

while [ $# -gt 0 ]; do
	case $1 in
	--wq-target=*) target=${1#*=} ;;
	--wq-sanitizer=*) sanitizer=${1#*=} ;;
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
	--no_dict) use_dict=0 ;;
	--no_seeds) use_seeds=0 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; engine_args+=("$@"); break ;;
	--timeout_secs | --jobs | --out_dir) die "$1 needs a value: $1=..." ;;
	-*) engine_args+=("$1") ;;
	*) die "unexpected argument '$1' (libFuzzer flags look like -flag=value; see --help)" ;;
	esac
	shift
done

[ -n "$binary" ] && [ -n "$target" ] || die "run me with: bazel run //fuzz:<target> (rule arguments missing)"
prog=$target
[ -x "$binary" ] || die "fuzz binary $binary not found or not executable"
[ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ] || [ -n "$out_dir" ] ||
	die "not started by 'bazel run': give --out_dir=DIR"

here=$PWD
# shellcheck source=fuzz/tools/sanitizer_env.sh
. "$here/fuzz/tools/sanitizer_env.sh"
if [ ${#options[@]} -eq 0 ] && [ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
	mapfile -t options < <(wq_workspace_options "$BUILD_WORKSPACE_DIRECTORY" "$sanitizer")
fi
wq_export_sanitizer_options "${options[@]}" || die "bad sanitizer options"

if [ -z "$out_dir" ]; then
	out_dir=$BUILD_WORKSPACE_DIRECTORY/out/$target
elif [[ $out_dir != /* ]]; then
	out_dir=${BUILD_WORKING_DIRECTORY:-$here}/$out_dir
fi
corpus=$out_dir/corpus
crashes=$out_dir/crashes
logs=$out_dir/logs
mkdir -p "$corpus" "$crashes" "$logs" || die "cannot create $out_dir"
log=$logs/$(date +%Y%m%d-%H%M%S)-$$.log

# Read-only seed directories: the encoded programs in the runfiles.
seed_dirs=()
if [ "$use_seeds" = 1 ]; then
	# A directory is missing from the runfiles when it has no file.
	for d in "${seeds[@]}"; do
		[ ! -d "$here/$d" ] || seed_dirs+=("$here/$d")
	done
fi

count_files() { find "$1" -maxdepth 1 -type f | wc -l; }
crashes_before=$(count_files "$crashes")
corpus_before=$(count_files "$corpus")

args=(
	-artifact_prefix="$crashes/"
	-print_final_stats=1
	-max_len=553
	-timeout=60
)
[ "$timeout_secs" = 0 ] || args+=(-max_total_time="$timeout_secs")
[ "$use_dict" = 0 ] || args+=(-dict="$here/$dict")
[ "$jobs" = 1 ] || args+=(-fork="$jobs")
# TSan's shadow memory counts in the RSS: libFuzzer's 2 GB default is low.
[ "$sanitizer" != tsan ] || args+=(-rss_limit_mb=8192)
args+=("${engine_args[@]}" "$corpus" "${seed_dirs[@]}")

cat <<BANNER
== $target ($sanitizer, libFuzzer, $jobs job(s), ${timeout_secs}s; Ctrl-C stops and summarizes)
   options: ${options[*]:-(sanitizer defaults)}
   corpus:  $corpus  ($corpus_before inputs; seeds: ${#seed_dirs[@]} read-only dir(s))
   crashes: $crashes
   log:     $log
BANNER

start=$(date +%s)
marker=$logs/.start-$$
touch "$marker"
set +e
# tee ignores SIGINT so libFuzzer's final stats reach the log on Ctrl-C.
"$here/$binary" "${args[@]}" > >(trap '' INT; exec tee "$log") 2>&1
rc=$?
set -e
wait 2>/dev/null || true
elapsed=$(($(date +%s) - start))

# ---- summary, from libFuzzer's final stats or its last status line ----
stat() { sed -n "s/^stat::$1: *\([0-9]*\).*/\1/p" "$log" | tail -1; }
last() { grep -o "$1 *[0-9]*" "$log" | tail -1 | grep -o '[0-9]*$' || true; }
runs=$(stat number_of_executed_units)
[ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
eps=$(stat average_exec_per_sec)
[ -n "$eps" ] || eps=$(last 'exec/s:')
cov=$(last 'cov:')
ft=$(last 'ft:')
crashes_after=$(count_files "$crashes")
corpus_after=$(count_files "$corpus")
new_crashes=$((crashes_after - crashes_before))

replay=//fuzz:replay
[ "$sanitizer" != tsan ] || replay=//fuzz:replay_tsan
echo "== $target summary: ${elapsed}s, runs ${runs:-?}, ${eps:-?} execs/s, cov ${cov:-?}, ft ${ft:-?}," \
	"corpus $corpus_after (+$((corpus_after - corpus_before))), crashes $new_crashes new ($crashes_after total)"
if [ "$new_crashes" -gt 0 ]; then
	find "$crashes" -maxdepth 1 -type f -newer "$marker" -printf '   %p\n' | head -5 || true
	echo "   replay: bazel run $replay -- $crashes/<file>"
fi
rm -f "$marker"
case $rc in
0 | 72) exit 0 ;; # 72: libFuzzer interrupted (Ctrl-C)
*) exit "$rc" ;;
esac
