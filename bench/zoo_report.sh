#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# //bench:zoo_report INPUT...: the zoo's tables and plots (zoo_report.py),
# with the system python3 (setup.sh installs python3-scipy and
# python3-matplotlib for it); paths are the user's (bazel run).
py=$PWD/bench/zoo_report.py
[ -r "$py" ] || py=$(dirname "$0")/zoo_report.py
python=/usr/bin/python3
[ -x "$python" ] || python=python3
cd "${BUILD_WORKING_DIRECTORY:-.}" || exit 2
exec "$python" "$py" "$@"
