#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_fuzzer.sh - launcher of a wqkit libFuzzer target:
#
#   bazel run //fuzz:workqueue_fuzzer -- [options] [libFuzzer flags...]
#   bazel run //fuzz:workqueue_fuzzer -- FILE...   run inputs once, report
#
# Runs the target binary with the shipped seeds (read-only) and a
# writable corpus in the workspace, the dictionary, the sanitizer options
# of sanitizers/; libFuzzer's output goes to a log file, the terminal
# shows one progress line and a summary computed from libFuzzer's final
# stats. See usage() below. The --wq-* flags come from the BUILD rule
# (fuzz/fuzz.bzl), not users.
set -euo pipefail

# shellcheck disable=SC2034 # read by launcher_lib.sh
wq_prog=run_fuzzer
# shellcheck source=fuzz/tools/launcher_lib.sh
. fuzz/tools/launcher_lib.sh

flags='--timeout_secs=N --jobs=N --out_dir=DIR --no_dict --no_seeds --no_triage --triage_secs=S --min_free_mb=N --help'

usage() {
	cat <<USAGE
usage: bazel run //fuzz:$target -- [options] [libFuzzer flags...]
       bazel run //fuzz:$target -- FILE...   run these inputs once and report
  --timeout_secs=N   stop after N seconds (default 600; 0 = no limit)
  --jobs=N           N parallel fuzzing processes (libFuzzer -fork=N)
  --out_dir=DIR      output root (default \$WORKSPACE/out/$target):
                     DIR/corpus (new inputs), DIR/crashes (artifacts),
                     DIR/logs (engine output of every run); one run at a
                     time per DIR (a lock)
  --no_dict          do not pass corpus/workqueue.dict
  --no_seeds         do not add the shipped seed corpus
  --no_triage        do not triage the new crash files at the end
  --triage_secs=S    triage's minimization budget per finding (default 120)
  --min_free_mb=N    refuse to start with less than N MiB free (default 64)
  -h, --help         this text
Launcher flags start with '--'; an unknown one is an error. libFuzzer
flags take one '-' (-runs=N, -seed=N, -max_len=N ...) and come after the
launcher's defaults, so they override them; '--' ends the launcher's
options. FILE arguments (bytes or text programs) run once each, as a
libFuzzer binary does. Each new crash file gets a sidecar FILE.ctx (target,
sanitizer, engine, build, WQKIT_INJECT, WQKIT_SCHED, commit, format), and
the run ends with bazel run //reports:triage (the build's triage) on the
new files: its summary counts distinct titles, new, known and already
reported bugs (folders in \$WORKSPACE/out/reports). Exit status: 0 no finding (or interrupted), 1 a
finding (new crash file, or a FILE failed), 2 usage or bad input, 3
environment (libFuzzer failed, disk full, a write failed); libFuzzer's
own status is printed beside it.
USAGE
}

target='' sanitizer='' binary='' dict=''
options=() seeds=() engine_args=() files=()
timeout_secs=600 jobs=1 out_dir='' use_dict=1 use_seeds=1 min_free_mb=64

while [ $# -gt 0 ]; do
	if wq_triage_flag "$1" || wq_run_flag "$1"; then
		shift
		continue
	fi
	case $1 in
	--wq-sanitizer=*) sanitizer=${1#*=} ;;
	--no_seeds) use_seeds=0 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; engine_args+=("$@"); break ;;
	--*) wq_unknown_flag "$1" "$flags" "libFuzzer flags take one dash (-runs=N)" ;;
	-*) engine_args+=("$1") ;;
	*) files+=("$1") ;;
	esac
	shift
done

