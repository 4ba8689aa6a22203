#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""module_graph.py - which source files call each other, read off object
files: an edge A -> B when A's object leaves undefined a symbol that B's
object defines. Prints the strongly connected components of more than one
file (the cycles the layering must break), largest first, and the size of
the largest.

    module_graph.py OBJECT...          (e.g. bazel-bin/core/_objs/kenv/*.o)

Objects are named by their basename without .pic.o/.o. Uses llvm-nm-19 or
nm. Exit 2 if an object cannot be read.
"""

import shutil
import subprocess
import sys


def nm_tool():
    return shutil.which("llvm-nm-19") or shutil.which("nm")


def symbols(nm, obj):
    """(defined, undefined) global symbol sets of one object."""
    out = subprocess.run([nm, "-g", obj], capture_output=True, text=True,
                         check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1] not in "Uuvw":
            defined.add(parts[2])
    return defined, undefined


def name_of(obj):
    base = obj.rsplit("/", 1)[-1]
    for suf in (".pic.o", ".o"):
        if base.endswith(suf):
            return base[: -len(suf)]
    return base


def sccs(graph):
    """Tarjan's strongly connected components."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def main(argv):
    objs = argv[1:]
    if not objs:
        print("usage: module_graph.py OBJECT...", file=sys.stderr)
        return 2
    nm = nm_tool()
    if not nm:
        print("module_graph: no nm (llvm-19 or binutils)", file=sys.stderr)
        return 2
    table = {}
    for o in objs:
        try:
            table[name_of(o)] = symbols(nm, o)
        except (OSError, subprocess.CalledProcessError) as err:
            print(f"module_graph: {o}: {err}", file=sys.stderr)
            return 2
    owner = {}
    for mod, (defined, _) in table.items():
        for s in defined:
            owner.setdefault(s, mod)
    graph = {m: sorted({owner[s] for s in und if s in owner} - {m})
             for m, (_, und) in table.items()}
    comps = sorted((c for c in sccs(graph) if len(c) > 1), key=len,
                   reverse=True)
    for c in comps:
        print(f"cycle of {len(c)}: {' '.join(c)}")
    print(f"module_graph: {len(table)} files, largest cycle "
          f"{len(comps[0]) if comps else 1} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
