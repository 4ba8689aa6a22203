# SPDX-License-Identifier: GPL-2.0-only
"""zoo_report: the tables and plots of the zoo benchmark (bench/zoo.sh).

    zoo_report.py [--out_dir=DIR] [--budget_secs=B] [--engines=a,b]
                  [--baseline=naive] [--title=TEXT] INPUT...

INPUT: a results folder (its trials.csv, else its rows/*.csv: an
interrupted run) or a trials.csv. Several inputs (sessions that ran
other bugs, e.g. `//bench:zoo -- --bugs=...`) merge into one results
set: a trial (bug, engine, trial number) twice must be the same row.
Rows: bug,engine,trial,seed,found,seconds[,execs,budget[,seed_pass]],title;
the older 7-column rows carry no budget: give --budget_secs; 9-column
rows do not say whether a find came in the seed pass (unknown: counted as
a find of the engine). Bug "clean" is
the unmodified core: any failure there is a false positive.

Into DIR (default: the one input folder): trials.csv (the merged rows),
summary.md and found.svg, each written to a temporary name and renamed.
Per bug and engine: found k/N, the Kaplan-Meier median time to exposure
(trials that found nothing are censored at their budget) and the median
executions to exposure of the trials that found it; per bug, the
Vargha-Delaney A12 of each engine against the baseline on the censored
times and on the executions to exposure (the probability that the engine
exposes the bug sooner; ties, both censored included, count one half)
with the Mann-Whitney U test's two-sided p (scipy.stats). A find in the
seed pass (seed_pass 1: the engine was still running the shipped seeds,
which every engine runs, each in its own order) is a find of the seeds,
not of the engine: all such finds tie with each other, before any other
find. found.svg: per bug, the Kaplan-Meier curves
(fraction of trials that exposed it by time t) of every engine.

Exit: 0 written; 2 usage or bad input (one line, nothing written); 3 a
write failed.
"""

import argparse
import csv
import glob
import math
import os
import sys
import tempfile

CLEAN = "clean"
COLUMNS = ["bug", "engine", "trial", "seed", "found", "seconds", "execs", "budget", "seed_pass", "title"]


class BadInput(Exception):
    pass


def read_rows(path, budget):
    """Rows of one trials.csv or rows/*.csv file, as dicts of COLUMNS."""
    rows = []
    with open(path, newline="") as f:
        for n, rec in enumerate(csv.reader(f), 1):
            if not rec or rec[0] == "bug":
                continue
            if len(rec) == 7:
                if budget is None:
                    raise BadInput("%s:%d: a 7-column row has no budget: give --budget_secs" % (path, n))
                rec = rec[:6] + ["", str(budget), rec[6]]
            if len(rec) == 9:
                rec = rec[:8] + ["", rec[8]]
            if len(rec) != len(COLUMNS):
                raise BadInput("%s:%d: expected %d fields, got %d" % (path, n, len(COLUMNS), len(rec)))
            r = dict(zip(COLUMNS, rec))
            try:
                r["trial"] = int(r["trial"])
                r["found"] = {"0": False, "1": True}[r["found"]]
                r["seconds"] = float(r["seconds"])
                r["budget"] = float(r["budget"])
                r["execs"] = int(r["execs"]) if r["execs"] else None
                r["seed_pass"] = {"": None, "0": False, "1": True}[r["seed_pass"]]
            except (ValueError, KeyError):
                raise BadInput("%s:%d: bad row: %s" % (path, n, ",".join(rec)))
            if r["found"] and r["seconds"] > r["budget"]:
                raise BadInput("%s:%d: found after the budget" % (path, n))
            if r["seed_pass"] and not r["found"]:
                raise BadInput("%s:%d: a seed-pass find that was not found" % (path, n))
            rows.append(r)
    return rows


def input_files(inp):
    if os.path.isdir(inp):
        t = os.path.join(inp, "trials.csv")
        if os.path.exists(t):
            return [t]
        rows = sorted(glob.glob(os.path.join(inp, "rows", "*.csv")))
        if not rows:
            raise BadInput("%s: no trials.csv and no rows/*.csv" % inp)
        return rows
    if not os.path.isfile(inp):
        raise BadInput("%s: no such file or folder" % inp)
    return [inp]


def merge(inputs, budget):
    """Every input's rows, one per (bug, engine, trial)."""
    trials, where = {}, {}
    for inp in inputs:
        for path in input_files(inp):
            for r in read_rows(path, budget):
                key = (r["bug"], r["engine"], r["trial"])
                if key in trials and trials[key] != r:
                    raise BadInput("%s trial %d of %s: different rows in %s and %s" %
                                   (key[1], key[2], key[0], where[key], path))
                trials[key], where[key] = r, path
    if not trials:
        raise BadInput("no trial in %s" % " ".join(inputs))
    return [trials[k] for k in sorted(trials)]


