#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# source_lists_test.sh GENERATED CHECKED_IN ... - each checked-in source
# list of .clusterfuzzlite/build.sh equals the one read off the Bazel graph.
set -uo pipefail
status=0
while [ $# -ge 2 ]; do
	if diff -u "$2" "$1"; then
		echo "ok: $2"
	else
		echo "STALE: $2 differs from the Bazel graph (above); run: bazel run //fuzz/scale:update_source_lists"
		status=1
	fi
	shift 2
done
exit $status
