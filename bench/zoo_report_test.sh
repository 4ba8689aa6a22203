#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# zoo_report_test.sh - bench/zoo_report.py on trials whose answers are
# known by hand:
#   - found k/N, the Kaplan-Meier median (trials censored early leave
#     the risk set: 2 of 5 found, yet the median is reached), the median
#     executions to exposure, ">B" when fewer than half found;
#   - A12 against naive: 7/9 when the engine is faster in 7 of 9 pairs
#     (a tie of two misses counts one half), 0 when slower; n/a across
#     different budgets; false positives on the clean core;
#   - seed-pass finds (10-column rows) tie: A12 0.5 on times and
#     executions where the same rows without the column give 0;
#   - found.svg: one plot per bug, text kept as text;
#   - the same input twice counts once; two different rows for one trial,
#     a 7-column row without --budget_secs, a bad row, a missing input:
#     exit 2 and nothing written; an unwritable folder: exit 3.
set -uo pipefail

T=${TEST_TMPDIR:-$(mktemp -d)}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
report=bench/zoo_report

cat >"$T/a.csv" <<'CSV'
bug,engine,trial,seed,found,seconds,execs,budget,title
x,libfuzzer,1,11,1,1.0,100,10,"BUG_ON(x)"
x,libfuzzer,2,12,1,2.0,300,10,"BUG_ON(x)"
x,libfuzzer,3,13,0,10,5000,10,""
x,naive,1,14,1,3.0,50,10,"BUG_ON(x)"
x,naive,2,15,0,10,900,10,""
x,naive,3,16,0,10,900,10,""
y,libfuzzer,1,21,0,10,,10,""
y,libfuzzer,2,22,0,10,,10,""
y,naive,1,23,1,4.0,,10,"y ""quoted"" | piped"
y,naive,2,24,1,6.0,,10,"y ""quoted"" | piped"
CSV
cat >"$T/b.csv" <<'CSV'
bug,engine,trial,seed,found,seconds,execs,budget,title
z,libfuzzer,1,31,1,4.0,,10,"z"
z,libfuzzer,2,32,0,5,,5,""
z,libfuzzer,3,33,0,5,,5,""
z,libfuzzer,4,34,0,5,,5,""
z,libfuzzer,5,35,1,8.0,,10,"z"
z,naive,1,34,1,1.0,,10,"z"
clean,libfuzzer,1,41,1,7.0,,10,"hang in quiesce"
clean,naive,1,42,0,10,,10,""
CSV

mkdir -p "$T/out"
$report --out_dir="$T/out" --engines=libfuzzer,naive --title=t "$T/a.csv" "$T/b.csv" "$T/a.csv" >"$T/log" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q "zoo_report: 18 trials, 4 build(s), 2 engine(s)" "$T/log" && ok "report written" ||
	fail "exit $rc: $(cat "$T/log")"
md=$T/out/summary.md
expect() { # DESCRIPTION LINE
	if grep -qxF -- "$2" "$md"; then ok "$1"; else fail "$1: no line '$2' in:"; cat "$md"; fi
}
expect "k/N, KM median, median execs" "| x | 10s | 2/3, 2.0s, 200 execs | 1/3, >10s, 50 execs |"
expect "all missed; all found" "| y | 10s | 0/2, >10s | **2/2, 4.0s** |"
expect "KM with a trial censored early" "| z | 5s/10s | 2/5, 8.0s | **1/1, 1.0s** |"
grep -q '^| x | 0.78 (p ' "$md" && ok "A12 7/9" || fail "A12 of x: $(grep '^| x |' "$md")"
grep -q '^| y | 0.00 (p ' "$md" && ok "A12 0" || fail "A12 of y: $(grep '^| y |' "$md")"
expect "A12 across budgets" "| z | n/a |"
expect "false positive counted" "| libfuzzer | 1/1 |"
expect "titles quoted and escaped" '| y | naive | 2 | y "quoted" \| piped |'
[ "$(grep -c '^x,\|^y,\|^z,\|^clean,' "$T/out/trials.csv")" = 18 ] && ok "merged trials.csv" ||
	fail "trials.csv: $(cat "$T/out/trials.csv")"
