#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# env_check_test.sh - a bad WQKIT_* environment stops every binary and
# launcher before anything runs: one line, exit 2, no crash file.
#
#   env_check_test.sh LIBFUZZER_BIN AFL_BIN REPLAY_BIN
set -uo pipefail

T=${TEST_TMPDIR:-$(mktemp -d)}
fails=0
expect_usage() { # DESCRIPTION ENV COMMAND...
	local what=$1 env=$2 rc
	shift 2
	rm -rf "$T/out"
	mkdir -p "$T/out"
	(cd "$T/out" && env "$env" "$@") >"$T/log" 2>&1
	rc=$?
	if [ "$rc" != 2 ]; then
		echo "FAIL: $what with $env: exit $rc, expected 2"
		sed 's/^/   | /' "$T/log" | tail -n 20
		fails=$((fails + 1))
	elif ! grep -q "^wqkit: .*nothing ran" "$T/log"; then
		echo "FAIL: $what with $env: no one-line reason"; sed 's/^/   | /' "$T/log"
		fails=$((fails + 1))
	elif [ -n "$(find "$T/out" -name 'crash-*' -o -name 'id:*' | head -1)" ]; then
		echo "FAIL: $what with $env: a crash file was written"
		fails=$((fails + 1))
	else
		echo "ok: $what with $env"
	fi
}

here=$PWD
abs() { [[ $1 == /* ]] && echo "$1" || echo "$here/$1"; }
fuzzer=$(abs "$1") afl=$(abs "$2") replay=$(abs "$3")
echo x >"$T/input"
for env in WQKIT_INJECT=racy_bitop WQKIT_SCHED=controled WQKIT_HANG_MS=2s WQKIT_INJCT=racy_bitops; do
	expect_usage "libFuzzer binary" "$env" "$fuzzer" -runs=10 .
	expect_usage "libFuzzer binary, file argument" "$env" "$fuzzer" "$T/input"
	expect_usage "AFL++ binary" "$env" "$afl" "$T/input"
	expect_usage "replay" "$env" "$replay" "$T/input"
done
echo "env_check_test: $fails failure(s)"
[ "$fails" = 0 ]
