#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# zoo.sh - the zoo benchmark: each engine against each bug of the zoo
# (core/bugs/) and the unmodified core, from the shipped corpus, with a
# fresh seed per trial, one core per job.
#
#   bazel run //bench:zoo -- --budget_secs=120 --trials=5 [options]
#
# Writes out/zoo/<date>/ (or --out_dir): rows/ (one CSV row per trial,
# written as it ends: --resume keeps them), trials.csv, summary.md and
# found.svg (bench/zoo_report.py: found k/N, Kaplan-Meier median time and
# median executions to exposure, A12 against naive, Kaplan-Meier curves
# per bug; false positives on the clean core), runs/ (every trial's log
# and crash files, each with its sidecar FILE.ctx), reports/ (the trials'
# crash files triaged after the timed part, unless --no_triage). See
# usage(). The --wq-* flags come from the BUILD rule (bench/zoo.bzl), not
# users.
set -euo pipefail

prog=zoo
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 2; }

usage() {
	cat <<USAGE
usage: bazel run //bench:zoo -- [options]
  --budget_secs=N  time budget of one trial (default 120)
  --trials=N       trials per (bug, engine), each with a fresh seed (default 5)
  --engines=A,B    engines to run (default all: ${engine_names[*]})
  --bugs=A,B       zoo bugs to run (default all: ${bug_names[*]})
  --tier=T         only the bugs of tier T: shallow (${tier_bugs[shallow]:-none})
                   or deep (${tier_bugs[deep]:-none}); with --bugs, both must hold
  --no_clean       skip the unmodified core (false-positive check)
  --clean_only     run only the unmodified core (no zoo bug): the
                   false-positive check, e.g. --budget_secs=1800 --trials=1
  --resume         with --out_dir: keep the trials already in it (rows/)
                   and run only the missing ones, so engines can run in
                   different sessions into one results folder
Split a benchmark longer than a session by bug (--bugs=...: every engine
of a bug runs side by side, trial by trial), into one folder with
--resume or into several, merged into one results set by
  bazel run //bench:zoo_report -- --out_dir=DIR FOLDER...
  --jobs=N         trials run in parallel, job i pinned to core i mod $(nproc)
                   (default 1)
  --seed=N         base of the trial seeds (default: from the clock)
  --out_dir=DIR    results (default \$WORKSPACE/out/zoo/<date>; commit a
                   folder to bench/results/ on purpose)
  --no_triage      do not triage the trials' crash files at the end
  --triage_secs=S  triage's minimization budget per finding (default 120)
  -h, --help       this text
Time-to-exposure: until the engine writes its first crash (libFuzzer and
naive stop there; AFL++ runs with AFL_BENCH_UNTIL_CRASH=1). A crash after
the budget counts as not found. Each crash file gets its sidecar FILE.ctx
(target, engine, sanitizer, zoo build: reports/README.md) when its trial
ends. After every trial has ended and the summary is written (so triage
never competes with a timed trial for a core), the crash files of each
build are triaged with that build's triage (bazel run
//reports:triage_bug_<bug>, //reports:triage for the clean core,
//reports:triage_tsan for its TSan trials) into OUT_DIR/reports/;
--no_triage skips it. Triage's findings do not change the exit status
(a zoo bug is found on purpose). Exit status: 0 done, 2 usage error, 3 environment
(the build of the binaries failed).
USAGE
}

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
in_list() { local x=$1; shift; local y; for y in "$@"; do [ "$x" != "$y" ] || return 0; done; return 1; }

report='' seeds='' dict='' prog_h='' options=()
declare -A runner=() sanitizer=() engine_args=() bin=() bin_label=() tier=() tier_bugs=()
engine_names=() bug_names=()
budget=120 trials=5 jobs=1 base_seed='' out_dir='' clean=1 want_engines='' want_bugs='' want_tier=''
clean_only=0 resume=0 no_triage=0 triage_secs=120

