#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# coverage.sh - coverage of the seed (core/workqueue.c) by a corpus.
# `bazel run //fuzz:coverage -- [--help] [CORPUS_DIR...]`
usage() {
	cat <<'USAGE'
usage: bazel run //fuzz:coverage -- [CORPUS_DIR...]

Builds the default target (workqueue_fuzzer) the way ClusterFuzzLite's
coverage mode does: .clusterfuzzlite/build.sh with SANITIZER=coverage and
OSS-Fuzz's coverage flags (-fprofile-instr-generate -fcoverage-mapping),
clang-19, from the source lists; runs every input of the corpus dirs once
(libFuzzer -runs=0); writes, with llvm-profdata-19 and llvm-cov-19:

  out/coverage/report/html/index.html  llvm-cov show: core/workqueue.c, each
                                       line with its run count
  out/coverage/report/report.txt       llvm-cov report (per function too)
  out/coverage/report/summary.txt      the one-line summary (also printed)
  out/coverage/report/unreached.txt    functions of core/workqueue.c never run

CORPUS_DIR default: the shipped corpus (corpus/programs/*.wq and
corpus/regressions/*.wq, encoded) plus out/*/corpus. A dir that cannot be
read is reported on one line and skipped. The report directory is replaced
as a whole (built beside it, then renamed). Objects are kept in
out/coverage/work, so a second run recompiles only what changed.

Exit: 0 report written; 2 usage, or no input to run; 3 environment: a tool
missing, the build failed, no profile written, a write failed.
USAGE
}
set -uo pipefail

die() {
	echo "coverage: error: $2" >&2
	exit "$1"
}

dirs=()
for a in "$@"; do
	case $a in
	-h | --help) usage; exit 0 ;;
	-*) usage >&2; die 2 "unknown option $a" ;;
	/*) dirs+=("$a") ;;
	*) dirs+=("${BUILD_WORKING_DIRECTORY:-$PWD}/$a") ;;
	esac
done
ws=${BUILD_WORKSPACE_DIRECTORY:-}
[ -n "$ws" ] || die 2 "run it with bazel run //fuzz:coverage"
build_sh=${RUNFILES_DIR:-$0.runfiles}/wqkit/.clusterfuzzlite/build.sh
[ -r "$build_sh" ] || build_sh=$ws/.clusterfuzzlite/build.sh
for t in clang-19 clang++-19 llvm-profdata-19 llvm-cov-19 python3; do
	command -v "$t" >/dev/null || die 3 "$t not found (./setup.sh installs llvm-19 and clang-19)"
done

# Readable dirs of $dirs into $readable, their inputs into $inputs; a dir
# that cannot be read: one line, skipped. No input at all: exit 2.
corpus_dirs() {
	local d n
	readable=() inputs=0
	for d in "${dirs[@]}"; do
		if [ ! -d "$d" ] || [ ! -r "$d" ] || [ ! -x "$d" ]; then
			echo "coverage: cannot read corpus dir $d: skipped"
			continue
		fi
		n=$(find "$d" -maxdepth 1 -type f | wc -l)
		readable+=("$d")
		inputs=$((inputs + n))
		echo "coverage: $d: $n inputs"
	done
	[ "$inputs" -gt 0 ] || die 2 "no input to run in: ${dirs[*]}"
}
defaults=1
if [ ${#dirs[@]} -gt 0 ]; then
	defaults=0
	corpus_dirs
fi

out=$ws/out/coverage
work=$out/work
stage=$out/.report.$$
trap 'rm -rf "$stage"' EXIT
mkdir -p "$work" "$stage/bin" "$stage/prof" "$stage/empty" || die 3 "cannot write $out"
seed=$ws/core/workqueue.c

# The coverage build (OSS-Fuzz's SANITIZER=coverage flags).
flags="-O1 -fno-omit-frame-pointer -gline-tables-only -fprofile-instr-generate -fcoverage-mapping -pthread"
echo "coverage: building workqueue_fuzzer with $flags (log: $out/build.log)"
if ! env CC=clang-19 CXX=clang++-19 CFLAGS="$flags" CXXFLAGS="$flags" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER=coverage \
	OUT="$stage/bin" SRC="$ws/.." WORK="$work" WQKIT_ROOT="$ws" \
	bash "$build_sh" >"$out/build.log" 2>&1; then
	tail -n 20 "$out/build.log" >&2
	die 3 "build.sh failed (SANITIZER=coverage): see $out/build.log"
fi
bin=$stage/bin/workqueue_fuzzer

# The shipped corpus (encoded by build.sh) and out/*/corpus by default.
if [ "$defaults" = 1 ]; then
	dirs=("$work/wqkit/seeds")
	for d in "$ws"/out/*/corpus; do
		[ -d "$d" ] && dirs+=("$d")
	done
	corpus_dirs
fi

# Every input once. An input that fails ends its process before the
# profile is written: then that dir's inputs run one process each.
run() { LLVM_PROFILE_FILE="$stage/prof/%p.profraw" "$bin" -runs=0 -timeout=60 "$@" >>"$out/run.log" 2>&1; }
: >"$out/run.log"
failed=0
for d in "${readable[@]}"; do
	run "$stage/empty" "$d" && continue
	echo "coverage: an input of $d failed; running its inputs one per process (see $out/run.log)"
	while IFS= read -r -d '' f; do
		run "$f" || failed=$((failed + 1))
	done < <(find "$d" -maxdepth 1 -type f -print0)
done
profs=("$stage"/prof/*.profraw)
[ -e "${profs[0]}" ] || die 3 "no profile written by $bin (see $out/run.log)"
llvm-profdata-19 merge -sparse "${profs[@]}" -o "$stage/coverage.profdata" || die 3 "llvm-profdata-19 merge failed"
rm -rf "$stage/prof" "$stage/empty"

cov=(-instr-profile="$stage/coverage.profdata" "$bin")
llvm-cov-19 show "${cov[@]}" -format=html -show-line-counts-or-regions \
	-output-dir="$stage/html" "$seed" >/dev/null || die 3 "llvm-cov-19 show failed"
llvm-cov-19 report "${cov[@]}" -show-functions "$seed" >"$stage/report.txt" || die 3 "llvm-cov-19 report failed"
llvm-cov-19 export "${cov[@]}" -format=text "$seed" >"$stage/export.json" || die 3 "llvm-cov-19 export failed"

# Summary and unreached functions of the seed, from the export.
python3 - "$stage/export.json" "$seed" "$stage/unreached.txt" >"$stage/summary.txt" <<'PY' || die 3 "cannot read the llvm-cov export"
import json, sys
data = json.load(open(sys.argv[1]))["data"][0]
seed = sys.argv[2]
files = [f for f in data["files"] if f["filename"] == seed]
s = files[0]["summary"] if files else {"lines": {"count": 0, "covered": 0}, "functions": {"count": 0, "covered": 0}}
fns = [f for f in data["functions"] if f["filenames"] and f["filenames"][0] == seed]
unreached = sorted(f["name"].split(":")[-1] for f in fns if f["count"] == 0)
with open(sys.argv[3], "w") as out:
    out.write("".join(n + "\n" for n in unreached))
pct = lambda k: 100.0 * s[k]["covered"] / s[k]["count"] if s[k]["count"] else 0.0
print("core/workqueue.c: lines %d/%d (%.1f%%), functions %d/%d (%.1f%%), %d never reached" % (
    s["lines"]["covered"], s["lines"]["count"], pct("lines"),
    s["functions"]["covered"], s["functions"]["count"], pct("functions"), len(unreached)))
PY
rm -f "$stage/export.json"

# Replace out/coverage/report as a whole.
report=$out/report
old=$out/.old.$$
if ! { [ ! -e "$report" ] || mv "$report" "$old"; } || ! mv "$stage" "$report"; then
	die 3 "cannot move the report into $report"
fi
rm -rf "$old"
trap - EXIT
[ "$failed" -eq 0 ] || echo "coverage: $failed input(s) failed; their runs are not in the profile (see $out/run.log)"
if [ -s "$report/unreached.txt" ]; then
	echo "coverage: never reached: $(paste -sd' ' "$report/unreached.txt")"
fi
echo "coverage: report $report/html/index.html"
echo "== coverage summary: $(cat "$report/summary.txt"); corpus $inputs inputs in ${#readable[@]} dir(s)"
