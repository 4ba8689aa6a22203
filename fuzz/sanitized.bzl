# SPDX-License-Identifier: GPL-2.0-only
"""The sanitizer transition: a cc_binary built with its sanitizer and
engine baked in, whatever the command line's --config (as rules_fuzzing
does).

The transition rewrites --copt/--linkopt for the binary and everything it
depends on (core, prog, exec, oracle, report), so

  * `bazel run //fuzz:workqueue_fuzzer` needs no --config, and only the
    code under test (//core:workqueue, the zoo builds) is instrumented
    for coverage: the transition sets //core:coverage (core/coverage.bzl);
  * `bazel test --config=tsan //...` still builds the ASan fuzzer (and
    --config=asan the TSan one): the sanitizer flags of the command line
    are dropped inside the transition, never mixed.

Exports:
  ENGINES               how each engine instruments and links
  strip_owned           drop the flags the transition owns
  wq_sanitized_binary   one cc_binary rebuilt with a sanitizer and engine

The sanitizer table (flags and options files) is sanitizers/sanitizers.bzl.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")
load("//:sanitizers/sanitizers.bzl", "SANITIZERS")

# Engines: "libfuzzer" links libFuzzer's main; "coverage" instruments like
# libFuzzer but links no engine (bench: the per-input cost as fuzzed);
# "none" is a plain sanitized binary (replay, the naive driver); "afl" is
# compiled and linked by AFL++'s afl-clang-fast (its instrumentation and
# runtime: only wq_recompiled_binary can build it). compiler = None: the
# C toolchain's compiler.
#
# cov_copts instrument for coverage only what is under test (//core:workqueue
# and the zoo builds: core/workqueue.c and the headers it inlines),
# as the kernel's kcov leaves the scheduler out: kenv, the oracle, the
# program decoder, the executor and the reports are compiled without
# them, so a feature is an edge of the workqueue (or an interleaving
# feature, fuzz/exec/ilcov.c), never harness noise. afl-clang-fast
# instruments every file it compiles unless AFL_LLVM_ALLOWLIST names it
# (afl_allowlist.txt, the same set).
ENGINES = {
    "none": struct(cov_copts = [], linkopts = [], compiler = None),
    "coverage": struct(cov_copts = ["-fsanitize=fuzzer-no-link"], linkopts = [], compiler = None),
    "libfuzzer": struct(
        cov_copts = ["-fsanitize=fuzzer-no-link"],
        linkopts = ["-fsanitize=fuzzer"],
        compiler = None,
    ),
    "afl": struct(cov_copts = [], linkopts = [], compiler = "afl-clang-fast"),
}

# The libraries instrumented for coverage when the engine has cov_copts:
# //core:workqueue and the zoo builds. The transition sets //core:coverage
# (core/coverage.bzl), which adds cov_copts to those libraries alone.
_COVERAGE = "//core:coverage"

# Engines the configuration transition can build (the C toolchain's own).
_TOOLCHAIN_ENGINES = [e for e in ENGINES if not ENGINES[e].compiler]

_COPT = "//command_line_option:copt"
_LINKOPT = "//command_line_option:linkopt"

# Command-line options the transition owns and therefore drops.
_OWNED_PREFIXES = ("-fsanitize", "-fno-sanitize", "-DWQKIT_ASAN", "-DWQKIT_TSAN")

def strip_owned(opts):
    """@opts without the flags the transition owns (sanitizers)."""
    return [o for o in opts if not o.startswith(_OWNED_PREFIXES)]

def _instrument_transition_impl(settings, attr):
    san = SANITIZERS[attr.sanitizer]
    eng = ENGINES[attr.engine]
    return {
        _COPT: strip_owned(settings[_COPT]) + san.copts,
        _LINKOPT: strip_owned(settings[_LINKOPT]) + san.linkopts + eng.linkopts,
        _COVERAGE: "fuzzer" if eng.cov_copts else "none",
    }

_instrument_transition = transition(
    implementation = _instrument_transition_impl,
    inputs = [_COPT, _LINKOPT],
    outputs = [_COPT, _LINKOPT, _COVERAGE],
)

def _sanitized_binary_impl(ctx):
    src = ctx.executable.binary
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.run_shell(
        inputs = [src],
        outputs = [out],
        command = 'cp -f "$1" "$2" && chmod +x "$2"',
        arguments = [src.path, out.path],
        mnemonic = "WqSanitizedBinary",
        progress_message = "Copying %s (%s, %s)" % (ctx.label, ctx.attr.sanitizer, ctx.attr.engine),
    )
    runfiles = ctx.runfiles(files = ctx.files.data)
    for dep in ctx.attr.binary + ctx.attr.data:
        runfiles = runfiles.merge(dep[DefaultInfo].default_runfiles)
    return [DefaultInfo(executable = out, runfiles = runfiles)]

_sanitized_binary = rule(
    implementation = _sanitized_binary_impl,
    executable = True,
    attrs = {
        "binary": attr.label(
            cfg = _instrument_transition,
            executable = True,
            mandatory = True,
        ),
        "sanitizer": attr.string(values = SANITIZERS.keys(), mandatory = True),
        "engine": attr.string(values = _TOOLCHAIN_ENGINES, default = "none"),
        "data": attr.label_list(allow_files = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def wq_sanitized_binary(name, srcs, deps, sanitizer, engine = "none", data = [], **kwargs):
    """A cc_binary built with @sanitizer and @engine whatever the --config.

    Creates <name>_uninstrumented (manual: never built on its own) and
    <name>, the same binary in the transitioned configuration.
    """
    raw = name + "_uninstrumented"
    cc_binary(
        name = raw,
        srcs = srcs,
        deps = deps,
        tags = ["manual"],
        # fuzz/scale reads its sources (the lists of .clusterfuzzlite/build.sh).
        visibility = ["//fuzz:__subpackages__"],
    )
    _sanitized_binary(
        name = name,
        binary = ":" + raw,
        sanitizer = sanitizer,
        engine = engine,
        data = data,
        **kwargs
    )