def kaplan_meier(rows):
    """[(t, fraction found by t)] at each exposure time; censored at budgets."""
    events = sorted(r["seconds"] for r in rows if r["found"])
    at_risk, surv, curve = len(rows), 1.0, [(0.0, 0.0)]
    cens = sorted(r["budget"] for r in rows if not r["found"])
    i = 0
    for t in sorted(set(events)):
        while i < len(cens) and cens[i] < t:
            at_risk -= 1
            i += 1
        d = events.count(t)
        surv *= 1.0 - d / at_risk
        at_risk -= d
        curve.append((t, 1.0 - surv))
    return curve


def km_median(rows):
    for t, frac in kaplan_meier(rows):
        if frac >= 0.5:
            return t
    return None


def median(xs):
    xs = sorted(xs)
    if not xs:
        return None
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2.0


def a12(rows, base, key="seconds"):
    """(A12, Mann-Whitney two-sided p): P(engine exposes sooner than base).

    key: "seconds" (censored at the budget) or "execs" (a trial that
    found nothing is after every find). Seed-pass finds tie at -1.
    """
    from scipy.stats import mannwhitneyu

    budgets = {r["budget"] for r in rows + base}
    if len(budgets) != 1:
        return None, None  # censored at different times: not comparable
    if key == "execs" and any(r["found"] and r["execs"] is None for r in rows + base):
        return None, None
    if key == "seconds":
        never = 2.0 * budgets.pop() + 1.0  # after every exposure, tied with itself
    else:
        never = 2.0 * max([r["execs"] or 0 for r in rows + base] + [0]) + 1.0

    def value(r):
        if not r["found"]:
            return never
        return -1.0 if r["seed_pass"] else r[key]
    x = [value(r) for r in rows]
    y = [value(r) for r in base]
    if not x or not y:
        return None, None
    if len(set(x + y)) == 1:
        return 0.5, 1.0
    res = mannwhitneyu(x, y, alternative="two-sided")
    # U counts the pairs where x is later (ties one half): A12 is the rest.
    return 1.0 - res.statistic / (len(x) * len(y)), float(res.pvalue)


def fmt_secs(s):
    return "%.1fs" % s


def a12_table(by, bugs, others, baseline, key, suffix):
    """The rows of an A12 table: per bug, each engine against baseline on key."""
    out = []
    for bug in bugs:
        cells = []
        for e in others:
            v, p = a12(by.get((bug, e), []), by.get((bug, baseline), []), key)
            cells.append("n/a" if v is None else "%.2f (p %.2g)" % (v, p))
        out.append("| %s%s | %s |" % (bug, suffix, " | ".join(cells)))
    return out


def summary(rows, engines, baseline, title):
    bugs = sorted({r["bug"] for r in rows if r["bug"] != CLEAN})
    by = {}
    for r in rows:
        by.setdefault((r["bug"], r["engine"]), []).append(r)
    out = ["# %s" % title, ""]
    out += [
        "Per bug and engine: found k/N trials; the Kaplan-Meier median time",
        "to exposure (seconds until the engine wrote its first crash; a trial",
        "that found nothing is censored at its budget: \">B\" when fewer than",
        "half found it by B); the median executions to exposure of the trials",
        "that found it. Bold: found in every trial.",
        "",
        "| bug | budget | " + " | ".join(engines) + " |",
        "|---|---|" + "---|" * len(engines),
    ]
    for bug in bugs:
        cells = []
        budgets = sorted({r["budget"] for e in engines for r in by.get((bug, e), [])})
        for e in engines:
            rs = by.get((bug, e))
            if not rs:
                cells.append("not run")
                continue
            k = sum(r["found"] for r in rs)
            m = km_median(rs)
            execs = median([r["execs"] for r in rs if r["found"] and r["execs"] is not None])
            cell = "%d/%d, %s" % (k, len(rs), fmt_secs(m) if m is not None else ">%gs" % max(r["budget"] for r in rs))
            if execs is not None:
                cell += ", %d execs" % execs
            seeded = sum(bool(r["seed_pass"]) for r in rs)
            if seeded:
                cell += ", %d in the seed pass" % seeded
            cells.append("**%s**" % cell if k == len(rs) else cell)
        out.append("| %s | %s | %s |" % (bug, "/".join("%gs" % b for b in budgets), " | ".join(cells)))
    found_any = ["%d/%d" % (sum(any(r["found"] for r in by.get((b, e), [])) for b in bugs), len(bugs))
                 for e in engines]
    out.append("| *bugs found (in any trial)* | | %s |" % " | ".join(found_any))

    others = [e for e in engines if e != baseline]
    if baseline in engines and others:
        out += ["", "## A12 against %s" % baseline, "",
                "Vargha-Delaney A12 of each engine against %s on the censored times:" % baseline,
                "the probability that the engine exposes the bug sooner (0.5: alike;",
                ">= 0.5: no worse); p: Mann-Whitney U, two-sided (scipy.stats).",
                "", "| bug | " + " | ".join(others) + " |", "|---|" + "---|" * len(others)]
        out += a12_table(by, bugs, others, baseline, "seconds", "")
        out += ["", "On the executions to exposure (a trial that found nothing after every",
                "find; finds in the seed pass tie, before any other find):",
                "", "| bug | " + " | ".join(others) + " |", "|---|" + "---|" * len(others)]
        out += a12_table(by, bugs, others, baseline, "execs", " (execs)")

    out += ["", "## False positives (unmodified core)", "",
            "Any failure of the clean core within the budget is counted here.", "",
            "| engine | failing trials |", "|---|---|"]
    for e in engines:
        rs = by.get((CLEAN, e))
        out.append("| %s | %s |" % (e, "not run" if not rs else "%d/%d" % (sum(r["found"] for r in rs), len(rs))))

    out += ["", "## Failure titles", "",
            "Distinct titles per build and engine (trials): check that each bug",
            "is exposed by its own failure, not by an unrelated one.", "",
            "| build | engine | trials | title |", "|---|---|---|---|"]
    for (bug, e) in sorted(by):
        if e not in engines:
            continue
        titles = {}
        for r in by[(bug, e)]:
            if r["title"]:
                titles[r["title"]] = titles.get(r["title"], 0) + 1
        for t in sorted(titles):
            out.append("| %s | %s | %d | %s |" % (bug, e, titles[t], t.replace("|", "\\|")))
    return "\n".join(out) + "\n"


