#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# plot_test.sh: //stress:plot draws plots.svg from a made-up stats.jsonl
# (python3-matplotlib comes from setup.sh: its absence is a failure).
set -u
dir=${TEST_TMPDIR:-$(mktemp -d)}/soak/2026-01-01/default
mkdir -p "$dir"
for i in 1 2 3; do
	printf '{"wall_s": %d.0, "ops_per_s": %d, "rss_kb": 4000, "allocs": 8}\n' "$((i * 60))" "$((i * 1000))"
done >"$dir/stats.jsonl"
stress/plot "${dir%/default}" || { echo "FAIL: plot exit $?"; exit 1; }
grep -q '<svg' "$dir/plots.svg" || { echo "FAIL: no SVG written"; exit 1; }
stress/plot "$dir/nope" 2>/dev/null; [ $? = 2 ] || { echo "FAIL: missing folder: want exit 2"; exit 1; }
echo PASS
