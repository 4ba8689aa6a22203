#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_afl.sh - launcher of the wqkit AFL++ target:
#
#   bazel run //fuzz:workqueue_afl -- [options] [FILE...] [-- afl-fuzz options...]
#
# Runs afl-fuzz on the persistent-mode binary (fuzz/targets/afl_main.c)
# with the shipped seeds, the dictionary and the sanitizer options of
# sanitizers/; one -M instance plus one -S per extra job; keeps its output
# in the workspace, shows one progress line and ends with a summary from
# the fuzzer_stats of the instances that really ran. FILE arguments run
# those inputs once instead. See usage() below. The --wq-* flags come
# from the BUILD rule (fuzz/afl.bzl, wq_afl_target), not users.
set -euo pipefail

# shellcheck disable=SC2034 # read by launcher_lib.sh
wq_prog=run_afl
# shellcheck source=fuzz/tools/launcher_lib.sh
. fuzz/tools/launcher_lib.sh

flags='--timeout_secs=N --jobs=N --out_dir=DIR --fresh --no_dict --no_triage --triage_secs=S --min_free_mb=N --help'

usage() {
	cat <<USAGE
usage: bazel run //fuzz:$target -- [options] [-- afl-fuzz options...]
       bazel run //fuzz:$target -- FILE...   run these inputs once and report
  --timeout_secs=N   stop after N seconds (default 600; 0 = no limit)
  --jobs=N           N afl-fuzz instances: -M main, -S sec1..sec<N-1>
  --out_dir=DIR      output root (default \$WORKSPACE/out/$target):
                     DIR/findings/<instance>/{queue,crashes,hangs,fuzzer_stats}
                     (afl -o; resumed by the next run), DIR/seeds (afl -i),
                     DIR/logs (afl-fuzz output of every run); one run at a
                     time per DIR (a lock)
  --fresh            start over: delete DIR/findings first
  --no_dict          do not pass corpus/workqueue.dict (-x)
  --no_triage        do not triage the new crash files at the end
  --triage_secs=S    triage's minimization budget per finding (default 120)
  --min_free_mb=N    refuse to start with less than N MiB free (default 64)
  -h, --help         this text
Options after '--' go to every afl-fuzz instance (e.g. -- -p explore).
Each new crash file gets a sidecar FILE.ctx (target, sanitizer, engine,
build, WQKIT_INJECT, WQKIT_SCHED, commit, format), and the run ends with
bazel run //reports:triage on the new files (its summary: distinct titles,
new, known, already reported; folders in \$WORKSPACE/out/reports).
Exit status: 0 no new crash (or interrupted), 1 new crash(es) (or a FILE
failed), 2 usage error, bad input or afl-fuzz refusing its options or
output dir, 3 environment (afl-fuzz missing or dying, disk full, a write
failed). afl-fuzz's own status is printed beside it.
USAGE
}

target='' binary='' dict='' mutator=''
options=() seeds=() afl_args=() files=()
timeout_secs=600 jobs=1 out_dir='' use_dict=1 fresh=0 min_free_mb=64

while [ $# -gt 0 ]; do
	if wq_triage_flag "$1" || wq_run_flag "$1"; then
		shift
		continue
	fi
	case $1 in
	--wq-mutator=*) mutator=${1#*=} ;;
	--fresh) fresh=1 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; afl_args+=("$@"); break ;;
	-*) wq_unknown_flag "$1" "$flags" "afl-fuzz options go after '--'" ;;
	*) files+=("$1") ;;
	esac
	shift
done

