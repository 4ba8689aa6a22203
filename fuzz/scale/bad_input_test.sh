#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# bad_input_test.sh BUILD_SH COVERAGE_SH - the scale-out tools refuse bad
# input with one clear line and exit 2 before anything runs.
set -uo pipefail
build_sh=$1 coverage_sh=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0

# expect CODE PATTERN CMD...: CMD exits CODE and its stderr matches PATTERN.
expect() {
	local code=$1 pattern=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = "$code" ] && grep -q -- "$pattern" "$tmp/err"; then
		echo "ok: exit $rc: $(head -n 1 "$tmp/err")"
	else
		echo "FAIL: $* exited $rc (want $code), stderr:"
		cat "$tmp/err"
		status=1
	fi
}

expect 2 'not set: CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE OUT SRC WORK SANITIZER' env -i bash "$build_sh"
mkdir -p "$tmp/src"
ln -sfn "$PWD" "$tmp/src/wqkit"
contract=(CC=false CXX=false CFLAGS= CXXFLAGS= LIB_FUZZING_ENGINE= OUT="$tmp/out.d" SRC="$tmp/src" WORK="$tmp/work" SANITIZER=address)
expect 2 'WQKIT_ZOO_BUG=no_such_bug: no ' env "${contract[@]}" WQKIT_ZOO_BUG=no_such_bug bash "$build_sh"
expect 2 'no source lists in' env "${contract[@]}" SRC=/nonexistent bash "$build_sh"
expect 2 'unknown option --bogus' env BUILD_WORKSPACE_DIRECTORY="$tmp" bash "$coverage_sh" --bogus
expect 2 'run it with bazel run' env -u BUILD_WORKSPACE_DIRECTORY bash "$coverage_sh"
expect 2 'no input to run in' env BUILD_WORKSPACE_DIRECTORY="$tmp" bash "$coverage_sh" /nonexistent
exit $status
