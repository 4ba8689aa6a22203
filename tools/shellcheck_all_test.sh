#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The lint of every shell script of the repository: each is
# clean under ShellCheck at severity "warning" (errors and warnings; the style
# notes are opinions: //fuzz:shellcheck_test holds fuzz/tools to all of
# them). The scripts come from each package's :shell_scripts filegroup;
# when the test can see the git checkout behind them, it also checks that
# no tracked shell script (*.sh, or a bash/sh shebang) is missing from
# those filegroups, so a new package cannot slip past the lint.
#
#   usage: shellcheck_all_test.sh SCRIPT...
set -uo pipefail

command -v shellcheck >/dev/null || {
	echo "shellcheck_all_test: shellcheck not installed (./setup.sh installs it)" >&2
	exit 1
}
[ $# -gt 0 ] || {
	echo "shellcheck_all_test: no script given" >&2
	exit 1
}
fail=0
shellcheck -S warning -x "$@" || fail=1

# Completeness: the real files behind the runfiles, against git.
declare -A given=()
for f in "$@"; do
	given[$(readlink -f "$f")]=1
done
top=$(git -C "$(dirname "$(readlink -f "$1")")" rev-parse --show-toplevel 2>/dev/null)
if [ -z "$top" ]; then
	echo "shellcheck_all_test: no git checkout behind the scripts: completeness not checked"
else
	missing=0
	while IFS= read -r -d '' f; do
		case $f in
		*.sh) ;;
		*) head -n 1 "$top/$f" 2>/dev/null | grep -qE '^#!.*[/ ](ba)?sh( |$)' || continue ;;
		esac
		[ -f "$top/$f" ] || continue
		if [ -z "${given[$(readlink -f "$top/$f")]:-}" ]; then
			echo "shellcheck_all_test: $f is tracked but in no :shell_scripts filegroup"
			missing=1
		fi
	done < <(git -C "$top" ls-files -z)
	[ "$missing" = 0 ] || fail=1
fi
[ "$fail" = 0 ] && echo "shellcheck_all_test: $# scripts clean"
exit "$fail"
