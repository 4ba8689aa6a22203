#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# workflows_test.sh SCRIPT FILE... - run the workflow checks with a python3
# that has PyYAML (Debian's python3-yaml, installed by setup.sh).
# Exit: the checks' status; 3 no python3 with PyYAML.
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import yaml' 2>/dev/null; then
		exec "$py" "$@"
	fi
done
echo "workflows_test: no python3 with PyYAML (apt-get install python3-yaml, or ./setup.sh)" >&2
exit 3
