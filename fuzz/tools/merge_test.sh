#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# merge_test.sh - //fuzz:merge (merge.sh) with the real binaries and
# engines, on the shipped seeds plus duplicates, as two jobs leave them:
#
#   - libFuzzer -merge=1: fewer files than the inputs, no more than the
#     distinct ones, and the same edges of core/workqueue.c per function
#     (libFuzzer -print_coverage=1 of the inputs and of the result);
#   - afl-cmin on an afl-fuzz -o layout whose instances' queue file names
#     collide: the same checks; no input lost to a name collision;
#   - the result replaces --out_dir as a whole; a failing engine leaves
#     it untouched (exit 3); bad input: exit 2, one line, nothing written.
#
#   merge_test.sh FUZZ_BIN AFL_BIN SEED_DIR
set -uo pipefail

# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

here=$PWD
abs() { [[ $1 == /* ]] && echo "$1" || echo "$here/$1"; }
fuzz_bin=$(abs "$1") afl_bin=$(abs "$2") seed_dir=$(abs "$3")
unset BUILD_WORKSPACE_DIRECTORY BUILD_WORKING_DIRECTORY WQKIT_INJECT
export WQ_PROGRESS_SECS=1000
# As //fuzz:merge runs it (its rule's arguments, fuzz/BUILD.bazel).
run() {
	fuzz/tools/merge.sh --wq-libfuzzer-binary="$fuzz_bin" --wq-afl-binary="$afl_bin" \
		--wq-options=sanitizers/asan.options --wq-options=sanitizers/ubsan.options "$@"
}

# Two jobs' corpora: job1 holds every seed, job2 half of them again
# (same bytes, other names) and each seed a second time in job1.
mkdir -p "$T/job1" "$T/job2"
n=0
for f in "$seed_dir"/*; do
	cp -L "$f" "$T/job1/$(basename "$f")"
	cp -L "$f" "$T/job1/dup-$(basename "$f")"
	[ $((n % 2)) = 1 ] || cp -L "$f" "$T/job2/$n"
	n=$((n + 1))
done
total=$(find "$T/job1" "$T/job2" -type f | wc -l)
echo "inputs: $total files, $n distinct"

# Edges of core/workqueue.c reached by a dir, per function (the seed's
# coverage: the kit's own code may differ from run to run).
. fuzz/tools/sanitizer_env.sh
wq_export_sanitizer_options sanitizers/asan.options sanitizers/ubsan.options
seed_edges() {
	"$fuzz_bin" -runs=0 -print_coverage=1 "$@" 2>&1 |
		sed -n 's|^\(UN\)\{0,1\}COVERED_FUNC: hits: [0-9]* \(edges: .*/core/workqueue\.c:[0-9]*\)$|\2|p' | sort
}
seed_edges "$T/job1" "$T/job2" >"$T/edges.in"
[ -s "$T/edges.in" ] || wq_fail "no core/workqueue.c function in -print_coverage=1"

# Checks the merged dir $2 of engine $1 and its log.
check_merged() {
	local what=$1 dir=$2 kept
	kept=$(find "$dir" -type f | wc -l)
	echo "$what: $kept kept"
	if [ "$kept" = 0 ] || [ "$kept" -ge "$total" ] || [ "$kept" -gt "$n" ]; then
		wq_fail "$what: $kept files kept of $total ($n distinct)"
	fi
	seed_edges "$dir" >"$T/edges.out"
	echo "$what: $(grep -c . "$T/edges.out") functions of core/workqueue.c compared"
	cmp -s "$T/edges.in" "$T/edges.out" ||
		{ wq_fail "$what: core/workqueue.c edges differ:"; diff "$T/edges.in" "$T/edges.out" | head; }
}

# ---- libFuzzer ----
mkdir -p "$T/lf"
echo stale >"$T/lf/old-file"
run --no_seeds --out_dir="$T/lf" "$T/job1" "$T/job2" >"$T/log" 2>&1
wq_check "libfuzzer merge" 0 $? \
	"^== merge summary: libfuzzer: $total inputs \($n distinct\) from 2 dir\(s\) -> [0-9]+ kept in $T/lf \([0-9]+ edges, [0-9]+ features\)" \
	"exit 0 \(libFuzzer exited 0: merged\)"
[ ! -e "$T/lf/old-file" ] || wq_fail "the old --out_dir content survived"
check_merged libfuzzer "$T/lf"
[ -z "$(find "$T" -maxdepth 1 -name '.merge.*')" ] || wq_fail "a .merge.* work dir was left"

# ---- AFL++: instances' queues whose file names collide ----
for inst in main sec1; do mkdir -p "$T/findings/$inst/queue/.state" "$T/findings/$inst/crashes"; done
i=0
for f in "$T/job1"/*; do
	inst=main
	[ $((i % 2)) = 0 ] || inst=sec1
	cp "$f" "$T/findings/$inst/queue/$(printf 'id:%06d,orig:x' $((i / 2)))"
	i=$((i + 1))
done
run --engine=afl --no_seeds --out_dir="$T/afl" "$T/findings" >"$T/log" 2>&1
# Every seed twice, in two queues: all 2n reach the merge, n distinct.
wq_check "afl-cmin merge" 0 $? \
	"^== merge summary: afl: $((2 * n)) inputs \($n distinct\) from 2 dir\(s\) -> [0-9]+ kept in $T/afl \([0-9]+ tuples\)" \
	"exit 0 \(afl-cmin exited 0: merged\)"
check_merged afl "$T/afl"

# ---- bad input, failing engines ----
before=$(find "$T/lf" -type f | sort | md5sum)
run --engine=honggfuzz "$T/job1" >"$T/log" 2>&1
wq_check "unknown engine" 2 $? "--engine: expected libfuzzer or afl, got 'honggfuzz'"
run --no_seeds --out_dir="$T/lf" "$T/missing" >"$T/log" 2>&1
wq_check "missing input dir" 2 $? "cannot read input dir $T/missing"
run --no_seeds --out_dir="$T/job1" "$T/job1" >"$T/log" 2>&1
wq_check "output dir is an input" 2 $? "is also an input"
mkdir -p "$T/empty"
run --no_seeds --out_dir="$T/lf" "$T/empty" >"$T/log" 2>&1
wq_check "no input file" 2 $? "no input file in"
run --no_seeds --jobs=2 "$T/job1" >"$T/log" 2>&1
wq_check "unknown flag" 2 $? "unknown flag '--jobs'"
: >"$T/afile"
run --no_seeds --out_dir="$T/afile/out" "$T/job1" >"$T/log" 2>&1
wq_check "output dir below a file" 3 $? "cannot create"
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "[-] PROGRAM ABORT : fake afl-cmin failed"\nexit 1\n' >"$T/bin/afl-cmin"
chmod +x "$T/bin/afl-cmin"
PATH=$T/bin:$PATH run --engine=afl --no_seeds --out_dir="$T/lf" "$T/job1" >"$T/log" 2>&1
wq_check "afl-cmin failing" 3 $? "fake afl-cmin failed" "exit 3 \(afl-cmin exited 1: the merge did not complete"
[ "$(find "$T/lf" -type f | sort | md5sum)" = "$before" ] || wq_fail "a failed merge changed --out_dir"

wq_test_done merge_test