# found.svg: one plot per bug (titles as text), well-formed.
if /usr/bin/python3 - "$T/out/found.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
texts = [t.text or "" for t in ET.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}text")]
sys.exit(0 if all(b in texts for b in ("x", "y", "z")) and "clean" not in texts else 1)
PY
then ok "found.svg: a plot per bug"; else fail "found.svg"; fi
# The report's own output reads back the same.
mkdir -p "$T/again"
$report --out_dir="$T/again" --engines=libfuzzer,naive --title=t "$T/out" >"$T/log" 2>&1 &&
	cmp -s "$T/out/summary.md" "$T/again/summary.md" && cmp -s "$T/out/trials.csv" "$T/again/trials.csv" &&
	ok "its trials.csv reads back" || fail "read back: $(cat "$T/log")"

# Finds in the seed pass are ties; the same rows without the column are not.
cat >"$T/s.csv" <<'CSV'
bug,engine,trial,seed,found,seconds,execs,budget,seed_pass,title
s,libfuzzer,1,51,1,0.5,9,10,1,"s"
s,libfuzzer,2,52,1,0.6,9,10,1,"s"
s,naive,1,53,1,0.1,1,10,1,"s"
s,naive,2,54,1,0.1,1,10,1,"s"
CSV
cut -d, -f1-8,10 "$T/s.csv" >"$T/s9.csv"
mkdir -p "$T/seeds" "$T/seeds9"
$report --out_dir="$T/seeds" --engines=libfuzzer,naive --title=t "$T/s.csv" >"$T/log" 2>&1 || fail "seed pass: $(cat "$T/log")"
$report --out_dir="$T/seeds9" --engines=libfuzzer,naive --title=t "$T/s9.csv" >"$T/log" 2>&1 || fail "9 columns: $(cat "$T/log")"
grep -q '^| s | 0.50 (p ' "$T/seeds/summary.md" && grep -q '^| s (execs) | 0.50 (p ' "$T/seeds/summary.md" &&
	grep -qF '| s | 10s | **2/2, 0.5s, 9 execs, 2 in the seed pass** |' "$T/seeds/summary.md" &&
	ok "seed-pass finds tie" || fail "seed pass: $(cat "$T/seeds/summary.md")"
grep -q '^| s | 0.00 (p ' "$T/seeds9/summary.md" && grep -q '^| s (execs) | 0.00 (p ' "$T/seeds9/summary.md" &&
	ok "unknown seed pass: finds of the engine" || fail "9 columns: $(cat "$T/seeds9/summary.md")"

# Bad input: exit 2, nothing written.
bad() { # DESCRIPTION PATTERN ARGS...
	local what=$1 pat=$2
	shift 2
	rm -rf "$T/bad" && mkdir -p "$T/bad"
	$report --out_dir="$T/bad" "$@" >"$T/log" 2>&1
	local rc=$?
	if [ "$rc" = 2 ] && grep -q -- "$pat" "$T/log" && [ -z "$(ls -A "$T/bad")" ]; then
		ok "$what"
	else
		fail "$what: exit $rc, $(ls -A "$T/bad"): $(cat "$T/log")"
	fi
}
sed 's/^x,naive,1,14,1,3.0/x,naive,1,14,1,3.5/' "$T/a.csv" >"$T/c.csv"
bad "one trial, two rows" "naive trial 1 of x: different rows in" "$T/a.csv" "$T/c.csv"
printf 'bug,engine,trial,seed,found,seconds,title\nx,naive,1,1,1,2.0,"t"\n' >"$T/old.csv"
bad "old rows without a budget" "has no budget: give --budget_secs" "$T/old.csv"
printf 'x,naive,1,1,2,2.0,,10,"t"\n' >"$T/badrow.csv"
bad "a bad row" "badrow.csv:1: bad row" "$T/badrow.csv"
bad "a missing input" "no such file or folder" "$T/missing.csv"
printf 'x,naive,1,1,0,10,,10,1,"t"\n' >"$T/badseed.csv"
bad "a seed-pass find not found" "badseed.csv:1: a seed-pass find that was not found" "$T/badseed.csv"
$report --out_dir="$T/bad" --budget_secs=10 "$T/old.csv" >"$T/log" 2>&1 &&
	grep -q '^x,naive,1,1,1,2,,10,,"t"$' "$T/bad/trials.csv" && ok "old rows with --budget_secs" ||
	fail "old rows: $(cat "$T/log")"
$report --out_dir=/proc "$T/a.csv" >"$T/log" 2>&1
rc=$?
[ "$rc" = 3 ] && ok "unwritable folder: exit 3" || fail "unwritable folder: exit $rc: $(cat "$T/log")"

[ "$fails" = 0 ] && echo PASS || echo "$fails check(s) failed"
exit $((fails > 0))
