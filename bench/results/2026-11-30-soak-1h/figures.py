#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""figures.py STATS.JSONL...: the figures summary.md quotes, from a soak's
stats lines: ops/s (median and mean of the stats lines), onoff and
freezes at the last line, kenv live allocations (first, last, min, max),
RSS at 10 minutes and at the last line, and RSS growth after the
10-minute warm-up (least-squares slope, kB per hour)."""
import json
import statistics
import sys


def figures(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    last = rows[-1]
    ops = [r["ops_per_s"] for r in rows]
    allocs = [r["allocs"] for r in rows]
    warm = [r for r in rows if r["t_ms"] >= 600000]
    out = {
        "lines": len(rows),
        "t_end_s": round(last["wall_s"]),
        "ops_per_s_median": statistics.median(ops),
        "ops_per_s_mean": round(statistics.mean(ops)),
        "ops": last["ops"],
        "onoff": "%d/%d" % (last["onoff_ok"], last["onoff_attempts"]),
        "freezes": last["freezes"],
        "allocs_first_last_min_max": (allocs[0], allocs[-1], min(allocs), max(allocs)),
        "kfailures": last["kfailures"], "overflows": last["overflows"],
        "stalls": last["stalls"],
    }
    if len(warm) >= 2:
        xs = [r["t_ms"] / 3.6e6 for r in warm]
        ys = [r["rss_kb"] for r in warm]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        out["rss_kb_at_10min"] = warm[0]["rss_kb"]
        out["rss_kb_last"] = last["rss_kb"]
        out["rss_growth_kb_per_h_after_10min"] = round(slope, 1)
    return out


for p in sys.argv[1:]:
    print(p)
    for k, v in figures(p).items():
        print("  %s: %s" % (k, v))
