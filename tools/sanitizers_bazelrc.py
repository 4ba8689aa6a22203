#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""sanitizers_bazelrc.py - the .bazelrc fragment of the sanitizer configs
(`--config=asan`, `--config=tsan`), generated from the one table
sanitizers/sanitizers.bzl and the options files it names, so the tests run
under the same flags and options as the fuzzers and launchers.

    sanitizers_bazelrc.py --write   (bazel run //tools:update_sanitizers_bazelrc)
    sanitizers_bazelrc.py --check WORKSPACE_DIR   (the test)

--write rewrites sanitizers/sanitizers.bazelrc in the workspace (written,
then renamed). --check exits 1 and says so if the file is not what the
table gives. Exit 2: the table or an options file cannot be read, or
tsan.supp has an entry (tests could not open it: see sanitizers/README.md).
"""

import os
import sys
import tempfile

OUT = "sanitizers/sanitizers.bazelrc"
TABLE = "sanitizers/sanitizers.bzl"


class Fail(Exception):
    pass


def struct(**kw):
    return type("struct", (), kw)


def load_table(ws):
    """SANITIZERS of sanitizers.bzl (Starlark's subset of Python)."""
    scope = {"struct": struct}
    try:
        with open(os.path.join(ws, TABLE), encoding="utf-8") as f:
            exec(compile(f.read(), TABLE, "exec"), scope)
        return scope["SANITIZERS"]
    except (OSError, SyntaxError, KeyError, NameError) as err:
        raise Fail(f"{TABLE}: {err}") from err


def options_of(ws, path):
    """The options of one file on one line, ':'-separated."""
    try:
        with open(os.path.join(ws, path), encoding="utf-8") as f:
            lines = [ln.strip() for ln in f]
    except OSError as err:
        raise Fail(f"{path}: {err}") from err
    return ":".join(ln for ln in lines if ln and not ln.startswith("#"))


def render(ws):
    table = load_table(ws)
    out = [
        "# GENERATED from sanitizers/sanitizers.bzl and sanitizers/*.options by",
        "# `bazel run //tools:update_sanitizers_bazelrc`; do not edit.",
        "# //tools:sanitizers_bazelrc_test fails when it is out of date.",
    ]
    for name, s in table.items():
        if not s.copts and not s.linkopts and not s.options:
            continue
        out.append("")
        # The shell's view of the table (fuzz/tools/sanitizer_env.sh).
        out.append(f"# options {name}: {' '.join(s.options)}")
        out += [f"build:{name} --copt={c}" for c in s.copts]
        out += [f"build:{name} --linkopt={c}" for c in s.linkopts]
        env = {}
        for path, var in s.options.items():
            opts = options_of(ws, path)
            if var.endswith(" suppressions"):
                if opts:
                    raise Fail(f"{path} has entries: tests cannot open it "
                               "from their sandbox; give the tests a data "
                               "dependency on it before adding one")
                continue
            env[var] = env.get(var, "") + (":" if var in env else "") + opts
        out += [f"build:{name} --test_env={v}={o}" for v, o in env.items()]
    return "\n".join(out) + "\n"


def main(argv):
    try:
        if argv[1:2] == ["--write"] and len(argv) == 2:
            ws = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
            if not ws:
                print("sanitizers_bazelrc: run it with bazel run", file=sys.stderr)
                return 2
            text = render(ws)
            fd, tmp = tempfile.mkstemp(dir=os.path.join(ws, "sanitizers"))
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(text)
                os.rename(tmp, os.path.join(ws, OUT))
            except OSError:
                os.unlink(tmp)
                raise
            print(f"sanitizers_bazelrc: wrote {OUT}")
            return 0
        if argv[1:2] == ["--check"] and len(argv) == 3:
            want = render(argv[2])
            try:
                with open(os.path.join(argv[2], OUT), encoding="utf-8") as f:
                    have = f.read()
            except OSError as err:
                raise Fail(f"{OUT}: {err}") from err
            if have != want:
                print(f"sanitizers_bazelrc: {OUT} is out of date: "
                      "bazel run //tools:update_sanitizers_bazelrc")
                return 1
            print(f"sanitizers_bazelrc: {OUT} matches the table")
            return 0
    except Fail as err:
        print(f"sanitizers_bazelrc: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"sanitizers_bazelrc: {err}", file=sys.stderr)
        return 2
    print("usage: sanitizers_bazelrc.py --write | --check WORKSPACE_DIR",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
