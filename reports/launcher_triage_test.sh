#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# launcher_triage_test.sh - the end of a fuzz run (fuzz/tools/run_fuzzer.sh)
# with the real triage: a stand-in libFuzzer engine saves one crash file
# (an injected race, found with WQKIT_INJECT=racy_bitops); the launcher
# writes its sidecar (FILE.ctx, whole: written then renamed) and runs
# triage on it in the same context: one new bug, its folder written, the
# summary line counting it. The same file triaged by hand without
# WQKIT_INJECT is "context not reproducible here" (exit 3), never a PASS;
# a sidecar naming another build likewise; --no_triage skips triage but
# still writes the sidecar.
#
#   launcher_triage_test.sh TRIAGE FAILING_WQ PROG_H
set -uo pipefail

# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

here=$PWD
abs() { [[ $1 == /* ]] && echo "$1" || echo "$here/$1"; }
triage=$(abs "$1") failing=$(abs "$2") prog_h=$3
launcher=$here/fuzz/tools/run_fuzzer.sh
unset BUILD_WORKSPACE_DIRECTORY BUILD_WORKING_DIRECTORY WQKIT_INJECT WQKIT_SCHED
export ASAN_OPTIONS=detect_leaks=0 WQ_PROGRESS_SECS=1000

# Triage as the launcher runs it, without building repro.c (its own
# tests do): the launcher's part is the context and the summary.
printf '#!/bin/sh\nexec "%s" --csource_runs=0 "$@"\n' "$triage" >"$T/triage"
chmod +x "$T/triage"

# The engine: answers -help=1 (the launcher's environment check), saves
# the failing program as its crash artifact and exits 77 as libFuzzer does.
cat >"$T/engine" <<SH
#!/bin/sh
for a in "\$@"; do
	case \$a in -artifact_prefix=*) prefix=\${a#*=} ;; esac
done
[ -n "\${prefix:-}" ] || exit 0
cp "$failing" "\${prefix}crash-0123456789abcdef"
echo "==1== ERROR: libFuzzer: deadly signal"
exit 77
SH
chmod +x "$T/engine"
# The workspace the launcher and triage see (bug folders: ws/out/reports).
mkdir -p "$T/ws"
run() {
	BUILD_WORKSPACE_DIRECTORY=$T/ws "$launcher" --wq-target=workqueue_fuzzer --wq-sanitizer=asan \
		--wq-binary="$T/engine" --wq-prog-h="$prog_h" --wq-triage="$T/triage" \
		--no_dict --no_seeds --min_free_mb=0 "$@"
}

crash=$T/o1/crashes/crash-0123456789abcdef
format=$(sed -n 's/^#define WQ_PROG_FORMAT[[:space:]]*\([0-9]*\).*/\1/p' "$prog_h")
WQKIT_INJECT=racy_bitops run --out_dir="$T/o1" --triage_secs=0 >"$T/log" 2>&1
wq_check "a run with a finding triages it" 1 $? \
	"^== triage of the new crash file" \
	"^   triage: .*crash-0123456789abcdef: NEW: " \
	"^== triage summary: 1 inputs \(0 bad, 0 not reproducible here, 0 did not fail, 0 failed as the misuse contract expects, 1 failed\): 1 distinct titles, 1 new, 0 known, 0 already reported" \
	"exit 1 \(libFuzzer exited 77"
cp "$T/log" "$T/run.log"
printf '%s\n' "# wqkit crash context v1" "target workqueue_fuzzer" "engine libfuzzer" \
	"sanitizer asan" "build clean" "mode default" "inject racy_bitops" >"$T/want"
if head -7 "$crash.ctx" 2>/dev/null | cmp -s - "$T/want" &&
	grep -qE '^commit [0-9a-f]+(-dirty)?$|^commit unknown$' "$crash.ctx" &&
	grep -qx "format $format" "$crash.ctx"; then
	echo "ok: sidecar"
else
	wq_fail "sidecar $crash.ctx:"; cat "$crash.ctx" 2>&1 | sed 's/^/   | /'
fi
[ -z "$(find "$T/o1/crashes" -name '.*')" ] || wq_fail "a temporary sidecar was left"
n=$(find "$T/ws/out/reports" -mindepth 2 -maxdepth 2 -name report.md 2>/dev/null | wc -l)
wq_count_is "one bug folder in the workspace's out/reports" 1 "$n"

# By hand, out of context: reported, not replayed, not passed.
"$triage" --into="$T/r2" "$T/o1/crashes" >"$T/log" 2>&1
wq_check "out of context (no WQKIT_INJECT)" 3 $? \
	"context not reproducible here: found by workqueue_fuzzer .*WQKIT_INJECT racy_bitops.*triage it with WQKIT_INJECT=racy_bitops bazel run //reports:triage -- FILE" \
	"1 not reproducible here"
sed -i 's/^build clean$/build lost_wakeup/' "$crash.ctx"
WQKIT_INJECT=racy_bitops "$triage" --into="$T/r2" "$crash" >"$T/log" 2>&1
wq_check "found on a zoo build" 3 $? "triage it with WQKIT_INJECT=racy_bitops bazel run //reports:triage_bug_lost_wakeup -- FILE"

WQKIT_INJECT=racy_bitops run --out_dir="$T/o2" --no_triage >"$T/log" 2>&1
wq_check "--no_triage" 1 $? "exit 1 \(libFuzzer exited 77"
! grep -q "^== triage" "$T/log" || wq_fail "--no_triage still triaged"
[ -s "$T/o2/crashes/crash-0123456789abcdef.ctx" ] || wq_fail "--no_triage: no sidecar"

wq_test_done launcher_triage_test
