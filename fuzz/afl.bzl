# SPDX-License-Identifier: GPL-2.0-only
"""The AFL++ target rules: wq_afl_target (afl-clang-fast through the
recompiling aspect, fuzz/recompiled.bzl)."""

load("//fuzz:fuzz.bzl", "wq_launcher", "wq_regression_test")
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
    wq_launcher(
        name = name,
        script = "tools/run_afl.sh",
        dict = dict,
        seeds = seeds,
        sanitizer_options = sanitizer_options,
        triage = triage,
        data = [mutator] if mutator else [],
        args = ["--wq-mutator=$(rootpath %s)" % mutator] if mutator else [],
    )
    wq_regression_test(
        name = name + "_regression_test",
        size = "small",
        replay = ":" + name + "_bin",
        sanitizer = "asan",
        replayed = replayed,
        sanitizer_options = sanitizer_options,
    )
