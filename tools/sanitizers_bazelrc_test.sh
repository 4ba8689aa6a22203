#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sanitizers/sanitizers.bazelrc is what the table sanitizers/sanitizers.bzl
# and the options files give; a changed options file or table makes the
# check fail, a suppression in tsan.supp is refused (exit 2), and
# sanitizer_env.sh reads each sanitizer's files off the generated view.
#
#   usage: sanitizers_bazelrc_test.sh SANITIZERS_BAZELRC_PY
set -uo pipefail
py=$1
# shellcheck source=fuzz/tools/testing.sh
. fuzz/tools/testing.sh

/usr/bin/python3 "$py" --check .
wq_count_is "the shipped fragment is current" 0 $?

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
mkdir "$copy/sanitizers"
cp -L sanitizers/* "$copy/sanitizers/"
echo "verbosity=1" >>"$copy/sanitizers/tsan.options"
/usr/bin/python3 "$py" --check "$copy" >/dev/null
wq_count_is "a changed options file is seen" 1 $?
cp -L sanitizers/tsan.options "$copy/sanitizers/"
sed -i 's/-DWQKIT_TSAN=1/-DWQKIT_TSAN=2/' "$copy/sanitizers/sanitizers.bzl"
/usr/bin/python3 "$py" --check "$copy" >/dev/null
wq_count_is "a changed table is seen" 1 $?
cp -L sanitizers/sanitizers.bzl "$copy/sanitizers/"
echo "race:foo" >>"$copy/sanitizers/tsan.supp"
err=$(/usr/bin/python3 "$py" --check "$copy" 2>&1 >/dev/null)
wq_count_is "a suppression is refused" 2 $?
wq_count_is "in one line" 1 "$(wc -l <<<"$err")"

# The tests run under the options the launchers export.
grep -q "^build:asan --test_env=ASAN_OPTIONS=$(grep -v '^#' sanitizers/asan.options)$" sanitizers/sanitizers.bazelrc
wq_count_is "tests get asan.options" 0 $?
wq_test_done sanitizers_bazelrc_test
