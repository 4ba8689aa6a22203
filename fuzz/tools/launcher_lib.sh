# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
#
# launcher_lib.sh - sourced by the fuzz launchers (run_fuzzer.sh,
# run_afl.sh): what both do alike. Exit codes (README "Exit codes"):
#
#   0 done, no finding    1 a finding    2 usage or bad input, nothing ran
#   3 environment: the engine did not start, the disk filled, a write failed
#
# The caller sets wq_prog (its name in messages) and sources this file.

wq_prog=${wq_prog:-wqkit}
WQ_EXIT_USAGE=2
WQ_EXIT_ENV=3
# libFuzzer's -timeout (seconds) in every launcher and the zoo: a backstop
# only. The executor reports a hang itself and discounts the time its
# process was starved (fuzz/exec/clock.c); libFuzzer's alarm counts wall
# time, which a loaded machine stretches (an input that runs in 47 ms alone
# went over 60 s at load 80). Misuse children are judged at 45 s, below it.
# shellcheck disable=SC2034  # used by the scripts that source this file
WQ_LIBFUZZER_TIMEOUT=300

# Usage or bad input, detected before anything ran.
wq_die() { printf '%s: error: %s\n' "$wq_prog" "$*" >&2; exit "$WQ_EXIT_USAGE"; }
# The environment failed: no engine, no space, a write failed.
wq_die_env() { printf '%s: error: %s\n' "$wq_prog" "$*" >&2; exit "$WQ_EXIT_ENV"; }

wq_is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

# An unknown launcher flag: say which flags exist ($1 the flag, $2 the
# list) and how engine flags are spelled ($3).
wq_unknown_flag() {
	wq_die "unknown flag '${1%%=*}'; launcher flags: $2 (--help); $3"
}

