# SPDX-License-Identifier: GPL-2.0-only
"""wqkit fuzz target rules: the libFuzzer targets, their launchers,
replay tools and regression tests, and the seed encoder.

The rules are split by concern:
  fuzz/sanitized.bzl    the sanitizer transition (wq_sanitized_binary,
                        ENGINES)
  fuzz/recompiled.bzl   the aspect recompiling a graph for afl-clang-fast
                        or a zoo build (wq_recompiled_binary)
  fuzz/fuzz.bzl         this file: wq_fuzz_target, wq_encoded_programs
  fuzz/afl.bzl          the AFL++ target (wq_afl_target)
  bench/zoo.bzl         the zoo: ZOO_ENGINES, its builds and reproducer
                        tests, the //bench:zoo launcher
  sanitizers/sanitizers.bzl  the sanitizer table; core/bugs/bugs.bzl the
                        zoo's bugs

Macros here:
  wq_fuzz_target        <name>_bin, <name> (launcher), <name>_replay,
                        <name>_regression_test
  wq_encoded_programs   .wq text -> canonical bytes with //fuzz/prog:wqc
"""

load("//fuzz:sanitized.bzl", "wq_sanitized_binary")

# Program header the launchers read the byte format version from, for the
# crash sidecars (fuzz/tools/launcher_lib.sh, wq_write_sidecars).
PROG_H = "//fuzz/prog:prog.h"

def wq_fuzz_target(name, sanitizer, fuzzer_srcs, deps, seeds, dict, sanitizer_options, replay_srcs = [], replayed = {}, triage = ""):
    """One fuzz target: the libFuzzer binary, its launcher, its replay and
    the regression test replaying the shipped corpus.

    name:              e.g. "workqueue_fuzzer"
    sanitizer:         a key of SANITIZERS
    fuzzer_srcs:       sources of the libFuzzer main
    replay_srcs:       sources of the replay tool; empty: no <name>_replay
                       and no <name>_regression_test (the target brings
                       its own)
    deps:              the per-input library (fuzz/targets/one_input.h)
    seeds:             {label: runfiles dir} of byte inputs seeding the
                       fuzzer (read-only corpus dirs)
    replayed:          {label: runfiles dir} of inputs (bytes or .wq) the
                       regression test replays
    dict:              libFuzzer dictionary
    sanitizer_options: sanitizers/*.options and *.supp files: each exported
                       as <NAME>_OPTIONS (suppressions= for .supp)
    triage:            label (a string: run with `bazel run` at the end of
                       a run, not a build dependency, so fuzz/ does not
                       depend on reports/) of the triage for the new crash
                       files (the misuse target's too: triage judges a
                       misuse finding by the misuse contract); "": none

    Corpora are passed as directories, not file lists, so an empty one
    (no regression yet) is fine: the scripts skip a missing directory.
    """
    wq_sanitized_binary(
        name = name + "_bin",
        srcs = fuzzer_srcs,
        deps = deps,
        sanitizer = sanitizer,
        engine = "libfuzzer",
    )
    wq_launcher(
        name = name,
        script = "tools/run_fuzzer.sh",
        dict = dict,
        seeds = seeds,
        sanitizer_options = sanitizer_options,
        triage = triage,
        args = ["--wq-sanitizer=" + sanitizer],
    )
    if not replay_srcs:
        return
    wq_sanitized_binary(
        name = name + "_replay",
        srcs = replay_srcs,
        deps = deps,
        sanitizer = sanitizer,
    )
    wq_regression_test(
        name = name + "_regression_test",
        size = "medium",
        replay = ":" + name + "_replay",
        sanitizer = sanitizer,
        replayed = replayed,
        sanitizer_options = sanitizer_options,
    )

def _options(sanitizer_options):
    return ["--wq-options=$(rootpath %s)" % o for o in sanitizer_options]

def wq_launcher(name, script, dict, seeds, sanitizer_options, triage, data = [], args = []):
    """The launcher <name> (sh_binary of fuzz/tools/@script, sourcing
    launcher_lib.sh) of the engine binary :<name>_bin: the flags every
    launcher takes (target, binary, dictionary, program header, triage,
    sanitizer options, seed dirs), then @args and @data of its engine."""
    native.sh_binary(
        name = name,
        srcs = [script],
        data = [":" + name + "_bin", dict, "tools/launcher_lib.sh", "tools/sanitizer_env.sh", PROG_H] +
               seeds.keys() + sanitizer_options + data,
        args = [
            "--wq-target=" + name,
            "--wq-binary=$(rootpath :%s_bin)" % name,
            "--wq-dict=$(rootpath %s)" % dict,
            "--wq-prog-h=$(rootpath %s)" % PROG_H,
        ] + args + (["--wq-triage=" + triage] if triage else []) +
        _options(sanitizer_options) + ["--wq-seed-dir=" + d for d in seeds.values()],
    )

def wq_regression_test(name, size, replay, sanitizer, replayed, sanitizer_options):
    """sh_test replaying the inputs of @replayed ({label: runfiles dir})
    through the binary @replay under @sanitizer's options
    (fuzz/tools/regression_test.sh)."""
    native.sh_test(
        name = name,
        size = size,
        srcs = ["tools/regression_test.sh"],
        data = [replay, "tools/sanitizer_env.sh"] + replayed.keys() + sanitizer_options,
        args = [
            "--wq-sanitizer=" + sanitizer,
            "--wq-replay=$(rootpath %s)" % replay,
        ] + _options(sanitizer_options) + ["--wq-dir=" + d for d in replayed.values()],
    )

def wq_encoded_programs(name, srcs, dir, visibility = None):
    """Encode each .wq of @srcs to @dir/<stem>.bin with `wqc encode`.

    With no sources (an empty corpus/regressions/) this is an empty
    filegroup, so callers need not care.
    """
    outs = [dir + "/" + s.split("/")[-1][:-len(".wq")] + ".bin" for s in srcs]
    if not srcs:
        native.filegroup(name = name, srcs = [], visibility = visibility)
        return
    if len(srcs) == 1:
        cmd = "$(location //fuzz/prog:wqc) encode $(location %s) $@" % srcs[0]
    else:
        cmd = " && ".join([
            "$(location //fuzz/prog:wqc) encode $(location %s) $(@D)/%s" % (s, o)
            for s, o in zip(srcs, outs)
        ])
    native.genrule(
        name = name,
        srcs = srcs,
        outs = outs,
        cmd = cmd,
        tools = ["//fuzz/prog:wqc"],
        message = "Encoding %d seed programs" % len(srcs),
        visibility = visibility,
    )
