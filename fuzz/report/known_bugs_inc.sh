#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# known_bugs_inc.sh TSV OUT - core/known_bugs.tsv as C initializers
# ({ id, title, detail, porting, source },) for fuzz/report/known.c. A
# row without its five tab-separated columns fails the build with the line.
set -euo pipefail
tsv=$1 out=$2
awk -F'\t' '
function c(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
/^#/ || /^[[:space:]]*$/ { next }
NF != 5 {
	printf "%s:%d: expected 5 tab-separated columns, got %d\n", FILENAME, NR, NF > "/dev/stderr"
	exit 1
}
{ printf "\t{ %s, %s, %s, %s, %s },\n", c($1), c($2), c($3 == "-" ? "" : $3), c($4), c($5) }
' "$tsv" >"$out.tmp"
mv "$out.tmp" "$out"
