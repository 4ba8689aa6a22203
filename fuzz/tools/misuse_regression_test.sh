#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# misuse_regression_test.sh BIN SEED_DIR OPTIONS_FILE... - run every seed
# through the misuse target's binary (libFuzzer runs file arguments once):
# no input may fail outside the misuse contract, and the contract's
# lockdep, freezer and sanitizer rows must each be reached (the shipped
# misuse programs do), so the judge is exercised, not bypassed.
set -euo pipefail
bin=$1 seeds=$2
shift 2
# shellcheck source=fuzz/tools/sanitizer_env.sh
. fuzz/tools/sanitizer_env.sh
wq_export_sanitizer_options "$@"
mapfile -t inputs < <(find -L "$seeds" -type f | sort)
[ ${#inputs[@]} -gt 0 ] || { echo "no seeds in $seeds" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$bin" "${inputs[@]}" >"$log" 2>&1; then
	tail -n 60 "$log"
	echo "FAIL: an input failed outside the misuse contract" >&2
	exit 1
fi
stats=$(grep '^misuse: ' "$log" | tail -n 1)
echo "$stats"
[ -n "$stats" ] || { echo "FAIL: no misuse summary line" >&2; exit 1; }
for kind in lockdep freezer sanitizer; do
	n=$(sed -n "s/.*[(, ]$kind \([0-9]*\).*/\1/p" <<<"$stats")
	if [ "${n:-0}" -lt 1 ]; then
		echo "FAIL: no seed reached the expected outcome '$kind'" >&2
		exit 1
	fi
done

# The seeds as a corpus: libFuzzer's own handlers must not save an input
# whose failure the contract expects (a child's expected ASan abort once
# left a crash- file per expected outcome).
corpus=$(mktemp -d)
art=$(mktemp -d)
trap 'rm -rf "$log" "$corpus" "$art"' EXIT
cp -L "${inputs[@]}" "$corpus/"
"$bin" -runs=0 -artifact_prefix="$art/" "$corpus" >"$log" 2>&1 || {
	tail -n 60 "$log"
	echo "FAIL: the seed corpus failed outside the misuse contract" >&2
	exit 1
}
n=$(sed -n 's/.*[(, ]sanitizer \([0-9]*\).*/\1/p' <<<"$(grep '^misuse: ' "$log" | tail -n 1)")
[ "${n:-0}" -ge 1 ] || { echo "FAIL: the corpus run reached no expected sanitizer outcome" >&2; exit 1; }
# slow-unit-* files say the machine was slow (libFuzzer's -report_slow_units),
# not that an input failed.
if [ -n "$(find "$art" -type f ! -name 'slow-unit-*')" ]; then
	echo "FAIL: expected outcomes were saved as crash files: $(find "$art" -type f ! -name 'slow-unit-*' -printf "%f " | head -c 200)" >&2
	exit 1
fi
echo "PASS: ${#inputs[@]} seeds, every failure expected by the contract, none saved as a crash ($n expected sanitizer deaths)"
