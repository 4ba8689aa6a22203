#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kenv's layers are one-way: no object of a layer calls a symbol a higher
# layer defines, no source includes a higher layer's header nor a lower
# layer's private one (only the headers after --interface are a layer's
# interface: module_graph.py --layer). And the check fires: with two
# layers swapped, a base file including the sys header, or a sys file
# including sched's private task.h, it fails.
#
#   usage: layers_test.sh MODULE_GRAPH_PY --layer NAME FILE... ...
set -uo pipefail
py=$1
shift
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

/usr/bin/python3 "$py" "$@" >"$T/log" 2>&1
wq_check "the layers call and include only downward" 0 $? \
	"layers base < sched < sys < kenv: 0 upward or private includes and calls"

# Swap the groups of sched and sys: sys's calls into sched are upward.
group() {	# the arguments of layer $1: --layer $1 FILE...
	local a on=0
	for a in "${args[@]}"; do
		if [ "$a" = --layer ]; then
			on=0
		elif [ "$on" = 0 ] && [ "$a" = "$1" ] && [ "$prev" = --layer ]; then
			on=1
			printf '%s\n' --layer "$a"
		elif [ "$on" = 1 ]; then
			printf '%s\n' "$a"
		fi
		prev=$a
	done
}
args=("$@")
prev=
mapfile -t swapped < <(group base; group sys; group sched; group kenv)
/usr/bin/python3 "$py" "${swapped[@]}" >"$T/log" 2>&1
wq_check "a lower layer calling a higher one is caught" 1 $? \
	"sys/timer calls sched/"

# The arguments with source $1 replaced by a copy that also includes $2,
# without the archives (an include is read off the sources: no nm run).
with_include() {
	cp "core/kenv/$1" "$T/$1"
	echo "#include \"$2\"" >>"$T/$1"
	bad=()
	for a in "${args[@]}"; do
		case $a in
		"core/kenv/$1") bad+=("$T/$1") ;;
		*.a | *.o) ;;
		*) bad+=("$a") ;;
		esac
	done
}

# A base source that includes the sys layer's header.
with_include ilock.c sys_internal.h
/usr/bin/python3 "$py" "${bad[@]}" >"$T/log" 2>&1
wq_check "a lower layer including a higher one's header is caught" 1 $? \
	"base/ilock.c includes sys/sys_internal.h"

# A sys source that includes sched's private task.h (not its interface).
with_include timer.c task.h
/usr/bin/python3 "$py" "${bad[@]}" >"$T/log" 2>&1
wq_check "a higher layer including a lower one's private header is caught" \
	1 $? "sys/timer.c includes sched/task.h, private to sched"

wq_test_done layers_test
