# SPDX-License-Identifier: GPL-2.0-only
"""//bench:speed: the default fuzz target's speed on a fixed corpus.

Runs the libFuzzer binary (//fuzz:workqueue_fuzzer_bin, or --bin=FILE)
with -runs=N on a fixed corpus (only read: new inputs go to a scratch
dir), --trials times, alternating with --baseline=FILE
when given (same corpus, same seed, so a before/after comparison shares
the machine's load). Prints, per trial and as medians: libFuzzer's own
exec/s (wall: it depends on the load average, printed beside it; libFuzzer
divides by whole seconds, so the runs over the measured wall time are
printed beside it), CPU
time per exec (user + system, every thread, from wait4()) and context
switches per exec. The CPU figure is the one to compare on a busy machine.
--runs=0 runs each corpus input once and no mutation: the same work for
every binary and trial, the fairest before/after (libFuzzer's own exec/s
on a grown corpus needs --runs > 0: mutations, as a user's run).

Exit: 0 measured; 2 usage or a missing/empty corpus; 3 the binary did not
run (or exited other than 0 without a final stats line).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ASAN = ("detect_leaks=0:abort_on_error=1:allocator_may_return_null=1:"
        "detect_stack_use_after_return=0")
UBSAN = "print_stacktrace=1:halt_on_error=1:silence_unsigned_overflow=1"


def die(code, msg):
    print("speed: " + msg, file=sys.stderr)
    sys.exit(code)


def run_once(binary, corpus, runs, seed, dict_path):
    """One libFuzzer run; returns (execs, exec/s, wall exec/s, cpu us/exec,
    csw/exec)."""
    scratch = tempfile.mkdtemp(prefix="wqkit-speed.")
    try:
        argv = [binary, "-runs=%d" % runs, "-seed=%d" % seed,
                "-max_len=681", "-timeout=60", "-print_final_stats=1"]
        if dict_path:
            argv.append("-dict=" + dict_path)
        argv += [scratch, corpus]
        env = dict(os.environ, ASAN_OPTIONS=ASAN, UBSAN_OPTIONS=UBSAN)
        with open(os.path.join(scratch, ".log"), "w+b") as log:
            t0 = time.monotonic()
            try:
                proc = subprocess.Popen(argv, stdout=log, stderr=log,
                                        env=env)
            except OSError as e:
                die(3, "cannot run %s: %s" % (binary, e))
            _, status, ru = os.wait4(proc.pid, 0)
            wall = time.monotonic() - t0
            log.seek(0)
            text = log.read().decode("utf-8", "replace")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    execs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", text)
    eps = re.findall(r"stat::average_exec_per_sec:\s*(\d+)", text)
    if os.waitstatus_to_exitcode(status) != 0 or not execs or not eps:
        tail = "\n".join(text.splitlines()[-15:])
        die(3, "%s did not finish cleanly (status %d):\n%s"
            % (binary, os.waitstatus_to_exitcode(status), tail))
    n = int(execs[-1])
    cpu = (ru.ru_utime + ru.ru_stime) * 1e6 / n
    csw = (ru.ru_nvcsw + ru.ru_nivcsw) / n
    return n, int(eps[-1]), n / wall, cpu, csw


def main():
    ap = argparse.ArgumentParser(
        prog="bazel run //bench:speed --",
        description="libFuzzer exec/s, CPU time and context switches per "
        "exec of the default fuzz target on a fixed corpus.")
    ap.add_argument("corpus", help="a directory of inputs (read only)")
    ap.add_argument("--runs", type=int, default=5000,
                    help="libFuzzer -runs (default 5000; 0: each corpus "
                    "input once, no mutation)")
    ap.add_argument("--trials", type=int, default=3,
                    help="runs of each binary (default 3)")
    ap.add_argument("--seed", type=int, default=1, help="libFuzzer -seed")
    ap.add_argument("--bin", help="the binary (default: the runfiles')")
    ap.add_argument("--baseline", help="a binary to compare with, "
                    "e.g. a copy of an earlier build")
    ap.add_argument("--dict", help="libFuzzer -dict (default: the kit's)")
    a = ap.parse_args()
    if a.runs < 0 or a.trials < 1:
        die(2, "--runs must be at least 0 and --trials at least 1")
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    binary = a.bin or os.path.join(root, "fuzz", "workqueue_fuzzer_bin")
    dict_path = a.dict or os.path.join(root, "corpus", "workqueue.dict")
    if not os.path.isfile(dict_path):
        dict_path = None
    if not os.path.isdir(a.corpus) or not os.listdir(a.corpus):
        die(2, "%s: not a directory of inputs" % a.corpus)
    bins = [("this", binary)]
    if a.baseline:
        bins.insert(0, ("baseline", a.baseline))
    for _, b in bins:
        if not os.access(b, os.X_OK):
            die(2 if b == a.baseline else 3, "%s: not an executable" % b)
    ninputs = len(os.listdir(a.corpus))
    print("speed: %s (%d inputs), -runs=%d -seed=%d, %d trial(s) each"
          % (a.corpus, ninputs, a.runs, a.seed, a.trials), flush=True)
    res = {name: [] for name, _ in bins}
    for t in range(a.trials):
        for name, b in bins:
            n, eps, weps, cpu, csw = run_once(b, a.corpus, a.runs, a.seed,
                                              dict_path)
            res[name].append((eps, cpu, csw, weps))
            print("  trial %d %-8s %6d execs  %5d exec/s (libFuzzer)  "
                  "%6.0f (wall)  %6.0f us CPU/exec  %6.1f csw/exec  "
                  "load %.1f"
                  % (t + 1, name, n, eps, weps, cpu, csw,
                     os.getloadavg()[0]), flush=True)
    for name, _ in bins:
        v = res[name]
        print("== speed %s: median %d exec/s (libFuzzer, wall; %.0f over "
              "the wall time), %.0f us CPU/exec, %.1f csw/exec over %d "
              "trial(s)"
              % (name, statistics.median(x[0] for x in v),
                 statistics.median(x[3] for x in v),
                 statistics.median(x[1] for x in v),
                 statistics.median(x[2] for x in v), len(v)))
    if a.baseline:
        b = statistics.median(x[1] for x in res["baseline"])
        c = statistics.median(x[1] for x in res["this"])
        print("== speed: CPU per exec %.0f -> %.0f us (%.2fx); at 1 core "
              "that is %.0f -> %.0f execs/s"
              % (b, c, b / c, 1e6 / b, 1e6 / c))
    return 0


if __name__ == "__main__":
    sys.exit(main())
