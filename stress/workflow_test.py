#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""workflow_test.py NIGHTLY CI README SCENARIO_DIR: the nightly soak and
per-push CI workflows parse and have the keys they need (they cannot run
here).

- every job runs in the debian:12 container (with seccomp unconfined,
  for TSan's ASLR re-exec), unless README.md claims another system;
- ci: setup.sh then test.sh, as root in the container (no sudo);
- nightly soak: a cron schedule, timeout-minutes 350, a matrix over the
  ASan and TSan soaks and every scenario, --duration=5h30m, recheck,
  results uploaded also on failure, a step failing the job on a
  non-SUCCESS end;
- nightly fuzz: every fuzz target for 30 minutes, its crash folders
  through //reports:triage, findings and reports uploaded also on
  failure, a step failing the job on a finding."""
import os
import re
import sys

import yaml  # python3-yaml (setup.sh)

FUZZ_TARGETS = ["workqueue_afl", "workqueue_fuzzer", "workqueue_fuzzer_misuse",
                "workqueue_fuzzer_tsan"]
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def steps_text(job):
    return "\n".join(str(s.get("run", "")) + " " + str(s.get("uses", ""))
                     for s in job.get("steps", []))


def always_steps(job, pred):
    return [s for s in job.get("steps", [])
            if pred(s) and str(s.get("if", "")).startswith("always()")]


def uploads_always(job):
    return always_steps(job, lambda s: "upload-artifact" in str(s.get("uses", "")))


def check_container(wf_name, name, job, claims_other_os):
    c = job.get("container")
    image = c.get("image") if isinstance(c, dict) else c
    if image is None and claims_other_os:
        return          # a job on the runner's own system, as README claims
    check(image == "debian:12", "%s: job %s not in the debian:12 container" % (wf_name, name))
    opts = c.get("options", "") if isinstance(c, dict) else ""
    check("seccomp=unconfined" in opts,
          "%s: job %s: container without --security-opt seccomp=unconfined (TSan's re-exec)" % (wf_name, name))


def check_ci(ci, claims_other_os):
    for name, job in ci.get("jobs", {}).items():
        check_container("ci", name, job, claims_other_os)
    text = "\n".join(steps_text(j) for j in ci.get("jobs", {}).values())
    check("./setup.sh && ./test.sh" in text, "ci: does not run ./setup.sh && ./test.sh")
    check("sudo" not in text, "ci: sudo in a root container (debian:12 has no sudo)")


def check_soak(wf, scenario_dir):
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare 'on' as True
    check(isinstance(on, dict) and on.get("schedule")
          and "cron" in on["schedule"][0], "nightly: no cron schedule")
    soak = wf.get("jobs", {}).get("soak", {})
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
    check(uploads_always(soak), "soak results not uploaded also on failure")
    check(always_steps(soak, lambda s: "steps.soak.outputs.rc" in str(s.get("run", ""))),
          "no step failing the soak job on a FAILURE end")


def check_fuzz(wf):
    fuzz = wf.get("jobs", {}).get("fuzz", {})
    include = fuzz.get("strategy", {}).get("matrix", {}).get("include", [])
    targets = sorted(i.get("target") for i in include)
    check(targets == FUZZ_TARGETS, "fuzz matrix %s != the fuzz targets %s" % (targets, FUZZ_TARGETS))
    text = steps_text(fuzz)
    check("//fuzz:${{ matrix.target }}" in text, "fuzz target not run from the matrix")
    check("--timeout_secs=1800" in text, "fuzz targets not run for 30 minutes")
    triage = always_steps(fuzz, lambda s: "//reports:triage" in str(s.get("run", "")))
    check(triage, "no triage step (also after a finding)")
    for i in include:
        if i.get("crashes"):
            check(re.match(r"out/%s/" % re.escape(i["target"]), i["crashes"]),
                  "fuzz %s: crash folder %s outside out/<target>/" % (i["target"], i["crashes"]))
    ups = uploads_always(fuzz)
    check(ups and "out/reports" in str(ups[0].get("with", {}).get("path", "")),
          "fuzz findings and reports not uploaded also on failure")
    check(always_steps(fuzz, lambda s: "steps.fuzz.outputs.rc" in str(s.get("run", ""))),
          "no step failing the fuzz job on a finding")


def main(nightly_path, ci_path, readme_path, scenario_dir):
    nightly, ci = load(nightly_path), load(ci_path)
    with open(readme_path) as f:
        heads = [l for l in f if l.startswith("## On a fresh ")]
    check(heads, "README has no '## On a fresh <system> machine' heading")
    claims_other_os = any("ubuntu" in h.lower() for h in heads)
    check_ci(ci, claims_other_os)
    for name, job in nightly.get("jobs", {}).items():
        check_container("nightly", name, job, False)
    check_soak(nightly, scenario_dir)
    check_fuzz(nightly)
    if claims_other_os:
        check(any("container" not in j and "ubuntu" in str(j.get("runs-on"))
                  for j in ci.get("jobs", {}).values()),
              "README claims Ubuntu, yet no ci job runs on the Ubuntu runner itself")
    for e in errors:
        print("FAIL: %s" % e)
    if not errors:
        print("PASS")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print("usage: workflow_test.py NIGHTLY CI README SCENARIO_DIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