# A path given by the user: relative to where they ran 'bazel run'.
wq_user_path() {
	if [[ $1 == /* ]]; then
		printf '%s\n' "$1"
	else
		printf '%s\n' "${BUILD_WORKING_DIRECTORY:-$PWD}/$1"
	fi
}

# The output root: --out_dir (relative to the user's directory) or
# $WORKSPACE/out/<target>.
wq_out_dir() { # OUT_DIR_FLAG TARGET
	if [ -n "$1" ]; then
		wq_user_path "$1"
	elif [ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
		printf '%s\n' "$BUILD_WORKSPACE_DIRECTORY/out/$2"
	else
		wq_die "not started by 'bazel run': give --out_dir=DIR"
	fi
}

# Export the sanitizer options (OPTION_FILEs; if none, the workspace's
# for SANITIZER), then let BINARY check the WQKIT_* environment: the fuzz
# binaries do before anything else, so running them with HELP_FLAG runs
# nothing more. A bad environment is exit 2 with the binary's line.
wq_prepare_binary() { # BINARY HELP_FLAG SANITIZER OPTION_FILE...
	local binary=$1 help=$2 sanitizer=$3 err
	local -a files=("${@:4}")
	# shellcheck source=fuzz/tools/sanitizer_env.sh
	. fuzz/tools/sanitizer_env.sh
	if [ ${#files[@]} -eq 0 ] && [ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
		mapfile -t files < <(wq_workspace_options "$BUILD_WORKSPACE_DIRECTORY" "$sanitizer")
	fi
	wq_export_sanitizer_options "${files[@]}" || wq_die "bad sanitizer options"
	err=$("$binary" "$help" 2>&1 >/dev/null) || {
		printf '%s\n' "$err" | grep '^wqkit:' >&2 || printf '%s\n' "$err" >&2
		wq_die "bad environment (see above)"
	}
	# Warnings (a WQKIT_* name no tool reads) go to the user, not the log.
	printf '%s\n' "$err" | grep '^wqkit: warning:' >&2 || true
}

# The seed directories (--wq-seed-dir, relative to the runfiles root
# HERE) that exist, one per line: a directory is missing from the
# runfiles when it has no file.
wq_seed_dirs() { # HERE DIR...
	local here=$1 d
	shift
	for d in "$@"; do
		[[ $d == /* ]] || d=$here/$d
		[ ! -d "$d" ] || printf '%s\n' "$d"
	done
}

# Run input FILEs once each with COMMAND (a fuzz binary and its flags;
# the files are appended) and exit: 0 all passed, 1 one failed, 2 bad
# input. FILEs are relative to where the user ran bazel.
wq_run_files() { # ENGINE NFILES FILE... COMMAND...
	local engine=$1 n=$2 f p rc=0
	local -a paths=()
	shift 2
	for f in "${@:1:n}"; do
		p=$(wq_user_path "$f")
		[ -f "$p" ] || wq_die "$f: not a file (directories: bazel run //fuzz:replay -- DIR)"
		paths+=("$p")
	done
	shift "$n"
	"$@" "${paths[@]}" || rc=$?
	case $rc in
	0) wq_status_line "$engine" "$rc" 0 "every input passed"; exit 0 ;;
	2) wq_status_line "$engine" "$rc" 2 "bad input"; exit 2 ;;
	*) wq_status_line "$engine" "$rc" 1 "an input failed (report above)"; exit 1 ;;
	esac
}

# One run per output directory: hold an exclusive lock on DIR/.lock for
# the life of this shell (and of the engine, which inherits it).
wq_lock_out_dir() { # DIR
	local lock=$1/.lock
	exec {wq_lock_fd}>>"$lock" || wq_die_env "cannot create $lock"
	if ! flock -n "$wq_lock_fd"; then
		wq_die "$1 is in use by another run (pid $(cat "$lock" 2>/dev/null || echo '?')):" \
			"wait for it, or give --out_dir=DIR"
	fi
	# The pid is informative only: the lock is the flock.
	echo $$ >"$lock" 2>/dev/null || wq_die_env "cannot write $lock (disk full?)"
}

# Free space of the file system holding DIR, in KiB.
wq_free_kib() { df -Pk "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'; }

# Refuse to start with less than MIN_MB MiB free under DIR (exit 3).
wq_check_free_space() { # DIR MIN_MB
	local free
	free=$(wq_free_kib "$1")
	[ -n "$free" ] || wq_die_env "cannot tell the free space under $1 (df failed)"
	if [ "$free" -lt $(($2 * 1024)) ]; then
		wq_die_env "only $((free / 1024)) MiB ($free KiB) free under $1; need --min_free_mb=$2:" \
			"free some space or give another --out_dir"
	fi
}

# Probe that DIR is writable now: create, write and remove a file.
wq_check_writable() { # DIR
	local probe=$1/.write-probe-$$
	if ! { head -c 4096 /dev/zero >"$probe"; } 2>/dev/null; then
		rm -f "$probe"
		wq_die_env "cannot write under $1 (disk full or read-only)"
	fi
	rm -f "$probe"
}

# Inputs in DIR... (not below: afl-fuzz keeps empty marker files in
# queue/.state/) newer than MARKER and empty: a write that failed (the
# engines do not check theirs). Prints them, one per line.
wq_empty_new_files() { # MARKER DIR...
	local marker=$1
	shift
	find "$@" -maxdepth 1 -type f -newer "$marker" -size 0 ! -name '.*' 2>/dev/null || true
}

# "600s", or "no time limit" for 0.
wq_budget_text() { if [ "$1" = 0 ]; then echo "no time limit"; else echo "${1}s"; fi; }

# The engine's status next to what it means for wqkit: the one line the
# launchers print before exiting.
wq_status_line() { # ENGINE ENGINE_STATUS WQKIT_STATUS MEANING
	printf '== %s: exit %s (%s exited %s: %s)\n' "$wq_prog" "$3" "$1" "$2" "$4"
}

# afl-fuzz's and sanitizers' output without terminal escapes.
wq_strip_ansi() {
	sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[()][0-9A-Za-z]//g; s/[\x0e\x0f]//g'
}

# ---- progress: one line, refreshed in place on a terminal, else every
# WQ_PROGRESS_SECS (default 30) seconds. The caller defines
# wq_progress_fields (prints the line's fields) and may redefine
# wq_progress_check (returns non-zero to stop the run, after stopping the
# engine). wq_progress_stop sets wq_progress_stopped=1 if the check did.

WQ_PROGRESS_STOPPED=10
wq_progress_pid=''
wq_progress_stopped=0

wq_progress_loop() { # BUDGET_SECS START_EPOCH
	local budget=$1 start=$2 tty=0 every=${WQ_PROGRESS_SECS:-30} last=$2 now el
	[ "$budget" != 0 ] || budget=none
	[ -t 1 ] && tty=1
	while sleep 1; do
		# $$ is the launcher: stop with it, whatever killed it.
		kill -0 $$ 2>/dev/null || return 0
		wq_progress_check || return "$WQ_PROGRESS_STOPPED"
		now=$(date +%s)
		el=$((now - start))
		if [ "$tty" = 1 ]; then
			printf '\r\033[K   %ss/%s %s' "$el" "$budget" "$(wq_progress_fields)"
		elif [ $((now - last)) -ge "$every" ]; then
			last=$now
			printf '   %ss/%s %s\n' "$el" "$budget" "$(wq_progress_fields)"
		fi
	done
}

# Below this many KiB free the engines' writes fail: stop them.
WQ_DISK_FULL_KIB=64

wq_disk_full() { # DIR
	local free
	free=$(wq_free_kib "$1")
	[ -n "$free" ] && [ "$free" -lt "$WQ_DISK_FULL_KIB" ]
}

wq_progress_check() { return 0; }

wq_progress_start() { # BUDGET_SECS START_EPOCH
	wq_progress_loop "$@" &
	wq_progress_pid=$!
	trap wq_progress_stop EXIT
}

# Wait for the engine PID with the progress line on, passing Ctrl-C (or
# a TERM) on to it (a background job may not get the terminal's); sets
# wq_engine_rc to its exit status.
wq_wait_engine() { # PID BUDGET_SECS START_EPOCH
	# shellcheck disable=SC2064 # the pid, now
	trap "kill -INT $1 2>/dev/null || true" INT TERM
	wq_progress_start "$2" "$3"
	# wait returns early when a trapped signal arrives: wait again.
	while kill -0 "$1" 2>/dev/null; do wait "$1" || true; done
	wq_engine_rc=0
	# shellcheck disable=SC2034 # read by the launchers
	wait "$1" || wq_engine_rc=$?
	trap - INT TERM
	wq_progress_stop
}

wq_progress_stop() {
	local st=0
	[ -n "$wq_progress_pid" ] || return 0
	kill "$wq_progress_pid" 2>/dev/null || true
	wait "$wq_progress_pid" 2>/dev/null || st=$?
	# shellcheck disable=SC2034 # read by the launchers
	[ "$st" != "$WQ_PROGRESS_STOPPED" ] || wq_progress_stopped=1
	wq_progress_pid=''
	[ ! -t 1 ] || printf '\r\033[K'
}

# ---- crash sidecars and triage (reports/README.md) ----

# The triage flags of both launchers (the --wq-* ones come from the BUILD
# rule); returns 1 if $1 is not one of them.
wq_triage='' wq_build=clean wq_prog_h='' wq_no_triage=0 wq_triage_secs=120
wq_triage_flag() {
	case $1 in
	--wq-triage=*) wq_triage=${1#*=} ;;
	--wq-build=*) wq_build=${1#*=} ;;
	--wq-prog-h=*) wq_prog_h=${1#*=} ;;
	--no_triage) wq_no_triage=1 ;;
	--triage_secs=*)
		wq_triage_secs=${1#*=}
		wq_is_uint "$wq_triage_secs" || wq_die "--triage_secs: expected seconds, got '$wq_triage_secs'" ;;
	*) return 1 ;;
	esac
}

# The flags both fuzz launchers take (run_fuzzer.sh, run_afl.sh): sets
# target, binary, dict, options, seeds, timeout_secs, jobs, min_free_mb,
# out_dir or use_dict (the launcher's own variables, initialised there)
# and returns 0, or returns 1 for a flag that is not one of them.
# shellcheck disable=SC2034 # the variables are the calling launcher's
wq_run_flag() {
	case $1 in
	--wq-target=*) target=${1#*=} ;;
	--wq-binary=*) binary=${1#*=} ;;
	--wq-dict=*) dict=${1#*=} ;;
	--wq-options=*) options+=("${1#*=}") ;;
	--wq-seed-dir=*) seeds+=("${1#*=}") ;;
	--timeout_secs=*)
		timeout_secs=${1#*=}
		wq_is_uint "$timeout_secs" || wq_die "--timeout_secs: expected seconds (0 = no limit), got '$timeout_secs'" ;;
	--jobs=*)
		jobs=${1#*=}
		{ wq_is_uint "$jobs" && [ "$jobs" -ge 1 ]; } || wq_die "--jobs: expected a number >= 1, got '$jobs'" ;;
	--min_free_mb=*)
		min_free_mb=${1#*=}
		wq_is_uint "$min_free_mb" || wq_die "--min_free_mb: expected MiB, got '$min_free_mb'" ;;
	--out_dir=*) out_dir=${1#*=} ;;
	--no_dict) use_dict=0 ;;
	--timeout_secs | --jobs | --out_dir | --min_free_mb) wq_die "$1 needs a value: $1=..." ;;
	*) return 1 ;;
	esac
}

# The end of a run with new crash FILEs: their sidecars, then the triage
# (unless --no_triage; a target without one says so). Returns 1 if a
# sidecar could not be written.
wq_end_triage() { # TARGET ENGINE SANITIZER TRIAGE_LOG FILE...
	local target=$1 engine=$2 san=$3 log=$4 st=0
	shift 4
	wq_write_sidecars "$target" "$engine" "$san" "$wq_build" "$(wq_format_of "$wq_prog_h")" "$@" || st=1
	if [ "$wq_no_triage" = 1 ]; then
		:
	elif [ -z "$wq_triage" ]; then
		echo "   triage: none for $target (its findings are judged by its own contract: replay them)"
	else
		wq_run_triage "$wq_triage" "$log" --minimize_secs="$wq_triage_secs" "$@" || true
	fi
	return "$st"
}

# The byte format version of the program header PROG_H (fuzz/prog/prog.h
# as the binary was built with it, from the runfiles).
wq_format_of() { # PROG_H
	sed -n 's/^#define WQ_PROG_FORMAT[[:space:]]\{1,\}\([0-9]\{1,\}\).*/\1/p' "$1" 2>/dev/null | head -1
}

# The kit commit of the workspace, "-dirty" if it has changes; "unknown"
# outside git.
wq_kit_commit() {
	local ws=${BUILD_WORKSPACE_DIRECTORY:-$PWD} c
	c=$(git -C "$ws" rev-parse --short=12 HEAD 2>/dev/null) || { echo unknown; return 0; }
	git -C "$ws" diff --quiet HEAD 2>/dev/null || c=$c-dirty
	echo "$c"
}

# Write FILE.ctx beside each crash FILE: the context triage needs to
# replay it (reports/input.h, struct tr_ctx), written to a temporary
# file and renamed, so a sidecar is whole or absent. Returns 1 if a
# write failed.
wq_write_sidecars() { # TARGET ENGINE SANITIZER BUILD FORMAT FILE...
	local target=$1 engine=$2 san=$3 build=$4 format=$5 commit f tmp
	shift 5
	[ $# -gt 0 ] || return 0
	commit=$(wq_kit_commit)
	for f in "$@"; do
		tmp=$(dirname "$f")/.$(basename "$f").ctx.$$
		if ! printf '# wqkit crash context v1\ntarget %s\nengine %s\nsanitizer %s\nbuild %s\nmode %s\ninject %s\ncommit %s\nformat %s\n' \
			"$target" "$engine" "$san" "$build" "${WQKIT_SCHED:-default}" \
			"${WQKIT_INJECT:-none}" "$commit" "${format:-unknown}" >"$tmp" 2>/dev/null ||
			! mv -f "$tmp" "$f.ctx" 2>/dev/null; then
			rm -f "$tmp"
			return 1
		fi
	done
}

# Run triage on FILE... (triage options first): TRIAGE is a binary path (tests) or a Bazel label
# run with 'bazel run' in the workspace (the launchers run under 'bazel
# run', which holds no lock while they run). Its per-input lines and its
# summary go to stdout (indented), its progress to stderr, everything to
# LOG. Returns triage's status (127: it could not be started).
wq_run_triage() { # TRIAGE LOG FILE...
	local triage=$1 log=$2 st=0
	shift 2
	echo "== triage of the new crash file(s) ($triage; --no_triage skips it)"
	if [[ $triage == //* ]]; then
		[ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ] || {
			echo "   triage skipped: not started by 'bazel run' (run: bazel run $triage -- FILE...)"
			return 127
		}
		(cd "$BUILD_WORKSPACE_DIRECTORY" &&
			bazel run --noshow_progress --ui_event_filters=-info,-stdout "$triage" -- "$@") \
			2> >(tee -a "$log.err" >&2) >"$log" || st=$?
	else
		"$triage" "$@" 2> >(tee -a "$log.err" >&2) >"$log" || st=$?
	fi
	grep -E '^triage: |^        ' "$log" 2>/dev/null | sed 's/^/   /' || true
	grep -E '^== triage summary: ' "$log" 2>/dev/null || echo "   triage exited $st without a summary (see $log.err)"
	return "$st"
}
