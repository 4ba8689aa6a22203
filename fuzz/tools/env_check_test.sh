#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# env_check_test.sh - a bad WQKIT_* value stops every binary before
# anything runs: one line, exit 2, no crash file; an unknown WQKIT_* name
# is a warning.
#
#   env_check_test.sh LIBFUZZER_BIN AFL_BIN REPLAY_BIN
set -uo pipefail

# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

expect_usage() { # DESCRIPTION ENV COMMAND...
	local what=$1 env=$2 rc
	shift 2
	rm -rf "$T/out"
	mkdir -p "$T/out"
	(cd "$T/out" && env "$env" "$@") >"$T/log" 2>&1
	rc=$?
	if [ -n "$(find "$T/out" -name 'crash-*' -o -name 'id:*' | head -1)" ]; then
		wq_fail "$what with $env: a crash file was written"
	else
		wq_check "$what with $env" 2 "$rc" "^wqkit: .*nothing ran"
	fi
}

here=$PWD
abs() { [[ $1 == /* ]] && echo "$1" || echo "$here/$1"; }
fuzzer=$(abs "$1") afl=$(abs "$2") replay=$(abs "$3")
echo x >"$T/input"
for env in WQKIT_INJECT=racy_bitop WQKIT_SCHED=controled WQKIT_HANG_MS=2s; do
	expect_usage "libFuzzer binary" "$env" "$fuzzer" -runs=10 .
	expect_usage "libFuzzer binary, file argument" "$env" "$fuzzer" "$T/input"
	expect_usage "AFL++ binary" "$env" "$afl" "$T/input"
	expect_usage "replay" "$env" "$replay" "$T/input"
done
# A WQKIT_* name no fuzz tool reads (misspelled, or another tool's such
# as the soak's): one warning, and the run goes on.
(cd "$T" && WQKIT_INJCT=racy_bitops "$replay" "$T/input") >"$T/log" 2>&1
wq_check "replay with WQKIT_INJCT" 0 $? \
	"^wqkit: warning: WQKIT_INJCT is not read by the fuzz tools \(they read WQKIT_SCHED WQKIT_INJECT WQKIT_HANG_MS\); misspelled\?"

wq_test_done env_check_test
