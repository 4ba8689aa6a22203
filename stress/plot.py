#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""plot.py DIR...: for each soak results folder (<scenario>/stats.jsonl,
or a folder of them: out/soak/<date>), draw ops/s, RSS and kenv's live
allocations over the run into <scenario>/plots.svg (written to a
temporary file, then renamed). Exit 0, 2 usage or no results, 3 no
matplotlib (python3-matplotlib, installed by setup.sh)."""
import json
import os
import sys


def folders(tops):
    for top in tops:
        if os.path.isfile(os.path.join(top, "stats.jsonl")):
            yield top
            continue
        for d in sorted(os.listdir(top)):
            if os.path.isfile(os.path.join(top, d, "stats.jsonl")):
                yield os.path.join(top, d)


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def plot(plt, folder):
    rows = load(os.path.join(folder, "stats.jsonl"))
    if len(rows) < 2:
        print("plot: %s: fewer than 2 stats lines, no plot" % folder)
        return
    t = [r["wall_s"] / 60.0 for r in rows]
    series = [("ops/s", [r["ops_per_s"] for r in rows]),
              ("RSS (MiB)", [r["rss_kb"] / 1024.0 for r in rows]),
              ("kenv live allocations", [r["allocs"] for r in rows])]
    fig, axes = plt.subplots(len(series), 1, sharex=True, figsize=(8, 7))
    for ax, (name, ys) in zip(axes, series):
        ax.plot(t, ys, marker=".")
        ax.set_ylabel(name)
        ax.grid(True, alpha=0.3)
    axes[-1].set_xlabel("wall time (min)")
    fig.suptitle("wq-torture %s" % os.path.basename(os.path.normpath(folder)))
    out = os.path.join(folder, "plots.svg")
    tmp = os.path.join(folder, ".plots.svg.tmp")
    fig.savefig(tmp, format="svg")
    plt.close(fig)
    os.replace(tmp, out)
    print("plot: %s" % out)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print("usage: plot DIR...  (out/soak/<date> or one scenario folder)",
              file=sys.stderr)
        return 2
    os.chdir(os.environ.get("BUILD_WORKING_DIRECTORY", "."))
    for top in argv[1:]:
        if not os.path.isdir(top):
            print("plot: %s: no such folder" % top, file=sys.stderr)
            return 2
    found = list(folders(argv[1:]))
    if not found:
        print("plot: no soak results (<scenario>/stats.jsonl) in %s"
              % " ".join(argv[1:]), file=sys.stderr)
        return 2
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("plot: python3-matplotlib is missing (./setup.sh installs it)",
              file=sys.stderr)
        return 3
    for folder in found:
        plot(plt, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
