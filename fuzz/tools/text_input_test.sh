#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# text_input_test.sh - every tool tells a text program from bytes by its
# content, not by a .wq suffix (wq_prog_is_text):
#
#   - replay of a text program named without .wq runs that program (here
#     a reproducer that fails with WQKIT_INJECT=racy_bitops; decoded as
#     bytes it was an unrelated program that passed);
#   - the libFuzzer binary and the AFL++ binary given it as a file run it;
#     a text file with a parse error is exit 2, not a saved "crash";
#   - wqc decode of text prints its canonical text; wqc encode of bytes
#     says they are bytes (exit 2).
#
#   - the naive driver's text seed runs as that program.
#
#   text_input_test.sh REPLAY LIBFUZZER_BIN AFL_BIN WQC FAILING_WQ NAIVE_BIN
set -uo pipefail

here=$PWD
abs() { [[ $1 == /* ]] && echo "$1" || echo "$here/$1"; }
replay=$(abs "$1") fuzzer=$(abs "$2") afl=$(abs "$3") wqc=$(abs "$4") failing=$(abs "$5")
naive=$(abs "$6")
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

cp "$failing" "$T/repro"        # no suffix
cp "$failing" "$T/repro.txt"
printf '# wqkit program v2\ncpus 2\nactorz 1\n' >"$T/typo"
export WQKIT_INJECT=racy_bitops
cd "$T" || exit 1

"$replay" -q "$T/repro" >"$T/log" 2>&1
wq_check "replay: text without .wq" 1 $? "verdict: FAIL .*repro.*BUG_ON"
"$replay" "$T/repro.txt" >"$T/log" 2>&1
wq_check "replay: shows the form" 1 $? "^== .*repro.txt \\(text\\)"
"$replay" "$T/typo" >"$T/log" 2>&1
wq_check "replay: a text typo is a parse error" 2 $? "typo:3:1: "

"$fuzzer" "$T/repro" >"$T/log" 2>&1
wq_check "libFuzzer binary: text file argument runs it" 77 $? "BUG_ON"
"$fuzzer" "$T/typo" >"$T/log" 2>&1
wq_check "libFuzzer binary: a text typo is exit 2" 2 $? "typo:3:1: "
[ -z "$(find "$T" -name 'crash-*')" ] || wq_fail "a crash file was written"

"$afl" "$T/repro" >"$T/log" 2>&1
wq_check "AFL++ binary: text file argument runs it" 134 $? "BUG_ON"
"$afl" "$T/typo" >"$T/log" 2>&1
wq_check "AFL++ binary: a text typo is exit 2" 2 $? "typo:3:1: "

"$wqc" encode "$T/repro" "$T/repro.bin" >"$T/log" 2>&1
wq_check "wqc encode of text without .wq" 0 $?
"$wqc" decode "$T/repro" >"$T/log" 2>/dev/null
wq_check "wqc decode of text: its canonical text" 0 $? "^# wqkit program v[0-9]+$" "^cpus "
# The same program text as decoding its bytes (fmt keeps the comments).
if "$wqc" decode "$T/repro.bin" | grep -v '^#' | cmp -s - <(grep -v '^#' "$T/log"); then
	echo "ok: same text as decoding its bytes"
else
	wq_fail "wqc decode of text differs from decode of its bytes"
fi
"$wqc" encode "$T/repro.bin" "$T/x.bin" >"$T/log" 2>&1
wq_check "wqc encode of bytes" 2 $? "not a text program"

"$naive" --runs=1 --crashes="$T" "$T/repro" >"$T/log" 2>&1
wq_check "naive: a text seed runs that program" 1 $? "input #0 \\(seed, [0-9]+ bytes\\) failed"

: >"$T/afile"
"$naive" --runs=1 --crashes="$T/afile" "$T/repro" >"$T/log" 2>&1
wq_check "naive: a failing input it cannot save is exit 3" 3 $? "could not be saved"

wq_test_done text_input_test
