#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""bep_summary.py - count one `bazel test` run's results from its Build
Event Protocol file (--build_event_json_file), as test.sh needs them.

    bep_summary.py [--tail=N] BEP_JSON

Prints one line per test that did not pass ("FAILED //pkg:name", "TIMEOUT
...", "FAILED TO BUILD ...", "NO STATUS ..." for a test that built but has
no result, e.g. an interrupted run), followed by the last N lines (default
40) of its test.log when Bazel wrote one, then the count line

    bep: P passed, F failed, S skipped

A target that is not a test and failed to build counts as one failure (it
may hide tests that depend on it). A test skipped as incompatible with the
configuration (target_compatible_with) is counted as skipped, not passed.
Exit 0 when the file was read (whatever the counts), 2 when it cannot be
read or holds no event at all (Bazel stopped before it built anything).
"""

import json
import sys
from urllib.parse import unquote, urlparse

PASS = {"PASSED"}  # FLAKY (passed on a retry) is a failure here


def read_events(path):
    """The events of a BEP JSON file, one per line."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def kind_of(event):
    """The event's id kind ("targetCompleted", "testSummary", ...)."""
    return next(iter(event["id"]))


def summarize(events):
    """Return (passed, failed, skipped, problems); problems is a list of
    (status, label, log path or None) for every failure, in label order."""
    tests = set()  # labels of test rules
    completed = {}  # label -> "ok" | "skipped" | "broken"
    summary = {}  # label -> (overallStatus, log path or None)
    for e in events:
        kind = kind_of(e)
        label = e["id"][kind].get("label")
        if kind == "targetConfigured":
            if e.get("configured", {}).get("targetKind", "").endswith("_test rule"):
                tests.add(label)
        elif kind == "targetCompleted":
            if "aborted" in e:
                skipped = e["aborted"].get("reason") == "SKIPPED"
                completed[label] = "skipped" if skipped else "broken"
            else:
                ok = e.get("completed", {}).get("success", False)
                completed[label] = "ok" if ok else "broken"
        elif kind == "testSummary":
            s = e["testSummary"]
            status = s.get("overallStatus", "NO_STATUS")
            logs = s.get("failed") or s.get("passed") or []
            log = None
            if logs and logs[-1].get("uri", "").startswith("file://"):
                log = unquote(urlparse(logs[-1]["uri"]).path)
            summary[label] = (status, log)

    passed = failed = skipped = 0
    problems = []
    for label in sorted(tests | set(completed) | set(summary)):
        state = completed.get(label)
        if label in summary:
            status, log = summary[label]
            if status in PASS:
                passed += 1
                continue
            failed += 1
            problems.append((status.replace("_", " "), label, log))
        elif state == "skipped":
            skipped += label in tests
        elif state == "broken":
            failed += 1
            problems.append(("FAILED TO BUILD", label, None))
        elif label in tests:
            failed += 1
            problems.append(("NO STATUS", label, None))
    return passed, failed, skipped, problems


def tail(path, n):
    """The last n lines of a file, or [] when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()[-n:]
    except OSError:
        return []


def main(argv):
    n = 40
    args = []
    for a in argv[1:]:
        if a.startswith("--tail="):
            n = int(a[len("--tail="):])
        else:
            args.append(a)
    if len(args) != 1:
        print("usage: bep_summary.py [--tail=N] BEP_JSON", file=sys.stderr)
        return 2
    try:
        events = read_events(args[0])
        if not events:
            print(f"bep_summary: {args[0]}: no build event (Bazel stopped "
                  "first)", file=sys.stderr)
            return 2
        passed, failed, skipped, problems = summarize(events)
    except (OSError, ValueError, KeyError, AttributeError,
            StopIteration) as err:
        print(f"bep_summary: {args[0]}: cannot read: {err!r}", file=sys.stderr)
        return 2
    for status, label, log in problems:
        print(f"{status} {label}")
        for line in tail(log, n) if log else []:
            print(f"    {line}")
    print(f"bep: {passed} passed, {failed} failed, {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