{ [ -n "$binary" ] && [ -n "$target" ]; } || wq_die "run me with: bazel run //fuzz:<target> (rule arguments missing)"
wq_prog=$target
here=$PWD
[[ $binary == /* ]] || binary=$here/$binary
[ -x "$binary" ] || wq_die_env "fuzz binary $binary not found or not executable (build it)"
wq_prepare_binary "$binary" --help asan "${options[@]}"

# FILE arguments: run each once through the binary's file mode.
[ ${#files[@]} -eq 0 ] || wq_run_files "$target" "${#files[@]}" "${files[@]}" "$binary"

command -v afl-fuzz >/dev/null || wq_die_env "afl-fuzz not found in PATH (AFL++ 4.x; ./setup.sh installs it)"
# afl-fuzz refuses to start without these (it symbolizes nothing itself;
# replay a crash to get a symbolized report).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1:symbolize=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:abort_on_error=1:symbolize=0"
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_AUTORESUME=1
# The structure-aware mutator (fuzz/mutate/afl_mutator.c) beside AFL++'s
# own havoc stage; a user's AFL_CUSTOM_MUTATOR_LIBRARY wins.
if [ -n "$mutator" ] && [ -z "${AFL_CUSTOM_MUTATOR_LIBRARY:-}" ]; then
	[[ $mutator == /* ]] || mutator=$here/$mutator
	[ -f "$mutator" ] || wq_die_env "custom mutator $mutator not found (build it)"
	export AFL_CUSTOM_MUTATOR_LIBRARY=$mutator
fi
# Bind to a free core if there is one; a shared machine may have none.
[ -n "${AFL_NO_AFFINITY:-}" ] || export AFL_TRY_AFFINITY=1
# A core_pattern piping to a program delays crash detection: afl-fuzz
# refuses to start unless told that this is fine.
if [[ $(cat /proc/sys/kernel/core_pattern 2>/dev/null || true) == '|'* ]]; then
	export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
fi

out_dir=$(wq_out_dir "$out_dir" "$target")
findings=$out_dir/findings
logs=$out_dir/logs
mkdir -p "$out_dir" "$logs" 2>/dev/null || wq_die_env "cannot create $out_dir"
wq_lock_out_dir "$out_dir"
wq_check_free_space "$out_dir" "$min_free_mb"
wq_check_writable "$logs"
[ "$fresh" = 0 ] || rm -rf "$findings"
mkdir -p "$findings" || wq_die_env "cannot create $findings"
stamp=$(date +%Y%m%d-%H%M%S)-$$

# afl -i: one directory; the seed directories merged (replaced atomically).
tmp_seeds=$(mktemp -d "$out_dir/.seeds.XXXXXX") || wq_die_env "cannot create a directory in $out_dir"
for d in "${seeds[@]}"; do
	[[ $d == /* ]] || d=$here/$d
	# A directory is missing from the runfiles when it has no file.
	[ ! -d "$d" ] || [ -z "$(ls -A "$d")" ] || cp -L "$d"/* "$tmp_seeds/" ||
		{ rm -rf "$tmp_seeds"; wq_die_env "cannot copy the seeds to $out_dir (disk full?)"; }
done
[ -n "$(ls -A "$tmp_seeds")" ] || { rm -rf "$tmp_seeds"; wq_die "no seed input in ${seeds[*]}"; }
rm -rf "$out_dir/seeds"
mv "$tmp_seeds" "$out_dir/seeds"

# Crash files (of this run only with "-newermt @T"); afl-fuzz may prune
# crashes/ when it resumes, so new ones are counted by time.
list_crashes() {
	find "$findings" -mindepth 3 -maxdepth 3 -path '*/crashes/*' -type f \
		! -name README.txt ! -name '*.ctx' ! -name '.*' "$@"
}
# A number of instance $1's fuzzer_stats ($2 the field), or nothing.
stat_of() {
	local v
	v=$(sed -n "s/^$2 *: *//p" "$findings/$1/fuzzer_stats" 2>/dev/null | head -1)
	v=${v%\%}
	[[ $v =~ ^[0-9]+(\.[0-9]+)?$ ]] && printf '%s\n' "$v"
	return 0
}

args=(-i "$out_dir/seeds" -o "$findings" -m none -t 10000)
[ "$timeout_secs" = 0 ] || args+=(-V "$timeout_secs")
[ "$use_dict" = 0 ] || args+=(-x "$here/$dict")

names=(main)
for ((i = 1; i < jobs; i++)); do names+=("sec$i"); done
# A resumed instance's execs_done counts the earlier runs too.
declare -A execs_before
for n in "${names[@]}"; do execs_before[$n]=$(stat_of "$n" execs_done); done

cat <<BANNER
== $target (ASan+UBSan, AFL++ persistent mode, $jobs job(s), $(wq_budget_text "$timeout_secs"); Ctrl-C stops and summarizes)
   options:  ${options[*]:-(sanitizer defaults)}
   seeds:    $out_dir/seeds ($(find "$out_dir/seeds" -type f | wc -l) inputs)
   findings: $findings/{${names[*]}}  (queue/, crashes/, hangs/, fuzzer_stats)
   logs:     $logs/$stamp-<instance>.log
BANNER

# Progress: the main instance's stats (AFL_NO_UI: afl-fuzz prints none).
wq_progress_fields() {
	printf 'execs %s, %s execs/s, cov %s%%, corpus %s, crashes %s, stability %s%%' \
		"$(stat_of main execs_done)" "$(stat_of main execs_per_sec)" \
		"$(stat_of main bitmap_cvg)" "$(stat_of main corpus_count)" \
		"$(list_crashes -newermt "@$start" | wc -l)" "$(stat_of main stability)"
}
# A full disk stops afl-fuzz.
wq_progress_check() {
	! wq_disk_full "$out_dir" || { stop; return 1; }
}

start=$(date +%s)
# Files of this run are newer than this (-newer, to the nanosecond).
marker=$logs/.start-$$
# Dated at the start of the second (coarse file timestamps: a file
# written in the same clock tick as the marker is not -newer than it).
touch -d "@$start" "$marker" || wq_die_env "cannot write $marker (disk full?)"
pids=()
stop() {
	local p
	for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
}
trap stop INT TERM
for n in "${names[@]}"; do
	role=-S
	[ "$n" != main ] || role=-M
	afl-fuzz "${args[@]}" "$role" "$n" "${afl_args[@]}" -- "$binary" \
		>"$logs/$stamp-$n.log" 2>&1 &
	pids+=($!)
done
wq_progress_start "$timeout_secs" "$start"
declare -A status
for i in "${!names[@]}"; do
	p=${pids[$i]}
	# wait returns early when a trapped signal arrives: wait again.
	while kill -0 "$p" 2>/dev/null; do wait "$p" || true; done
	st=0
	wait "$p" 2>/dev/null || st=$?
	status[${names[$i]}]=$st
done
wq_progress_stop
trap - INT TERM
elapsed=$(($(date +%s) - start))

# ---- which instances ran: their fuzzer_stats carries their pid ----
ran=()
for i in "${!names[@]}"; do
	n=${names[$i]}
	[ "$(stat_of "$n" fuzzer_pid)" = "${pids[$i]}" ] && ran+=("$n")
done
if [ ${#ran[@]} -eq 0 ]; then
	echo "$target: afl-fuzz did not start; it said:" >&2
	msg=$(wq_strip_ansi <"$logs/$stamp-main.log" | grep -E -A1 'PROGRAM ABORT|^\[-\]' || true)
	[ -n "$msg" ] || msg=$(wq_strip_ansi <"$logs/$stamp-main.log" | tail -n 5)
	printf '   %s\n' "$msg" >&2
	echo "   (log: $logs/$stamp-main.log)" >&2
	wq_status_line afl-fuzz "${status[main]}" 2 "afl-fuzz refused to start"
	exit 2
fi

# ---- summary, from the fuzzer_stats of the instances that ran ----
execs=0
for n in "${ran[@]}"; do
	now=$(stat_of "$n" execs_done)
	if [ -z "$now" ] || [ -z "$execs" ]; then
		execs=''
	else
		before=${execs_before[$n]:-0}
		# A fresh start (no resume) counts from 0.
		[ "$now" -ge "$before" ] || before=0
		execs=$((execs + now - before))
	fi
done
eps=unknown
[ -z "$execs" ] || eps=$((execs / (elapsed > 0 ? elapsed : 1)))
main_ran=0
[ "${ran[0]}" != main ] || main_ran=1
# A field of the main instance's stats (with unit $2), or "unknown".
field() {
	local v=''
	[ "$main_ran" = 0 ] || v=$(stat_of main "$1")
	if [ -n "$v" ]; then echo "$v${2:-}"; else echo unknown; fi
}
crashes_after=$(list_crashes | wc -l)
new_crashes=$(list_crashes -newermt "@$start" | wc -l)
echo "== $target summary: ${elapsed}s, execs ${execs:-unknown}, $eps execs/s," \
	"paths $(field corpus_count), coverage $(field bitmap_cvg %)" \
	"($(field edges_found) edges), stability $(field stability %)," \
	"crashes $new_crashes new ($crashes_after total), instances ${#ran[@]} of ${#names[@]} ran"

# ---- what went wrong with the environment, if anything ----
env_fail=''
empty=$(wq_empty_new_files "$marker" "$findings"/*/queue "$findings"/*/crashes "$findings"/*/hangs)
rm -f "$marker"
if [ "$wq_progress_stopped" = 1 ]; then
	env_fail="the disk filled under $out_dir: afl-fuzz stopped"
elif [ -n "$empty" ]; then
	env_fail="$(wc -l <<<"$empty") file(s) written empty (disk full?)"
fi
if [ -n "$empty" ]; then
	# Never leave empty inputs behind: they are not what the engine meant.
	printf '%s\n' "$empty" | while read -r f; do rm -f "$f"; done
fi
for i in "${!names[@]}"; do
	n=${names[$i]}
	st=${status[$n]}
	if [ "$st" != 0 ]; then
		msg=$(wq_strip_ansi <"$logs/$stamp-$n.log" | grep -E -A1 'PROGRAM ABORT|^\[-\]' | head -4 || true)
		env_fail="${env_fail:+$env_fail; }afl-fuzz $n exited $st${msg:+: $msg}"
	fi
done
if [ "$new_crashes" -gt 0 ]; then
	mapfile -t new_files < <(list_crashes -newermt "@$start" | sort)
	wq_end_triage "$target" afl asan "$logs/$stamp-triage.log" "${new_files[@]}" ||
		env_fail="${env_fail:+$env_fail; }cannot write the crash sidecars under $findings"
fi
if [ -n "$env_fail" ]; then
	echo "$target: error: $env_fail (logs: $logs/$stamp-*.log)" >&2
	wq_status_line afl-fuzz "${status[main]}" 3 "the run did not complete"
	exit 3
fi
if [ "$new_crashes" -gt 0 ]; then
	list_crashes -newermt "@$start" -printf '   %p\n' | head -5 || true
	echo "   replay: bazel run //fuzz:replay -- '$findings/main/crashes/<file>'"
	wq_status_line afl-fuzz "${status[main]}" 1 "new crash(es)"
	exit 1
fi
wq_status_line afl-fuzz "${status[main]}" 0 "no new crash"
exit 0