{ [ -n "$binary" ] && [ -n "$target" ]; } || wq_die "run me with: bazel run //fuzz:<target> (rule arguments missing)"
wq_prog=$target
here=$PWD
[[ $binary == /* ]] || binary=$here/$binary
[ -x "$binary" ] || wq_die_env "fuzz binary $binary not found or not executable (build it)"

# LLVMFuzzerInitialize checks the environment before libFuzzer reads a
# flag: -help=1 runs nothing else.
wq_prepare_binary "$binary" -help=1 "$sanitizer" "${options[@]}"

# FILE arguments: libFuzzer runs each once; artifacts go to a scratch dir.
if [ ${#files[@]} -gt 0 ]; then
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	wq_run_files libFuzzer "${#files[@]}" "${files[@]}" \
		"$binary" -artifact_prefix="$scratch/" "${engine_args[@]}"
fi

out_dir=$(wq_out_dir "$out_dir" "$target")
corpus=$out_dir/corpus
crashes=$out_dir/crashes
logs=$out_dir/logs
mkdir -p "$corpus" "$crashes" "$logs" 2>/dev/null || wq_die_env "cannot create $out_dir"
wq_lock_out_dir "$out_dir"
wq_check_free_space "$out_dir" "$min_free_mb"
wq_check_writable "$logs"
log=$logs/$(date +%Y%m%d-%H%M%S)-$$.log

# Read-only seed directories: the encoded programs in the runfiles.
seed_dirs=()
[ "$use_seeds" = 0 ] || mapfile -t seed_dirs < <(wq_seed_dirs "$here" "${seeds[@]}")

# Inputs of a corpus or crash dir (not the crash sidecars, *.ctx).
count_files() { find "$1" -maxdepth 1 -type f ! -name '*.ctx' ! -name 'slow-unit-*' | wc -l; }
corpus_before=$(count_files "$corpus")

args=(
	-artifact_prefix="$crashes/"
	-print_final_stats=1
	-max_len=681
	-timeout="$WQ_LIBFUZZER_TIMEOUT"
)
[ "$timeout_secs" = 0 ] || args+=(-max_total_time="$timeout_secs")
[ "$use_dict" = 0 ] || args+=(-dict="$here/$dict")
[ "$jobs" = 1 ] || args+=(-fork="$jobs")
# TSan's shadow memory counts in the RSS: libFuzzer's 2 GB default is low.
[ "$sanitizer" != tsan ] || args+=(-rss_limit_mb=8192)
args+=("${engine_args[@]}" "$corpus" "${seed_dirs[@]}")

cat <<BANNER
== $target ($sanitizer, libFuzzer, $jobs job(s), $(wq_budget_text "$timeout_secs"); Ctrl-C stops and summarizes)
   options: ${options[*]:-(sanitizer defaults)}
   corpus:  $corpus  ($corpus_before inputs; seeds: ${#seed_dirs[@]} read-only dir(s))
   crashes: $crashes
   log:     $log  (libFuzzer's output)
BANNER

# The last libFuzzer status line's field $1 ("cov:", "corp:", "exec/s:").
last_field() {
	tail -n 200 "$log" 2>/dev/null | grep -E '^#[0-9]+' | tail -n 1 |
		grep -oE "$1 *[0-9]+" | grep -oE '[0-9]+$' || true
}
# New crash files: not the sidecars (*.ctx, and their .* temporaries), not
# libFuzzer's slow-unit-* (an input slower than -report_slow_units: saved
# there, but not a failure).
new_crash_files() { find "$crashes" -maxdepth 1 -type f -newer "$marker" ! -name '*.ctx' ! -name '.*' ! -name 'slow-unit-*' | sort; }
new_crashes() { new_crash_files | wc -l; }
new_slow() { find "$crashes" -maxdepth 1 -type f -newer "$marker" -name 'slow-unit-*' | wc -l; }
# Progress: libFuzzer's last status line ("?" before its first), the new
# crash files and the distinct failure titles in the log.
wq_progress_fields() {
	local runs eps cov corp titles
	runs=$(tail -n 200 "$log" 2>/dev/null | grep -oE '^#[0-9]+' | tail -n 1 || true)
	eps=$(last_field 'exec/s:?') cov=$(last_field 'cov:') corp=$(last_field 'corp:')
	titles=$(grep -hE '^title: ' "$log" 2>/dev/null | sort -u | wc -l)
	runs=${runs#\#}
	printf 'execs %s, %s execs/s, cov %s, corpus %s, crashes %s (titles %s)' "${runs:-?}" \
		"${eps:-?}" "${cov:-?}" "${corp:-?}" "$(new_crashes)" "$titles"
}
# A full disk stops libFuzzer (its writes would fail silently).
wq_progress_check() {
	! wq_disk_full "$out_dir" || { kill -INT "$engine" 2>/dev/null; return 1; }
}

start=$(date +%s)
marker=$logs/.start-$$
# Dated at the start of the second (coarse file timestamps: a file
# written in the same clock tick as the marker is not -newer than it).
touch -d "@$start" "$marker" || wq_die_env "cannot write $marker (disk full?)"
set +e
"$binary" "${args[@]}" >"$log" 2>&1 &
engine=$!
set -e
# Ctrl-C (or a TERM): libFuzzer prints its final stats and exits 72; the
# launcher passes the signal on, waits for it and summarizes.
wq_wait_engine "$engine" "$timeout_secs" "$start"
rc=$wq_engine_rc
elapsed=$(($(date +%s) - start))

# ---- summary, from libFuzzer's final stats: what really ran ----
stat() { sed -n "s/^stat::$1: *\([0-9]*\).*/\1/p" "$log" 2>/dev/null | tail -1; }
runs=$(stat number_of_executed_units)
eps=$(stat average_exec_per_sec)
cov=$(last_field 'cov:')
ft=$(last_field 'ft:')
if [ -z "$runs" ]; then
	# No final stats (fork mode prints none; or killed, or the log could
	# not be written): the last status line, said so, else unknown.
	last=$(grep -oE '^#[0-9]+' "$log" 2>/dev/null | tail -1 || true)
	runs=unknown
	if [ -n "$last" ]; then
		runs="${last#\#} (last status line, no final stats)"
		# Fork mode's exec/s is the last job's: the run's own rate.
		eps=$((${last#\#} / (elapsed > 0 ? elapsed : 1)))
	fi
fi
# Empty files are failed writes (libFuzzer does not check them): drop
# them. libFuzzer names files by the SHA-1 of their contents: the empty
# input's (da39a3ee...) is empty on purpose.
empty=$(wq_empty_new_files "$marker" "$corpus" "$crashes" | grep -v da39a3ee5e6b4b0d3255bfef95601890afd80709 || true)
if [ -n "$empty" ]; then
	printf '%s\n' "$empty" | while read -r f; do rm -f "$f"; done
fi
# An interrupt (exit 72) can land while libFuzzer writes a corpus file:
# libFuzzer _Exit()s from its signal handler, leaving the file empty. On
# a disk with room, that is the interrupt's doing, not a failed write.
cut_note=''
if [ -n "$empty" ] && [ "$rc" = 72 ] && ! wq_disk_full "$out_dir"; then
	cut_note="; $(wc -l <<<"$empty") file(s) cut short by the interrupt were removed"
	empty=''
fi
crashes_after=$(count_files "$crashes")
corpus_after=$(count_files "$corpus")
nnew=$(new_crashes)
nslow=$(new_slow) slow_note=''
[ "$nslow" -eq 0 ] || slow_note=", slow units $nslow (not findings)"
echo "== $target summary: ${elapsed}s, runs $runs, ${eps:-unknown} execs/s, cov ${cov:-unknown}, ft ${ft:-unknown}," \
	"corpus $corpus_after (+$((corpus_after - corpus_before))), crashes $nnew new ($crashes_after total)$slow_note"

env_fail=''
if [ "$wq_progress_stopped" = 1 ]; then
	env_fail="the disk filled under $out_dir: libFuzzer stopped"
elif [ -n "$empty" ]; then
	env_fail="$(wc -l <<<"$empty") file(s) were written empty and removed (disk full?)"
elif [ ! -s "$log" ] || wq_disk_full "$out_dir"; then
	env_fail="the disk is full under $out_dir: the log or inputs may be incomplete"
fi
if [ "$nnew" -gt 0 ]; then
	replay=//fuzz:replay
	[ "$sanitizer" != tsan ] || replay=//fuzz:replay_tsan
	grep -E '^title: |^SUMMARY: ' "$log" 2>/dev/null | sort -u | head -5 | sed 's/^/   /' || true
	new_crash_files | head -5 | sed 's/^/   /' || true
	echo "   replay: bazel run $replay -- $crashes/<file>"
	mapfile -t new_files < <(new_crash_files)
	wq_end_triage "$target" libfuzzer "$sanitizer" "$logs/$(basename "$log" .log)-triage.log" "${new_files[@]}" ||
		env_fail="${env_fail:+$env_fail; }cannot write the crash sidecars in $crashes"
fi
rm -f "$marker"
if [ -n "$env_fail" ]; then
	echo "$target: error: $env_fail (log: $log)" >&2
	wq_status_line libFuzzer "$rc" 3 "the run did not complete"
	exit 3
fi
case $rc in
0 | 72)
	if [ "$nnew" -gt 0 ]; then
		wq_status_line libFuzzer "$rc" 1 "new crash file(s)"
		exit 1
	fi
	how="done"
	[ "$rc" != 72 ] || how=interrupted
	wq_status_line libFuzzer "$rc" 0 "$how, no finding$cut_note"
	exit 0 ;;
70 | 71 | 77)
	wq_status_line libFuzzer "$rc" 1 "a finding (timeout 70, oom 71, crash or leak 77)"
	exit 1 ;;
*)
	if [ "$nnew" -gt 0 ]; then
		wq_status_line libFuzzer "$rc" 1 "new crash file(s)"
		exit 1
	fi
	echo "$target: error: libFuzzer failed; the end of its output:" >&2
	tail -n 5 "$log" 2>/dev/null | sed 's/^/   /' >&2 || true
	wq_status_line libFuzzer "$rc" 3 "libFuzzer failed"
	exit 3 ;;
esac
