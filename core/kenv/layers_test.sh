#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kenv's layers are one-way: no object of a layer calls a symbol a higher
# layer defines, no source includes a higher layer's private header
# (module_graph.py --layer). And the check fires: with two layers
# swapped, or a base file including the sys header, it fails.
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
	"layers base < sched < sys < kenv: 0 upward dependencies"

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

# A base source that includes the sys layer's header.
cp core/kenv/ilock.c "$T/ilock.c"
echo '#include "sys_internal.h"' >>"$T/ilock.c"
bad=()
for a in "${args[@]}"; do
	case $a in
	core/kenv/ilock.c) bad+=("$T/ilock.c") ;;
	*) bad+=("$a") ;;
	esac
done
/usr/bin/python3 "$py" "${bad[@]}" >"$T/log" 2>&1
wq_check "a lower layer including a higher one's header is caught" 1 $? \
	"base/ilock.c includes sys/sys_internal.h"

wq_test_done layers_test
