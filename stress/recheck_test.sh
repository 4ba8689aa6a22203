#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# recheck_test.sh: //stress:recheck on made-up soak results.
set -u
recheck=stress/recheck
top=${TEST_TMPDIR:-$(mktemp -d)}/soak/2026-01-01
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

stats='wq-torture: t=5h30m steps 100 ops 400 (queue 1 cancel 1 flush 1 other 1) works 9 onoff: 1/1 (offline 1/1 online 0/0) 0.1,0.1:0.1 ms freeze 1/1 checkpoints 2 ops/s 5 rss 1kB allocs 8 tasks 9 faults 0 failures 0 unchecked 0 stalls 0'
mkdir -p "$top/default" "$top/hotplug" "$top/freezer"
printf '%s\n%s\n' "$stats" 'wq-torture:--- End of test: SUCCESS: cpus=4' >"$top/default/log"
printf '%s\n%s\n%s\n' "$stats" 'kind: hang' 'wq-torture:--- End of test: FAILURE: cpus=4' >"$top/hotplug/log"
printf '%s\n' "$stats" >"$top/freezer/log.partial"

out=$("$recheck" "$top")
rc=$?
[ "$rc" = 1 ] || fail "mixed results: exit $rc (want 1)"
[ "$(wc -l <<<"$out")" = 3 ] || fail "want one line per scenario: $out"
grep -q '^default: SUCCESS t=5h30m steps 100 ops 400 failures 0 unchecked 0 stalls 0 lockups 0 flagged 0$' <<<"$out" || fail "default line: $out"
grep -q '^hotplug: FAILURE .* lockups 1 ' <<<"$out" || fail "hotplug line: $out"
grep -q '^freezer: NO-END-LINE ' <<<"$out" || fail "freezer line: $out"

"$recheck" "$top/default" >/dev/null || fail "one SUCCESS scenario: exit $? (want 0)"
"$recheck" "$top/nope" 2>/dev/null; [ $? = 2 ] || fail "missing folder: want exit 2"
mkdir -p "$top/../empty"
"$recheck" "$top/../empty" 2>/dev/null; [ $? = 2 ] || fail "no results: want exit 2"
"$recheck" 2>/dev/null; [ $? = 2 ] || fail "no argument: want exit 2"
[ "$fails" = 0 ] && echo PASS
exit $((fails > 0))
