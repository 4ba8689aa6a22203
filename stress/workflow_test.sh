#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# workflow_test.sh NIGHTLY CI README SCENARIO_DIR: run workflow_test.py with the
# system python3, for which setup.sh installs python3-yaml (its absence
# is a failure).
py=/usr/bin/python3
[ -x "$py" ] || py=python3
exec "$py" stress/workflow_test.py "$@"