while [ $# -gt 0 ]; do
	case $1 in
	--wq-report=*) report=${1#*=} ;;
	--wq-seeds=*) seeds=${1#*=} ;;
	--wq-dict=*) dict=${1#*=} ;;
	--wq-prog-h=*) prog_h=${1#*=} ;;
	--wq-options=*) options+=("${1#*=}") ;;
	--wq-engine=*)
		IFS=: read -r e r s <<<"${1#*=}"
		engine_names+=("$e") runner[$e]=$r sanitizer[$e]=$s engine_args[$e]='' ;;
	--wq-engine-arg=*)
		v=${1#*=}
		engine_args[${v%%:*}]+="${v#*:}"$'\n' ;;
	--wq-bin=*)
		v=${1#*=}
		e=${v%%:*} v=${v#*:}
		b=${v%%:*} p=${v#*:}
		bin[$e:$b]=$p
		[ "$b" = clean ] || in_list "$b" "${bug_names[@]}" || bug_names+=("$b") ;;
	--wq-tier=*)
		v=${1#*=}
		tier[${v%%:*}]=${v#*:}
		tier_bugs[${v#*:}]+="${tier_bugs[${v#*:}]:+ }${v%%:*}" ;;
	--tier=*)
		want_tier=${1#*=}
		case $want_tier in shallow | deep) ;; *) die "--tier: expected shallow or deep, got '$want_tier'" ;; esac ;;
	--budget_secs=*)
		budget=${1#*=}
		is_uint "$budget" && [ "$budget" -ge 1 ] || die "--budget_secs: expected seconds >= 1, got '$budget'" ;;
	--trials=*)
		trials=${1#*=}
		is_uint "$trials" && [ "$trials" -ge 1 ] || die "--trials: expected a number >= 1, got '$trials'" ;;
	--jobs=*)
		jobs=${1#*=}
		is_uint "$jobs" && [ "$jobs" -ge 1 ] || die "--jobs: expected a number >= 1, got '$jobs'" ;;
	--seed=*)
		base_seed=${1#*=}
		is_uint "$base_seed" || die "--seed: expected a number, got '$base_seed'" ;;
	--engines=*) want_engines=${1#*=} ;;
	--bugs=*) want_bugs=${1#*=} ;;
	--no_clean) clean=0 ;;
	--clean_only) clean_only=1 ;;
	--resume) resume=1 ;;
	--no_triage) no_triage=1 ;;
	--triage_secs=*)
		triage_secs=${1#*=}
		is_uint "$triage_secs" || die "--triage_secs: expected seconds, got '$triage_secs'" ;;
	--out_dir=*) out_dir=${1#*=} ;;
	-h | --help) usage; exit 0 ;;
	--budget_secs | --trials | --jobs | --seed | --engines | --bugs | --tier | --out_dir | --triage_secs)
		die "$1 needs a value: $1=..." ;;
	*) die "unexpected argument '$1' (see --help)" ;;
	esac
	shift
done

