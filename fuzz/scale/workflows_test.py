# SPDX-License-Identifier: GPL-2.0-only
"""workflows_test.py FILE... - the ClusterFuzzLite workflows parse and say
what README "Scale-out" promises: PR code-change fuzzing 600 s with SARIF
for address and undefined, batch 3600 s on a cron, upload-build on push to
main, prune and coverage on a cron; language c everywhere; the
storage-repo settings only as commented placeholders."""
import os
import sys

import yaml

BUILD = "google/clusterfuzzlite/actions/build_fuzzers@v1"
RUN = "google/clusterfuzzlite/actions/run_fuzzers@v1"
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def steps(job, action):
    return [s.get("with", {}) for s in job.get("steps", []) if s.get("uses") == action]


def triggers(doc):
    # YAML 1.1 reads the key `on` as True.
    return doc.get("on", doc.get(True, {})) or {}


def sanitizers(job):
    return job.get("strategy", {}).get("matrix", {}).get("sanitizer", [])


def jobs_with(doc, action):
    return [(n, j, w) for n, j in doc["jobs"].items() for w in steps(j, action)]


def check_common(name, doc, text):
    check("storage-repo:" not in text.replace("# storage-repo", ""), name + ": storage-repo set (only a commented placeholder is shipped)")
    check("# storage-repo: https://" in text, name + ": no storage-repo placeholder")
    for n, _, w in jobs_with(doc, BUILD):
        check(w.get("language") == "c", "%s: job %s: build_fuzzers language is not c" % (name, n))
    check(jobs_with(doc, BUILD), name + ": no build_fuzzers step")


def pr(doc):
    check("pull_request" in triggers(doc), "cflite_pr: not on pull_request")
    runs = jobs_with(doc, RUN)
    check(len(runs) == 1, "cflite_pr: expected one run_fuzzers step")
    for n, job, w in runs:
        check(w.get("mode") == "code-change", "cflite_pr: mode is not code-change")
        check(w.get("fuzz-seconds") == 600, "cflite_pr: fuzz-seconds is not 600")
        check(w.get("output-sarif") is True, "cflite_pr: output-sarif is not true")
        check(sorted(sanitizers(job)) == ["address", "undefined"], "cflite_pr: sanitizers are not address and undefined")
        check(job.get("permissions", {}).get("security-events") == "write", "cflite_pr: SARIF upload needs security-events: write")


def batch(doc):
    check(triggers(doc).get("schedule"), "cflite_batch: no cron schedule")
    runs = jobs_with(doc, RUN)
    check(runs, "cflite_batch: no run_fuzzers step")
    for n, job, w in runs:
        check(w.get("mode") == "batch", "cflite_batch: mode is not batch")
        check(w.get("fuzz-seconds") == 3600, "cflite_batch: fuzz-seconds is not 3600")
        check(sorted(sanitizers(job)) == ["address", "undefined"], "cflite_batch: sanitizers are not address and undefined")


def build(doc):
    push = triggers(doc).get("push") or {}
    check(push.get("branches") == ["main"], "cflite_build: not on push to main")
    builds = jobs_with(doc, BUILD)
    check(builds and all(w.get("upload-build") is True for _, _, w in builds), "cflite_build: upload-build is not true")
    check(not jobs_with(doc, RUN), "cflite_build: runs fuzzers (it only uploads builds)")


def cron(doc):
    check(triggers(doc).get("schedule"), "cflite_cron: no cron schedule")
    modes = {w.get("mode"): (job, w) for _, job, w in jobs_with(doc, RUN)}
    check(set(modes) == {"prune", "coverage"}, "cflite_cron: modes are %s, expected prune and coverage" % sorted(modes, key=str))
    if "coverage" in modes:
        job, w = modes["coverage"]
        check(w.get("sanitizer") == "coverage", "cflite_cron: coverage run is not SANITIZER=coverage")
        check(any(b.get("sanitizer") == "coverage" for b in steps(job, BUILD)), "cflite_cron: coverage job does not build with sanitizer coverage")


CHECKS = {"cflite_pr": pr, "cflite_batch": batch, "cflite_build": build, "cflite_cron": cron}


def main(paths):
    seen = set()
    for path in paths:
        name = os.path.basename(path)[:-len(".yml")]
        if name not in CHECKS:
            continue
        seen.add(name)
        with open(path) as f:
            text = f.read()
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as e:
            errors.append("%s: does not parse: %s" % (path, e))
            continue
        check_common(name, doc, text)
        CHECKS[name](doc)
    for name in sorted(set(CHECKS) - seen):
        errors.append(name + ".yml: missing")
    for e in errors:
        print("FAIL: " + e)
    if not errors:
        print("ok: %s" % ", ".join(sorted(seen)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
