# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sanitizer_env.sh - sourced by the fuzz launchers and tests: export the
# sanitizer options of sanitizers/ so a run behaves like the tests.
#
#   wq_export_sanitizer_options FILE...
#   wq_workspace_options WORKSPACE SANITIZER   (lists the FILEs)
#
# asan.options -> ASAN_OPTIONS, ubsan.options -> UBSAN_OPTIONS,
# tsan.options -> TSAN_OPTIONS, tsan.supp -> TSAN_OPTIONS suppressions=.
# Lines starting with '#' are comments. Options already in the
# environment come last, so they win.

# The options files of sanitizer $2 ("asan", "tsan") in workspace $1,
# one per line (those that exist), as the table sanitizers/sanitizers.bzl
# names them: read off its generated view sanitizers/sanitizers.bazelrc
# ("# options NAME: FILE...").
wq_workspace_options() {
	local f
	local -a files=()

	[ ! -r "$1/sanitizers/sanitizers.bazelrc" ] ||
		read -r -a files < <(sed -n "s/^# options $2: //p" "$1/sanitizers/sanitizers.bazelrc") || true
	for f in "${files[@]}"; do
		[ ! -r "$1/$f" ] || printf '%s\n' "$1/$f"
	done
}

# Options of one file on one line, ':'-separated.
wq_options_of() {
	grep -v '^[[:space:]]*#' "$1" | tr -s '\n' ':' | sed 's/^://; s/:$//'
}

wq_export_sanitizer_options() {
	local f base name val
	local asan='' ubsan='' tsan=''

	for f in "$@"; do
		[ -r "$f" ] || { echo "wqkit: cannot read sanitizer options $f" >&2; return 2; }
		base=$(basename "$f")
		case $base in
		*.supp)
			tsan="${tsan:+$tsan:}suppressions=$(readlink -f "$f")" ;;
		asan.options | ubsan.options | tsan.options)
			name=${base%.options}
			val=$(wq_options_of "$f")
			case $name in
			asan) asan="${asan:+$asan:}$val" ;;
			ubsan) ubsan="${ubsan:+$ubsan:}$val" ;;
			tsan) tsan="${tsan:+$tsan:}$val" ;;
			esac ;;
		*)
			echo "wqkit: unknown sanitizer options file $f" >&2
			return 2 ;;
		esac
	done
	[ -z "$asan" ] || export ASAN_OPTIONS="$asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	[ -z "$ubsan" ] || export UBSAN_OPTIONS="$ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
	[ -z "$tsan" ] || export TSAN_OPTIONS="$tsan${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
	return 0
}