[ -n "$report" ] && [ -n "$prog_h" ] && [ ${#engine_names[@]} -gt 0 ] || die "run me with: bazel run //bench:zoo (rule arguments missing)"
[ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ] || [ -n "$out_dir" ] ||
	die "not started by 'bazel run': give --out_dir=DIR"

engines=("${engine_names[@]}")
if [ -n "$want_engines" ]; then
	IFS=, read -r -a engines <<<"$want_engines"
	for e in "${engines[@]}"; do
		in_list "$e" "${engine_names[@]}" || die "--engines: unknown engine '$e' (known: ${engine_names[*]})"
	done
fi
bugs=("${bug_names[@]}")
if [ -n "$want_bugs" ]; then
	IFS=, read -r -a bugs <<<"$want_bugs"
	for b in "${bugs[@]}"; do
		in_list "$b" "${bug_names[@]}" || die "--bugs: unknown bug '$b' (known: ${bug_names[*]})"
	done
fi
if [ -n "$want_tier" ]; then
	tiered=()
	for b in "${bugs[@]}"; do
		[ "${tier[$b]:-shallow}" != "$want_tier" ] || tiered+=("$b")
	done
	[ ${#tiered[@]} -gt 0 ] || die "--tier=$want_tier: no bug of that tier among: ${bugs[*]}"
	bugs=("${tiered[@]}")
fi
[ "$clean_only" = 0 ] || [ -z "$want_tier" ] || die "--clean_only and --tier exclude each other"
[ "$clean_only" = 0 ] || [ "$clean" = 1 ] || die "--clean_only and --no_clean exclude each other"
[ "$clean_only" = 0 ] || [ -z "$want_bugs" ] || die "--clean_only and --bugs exclude each other"
[ "$resume" = 0 ] || [ -n "$out_dir" ] || die "--resume needs --out_dir=DIR (the folder to resume)"
if [ "$clean_only" = 1 ]; then
	bugs=(clean)
elif [ "$clean" = 1 ]; then
	bugs=(clean "${bugs[@]}")
fi
for e in "${engines[@]}"; do
	[ "${runner[$e]}" != afl ] || command -v afl-fuzz >/dev/null ||
		die "engine $e: afl-fuzz not found in PATH (leave it out with --engines=...)"
done
[ -n "$base_seed" ] || base_seed=$(( $(date +%s) % 1000000 * 1000 ))

here=$PWD
for f in "$report" "$dict" "$prog_h"; do [ -e "$here/$f" ] || die "missing runfile $f"; done
ncpu=$(nproc)
[ "$jobs" -le "$ncpu" ] ||
	echo "zoo: warning: --jobs=$jobs on $ncpu cores: trials share cores, and time-to-exposure grows with it" >&2

# Build only the binaries this run needs (one bazel build in the
# workspace), then use them from there.
build_binaries() {
	local -a want=() labels=()
	local e b l bazel_bin
	for b in "${bugs[@]}"; do
		for e in "${engines[@]}"; do
			[ -n "${bin[$e:$b]:-}" ] || die "no build of $b for engine $e"
			want+=("$e:$b") labels+=("${bin[$e:$b]}")
		done
	done
	[ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ] ||
		die "not started by 'bazel run': cannot build the binaries"
	echo "zoo: building ${#labels[@]} binaries: ${labels[*]}"
	(cd "$BUILD_WORKSPACE_DIRECTORY" && bazel build --color=no --curses=no "${labels[@]}") \
		>"$out_dir/build.log" 2>&1 ||
		{ tail -n 20 "$out_dir/build.log" >&2; echo "zoo: error: the build failed (see $out_dir/build.log)" >&2; exit 3; }
	bazel_bin=$(cd "$BUILD_WORKSPACE_DIRECTORY" && bazel info bazel-bin 2>/dev/null) ||
		{ echo "zoo: error: bazel info bazel-bin failed" >&2; exit 3; }
	for l in "${!want[@]}"; do
		b=${labels[$l]#//}
		b=$bazel_bin/${b/://}
		[ -x "$b" ] || { echo "zoo: error: built ${labels[$l]} but $b is missing" >&2; exit 3; }
		bin[${want[$l]}]=$b
		bin_label[${want[$l]}]=${labels[$l]}
	done
}
[ -d "$here/$seeds" ] || die "missing seed directory $seeds"
if [ -z "$out_dir" ]; then
	out_dir=$BUILD_WORKSPACE_DIRECTORY/out/zoo/$(date +%Y-%m-%d-%H%M%S)
elif [[ $out_dir != /* ]]; then
	out_dir=${BUILD_WORKING_DIRECTORY:-$here}/$out_dir
fi
mkdir -p "$out_dir/runs" "$out_dir/rows" || die "cannot create $out_dir"
build_binaries
# Every engine starts from this copy (afl-fuzz skips symlinks).
seed_dir=$out_dir/seeds
rm -rf "$seed_dir" "$seed_dir.tmp"
cp -rL "$here/$seeds" "$seed_dir.tmp" && mv "$seed_dir.tmp" "$seed_dir" ||
	die "cannot copy the seeds to $seed_dir"

# shellcheck source=fuzz/tools/sanitizer_env.sh
. "$here/fuzz/tools/sanitizer_env.sh"
# The launchers' crash sidecars and triage (wq_write_sidecars, wq_run_triage).
# shellcheck source=fuzz/tools/launcher_lib.sh
wq_prog=zoo . "$here/fuzz/tools/launcher_lib.sh"
format=$(wq_format_of "$here/$prog_h")
[ -n "$format" ] || die "no WQ_PROG_FORMAT in $prog_h"
opts_of() {	# the options files of sanitizer $1 (--wq-options=SAN:FILE)
	local o
	for o in "${options[@]}"; do
		[ "${o%%:*}" != "$1" ] || echo "${o#*:}"
	done
}

# The failure title in log $1: the wqkit block's title, else the
# sanitizer's summary, else libFuzzer's error line.
title_of() {
	local t
	t=$(sed -n 's/^title: //p' "$1" | head -1)
	[ -n "$t" ] || t=$(sed -n 's/^SUMMARY: //p' "$1" | head -1)
	[ -n "$t" ] || t=$(sed -n 's/^==[0-9]*== *ERROR: //p' "$1" | head -1)
	printf '%s' "${t:-(no title in log)}" | tr -d '\r' | tr '\n' ' '
}

# replay_crash ENGINE BIN FILE LOG SECS: run FILE once with BIN under
# ENGINE's sanitizer options, killed after SECS; output into LOG, returns
# its exit status (the outer subshell keeps bash's "Aborted" note off the
# terminal).
replay_crash() {
	( (
		# shellcheck disable=SC2046
		wq_export_sanitizer_options $(opts_of "${sanitizer[$1]}")
		timeout -k 5 "$5" "$2" "$3"
	) >"$4" 2>&1 ) 2>/dev/null
}

# timeout_is_load ENGINE BIN FILE LOG: does libFuzzer's timeout FILE run
# to the end, without a failure, within libFuzzer's timeout when replayed?
# Then the alarm measured a starved process, not a hang. Sets replay_secs.
replay_secs=''
timeout_is_load() {
	local t0 rc=0
	t0=$EPOCHREALTIME
	replay_crash "$1" "$2" "$3" "$4" "$WQ_LIBFUZZER_TIMEOUT" || rc=$?
	replay_secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	[ "$rc" = 0 ] && grep -q '^Executed ' "$4"
}

# afl_seed_crash LOG DIR: if afl-fuzz's dry run skipped a crashing seed
# (AFL_SKIP_CRASHES), copy that seed to DIR, dated by the stamped LOG line.
afl_seed_crash() {
	local at name
	at=$(grep -n -m1 'results in a crash' "$1" | cut -d: -f1 || true)
	[ -n "$at" ] || return 0
	name=$(head -n "$at" "$1" | grep "Attempting dry run with" | tail -1 |
		sed -n "s/.*orig:\([^']*\)'.*/\1/p")
	[ -n "$name" ] && [ -f "$seed_dir/$name" ] || return 0
	cp "$seed_dir/$name" "$2/seed-$name"
	touch -d "@$(sed -n "${at}s/ .*//p" "$1")" "$2/seed-$name"
}

# execs_of RUNNER DIR: the executions of trial DIR until its first crash
# (or in all, if none), from the engine's own count; empty if unknown.
execs_of() {
	case $1 in
	libfuzzer) sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$2/log" | tail -n 1 ;;
	naive)
		n=$(sed -n 's/^naive: input #\([0-9]*\) .*failed.*/\1/p' "$2/log" | head -n 1)
		if [ -n "$n" ]; then
			echo $((n + 1))
		else
			sed -n 's/^naive: \([0-9]*\) execs in .*/\1/p' "$2/log" | tail -n 1
		fi ;;
	afl) sed -n 's/^execs_done *: *\([0-9]*\).*/\1/p' "$2/findings/main/fuzzer_stats" 2>/dev/null | head -n 1 ;;
	esac
	return 0
}

# seed_pass_of RUNNER DIR CRASH: 1 if the trial's first crash CRASH came
# while the engine still ran the shipped seeds (every engine runs them,
# each in its own order: libFuzzer smallest first, naive by file name), by
# the engine's own word; else 0. zoo_report counts such finds as ties.
seed_pass_of() {
	case $1 in
	libfuzzer) grep -q '^#[0-9]*[[:space:]]*INITED' "$2/log" && echo 0 || echo 1 ;;
	naive)
		[ "$(sed -n 's/^naive: input #[0-9]* (\([a-z]*\),.*failed.*/\1/p' "$2/log" | head -n 1)" = seed ] &&
			echo 1 || echo 0 ;;
	afl) [[ ${3##*/} == seed-* ]] && echo 1 || echo 0 ;;
	*) echo 0 ;;
	esac
}

csv_quote() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }

# crash_files DIR: a trial's crash files (libFuzzer/naive crashes/, afl's
# findings/main/crashes/), oldest first, one per line.
crash_files() {
	find "$1/crashes" "$1/findings/main/crashes" -maxdepth 1 -type f \
		! -name 'README.txt' ! -name '.*' ! -name 'slow-unit-*' ! -name '*.ctx' \
		-printf '%T@ %p\n' 2>/dev/null | sort -n | cut -d' ' -f2- || true
}

# The fuzz target a trial ran (the binary's label without _bin: its
# sidecar's "target"; a misuse engine's crash files are triaged under the
# misuse contract).
target_of() { local l=${bin_label[$1]#//*:}; echo "${l%_bin}"; }

# run_trial BUG ENGINE TRIAL SEED CPU: one trial; writes rows/<id>.csv.
run_trial() {
	local bug=$1 engine=$2 trial=$3 seed=$4 cpu=$5
	local b=${bin[$engine:$bug]} dir=$out_dir/runs/$bug/$engine/$trial
	local log crash='' start='' end found=0 secs=$budget title='' rc=0 a execs seeded=0
	local -a extra=() files=()

	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/crashes"
	log=$dir/log
	while IFS= read -r a; do [ -z "$a" ] || extra+=("$a"); done <<<"${engine_args[$engine]}"
	start=$EPOCHREALTIME
	(
		# shellcheck disable=SC2046
		wq_export_sanitizer_options $(opts_of "${sanitizer[$engine]}")
		hard=$((budget + 60))
		case ${runner[$engine]} in
		libfuzzer)
			# -timeout is a backstop: the executor reports its own
			# hangs and discounts time the process was starved
			# (fuzz/exec/clock.c); libFuzzer's alarm counts wall time,
			# which a loaded machine stretches past 60 s.
			args=(-seed="$seed" -max_total_time="$budget" -max_len=681
			      -timeout=$((budget < WQ_LIBFUZZER_TIMEOUT ? budget : WQ_LIBFUZZER_TIMEOUT)) -print_final_stats=1
			      -dict="$here/$dict" -artifact_prefix="$dir/crashes/")
			[ "${sanitizer[$engine]}" != tsan ] || args+=(-rss_limit_mb=8192)
			exec timeout -k 10 "$hard" taskset -c "$cpu" "$b" "${args[@]}" \
				"${extra[@]}" "$dir/corpus" "$seed_dir" ;;
		afl)
			export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1:symbolize=0"
			export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:abort_on_error=1:symbolize=0"
			export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_BENCH_UNTIL_CRASH=1
			if [[ $(cat /proc/sys/kernel/core_pattern 2>/dev/null || true) == '|'* ]]; then
				export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
			fi
			# A crashing seed is skipped by the dry run, not saved:
			# stamp afl's lines to date it (see afl_seed_crash).
			export AFL_SKIP_CRASHES=1
			timeout -k 10 "$hard" taskset -c "$cpu" afl-fuzz -i "$seed_dir" \
				-o "$dir/findings" -s "$seed" -V "$budget" -m none -t 10000 \
				-x "$here/$dict" "${extra[@]}" -M main -- "$b" 2>&1 |
				while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "$l"; done ;;
		naive)
			exec timeout -k 10 "$hard" taskset -c "$cpu" "$b" --seed="$seed" \
				--max_total_time="$budget" --crashes="$dir/crashes" \
				"${extra[@]}" "$seed_dir" ;;
		*) echo "zoo: engine $engine: unknown runner '${runner[$engine]}'" >&2; exit 2 ;;
		esac
	) >"$log" 2>&1 || rc=$?
	[ "${runner[$engine]}" != afl ] || afl_seed_crash "$log" "$dir/crashes"
	# The first crash file (by time) of the engine.
	crash=$(find "$dir/crashes" "$dir/findings/main/crashes" -maxdepth 1 -type f \
		! -name 'README.txt' ! -name '.*' ! -name 'slow-unit-*' -printf '%T@ %p\n' 2>/dev/null | sort -n | head -1 || true)
	# Sidecars for triage, after the timed part (the engine has ended).
	mapfile -t files < <(crash_files "$dir")
	wq_write_sidecars "$(target_of "$engine:$bug")" "${runner[$engine]}" "${sanitizer[$engine]}" \
		"$bug" "$format" "${files[@]}" ||
		echo "zoo: warning: cannot write the crash sidecars in $dir" >&2
	if [ -n "$crash" ]; then
		end=${crash%% *}
		crash=${crash#* }
		secs=$(awk -v s="$start" -v e="$end" 'BEGIN { d = e - s; printf "%.1f", d < 0 ? 0 : d }')
		if awk -v d="$secs" -v b="$budget" 'BEGIN { exit !(d <= b) }'; then
			found=1
		else
			secs=$budget
		fi
		if [ "${runner[$engine]}" = libfuzzer ] && [[ ${crash##*/} == timeout-* ]] &&
			timeout_is_load "$engine" "$b" "$crash" "$dir/replay.log"; then
			found=0
			title="(libFuzzer timeout at ${secs} s that replays in ${replay_secs} s: starvation, not a finding; the engine stopped there)"
			secs=$budget
		elif [ "${runner[$engine]}" = afl ]; then
			# afl-fuzz keeps no target output: replay the crash for it.
			replay_crash "$engine" "$b" "$crash" "$dir/replay.log" 120 || true
			title=$(title_of "$dir/replay.log")
			[ "$title" != '(no title in log)' ] || title='(AFL crash did not reproduce)'
		else
			title=$(title_of "$log")
		fi
	elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		title='(not found: the engine ran 60 s past its budget and was killed, e.g. starved on a loaded machine)'
	elif [ "$rc" != 0 ] && [ "${runner[$engine]}" != afl ]; then
		title="(engine exited $rc without a crash file: see log)"
	fi
	execs=$(execs_of "${runner[$engine]}" "$dir")
	[ "$found" = 0 ] || seeded=$(seed_pass_of "${runner[$engine]}" "$dir" "$crash")
	{
		printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,' "$bug" "$engine" "$trial" "$seed" "$found" "$secs" "$execs" "$budget" "$seeded"
		csv_quote "$title"
		echo
	} >"$out_dir/rows/.$bug.$engine.$trial.tmp"
	mv "$out_dir/rows/.$bug.$engine.$trial.tmp" "$out_dir/rows/$bug.$engine.$trial.csv"
	printf 'zoo: %-26s %-16s trial %d: %s %5ss  %s\n' "$bug" "$engine" "$trial" \
		"$([ $found = 1 ] && echo found || echo -----)" "$secs" "$title"
}

ntasks=$(( ${#bugs[@]} * ${#engines[@]} * trials ))
cat <<BANNER
== zoo benchmark: ${#engines[@]} engine(s) x ${#bugs[@]} build(s) x $trials trial(s) = $ntasks trials,
   budget ${budget}s, $jobs job(s) on cores 0..$(( (jobs < ncpu ? jobs : ncpu) - 1 )), seeds from $base_seed
   engines: ${engines[*]}
   builds:  ${bugs[*]}
   results: $out_dir
   (at most ~$(( (ntasks + jobs - 1) / jobs * (budget + 5) / 60 )) min)
BANNER

# One progress line: refreshed in place on a terminal, every 30 s otherwise.
progress() {
	local t0=$SECONDS ndone nfound every=30 end=$'\n'
	if [ -t 1 ]; then every=2 end=$'\r'; fi
	while sleep "$every"; do
		ndone=$(find "$out_dir/rows" -name '*.csv' | wc -l)
		nfound=$(find "$out_dir/rows" -name '*.csv' -exec cut -d, -f5 {} + | grep -c '^1$' || true)
		printf 'zoo: %ds, %d of %d trials done, %d found, at most ~%d min left%s' \
			$((SECONDS - t0)) "$ndone" "$ntasks" "$nfound" \
			$(( (ntasks - ndone + jobs - 1) / jobs * (budget + 5) / 60 )) "$end"
	done
}
progress &
progress_pid=$!

stopping=0
trap 'stopping=1; echo "zoo: interrupted: finishing running trials, then summarizing" >&2' INT TERM
declare -a slot_pid=()
task=0
for ((t = 1; t <= trials; t++)); do
	for bug in "${bugs[@]}"; do
		for engine in "${engines[@]}"; do
			[ "$stopping" = 0 ] || break 3
			task=$((task + 1))
			if [ "$resume" = 1 ] && [ -f "$out_dir/rows/$bug.$engine.$t.csv" ]; then
				echo "zoo: $bug $engine trial $t: kept from an earlier run (--resume)"
				continue
			fi
			while :; do
				slot=-1
				for ((s = 0; s < jobs; s++)); do
					p=${slot_pid[s]:-}
					if [ -z "$p" ] || ! kill -0 "$p" 2>/dev/null; then
						slot=$s
						break
					fi
				done
				[ "$slot" -lt 0 ] || break
				wait -n 2>/dev/null || true
			done
			run_trial "$bug" "$engine" "$t" $((base_seed + task)) $((slot % ncpu)) &
			slot_pid[slot]=$!
		done
	done
done
for p in "${slot_pid[@]}"; do
	while kill -0 "$p" 2>/dev/null; do wait "$p" 2>/dev/null || true; done
done
trap - INT TERM
kill "$progress_pid" 2>/dev/null
wait "$progress_pid" 2>/dev/null || true
[ ! -t 1 ] || echo

# ---- results: trials.csv, summary.md, found.svg (each written atomically) ----
csv=$out_dir/trials.csv
{
	echo 'bug,engine,trial,seed,found,seconds,execs,budget,seed_pass,title'
	find "$out_dir/rows" -name '*.csv' -exec cat {} + | sort -t, -k1,1 -k2,2 -k3,3n
} >"$csv.tmp"
mv "$csv.tmp" "$csv"
# --budget_secs: for rows of an older zoo.sh (no budget column) resumed here.
"$here/$report" --budget_secs="$budget" --out_dir="$out_dir" --engines="$(IFS=,; echo "${engines[*]}")" \
	--title="zoo benchmark $(basename "$out_dir"): budget ${budget}s, $trials trial(s), $jobs job(s)" "$csv" ||
	{ echo "zoo: error: the report failed (trials kept in $out_dir/rows)" >&2; exit 3; }
echo
cat "$out_dir/summary.md"
echo

# ---- triage of the trials' crash files, after the timed part ----
# The triage of BUILD for SANITIZER; empty if none exists (a zoo build
# under TSan).
triage_of() {
	case $2:$1 in
	asan:clean) echo //reports:triage ;;
	tsan:clean) echo //reports:triage_tsan ;;
	asan:*) echo "//reports:triage_bug_$1" ;;
	esac
}
if [ "$no_triage" = 0 ] && [ "$stopping" = 0 ]; then
	mkdir -p "$out_dir/reports" "$out_dir/logs"
	for bug in "${bugs[@]}"; do
		for san in asan tsan; do
			files=()
			for engine in "${engines[@]}"; do
				[ "${sanitizer[$engine]}" = "$san" ] || continue
				for ((t = 1; t <= trials; t++)); do
					mapfile -t -O "${#files[@]}" files < <(crash_files "$out_dir/runs/$bug/$engine/$t")
				done
			done
			[ ${#files[@]} -gt 0 ] || continue
			tr=$(triage_of "$bug" "$san")
			if [ -z "$tr" ]; then
				echo "== zoo: ${#files[@]} crash file(s) of $bug under $san: no triage build for that pair (their sidecars say how they were found)"
				continue
			fi
			wq_run_triage "$tr" "$out_dir/logs/triage-$bug-$san.log" --into="$out_dir/reports" \
				--minimize_secs="$triage_secs" "${files[@]}" || true
		done
	done
fi
folders=''
[ ! -d "$out_dir/reports" ] || folders=", bug folders in $out_dir/reports"
echo "== zoo: $(($(wc -l <"$csv") - 1)) trials: $csv, $out_dir/summary.md, $out_dir/found.svg$folders"
