#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""module_graph.py - which source files call each other, read off object
files: an edge A -> B when A's object leaves undefined a symbol that B's
object defines. Prints the strongly connected components of more than one
file (the cycles the layering must break), largest first, and the size of
the largest.

    module_graph.py OBJECT...          (e.g. bazel-bin/core/kenv/_objs/*/*.o)
    module_graph.py --layer NAME FILE... [--interface H...] [--layer ...]...

Objects are named by their basename without .pic.o/.o. Uses llvm-nm-19 or
nm. Exit 2 if an object cannot be read.

With --layer (lowest layer first; FILEs are the layer's archives .a or
objects .o, and its sources .c/.h; the headers after --interface are
the ones it gives the layers above, its other headers are private):
prints every call from a layer's object to a symbol a higher layer
defines, every `#include "H"` of a layer's source where H is a higher
layer's header, and every one where H is a lower layer's private header;
exit 1 if there is any (the layering is broken), 0 if none. Shared
objects (.so) are ignored.
"""

import os
import re
import shutil
import subprocess
import sys


def nm_tool():
    return shutil.which("llvm-nm-19") or shutil.which("nm")


def symbols(nm, obj):
    """(defined, undefined) global symbol sets of one object."""
    return archive_symbols(nm, obj).get(name_of(obj), (set(), set()))


def archive_symbols(nm, path):
    """{member: (defined, undefined)} of an archive or one object."""
    out = subprocess.run([nm, "-g", path], capture_output=True, text=True,
                         check=True).stdout
    table, cur = {}, name_of(path)
    for line in out.splitlines():
        if line.endswith(":") and " " not in line:
            cur = name_of(line[:-1].rsplit("/", 1)[-1])
            continue
        parts = line.split()
        d, u = table.setdefault(cur, (set(), set()))
        if len(parts) == 2 and parts[0] == "U":
            u.add(parts[1])
        elif len(parts) == 3 and parts[1] not in "Uuvw":
            d.add(parts[2])
    return {k: v for k, v in table.items() if v[0] or v[1]}


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def check_layers(nm, layers):
    """layers: [(name, [files], {interface header basenames})], lowest
    first. Returns the violations."""
    owner, header_layer, objs, srcs = {}, {}, [], []
    for rank, (name, files, _) in enumerate(layers):
        archives = [f for f in files if f.endswith((".a", ".o"))]
        # One archive flavour per layer (Bazel may list .a and .pic.a).
        pic = [f for f in archives if f.endswith(".pic.a")]
        for f in (pic or archives):
            for mod, (defined, undefined) in archive_symbols(nm, f).items():
                objs.append((rank, name, mod, undefined))
                for sym in defined:
                    owner.setdefault(sym, (rank, name, mod))
        for f in files:
            if f.endswith(".h"):
                header_layer[os.path.basename(f)] = (rank, name)
            if f.endswith((".c", ".h")):
                srcs.append((rank, name, f))
    bad = []
    for rank, name, mod, undefined in objs:
        up = {}
        for sym in undefined:
            if sym in owner and owner[sym][0] > rank:
                up.setdefault(owner[sym][1:], []).append(sym)
        for (oname, omod), syms in sorted(up.items()):
            bad.append(f"{name}/{mod} calls {oname}/{omod}: "
                       f"{' '.join(sorted(syms))}")
    for rank, name, path in srcs:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            hl = header_layer.get(os.path.basename(inc))
            if hl and hl[0] > rank:
                bad.append(f"{name}/{os.path.basename(path)} includes "
                           f"{hl[1]}/{inc}")
            elif (hl and hl[0] < rank and
                  os.path.basename(inc) not in layers[hl[0]][2]):
                bad.append(f"{name}/{os.path.basename(path)} includes "
                           f"{hl[1]}/{inc}, private to {hl[1]}")
    return bad


def main_layers(nm, argv):
    layers, interface = [], False
    for a in argv:
        if a == "--layer":
            layers.append(None)
            interface = False
        elif layers and layers[-1] is None:
            layers[-1] = (a, [], set())
        elif a == "--interface" and layers:
            interface = True
        elif layers:
            if not a.endswith(".so"):
                layers[-1][1].append(a)
            if interface:
                layers[-1][2].add(os.path.basename(a))
        else:
            print(f"module_graph: {a}: not after --layer NAME",
                  file=sys.stderr)
            return 2
    if None in layers:
        print("usage: module_graph.py --layer NAME FILE...", file=sys.stderr)
        return 2
    try:
        bad = check_layers(nm, layers)
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"module_graph: {err}", file=sys.stderr)
        return 2
    for b in bad:
        print(b)
    print(f"module_graph: layers {' < '.join(n for n, _, _ in layers)}: "
          f"{len(bad)} upward or private includes and calls")
    return 1 if bad else 0


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
        print("usage: module_graph.py OBJECT... | --layer NAME FILE...",
              file=sys.stderr)
        return 2
    nm = nm_tool()
    if not nm:
        print("module_graph: no nm (llvm-19 or binutils)", file=sys.stderr)
        return 2
    if objs[0] == "--layer":
        return main_layers(nm, objs)
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
