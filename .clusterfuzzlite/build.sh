#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# .clusterfuzzlite/build.sh - build wqkit's libFuzzer targets under the
# OSS-Fuzz build contract (ClusterFuzzLite, OSS-Fuzz projects/wqkit).
#
# Inputs (the contract; all required): CC CXX CFLAGS CXXFLAGS
# LIB_FUZZING_ENGINE OUT SRC WORK SANITIZER (address, undefined, coverage).
# The source tree is $SRC/wqkit (WQKIT_ROOT overrides). No Bazel: every
# object is compiled with $CC from the source lists fuzz/scale/*.srcs,
# which //fuzz/scale:source_lists_test keeps identical to the Bazel graph;
# binaries are linked with $CXX and $LIB_FUZZING_ENGINE.
#
# Into $OUT, per target (workqueue_fuzzer: the default target,
# //fuzz:workqueue_fuzzer; prog_fuzzer: the program decoder,
# //fuzz/prog:prog_fuzzer; not the misuse target, whose expected
# sanitizer reports would be crashes to ClusterFuzz):
#   <target>                  the binary
#   <target>_seed_corpus.zip  corpus/programs/*.wq and corpus/regressions/*.wq
#                             encoded to bytes by wqc (built here)
#   <target>.dict             corpus/workqueue.dict
#   <target>.options          [libfuzzer] max_len, timeout, dict as the kit's
#                             launcher passes them; [asan] [ubsan] from
#                             sanitizers/*.options
#
# Testing only: WQKIT_ZOO_BUG=<bug> links the zoo build of the core
# (core/bugs/<bug>.patch applied to copies of core/workqueue.c and
# <linux/workqueue.h> in $WORK) into workqueue_fuzzer, the only target
# then built. JOBS=N compiles N files at once (default: nproc). Objects
# are kept in $WORK per flags, so a second run recompiles what changed.
#
# Exit: 0 built; 2 a required variable missing, a bad WQKIT_ZOO_BUG or a
# malformed source list; 3 a compiler, tool or write failed.
set -eu

say() { printf 'build.sh: %s\n' "$*"; }
die() {
	printf 'build.sh: error: %s\n' "$2" >&2
	exit "$1"
}

missing=()
for v in CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE OUT SRC WORK SANITIZER; do
	[ -n "${!v+set}" ] || missing+=("$v")
