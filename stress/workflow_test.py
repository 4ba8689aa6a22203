#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""workflow_test.py WORKFLOW: the nightly soak workflow parses and has the
keys the nightly needs (it cannot run here): a cron schedule; a soak job
in debian:12 with timeout-minutes 350, a matrix over the ASan and TSan
soaks and every scenario, --duration=5h30m, results uploaded also on
failure, and a step failing the job on a non-SUCCESS end."""
import os
import sys

import yaml  # python3-yaml (setup.sh)

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def steps_text(job):
    return "\n".join(str(s.get("run", "")) + " " + str(s.get("uses", ""))
                     for s in job.get("steps", []))


def main(path, scenario_dir):
    with open(path) as f:
        wf = yaml.safe_load(f)
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare 'on' as True
    check(isinstance(on, dict) and on.get("schedule")
          and "cron" in on["schedule"][0], "no cron schedule")
    soak = wf.get("jobs", {}).get("soak", {})
    check(soak.get("container") == "debian:12", "soak job not in debian:12")
    check(soak.get("timeout-minutes") == 350, "soak timeout-minutes is not 350")
    matrix = soak.get("strategy", {}).get("matrix", {})
    check(sorted(matrix.get("soak", [])) == ["soak", "soak_tsan"],
          "matrix is not over soak (ASan) and soak_tsan")
    scenarios = sorted(os.listdir(scenario_dir))
    check(sorted(matrix.get("scenario", [])) == scenarios,
          "matrix scenarios %s != stress/scenarios %s"
          % (matrix.get("scenario"), scenarios))
    text = steps_text(soak)
    check("--duration=5h30m" in text, "no --duration=5h30m")
    check("//stress:${{ matrix.soak }}" in text, "soak not run from the matrix")
    check("//stress:recheck" in text, "no recheck step")
    uploads = [s for s in soak.get("steps", [])
               if "upload-artifact" in str(s.get("uses", ""))]
    check(uploads and uploads[0].get("if") == "always()",
          "results not uploaded also on failure")
    check(any("steps.soak.outputs.rc" in str(s.get("run", ""))
              and s.get("if") == "always()" for s in soak.get("steps", [])),
          "no step failing the job on a FAILURE end")
    fuzz = wf.get("jobs", {}).get("fuzz", {})
    check(fuzz.get("container") == "debian:12", "fuzz job not in debian:12")
    for e in errors:
        print("FAIL: %s: %s" % (path, e))
    if not errors:
        print("PASS")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
