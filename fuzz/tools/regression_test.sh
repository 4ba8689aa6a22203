#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# regression_test.sh - replay a fuzz target's whole shipped corpus (the
# encoded seed programs and corpus/regressions/) through the target's
# per-input function, built with the target's sanitizer. Any failed check,
# sanitizer report or hang fails the test. Arguments come from the BUILD
# rule (fuzz/fuzz.bzl, wq_fuzz_target):
#
#   regression_test.sh --wq-sanitizer=S --wq-replay=BIN [--wq-options=F]...
#                      --wq-dir=DIR...
#
# A DIR missing from the runfiles had no file (e.g. no regression yet).
set -euo pipefail

die() { printf 'regression_test: error: %s\n' "$*" >&2; exit 2; }

sanitizer='' replay='' options=() inputs=()
for a in "$@"; do
	case $a in
	--wq-sanitizer=*) sanitizer=${a#*=} ;;
	--wq-replay=*) replay=${a#*=} ;;
	--wq-options=*) options+=("${a#*=}") ;;
	--wq-dir=*)
		d=${a#*=}
		if [ -d "$d" ]; then
			inputs+=("$d")
		else
			echo "regression_test: $d: no input shipped, skipped"
		fi ;;
	*) die "unexpected argument '$a'" ;;
	esac
done
[ -x "$replay" ] || die "replay binary '$replay' missing"
[ ${#inputs[@]} -gt 0 ] || die "no input to replay"

# shellcheck source=fuzz/tools/sanitizer_env.sh
. fuzz/tools/sanitizer_env.sh
wq_export_sanitizer_options "${options[@]}" || die "bad sanitizer options"

# A loaded CI machine can deschedule a step for seconds: a generous hang
# bound (a real hang still fails, later).
export WQKIT_HANG_MS=${WQKIT_HANG_MS:-15000}

echo "regression_test: replaying ${inputs[*]} (sanitizer $sanitizer)"
exec "$replay" --quiet "${inputs[@]}"