def plot(rows, engines, title, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text
    matplotlib.rcParams["svg.hashsalt"] = "wqkit"  # the same file for the same data

    bugs = sorted({r["bug"] for r in rows if r["bug"] != CLEAN})
    if not bugs:
        bugs = [CLEAN]
    cols = min(4, len(bugs))
    nrows = int(math.ceil(len(bugs) / float(cols)))
    fig, axes = plt.subplots(nrows, cols, figsize=(3.2 * cols, 2.6 * nrows), squeeze=False)
    for ax in axes.flat[len(bugs):]:
        ax.set_visible(False)
    for ax, bug in zip(axes.flat, bugs):
        budget = 0
        for e in engines:
            rs = [r for r in rows if r["bug"] == bug and r["engine"] == e]
            if not rs:
                continue
            b = max(r["budget"] for r in rs)
            budget = max(budget, b)
            curve = kaplan_meier(rs) + [(b, kaplan_meier(rs)[-1][1])]
            ax.step([t for t, _ in curve], [f for _, f in curve], where="post",
                    label="%s (%d/%d)" % (e, sum(r["found"] for r in rs), len(rs)))
        ax.set_title(bug, fontsize=9)
        ax.set_xlim(0, budget or 1)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("seconds", fontsize=8)
        ax.set_ylabel("fraction found", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=6, loc="lower right")
    fig.suptitle(title + ": Kaplan-Meier, censored at the budget", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, format="svg")
    plt.close(fig)


def write_atomically(path, write):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=d)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path, text):
    with open(path, "w") as f:
        f.write(text)


def write_csv(rows, path):
    """trials.csv as zoo.sh writes its rows: the title always quoted."""
    with open(path, "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for r in rows:
            f.write("%s,%s,%d,%s,%d,%g,%s,%g,%s,\"%s\"\n" % (
                r["bug"], r["engine"], r["trial"], r["seed"], r["found"], r["seconds"],
                "" if r["execs"] is None else r["execs"], r["budget"],
                "" if r["seed_pass"] is None else int(r["seed_pass"]),
                r["title"].replace('"', '""')))


def main(argv):
    ap = argparse.ArgumentParser(prog="zoo_report", description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    ap.add_argument("--out_dir")
    ap.add_argument("--budget_secs", type=float)
    ap.add_argument("--engines")
    ap.add_argument("--baseline", default="naive")
    ap.add_argument("--title")
    try:
        a = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    try:
        out = a.out_dir
        if not out:
            if len(a.inputs) != 1 or not os.path.isdir(a.inputs[0]):
                raise BadInput("several inputs, or a file: give --out_dir=DIR")
            out = a.inputs[0]
        if not os.path.isdir(out):
            raise BadInput("--out_dir=%s: not a directory" % out)
        rows = merge(a.inputs, a.budget_secs)
        seen = []
        for r in rows:
            if r["engine"] not in seen:
                seen.append(r["engine"])
        engines = a.engines.split(",") if a.engines else seen
        title = a.title or "zoo benchmark %s" % os.path.basename(os.path.abspath(out))
        md = summary(rows, engines, a.baseline, title)
    except (BadInput, OSError) as e:
        print("zoo_report: error: %s" % e, file=sys.stderr)
        return 2
    try:
        write_atomically(os.path.join(out, "trials.csv"), lambda p: write_csv(rows, p))
        write_atomically(os.path.join(out, "summary.md"), lambda p: write_text(p, md))
        write_atomically(os.path.join(out, "found.svg"), lambda p: plot(rows, engines, title, p))
    except OSError as e:
        print("zoo_report: error: %s" % e, file=sys.stderr)
        return 3
    bugs = {r["bug"] for r in rows}
    print("zoo_report: %d trials, %d build(s), %d engine(s) -> %s/{trials.csv,summary.md,found.svg}" %
          (len(rows), len(bugs), len(engines), out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
