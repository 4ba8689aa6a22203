# SPDX-License-Identifier: GPL-2.0-only
"""Near-miss analysis of the deep zoo bugs' program conditions (issue 12).

    python3 nearmiss.py NAME=DIR...     (DIR: programs as text, wqc decode)

Each deep bug's program conditions written as a conjunction (from the
patch headers and the found programs, bench/results/2026-12-01-deep-s11);
per program, the step that satisfies the most of them (header conditions
count at every step); per set: programs by the number of conditions held,
which one the k-1 programs miss, and the full conjunction's rate by the
program's step count. Static: necessary shapes, not sufficient ones.
"""
import collections
import os
import re
import sys

SLEEPY = {'sleep', 'flush', 'cancel_sync', 'get_online_cpus',
          'schedule_on_each_cpu', 'flush_scheduled_work'}
QUEUE_ON = {'queue_work_on', 'queue_delayed_work_on', 'schedule_work_on',
            'schedule_delayed_work_on'}


def parse(path):
    cpus, works, wqs, steps = 1, {}, {}, []
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith('#'):
                continue
            if w[0] == 'cpus':
                cpus = int(w[1])
            elif w[0] == 'fault':
                fault = w[1]
            elif w[0] == 'wq':
                wqs[w[1]] = w[2]
            elif w[0] == 'work':
                works[w[1]] = (w[2], w[4] if len(w) > 4 else 'nop')
            elif w[0] == 'step':
                steps.append([])
            elif re.match(r't\d+:', w[0]) and steps:
                steps[-1].append(w[1:])
    return dict(cpus=cpus, fault=fault, works=works, wqs=wqs, steps=steps)


def step_states(p):
    """Per step: (offline set before it, ops, queued-on counts before it)."""
    down, queued = set(), collections.Counter()
    for ops in p['steps']:
        yield set(down), ops, collections.Counter(queued)
        for o in ops:
            if o[0] == 'cpu_down':
                down.add(o[1])
            elif o[0] == 'cpu_up':
                down.discard(o[1])
            elif o[0] in QUEUE_ON:
                queued[(o[1], o[-1])] += 1


def new_down(ops, off):
    return [o[1] for o in ops if o[0] == 'cpu_down' and o[1] not in off]


def c_destroy(p, off, ops, q):
    return {'cpus4': p['cpus'] == 4, 'off>=2': len(off) >= 2,
            'destroy': any(o[0] == 'destroy_workqueue' for o in ops),
            'down||': bool(new_down(ops, off))}


def c_create(p, off, ops, q):
    return {'fault-kthread': p['fault'] == 'kthread',
            'create-multi': any(o[0] == 'create_workqueue' and
                                p['wqs'].get(o[1]) == 'multi' for o in ops),
            'down||': bool(new_down(ops, off)) and p['cpus'] >= 2}


def c_wait(p, off, ops, q):
    sleepy = [w for w, (k, b) in p['works'].items()
              if k == 'delayed' and b in SLEEPY]
    cancels = [o for o in ops if o[0] in ('cancel_delayed_work_sync',
                                          'cancel_rearming_delayed_work',
                                          'cancel_rearming_delayed_workqueue')]
    return {'cpus4': p['cpus'] == 4, 'sleepy-delayed': bool(sleepy),
            'off>=2': len(off) >= 2, 'dcancel': bool(cancels),
            'down||': bool(new_down(ops, off))}


def c_postdead(p, off, ops, q):
    downs = new_down(ops, off)
    two = any(len({w for (c, w), n in q.items() if c == x}) >= 2 for x in downs)
    return {'off>=1': len(off) >= 1, 'down': bool(downs), '2-works-on-X': two}


BUGS = {'destroy_early_unlock': c_destroy, 'create_fail_unlisted': c_create,
        'wait_on_work_online_only': c_wait, 'post_dead_no_flush': c_postdead}


def best(p, cond):
    top = None
    for off, ops, q in step_states(p):
        c = cond(p, off, ops, q)
        if top is None or sum(c.values()) > sum(top.values()):
            top = c
    return top


def main():
    sets = [a.split('=', 1) for a in sys.argv[1:]]
    for bug, cond in BUGS.items():
        print(f'== {bug}')
        for name, d in sets:
            progs = []
            for f in sorted(os.listdir(d)):
                try:
                    progs.append(parse(os.path.join(d, f)))
                except (OSError, ValueError, UnboundLocalError):
                    pass
            hist, miss = collections.Counter(), collections.Counter()
            bylen = collections.defaultdict(lambda: [0, 0])
            k = None
            for p in progs:
                c = best(p, cond)
                if c is None:
                    c = {x: False for x in cond(p, set(), [], {})}
                k = len(c)
                n = sum(c.values())
                hist[n] += 1
                if n == k - 1:
                    miss[[x for x, v in c.items() if not v][0]] += 1
                b = bylen[min(len(p['steps']) // 8, 3)]
                b[0] += 1
                b[1] += n == k
            print(f'{name}\tprograms {len(progs)}\theld ' +
                  ' '.join(f'{i}:{hist[i]}' for i in range(k + 1)) +
                  '\tk-1 missing ' + ', '.join(f'{x} {v}' for x, v in miss.most_common()) +
                  '\tall-k by steps ' + ' '.join(
                      f'{8*i}-{8*i+7}:{bylen[i][1]}/{bylen[i][0]}' for i in range(4)))


if __name__ == '__main__':
    main()