done
[ ${#missing[@]} -eq 0 ] || die 2 "required variable(s) of the OSS-Fuzz build contract not set: ${missing[*]} (run it in the base-builder image, or set them as fuzz/scale/cflite_emulation_test.sh does)"

root=${WQKIT_ROOT:-$SRC/wqkit}
lists=$root/fuzz/scale
[ -r "$lists/workqueue_fuzzer.srcs" ] || die 2 "no source lists in $lists: is the wqkit tree at \$SRC/wqkit (or \$WQKIT_ROOT)?"
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
zoo=${WQKIT_ZOO_BUG:-}
mkdir -p "$OUT" "$WORK/wqkit" || die 3 "cannot create \$OUT=$OUT or \$WORK=$WORK"
# shellcheck disable=SC2206 # the contract's flags are word lists
cflags=($CFLAGS)
# shellcheck disable=SC2206
cxxflags=($CXXFLAGS)
# shellcheck disable=SC2206
engine=($LIB_FUZZING_ENGINE)

# Fields of kind $2 in source list $1, one per line.
field() {
	awk -v k="$2" -v f="$1" '
		/^[[:space:]]*(#|$)/ { next }
		$1 !~ /^(cflag|include|src|linkopt)$/ || NF != 2 {
			printf "%s:%d: malformed line: %s\n", f, NR, $0 > "/dev/stderr"; bad = 1; exit
		}
		$1 == k { print $2 }
		END { exit bad }' "$1" || die 2 "$1: malformed source list (regenerate: bazel run //fuzz/scale:update_source_lists)"
}

# Apply core/bugs/$zoo.patch to copies of the core; sets $zoo_dir.
zoo_dir='' zoo_hdr=''
if [ -n "$zoo" ]; then
	patch_file=$root/core/bugs/$zoo.patch
	[ -r "$patch_file" ] || die 2 "WQKIT_ZOO_BUG=$zoo: no $patch_file (see core/bugs/bugs.bzl ZOO_BUGS)"
	command -v patch >/dev/null || die 3 "WQKIT_ZOO_BUG needs patch(1)"
	zoo_dir=$WORK/wqkit/zoo/$zoo
	rm -rf "$zoo_dir"
	mkdir -p "$zoo_dir/core/include/linux"
	cp "$root/core/workqueue.c" "$zoo_dir/core/"
	cp "$root/core/include/linux/workqueue.h" "$zoo_dir/core/include/linux/"
	patch -p1 -s -f -F0 --no-backup-if-mismatch -d "$zoo_dir" <"$patch_file" ||
		die 3 "$patch_file does not apply to core/"
	# A patched header is seen first by every source (Bazel: by those
	# depending on the workqueue; the rest do not include it).
	cmp -s "$root/core/include/linux/workqueue.h" "$zoo_dir/core/include/linux/workqueue.h" ||
		zoo_hdr=$zoo_dir/core/include
fi

# True if object $1 is newer than its source and every header it read
# (the compiler's -MD list $1.d, system headers too: core/include is -isystem).
fresh() {
	local dep
	[ -f "$1" ] && [ -f "$1.d" ] || return 1
	while read -r dep; do
		case $dep in *: | '') continue ;; esac
		[ -e "$dep" ] && [ ! "$dep" -nt "$1" ] || return 1
	done < <(sed 's/\\$//' "$1.d" | tr -s ' \t' '\n')
}

# Compile list $1's sources into $WORK, with extra flags $2...; prints
# the objects, one a line. Objects live in a directory per flags and are
# reused while fresh.
compile() {
	local list=$1 src path obj key pid fail=0
	local -a flags objs=() pids=()
	shift
	flags=("${cflags[@]}" "$@")
	while read -r f; do flags+=("$f"); done < <(field "$list" cflag)
	[ -z "$zoo_hdr" ] || flags+=(-I "$zoo_hdr")
	flags+=(-iquote "$root")
	while read -r f; do flags+=(-isystem "$root/$f"); done < <(field "$list" include)
	key=$(printf '%s\n' "$CC" "${flags[@]}" -MD | cksum | cut -d' ' -f1)
	while read -r src; do
		path=$root/$src obj=$WORK/wqkit/obj/$key/${src//\//__}.o
		if [ -n "$zoo_dir" ] && [ "$src" = core/workqueue.c ]; then
			path=$zoo_dir/core/workqueue.c obj=$WORK/wqkit/obj/$key/zoo-$zoo.o
		fi
		objs+=("$obj")
		! fresh "$obj" || continue
		mkdir -p "${obj%/*}"
		"$CC" "${flags[@]}" -MD -MF "$obj.d" -c "$path" -o "$obj.tmp" && mv "$obj.tmp" "$obj" &
		pids+=($!)
		if [ ${#pids[@]} -ge "$jobs" ]; then
			wait "${pids[0]}" || fail=1
			pids=("${pids[@]:1}")
		fi
	done < <(field "$list" src)
	for pid in "${pids[@]}"; do
		wait "$pid" || fail=1
	done
	[ "$fail" = 0 ] || die 3 "$CC failed on a source of $list (see above)"
	printf '%s\n' "${objs[@]}"
}

# Options file of one target: the launcher's libFuzzer flags
# (fuzz/tools/run_fuzzer.sh) and the kit's sanitizer options.
options() {
	local f
	printf '[libfuzzer]\nmax_len = 681\ntimeout = 60\ndict = %s.dict\n' "$1"
	for f in asan ubsan; do
		printf '\n[%s]\n' "$f"
		grep -v '^[[:space:]]*#' "$root/sanitizers/$f.options" | tr ':' '\n' |
			sed -n 's/^\([^=]*\)=\(.*\)$/\1 = \2/p'
	done
}

# Build target $1 from list $2, compiled with extra flags $3...: binary,
# options, dict, seed corpus.
build_target() {
	local name=$1 list=$lists/$2.srcs
	local built
	local -a objs linkopts=()
	shift 2
	built=$(compile "$list" "$@") || exit
	mapfile -t objs <<<"$built"
	while read -r f; do linkopts+=("$f"); done < <(field "$list" linkopt)
	"$CXX" "${cxxflags[@]}" "${objs[@]}" "${engine[@]}" "${linkopts[@]}" -o "$OUT/$name.tmp" ||
		die 3 "$CXX failed to link $name"
	mv "$OUT/$name.tmp" "$OUT/$name"
	options "$name" >"$OUT/$name.options" || die 3 "cannot write $OUT/$name.options"
	cp "$root/corpus/workqueue.dict" "$OUT/$name.dict" || die 3 "cannot write $OUT/$name.dict"
	cp "$WORK/wqkit/seeds.zip" "$OUT/${name}_seed_corpus.zip" || die 3 "cannot write $OUT/${name}_seed_corpus.zip"
	say "built $OUT/$name (${#objs[@]} objects, SANITIZER=$SANITIZER${zoo:+, zoo build $zoo})"
}

# The seed corpus: wqc (the kit's .wq compiler) built plainly, no contract
# flags, then every shipped program encoded.
seeds() {
	local wqc=$WORK/wqkit/wqc src n=0
	local -a srcs=()
	while read -r src; do srcs+=("$root/$src"); done < <(field "$lists/wqc.srcs" src)
	"$CC" -O1 -w -iquote "$root" "${srcs[@]}" -o "$wqc" || die 3 "$CC failed to build wqc"
	rm -rf "$WORK/wqkit/seeds" "$WORK/wqkit/seeds.zip"
	mkdir -p "$WORK/wqkit/seeds"
	for src in "$root"/corpus/programs/*.wq "$root"/corpus/regressions/*.wq; do
		[ -r "$src" ] || continue
		"$wqc" encode "$src" "$WORK/wqkit/seeds/$(basename "$src" .wq).bin" || die 3 "wqc cannot encode $src"
		n=$((n + 1))
	done
	if command -v zip >/dev/null; then
		(cd "$WORK/wqkit/seeds" && zip -q -X -r ../seeds.zip .) || die 3 "zip failed"
	else
		(cd "$WORK/wqkit/seeds" && python3 -m zipfile -c ../seeds.zip ./*.bin) || die 3 "no zip, and python3 -m zipfile failed"
	fi
	say "seed corpus: $n programs"
}

seeds
# Coverage of the workqueue alone (the zoo build's copy too): kenv and the
# harness around it would be noise in the signal (coverage_allowlist.txt).
build_target workqueue_fuzzer workqueue_fuzzer \
	"-fsanitize-coverage-allowlist=$lists/coverage_allowlist.txt"
[ -n "$zoo" ] || build_target prog_fuzzer prog_fuzzer
