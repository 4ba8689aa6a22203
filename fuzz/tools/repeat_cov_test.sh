#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# repeat_cov_test.sh - the coverage signal is clean and a function of the
# input: repeat_cov (fuzz/targets/repeat_cov.c) runs every seed RUNS times
# in one process and no run after the first adds a feature; only the
# workqueue is instrumented (under 1,000 inline counters: the whole
# harness had 5,289) and the interleaving counters are linked in; bad
# usage is exit 2.
#
#   repeat_cov_test.sh REPEAT_COV SEED_DIR [SANITIZER_OPTIONS...]
set -uo pipefail

bin=$1 seeds=$2
shift 2
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh
# shellcheck source=fuzz/tools/sanitizer_env.sh
. fuzz/tools/sanitizer_env.sh
wq_export_sanitizer_options "$@" || { echo "bad sanitizer options"; exit 2; }
export WQKIT_HANG_MS=15000

"$bin" --runs=40 "$seeds" >"$T/log" 2>&1
wq_check "every seed x 40 runs" 0 $? \
	'new features after the first run: 0 in 0 run' \
	'\(of them 4096 extra\)'
counters=$(sed -n 's/.*8-bit counters \([0-9]*\) (of them \([0-9]*\) extra).*/\1 \2/p' "$T/log")
read -r total extra <<<"$counters"
inline=$((${total:-0} - ${extra:-0}))
if [ "$inline" -le 100 ] || [ "$inline" -ge 1000 ]; then
	wq_fail "inline counters: $inline, expected the workqueue's alone (100..1000)"
fi
echo "repeat_cov_test: $(tail -n 1 "$T/log")"

"$bin" --runs=1 "$seeds" >"$T/log" 2>&1
wq_check "--runs=1" 2 $? 'repeat_cov: --runs takes'
"$bin" --bogus >"$T/log" 2>&1
wq_check "unknown option" 2 $? 'unknown option --bogus'
"$bin" "$T/missing" >"$T/log" 2>&1
wq_check "missing input" 2 $? 'cannot find'

wq_test_done repeat_cov_test
