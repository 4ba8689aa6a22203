#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# workflow_test.sh WORKFLOW SCENARIO_DIR: run workflow_test.py; python3
# and python3-yaml come from setup.sh, so their absence is a failure.
exec python3 stress/workflow_test.py "$@"
