# SPDX-License-Identifier: GPL-2.0-only
"""wq_zoo_bench: the //bench:zoo launcher over the ZOO_ENGINES table."""

load("//fuzz:fuzz.bzl", "zoo_binary")

def wq_zoo_bench(name, engines, bugs, tiers, report, seeds, seeds_dir, dict, sanitizer_options):
    """sh_binary @name running bench/zoo.sh with every engine's builds.

    engines: ZOO_ENGINES (fuzz/fuzz.bzl): name -> struct(runner,
             sanitizer, args, ...); bugs: ZOO_BUGS. Each (engine, bug)
             build and the clean one reach zoo.sh as
             --wq-bin=<engine>:<bug|clean>:<label>; zoo.sh builds the
             ones a run needs (bazel build in the workspace).
    tiers:   ZOO_TIERS: bug -> "shallow" | "deep", as --wq-tier=<bug>:<tier>
             (zoo.sh --tier=...).
    seeds:   byte inputs every engine starts from, in runfiles dir seeds_dir.
    sanitizer_options: SANITIZER_OPTIONS (sanitizers/sanitizers.bzl):
             sanitizer -> its options files; each reaches zoo.sh as
             --wq-options=<sanitizer>:<path>.
    """
    # launcher_lib.sh and prog.h: the trials' crash sidecars, and the
    # triage of their crash files after the timed part (zoo.sh)
    files = [o for s in sanitizer_options for o in sanitizer_options[s]]
    data = [report, seeds, dict, "//fuzz:tools/sanitizer_env.sh", "//fuzz:tools/launcher_lib.sh", "//fuzz/prog:prog.h"] + files
    args = [
        "--wq-report=$(rootpath %s)" % report,
        "--wq-prog-h=$(rootpath //fuzz/prog:prog.h)",
        "--wq-seeds=" + seeds_dir,
        "--wq-dict=$(rootpath %s)" % dict,
    ] + ["--wq-options=%s:$(rootpath %s)" % (s, o) for s in sanitizer_options for o in sanitizer_options[s]]
    args += ["--wq-tier=%s:%s" % (bug, tiers[bug]) for bug in bugs]
    for engine, row in engines.items():
        args.append("--wq-engine=%s:%s:%s" % (engine, row.runner, row.sanitizer))
        args += ["--wq-engine-arg=%s:%s" % (engine, a) for a in row.args]
        for bug in [None] + bugs:
            # A label, not a runfile: zoo.sh builds only the binaries
            # the run asks for (--engines, --bugs), not all of them.
            label = zoo_binary(engine, bug)
            args.append("--wq-bin=%s:%s:%s" % (engine, bug or "clean", label))
    native.sh_binary(
        name = name,
        srcs = ["zoo.sh"],
        data = data,
        args = args,
        tags = ["manual"],
    )
