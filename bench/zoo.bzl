# SPDX-License-Identifier: GPL-2.0-only
"""The zoo benchmark's rules: its engine table (ZOO_ENGINES), the builds
of every engine against every zoo bug, the zoo reproducer tests, and the
//bench:zoo launcher.

  ZOO_ENGINES         one row per engine (adding one is one line)
  zoo_binary          label of an engine's build with a bug (or clean)
  wq_zoo_binaries     those builds (instantiated in fuzz/BUILD.bazel, so
                      they are //fuzz:<base>_clean_bin, _bug_<bug>_bin)
  wq_zoo_repro_tests  replay_bug_<bug> and zoo_repro_<bug>_test (fuzz/)
  wq_zoo_bench        the //bench:zoo launcher
The bugs themselves: core/bugs/bugs.bzl.
"""

load("//core/bugs:bugs.bzl", "ZOO_BUGS")
load("//fuzz:recompiled.bzl", "wq_recompiled_binary")

# The engines of the zoo benchmark (//bench:zoo), one row each: how to
# build the target (main sources, engine, sanitizer) and how bench/zoo.sh
# drives it (runner: libfuzzer, afl or naive; args: extra engine flags).
# wq_zoo_binaries builds //fuzz:<base>_clean_bin and <base>_bug_<bug>_bin.
# misuse: the misuse target (misuse programs, judged by the misuse
# contract; a crash file is an unexpected outcome), for the clean runs.
# The libFuzzer rows link the structure-aware mutator (fuzz/mutate).
_ONE = ["//fuzz:one_input"]
_MUT = ["//fuzz:mutator_hooks"]
ZOO_ENGINES = {
    "libfuzzer": struct(base = "workqueue_fuzzer", srcs = ["targets/libfuzzer_main.c"], deps = _ONE + _MUT, engine = "libfuzzer", sanitizer = "asan", runner = "libfuzzer", args = []),
    "libfuzzer_tsan": struct(base = "workqueue_fuzzer_tsan", srcs = ["targets/libfuzzer_main.c"], deps = _ONE + _MUT, engine = "libfuzzer", sanitizer = "tsan", runner = "libfuzzer", args = []),
    "afl": struct(base = "workqueue_afl", srcs = ["targets/afl_main.c"], deps = _ONE, engine = "afl", sanitizer = "asan", runner = "afl", args = []),
    "naive": struct(base = "workqueue_naive", srcs = ["targets/naive_main.c"], deps = _ONE, engine = "none", sanitizer = "asan", runner = "naive", args = []),
    "misuse": struct(base = "workqueue_fuzzer_misuse", srcs = ["targets/misuse_main.c"], deps = ["//fuzz:misuse_input"] + _MUT, engine = "libfuzzer", sanitizer = "asan", runner = "libfuzzer", args = []),
}

def zoo_binary(engine, bug):
    """Label of ZOO_ENGINES[@engine]'s build with zoo bug @bug (None: the
    unmodified core)."""
    base = "//fuzz:" + ZOO_ENGINES[engine].base
    return base + ("_bug_%s_bin" % bug if bug else "_clean_bin")

def wq_zoo_binaries(engine, bugs = ZOO_BUGS):
    """For ZOO_ENGINES[@engine]: <base>_clean_bin (//core:workqueue) and
    <base>_bug_<bug>_bin (//core/bugs:workqueue_bug_<bug>) per bug, built
    alike by wq_recompiled_binary so only the core differs. Manual: built
    when //bench:zoo needs them."""
    e = ZOO_ENGINES[engine]
    for bug in [None] + bugs:
        wq_recompiled_binary(
            name = zoo_binary(engine, bug).split(":")[-1],
            srcs = e.srcs,
            deps = e.deps,
            engine = e.engine,
            sanitizer = e.sanitizer,
            workqueue = "//core/bugs:workqueue_bug_" + bug if bug else "//core:workqueue",
            tags = ["manual"],
        )

def wq_zoo_repro_tests(replay_srcs, deps, bugs, sanitizer_options):
    """Regression proof of the zoo: for each bug with a shipped reproducer
    corpus/zoo/<bug>.wq, replay_bug_<bug> (the replay tool linked with
    //core/bugs:workqueue_bug_<bug>) and zoo_repro_<bug>_test, which
    replays it on that build (must fail every run with one trace) and on
    the unmodified core (//fuzz:replay, must pass)."""
    options = ["--wq-options=$(rootpath %s)" % o for o in sanitizer_options]
    for bug in bugs:
        wq_recompiled_binary(
            name = "replay_bug_" + bug,
            srcs = replay_srcs,
            deps = deps,
            engine = "none",
            sanitizer = "asan",
            workqueue = "//core/bugs:workqueue_bug_" + bug,
        )
        repro = "//corpus:zoo/%s.wq" % bug
        native.sh_test(
            name = "zoo_repro_%s_test" % bug,
            size = "small",
            srcs = ["tools/zoo_repro_test.sh"],
            data = [
                ":replay_bug_" + bug,
                ":replay",
                repro,
                "tools/sanitizer_env.sh",
            ] + sanitizer_options,
            args = [
                "--wq-bug-replay=$(rootpath :replay_bug_%s)" % bug,
                "--wq-clean-replay=$(rootpath :replay)",
                "--wq-input=$(rootpath %s)" % repro,
            ] + options,
        )


def wq_zoo_bench(name, engines, bugs, tiers, report, seeds, seeds_dir, dict, sanitizer_options):
    """sh_binary @name running bench/zoo.sh with every engine's builds.

    engines: ZOO_ENGINES (above): name -> struct(runner,
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
