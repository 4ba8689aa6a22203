# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
#
# testing.sh - sourced by the shell tests of fuzz/tools: a scratch dir $T,
# checks that count failures, and the last line.
#
#   some command >"$T/log" 2>&1
#   wq_check DESCRIPTION EXPECTED_STATUS $? [EGREP_PATTERN...]   (on $T/log)
#   wq_count_is DESCRIPTION EXPECTED GOT
#   wq_fail DESCRIPTION
#   wq_test_done NAME        (exit status of the test)

T=${TEST_TMPDIR:-$(mktemp -d)}
wq_fails=0

wq_fail() {
	echo "FAIL: $*"
	wq_fails=$((wq_fails + 1))
}

wq_check() {
	local what=$1 want=$2 got=$3 pat
	shift 3
	if [ "$got" != "$want" ]; then
		wq_fail "$what: exit $got, expected $want"
		sed 's/^/   | /' "$T/log" | tail -n 20
		return
	fi
	for pat in "$@"; do
		if ! grep -qE -- "$pat" "$T/log"; then
			wq_fail "$what: output lacks /$pat/"
			sed 's/^/   | /' "$T/log" | tail -n 20
			return
		fi
	done
	echo "ok: $what"
}

wq_count_is() {
	if [ "$3" = "$2" ]; then
		echo "ok: $1"
	else
		wq_fail "$1: $3, expected $2"
	fi
}

wq_test_done() {
	echo "$1: $wq_fails failure(s)"
	[ "$wq_fails" = 0 ]
}
