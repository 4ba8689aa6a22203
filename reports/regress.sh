#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# regress.sh - move a fixed bug's reproducer into the regression corpus:
#
#   bazel run //reports:regress -- --fixed_by=TEXT FOLDER...
#
# For each bug folder: its repro.wq must pass 10 runs on the current
# core (replay, ASan+UBSan); it is written, with a "# fixed by:" comment,
# to corpus/regressions/<slug>.wq (written then renamed), which every
# fuzz target's regression test replays forever; the folder gets a file
# "fixed" saying where it went. Exit: 0 done, 1 a reproducer still
# fails (not fixed), 2 usage or bad folder or the file exists, 3 a write
# failed.
set -euo pipefail

usage() {
	echo "usage: bazel run //reports:regress -- --fixed_by=TEXT FOLDER..."
	echo "  TEXT: the fix (commit, patch or upstream commit), written as '# fixed by: TEXT'"
}

replay='' fixed_by='' folders=()
while [ $# -gt 0 ]; do
	case $1 in
	--wq-replay=*) replay=${1#*=} ;;
	--fixed_by=*) fixed_by=${1#*=} ;;
	-h | --help) usage; exit 0 ;;
	-*) echo "regress: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	*) folders+=("$1") ;;
	esac
	shift
done
[ -n "$replay" ] || { echo "regress: run me with bazel run //reports:regress" >&2; exit 2; }
[ -n "$fixed_by" ] && [ ${#folders[@]} -gt 0 ] || { usage >&2; exit 2; }
ws=${BUILD_WORKSPACE_DIRECTORY:-}
[ -n "$ws" ] && [ -d "$ws/corpus/regressions" ] ||
	{ echo "regress: no workspace (corpus/regressions): run it with bazel run" >&2; exit 2; }
[[ $replay == /* ]] || replay=$PWD/$replay
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

status=0
for arg in "${folders[@]}"; do
	d=$arg
	[[ $d == /* ]] || d=${BUILD_WORKING_DIRECTORY:-$PWD}/$d
	d=${d%/}
	slug=$(basename "$d")
	[ -f "$d/repro.wq" ] || { echo "regress: $arg: not a bug folder (no repro.wq)" >&2; exit 2; }
	out=$ws/corpus/regressions/$slug.wq
	[ ! -e "$out" ] || { echo "regress: $out exists: the bug is already in the regression corpus" >&2; exit 2; }
	rc=0
	"$replay" --runs=10 "$d/repro.wq" >"${TMPDIR:-/tmp}/regress.$$.log" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		echo "regress: $arg: repro.wq still fails on the current core ($(grep -m1 '^title: ' "${TMPDIR:-/tmp}/regress.$$.log" || echo "exit $rc")): not fixed; test a fix with bazel run //reports:test -- --patch=FILE $arg"
		rm -f "${TMPDIR:-/tmp}/regress.$$.log"
		status=1
		continue
	fi
	rm -f "${TMPDIR:-/tmp}/regress.$$.log"
	tmp=$(mktemp "$ws/corpus/regressions/.$slug.XXXXXX") || exit 3
	{
		echo "# SPDX-License-Identifier: GPL-2.0-only"
		echo "# fixed by: $fixed_by"
		echo "# from reports/$slug: $(head -1 "$d/description" 2>/dev/null || echo "$slug")"
		cat "$d/repro.wq"
	} >"$tmp" && mv -f "$tmp" "$out" || { rm -f "$tmp"; echo "regress: cannot write $out" >&2; exit 3; }
	printf 'moved to corpus/regressions/%s.wq\nfixed by: %s\n' "$slug" "$fixed_by" >"$d/.fixed.$$" &&
		mv -f "$d/.fixed.$$" "$d/fixed" || { echo "regress: cannot write $d/fixed" >&2; exit 3; }
	echo "regress: $arg: passes 10/10 on the current core; now corpus/regressions/$slug.wq (replayed by every fuzz target's regression test)"
done
exit "$status"
