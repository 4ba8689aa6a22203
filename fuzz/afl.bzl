# SPDX-License-Identifier: GPL-2.0-only
"""The AFL++ target rules: wq_afl_target (afl-clang-fast through the
recompiling aspect, fuzz/recompiled.bzl)."""

load("//fuzz:fuzz.bzl", "PROG_H")
load("//fuzz:recompiled.bzl", "wq_recompiled_binary")

def wq_afl_target(name, srcs, deps, seeds, replayed, dict, sanitizer_options, mutator = None, triage = ""):
    """The AFL++ target: <name>_bin (afl-clang-fast, ASan+UBSan, persistent
    mode), <name> (launcher: afl-fuzz -M/-S on the shipped seeds, with
    @mutator, a custom mutator library, if given) and
    <name>_regression_test (@replayed byte inputs through <name>_bin in its
    file mode). Arguments as for wq_fuzz_target.
    """
    wq_recompiled_binary(
        name = name + "_bin",
        srcs = srcs,
        deps = deps,
        engine = "afl",
        sanitizer = "asan",
    )
    options = ["--wq-options=$(rootpath %s)" % o for o in sanitizer_options]
    native.sh_binary(
        name = name,
        srcs = ["tools/run_afl.sh"],
        data = [":" + name + "_bin", dict, "tools/launcher_lib.sh", "tools/sanitizer_env.sh", PROG_H] +
               seeds.keys() + sanitizer_options + ([mutator] if mutator else []),
        args = [
            "--wq-target=" + name,
            "--wq-binary=$(rootpath :%s_bin)" % name,
            "--wq-dict=$(rootpath %s)" % dict,
            "--wq-prog-h=$(rootpath %s)" % PROG_H,
        ] + (["--wq-mutator=$(rootpath %s)" % mutator] if mutator else []) +
        (["--wq-triage=" + triage] if triage else []) +
        options + ["--wq-seed-dir=" + d for d in seeds.values()],
    )
    native.sh_test(
        name = name + "_regression_test",
        size = "small",
        srcs = ["tools/regression_test.sh"],
        data = [":" + name + "_bin", "tools/sanitizer_env.sh"] +
               replayed.keys() + sanitizer_options,
        args = [
            "--wq-sanitizer=asan",
            "--wq-replay=$(rootpath :%s_bin)" % name,
        ] + options + ["--wq-dir=" + d for d in replayed.values()],
    )
