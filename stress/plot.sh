#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# //stress:plot DIR...: plots.svg per soak results folder (plot.py).
# The system python3 first: setup.sh installs python3-matplotlib for it.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
exec "$py" stress/plot.py "$@"
