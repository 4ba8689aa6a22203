#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# update_source_lists.sh GENERATED DEST ... - write the source lists of
# .clusterfuzzlite/build.sh from the Bazel graph (bazel run only).
# Exit: 0 written, 2 not under bazel run, 3 a write failed.
set -euo pipefail
ws=${BUILD_WORKSPACE_DIRECTORY:-}
[ -n "$ws" ] || { echo "update_source_lists: run it with bazel run //fuzz/scale:update_source_lists" >&2; exit 2; }
while [ $# -ge 2 ]; do
	if ! { cp "$1" "$ws/$2.tmp" && mv "$ws/$2.tmp" "$ws/$2"; }; then
		echo "update_source_lists: cannot write $ws/$2" >&2
		exit 3
	fi
	echo "wrote $2"
	shift 2
done
