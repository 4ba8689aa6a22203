#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# cflite_emulation_test.sh BUILD_SH ZOO_WQ BUG SANITIZER... - run
# .clusterfuzzlite/build.sh the way OSS-Fuzz's base-builder image does
# (CC=clang-19, the image's CFLAGS for each SANITIZER, LIB_FUZZING_ENGINE,
# OUT/SRC/WORK temp dirs, the source tree at $SRC/wqkit), then:
#   - each binary in $OUT runs 1,000 runs on its unzipped seed corpus with
#     the flags and sanitizer options of its .options, and exits 0;
#   - the zoo build (WQKIT_ZOO_BUG=BUG, same flags) crashes on ZOO_WQ
#     (corpus/zoo/BUG.wq, encoded by the wqc build.sh built), the clean
#     build does not.
# Prints the build time and each run's result. Exit 0 all held, 1 not.
set -uo pipefail

build_sh=$1 zoo_wq=$2 bug=$3
shift 3
root=$PWD
tmp=${TEST_TMPDIR:-$(mktemp -d)}
status=0
fail() {
	echo "FAIL: $*"
	status=1
}

# OSS-Fuzz infra/base-images/base-builder: CFLAGS of each sanitizer.
common="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
ubsan_checks=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr
ubsan_fatal=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
sanitizer_flags() {
	case $1 in
	address) echo "-fsanitize=address -fsanitize-address-use-after-scope" ;;
	undefined) echo "-fsanitize=$ubsan_checks -fno-sanitize-recover=$ubsan_fatal" ;;
	*) echo "unknown sanitizer $1" >&2; return 2 ;;
	esac
}

mkdir -p "$tmp/src" && ln -sfn "$root" "$tmp/src/wqkit"

# run_build SANITIZER OUT [ZOO_BUG]: build.sh with the image's variables.
run_build() {
	local flags t0 t1
	flags="$common $(sanitizer_flags "$1") -fsanitize=fuzzer-no-link"
	t0=$(date +%s%N)
	env CC=clang-19 CXX=clang++-19 CFLAGS="$flags" CXXFLAGS="$flags" \
		LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER="$1" \
		OUT="$2" SRC="$tmp/src" WORK="$tmp/work-$1" WQKIT_ZOO_BUG="${3:-}" \
		bash "$build_sh" || return 1
	t1=$(date +%s%N)
	echo "build.sh SANITIZER=$1${3:+ WQKIT_ZOO_BUG=$3}: $(((t1 - t0) / 1000000)) ms"
}

# Section $2 of options file $1 as "key=value" lines.
section() {
	awk -v s="[$2]" '/^\[/ { on = ($0 == s); next }
		on && /=/ { k = $0; sub(/[ \t]*=.*/, "", k); v = $0; sub(/^[^=]*=[ \t]*/, "", v); print k "=" v }' "$1"
}

# run_target OUT NAME ARGS...: NAME in $OUT as ClusterFuzz runs it: in
# $OUT, libFuzzer flags and sanitizer options from NAME.options. Prints
# the output to NAME.log beside; returns the binary's status.
run_target() {
	local out=$1 name=$2
	shift 2
	local -a lf=()
	mapfile -t lf < <(section "$out/$name.options" libfuzzer | sed 's/^/-/')
	(cd "$out" && ASAN_OPTIONS=$(section "$name.options" asan | paste -sd:) \
		UBSAN_OPTIONS=$(section "$name.options" ubsan | paste -sd:) \
		"./$name" "${lf[@]}" "$@") >"$out/$name.log" 2>&1
}

for san in "$@"; do
	out=$tmp/out-$san
	echo "=== SANITIZER=$san"
	run_build "$san" "$out" || { fail "build.sh SANITIZER=$san failed"; continue; }
	bins=()
	for f in "$out"/*; do
		[ -f "$f" ] && [ -x "$f" ] && bins+=("${f##*/}")
	done
	[ "${bins[*]}" = "prog_fuzzer workqueue_fuzzer" ] || fail "binaries in \$OUT: '${bins[*]}', expected 'prog_fuzzer workqueue_fuzzer'"
	for b in "${bins[@]}"; do
		for x in .options .dict _seed_corpus.zip; do
			[ -s "$out/$b$x" ] || fail "no $b$x in \$OUT"
		done
		corpus=$tmp/corpus-$san-$b
		mkdir -p "$corpus"
		unzip -q -o "$out/${b}_seed_corpus.zip" -d "$corpus" || fail "cannot unzip ${b}_seed_corpus.zip"
		seeds=$(find "$corpus" -type f | wc -l)
		t0=$(date +%s%N)
		if run_target "$out" "$b" -runs=1000 "$corpus"; then
			t1=$(date +%s%N)
			echo "ok: $b: 1000 runs on $seeds seeds, $(((t1 - t0) / 1000000)) ms, $(grep -o 'cov: [0-9]*' "$out/$b.log" | tail -n 1)"
		else
			tail -n 30 "$out/$b.log"
			fail "$b ($san) failed its 1000-run smoke"
		fi
	done
	# Coverage of the workqueue alone (coverage_allowlist.txt): the harness
	# around it had 5,289 inline counters, workqueue.c about 400.
	counters=$(sed -n 's/.*Loaded 1 modules *(\([0-9]*\) inline 8-bit counters).*/\1/p' "$out/workqueue_fuzzer.log" | head -n 1)
	if [ -n "$counters" ] && [ "$counters" -lt 1000 ]; then
		echo "ok: workqueue_fuzzer ($san): $counters inline counters, the workqueue's alone"
	else
		fail "workqueue_fuzzer ($san): '${counters:-no}' inline counters, expected the workqueue's alone (< 1000)"
	fi
	# The zoo build, made the same way, crashes on the bug's reproducer.
	zoo_out=$tmp/out-$san-zoo
	run_build "$san" "$zoo_out" "$bug" || { fail "zoo build $bug ($san) failed"; continue; }
	repro=$tmp/$bug.bin
	"$tmp/work-$san/wqkit/wqc" encode "$root/$zoo_wq" "$repro" || { fail "cannot encode $zoo_wq"; continue; }
	if run_target "$zoo_out" workqueue_fuzzer "$repro"; then
		fail "$bug ($san): the zoo build did not crash on $zoo_wq"
	elif grep -q '==wqkit== FAILURE' "$zoo_out/workqueue_fuzzer.log"; then
		echo "ok: zoo build $bug crashes on $zoo_wq: $(grep -m1 '^ *title:' "$zoo_out/workqueue_fuzzer.log" | sed 's/^ *//')"
	else
		tail -n 30 "$zoo_out/workqueue_fuzzer.log"
		fail "$bug ($san): the zoo build failed, but without a ==wqkit== FAILURE report"
	fi
	run_target "$out" workqueue_fuzzer "$repro" || fail "$bug ($san): the clean build fails on $zoo_wq too"
done
[ "$status" = 0 ] && echo "PASS: build.sh emulated for: $*"
exit "$status"
