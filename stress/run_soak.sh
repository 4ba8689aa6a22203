#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_soak.sh - launcher of //stress:soak, soak_tsan, soak_plain: exports
# the sanitizer options of sanitizers/ (as the fuzz launchers do), picks
# the zoo build for --busted=<bug>, runs the soak and passes its exit
# status on (0 SUCCESS, 1 FAILURE, 2 usage, 3 environment); a sanitizer
# death (the soak prints its End line from the death callback) is 1.
# SIGINT/SIGTERM are forwarded: the soak ends cleanly with its End line.
#
# Runs from the runfiles root (bazel run and bazel test both start
# there); the launcher's name says which build: soak (ASan + UBSan),
# soak_tsan, soak_plain (uninstrumented) -> <name>_bin beside it.
set -u

self=${0##*/}
binary=${0%/*}/${self}_bin
bug_prefix=''
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
		if [ ! -x "$binary" ]; then
			echo "soak: --busted=$bug: no such zoo bug (see core/bugs/bugs.bzl)" >&2
			exit 2
		fi
		export WQKIT_SOAK_BUSTED=$bug ;;
	esac
done
[ -x "$binary" ] || { echo "soak: $binary missing (sanitizer $sanitizer)" >&2; exit 3; }

"$binary" "${args[@]}" &
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
0 | 1 | 2 | 3) exit "$rc" ;;
*) exit 1 ;;
esac
