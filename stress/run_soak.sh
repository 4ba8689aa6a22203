#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_soak.sh - launcher of //stress:soak, soak_tsan, soak_plain: exports
# the sanitizer options of sanitizers/ (as the fuzz launchers do), picks
# the zoo build for --busted=<bug>, runs the soak and passes its exit
# status on (0 SUCCESS, 1 FAILURE, 2 usage, 3 environment); a sanitizer
# death (the soak prints its End line from the death callback) is 1.
# SIGINT/SIGTERM are forwarded: the soak ends cleanly with its End line.
# On a FAILURE with a flight-recorder repro.wq (and --triage=1, the
# default), the repro goes through triage (//reports:triage, or
# //reports:triage_bug_<bug> for --busted=<bug>, from the runfiles):
# bug folders in <results>/reports/, its output in <results>/triage.log;
# WQKIT_SOAK_TRIAGE_ARGS adds options (e.g. "--runs=3 --minimize_secs=20").
# The exit status stays the soak's.
#
# Runs from the runfiles root (bazel run and bazel test both start
# there); the launcher's name says which build: soak (ASan + UBSan),
# soak_tsan, soak_plain (uninstrumented) -> <name>_bin beside it.
set -u

self=${0##*/}
binary=${0%/*}/${self}_bin
bug_prefix='' triage=reports/triage triage_build=--build=clean do_triage=1
case $self in
soak) sanitizer=asan bug_prefix=${0%/*}/soak_bug_ ;;
soak_tsan) sanitizer=tsan ;;
*) sanitizer=none ;;
esac
args=("$@")

# shellcheck source=../fuzz/tools/sanitizer_env.sh
. fuzz/tools/sanitizer_env.sh || exit 3
mapfile -t options < <(wq_workspace_options . "$sanitizer")
wq_export_sanitizer_options "${options[@]}" || exit 3

for a in "${args[@]}"; do
	case $a in
	--busted=*)
		bug=${a#*=}
		if [ -z "$bug_prefix" ]; then
			echo "soak: --busted: zoo builds are ASan only: use //stress:soak" >&2
			exit 2
		fi
		case $bug in
		'' | */* | .*) echo "soak: --busted=$bug: not a zoo bug name" >&2; exit 2 ;;
		esac
		binary=${bug_prefix}${bug}_bin
		triage=reports/triage_bug_$bug triage_build=--build=$bug
		if [ ! -x "$binary" ]; then
			echo "soak: --busted=$bug: no such zoo bug (see core/bugs/bugs.bzl)" >&2
			exit 2
		fi
		export WQKIT_SOAK_BUSTED=$bug ;;
	--triage=0) do_triage=0 ;;
	--triage=1) do_triage=1 ;;
	esac
done
[ -x "$binary" ] || { echo "soak: $binary missing (sanitizer $sanitizer)" >&2; exit 3; }

dir_file=$(mktemp "${TMPDIR:-/tmp}/soak-dir.XXXXXX") || exit 3
trap 'rm -f "$dir_file"' EXIT
WQKIT_SOAK_DIR_FILE=$dir_file "$binary" "${args[@]}" &
pid=$!
trap 'kill -INT $pid 2>/dev/null' INT
trap 'kill -TERM $pid 2>/dev/null' TERM
# wait returns early (> 128) when a trapped signal arrives: wait again;
# bash keeps the status of a reaped job for the last wait.
while kill -0 "$pid" 2>/dev/null; do
	wait "$pid"
done
wait "$pid"
rc=$?
case $rc in
0 | 2 | 3) exit "$rc" ;;
esac

# triage_repro DIR: DIR/repro.wq through triage; its output on the
# terminal and in DIR/triage.log (written, then renamed).
triage_repro() {
	local dir=$1 trc

	if [ ! -x "$triage" ]; then
		echo "soak: triage: $triage not built; run: bazel run //${triage%/*}:${triage##*/} -- $dir/repro.wq" >&2
		return
	fi
	echo "soak: triage of $dir/repro.wq ($triage, bug folders in $dir/reports)" >&2
	# shellcheck disable=SC2086 # WQKIT_SOAK_TRIAGE_ARGS: options, split
	"$triage" "$triage_build" --into="$dir/reports" ${WQKIT_SOAK_TRIAGE_ARGS:-} "$dir/repro.wq" 2>&1 |
		tee "$dir/triage.log.partial"
	trc=${PIPESTATUS[0]}
	mv -f "$dir/triage.log.partial" "$dir/triage.log"
	echo "soak: triage exit $trc (0 no new bug, 1 a new bug folder, 2 bad input, 3 environment; see $dir/triage.log)" >&2
}

dir=$(head -n 1 "$dir_file" 2>/dev/null)
case $dir in '' | /*) ;; *) dir=$PWD/$dir ;; esac
if [ "$do_triage" = 1 ] && [ -n "$dir" ] && [ -s "$dir/repro.wq" ]; then
	triage_repro "$dir"
fi
exit 1
