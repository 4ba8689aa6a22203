#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sarif_file_test.sh - //reports:sarif writes valid SARIF 2.1.0 for every
# bug folder (one rule and one result each, located at the 2.6.29
# function the failure names: its title's "in <func>", else the op of
# log0); //reports:file prints the gh command, shell-quoted, and refuses
# --submit without gh.
#
#   sarif_file_test.sh SARIF FILE WORKQUEUE_C
set -euo pipefail

sarif=$1 file=$2 src=$3
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }

into=$tmp/reports
mkdir -p "$into/deadlock-in-flush_work" "$into/work-pending-with-no-instance" "$into/.tmp-x"
printf 'deadlock in flush_work\n' >"$into/deadlock-in-flush_work/description"
printf '10/10\n' >"$into/deadlock-in-flush_work/reliability"
printf "work PENDING with no instance\n" >"$into/work-pending-with-no-instance/description"
printf '==wqkit== FAILURE\nkind: oracle\ntitle: x\nop: t1: cancel_work_sync w0\n--- program ---\n==wqkit== END\n' \
	>"$into/work-pending-with-no-instance/log0"

"$sarif" --into="$into" --out="$tmp/out.sarif" || fail "sarif exited $?"
flush=$(grep -n '^int flush_work(' "$src" | cut -d: -f1)
cancel=$(grep -n '^int cancel_work_sync(' "$src" | cut -d: -f1)
python3 - "$tmp/out.sarif" "$flush" "$cancel" <<'PY' || fail "bad SARIF"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0", log["version"]
run, = log["runs"]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert run["tool"]["driver"]["name"] == "wqkit"
assert rules == ["deadlock-in-flush_work", "work-pending-with-no-instance"], rules
res = run["results"]
assert [r["ruleId"] for r in res] == rules
for r in res:
    assert r["message"]["text"] and r["level"] == "error"
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "core/workqueue.c"
lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in res]
assert lines == [int(sys.argv[2]), int(sys.argv[3])], lines
PY
rc=0
"$sarif" --into="$tmp/none" --out="$tmp/x.sarif" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "no bug folder: exit $rc, want 2"

out=$("$file" --label="it's" "$into/deadlock-in-flush_work") || fail "file exited $?"
echo "$out"
[ "$out" = "gh issue create --title 'deadlock in flush_work' --body-file '$into/deadlock-in-flush_work/report.md' --label bug --label wqkit --label 'it'\\''s'" ] ||
	fail "unexpected gh command"
rc=0
PATH=/nonexistent "$file" --submit "$into/deadlock-in-flush_work" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 3 ] && grep -q "'gh' (GitHub CLI) not found" "$tmp/err" || fail "--submit without gh: exit $rc"
rc=0
"$file" "$tmp" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "not a bug folder: exit $rc"
[ "$status" -eq 0 ] && echo "sarif_file_test: ok"
exit "$status"
