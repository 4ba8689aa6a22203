# SPDX-License-Identifier: GPL-2.0-only
"""destroy_early_unlock's program condition, checked statically over programs.

    python3 static_cond.py WQC DIR...   (WQC: the wqc binary, bazel-bin/fuzz/prog/wqc)

Per DIR: programs read, and how many have 4 CPUs and a step in which a
destroy_workqueue runs beside the cpu_down of a third CPU while two other
CPUs are down (by the program's earlier cpu_down/cpu_up ops). A necessary
shape of the bug's program, not a sufficient one (the schedule and the
works decide the rest); the dynamic measure is the resched sets.
"""
import os
import re
import subprocess
import sys


def parse(wqc, path):
    text = subprocess.run([wqc, 'decode', path], capture_output=True,
                          text=True, check=False).stdout
    cpus = int(re.search(r'^cpus (\d+)', text, re.M).group(1))
    steps = []
    for line in text.splitlines():
        if line.startswith('step'):
            steps.append([])
        elif re.match(r'\s+t\d+:', line) and steps:
            steps[-1].append(line.split(':', 1)[1].split())
    return cpus, steps


def destroy_cond(cpus, steps):
    down = set()
    for ops in steps:
        here = [o[1] for o in ops if o[0] == 'cpu_down']
        if (cpus == 4 and len(down) >= 2 and [c for c in here if c not in down]
                and any(o[0] == 'destroy_workqueue' for o in ops)):
            return True
        for o in ops:
            if o[0] == 'cpu_down':
                down.add(o[1])
            elif o[0] == 'cpu_up':
                down.discard(o[1])
    return False


def main():
    wqc = sys.argv[1]
    for d in sys.argv[2:]:
        n = hits = 0
        for f in sorted(os.listdir(d)):
            if f.endswith('.ctx') or f.startswith('.'):
                continue
            try:
                cpus, steps = parse(wqc, os.path.join(d, f))
            except (AttributeError, OSError):
                continue
            n += 1
            hits += destroy_cond(cpus, steps)
        print(f'{d}\t{n}\tdestroy-cond {hits}')


if __name__ == '__main__':
    main()
