#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The lint test (shellcheck_test.sh): the fuzz scripts are clean (sourced
# files followed with -x). ./setup.sh installs shellcheck.
#
#   usage: shellcheck_test.sh SCRIPT...
set -uo pipefail

command -v shellcheck >/dev/null || {
	echo "shellcheck_test: shellcheck not installed (./setup.sh installs it)" >&2
	exit 1
}
shellcheck -x "$@" && echo "shellcheck_test: $# scripts clean"
