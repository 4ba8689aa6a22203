# SPDX-License-Identifier: GPL-2.0-only
"""wqkit fuzz build rules: per-sanitizer binaries, launchers, tests.

The sanitizer and the engine of a fuzz binary are baked into the target
with a configuration transition (as rules_fuzzing does): the transition
rewrites --copt/--linkopt for the binary and everything it depends on
(core, prog, exec, oracle, report), so

  * `bazel run //fuzz:workqueue_fuzzer` needs no --config, and only the
    code under test (//core:workqueue, the zoo builds) is instrumented
    for coverage: the transition sets //core:coverage (core/coverage.bzl);
  * `bazel test --config=tsan //...` still builds the ASan fuzzer (and
    --config=asan the TSan one): the sanitizer flags of the command line
    are dropped inside the transition, never mixed.

Binaries that another compiler must build (AFL++'s afl-clang-fast), or
that link a zoo build of the core (//core/bugs:workqueue_bug_<name>) in
place of //core:workqueue, are recompiled from the same dependency graph
by an aspect (wq_recompiled_binary): it walks `deps`, compiles every
cc_library's .c sources with that library's own include paths and
defines, and links the objects, swapping //core:workqueue for the chosen
library. No source list is written twice: it is read off the graph.

Macros:
  wq_sanitized_binary   one cc_binary rebuilt with a sanitizer and engine
  wq_recompiled_binary  the same graph recompiled: afl-clang-fast, or a
                        zoo build of the core in place of //core:workqueue
  wq_fuzz_target        <name>_bin, <name> (launcher), <name>_replay,
                        <name>_regression_test
  wq_afl_target         <name>_bin (AFL++ persistent mode), <name>
                        (launcher), <name>_regression_test
  wq_zoo_binaries       <base>_clean_bin and <base>_bug_<bug>_bin of one
                        ZOO_ENGINES row, for //bench:zoo
  wq_zoo_repro_tests    replay_bug_<bug> and zoo_repro_<bug>_test: each
                        zoo bug's shipped reproducer fails on its build
  wq_encoded_programs   .wq text -> canonical bytes with //fuzz/prog:wqc
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load("@rules_cc//cc:defs.bzl", "cc_binary")
load("//core/bugs:bugs.bzl", _ZOO_BUGS = "ZOO_BUGS", _ZOO_SHIPPED_BUGS = "ZOO_SHIPPED_BUGS", _ZOO_TIERS = "ZOO_TIERS")
load("//:sanitizers/sanitizers.bzl", _SANITIZERS = "SANITIZERS", _SANITIZER_OPTIONS = "SANITIZER_OPTIONS")

# The sanitizer table (flags and options files): sanitizers/sanitizers.bzl.
SANITIZERS = _SANITIZERS
SANITIZER_OPTIONS = _SANITIZER_OPTIONS

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

def _strip_owned(opts):
    return [o for o in opts if not o.startswith(_OWNED_PREFIXES)]

def _instrument_transition_impl(settings, attr):
    san = SANITIZERS[attr.sanitizer]
    eng = ENGINES[attr.engine]
    return {
        _COPT: _strip_owned(settings[_COPT]) + san.copts,
        _LINKOPT: _strip_owned(settings[_LINKOPT]) + san.linkopts + eng.linkopts,
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

# ---- recompiled binaries: an aspect over the cc_library graph ----

# The bug zoo (core/bugs/bugs.bzl): //core/bugs:workqueue_bug_<name>.
ZOO_BUGS = _ZOO_BUGS
ZOO_TIERS = _ZOO_TIERS
ZOO_SHIPPED_BUGS = _ZOO_SHIPPED_BUGS

# The library a zoo build replaces.
_WQ_LIB = Label("//core:workqueue")


# Bugs whose patch also changes <linux/workqueue.h>: every library that
# is or depends on the workqueue is recompiled with the patched header
# ahead of core/include (-isystem), as core/bugs/bugs.bzl arranges for
# Bazel's own build of the bug library: its -I directories (those of the
# private //core/bugs:<name>_hdr) come first.
WQ_HEADER_BUGS = ["cancel_delayed_del_timer"]

_WQ_HEADER_LIBS = ["//core/bugs:workqueue_bug_" + b for b in WQ_HEADER_BUGS]

WqObjectsInfo = provider(
    doc = "A cc_library graph recompiled for one engine and sanitizer.",
    fields = {
        "units": "depset of (Label, tuple of .o Files, tuple of linkopts), one per cc_library",
        "uses_wq": "True if the library is or depends on //core:workqueue",
    },
)

def _wq_tag(attr):
    return "%s-%s-%s" % (attr.engine, attr.sanitizer, attr.wq_header)

def _wq_header_cc(ctx):
    """Compilation context of the patched header asked for, or None."""
    if ctx.attr.wq_header == "none":
        return None
    for h in ctx.attr._wq_headers:
        if h.label.name == "workqueue_bug_" + ctx.attr.wq_header:
            return h[CcInfo].compilation_context
    fail("no patched header library for wq_header = %s" % ctx.attr.wq_header)

def _include_flags(cc):
    flags = ["-D" + d for d in cc.defines.to_list()]
    for d in cc.quote_includes.to_list():
        flags += ["-iquote", d]
    for d in cc.includes.to_list():
        flags += ["-I", d]
    for d in cc.system_includes.to_list():
        flags += ["-isystem", d]
    return flags

def _wq_compiler(ctx):
    return ENGINES[ctx.attr.engine].compiler or find_cpp_toolchain(ctx).compiler_executable

# AFL_QUIET: afl-clang-fast prints a banner per call otherwise.
_RUN = 'AFL_QUIET=1 exec "$@"'

# afl-clang-fast instruments only what its allowlist names (_under_test).
_RUN_AFL = 'AFL_QUIET=1 AFL_LLVM_ALLOWLIST="$PWD/%s" exec "$@"'

def _under_test(path):
    """Whether source @path is under test (instrumented for coverage)."""
    return path == "core/workqueue.c" or (
        "core/bugs/" in path and path.endswith("/workqueue.c")
    )

def _wq_compile(ctx, owner, files, cc, hdr_cc, copts):
    """Compile the .c files of @files (the rest are private headers) with
    the compilation context @cc, @hdr_cc's -I first; returns the objects.
    Only sources under test get the engine's coverage flags."""
    cpp = ctx.fragments.cpp
    flags = (_strip_owned(cpp.copts) + _strip_owned(cpp.conlyopts) +
             SANITIZERS[ctx.attr.sanitizer].copts + copts)
    headers = [cc.headers]
    if hdr_cc:
        flags += ["-I" + d for d in hdr_cc.includes.to_list()]
        headers.append(hdr_cc.headers)
    flags += _include_flags(cc)
    private = [f for f in files if f.extension != "c"]
    inputs = depset(private, transitive = headers)
    compiler = _wq_compiler(ctx)
    run = _RUN
    if ctx.attr.engine == "afl":
        allowlist = ctx.file._afl_allowlist
        run = _RUN_AFL % allowlist.path
        inputs = depset([allowlist], transitive = [inputs])
    cov = ENGINES[ctx.attr.engine].cov_copts
    tag = _wq_tag(ctx.attr)
    objs = []
    for i, src in enumerate([f for f in files if f.extension == "c"]):
        obj = ctx.actions.declare_file("_wq_%s/%s/%d_%s.o" % (tag, owner, i, src.basename[:-2]))
        ctx.actions.run_shell(
            command = run,
            arguments = [compiler] + flags + (cov if _under_test(src.path) else []) +
                        ["-c", src.path, "-o", obj.path],
            inputs = depset([src], transitive = [inputs]),
            outputs = [obj],
            use_default_shell_env = True,
            mnemonic = "WqCompile",
            progress_message = "Compiling %s (%s)" % (src.short_path, tag),
        )
        objs.append(obj)
    return objs

def _wq_objects_aspect_impl(target, ctx):
    deps = [d[WqObjectsInfo] for d in getattr(ctx.rule.attr, "deps", []) if WqObjectsInfo in d]
    transitive = [d.units for d in deps]
    uses_wq = target.label == _WQ_LIB or any([d.uses_wq for d in deps])
    if ctx.rule.kind != "cc_library" or CcInfo not in target:
        return [WqObjectsInfo(units = depset(transitive = transitive), uses_wq = uses_wq)]
    objs = _wq_compile(
        ctx,
        ctx.label.name,
        ctx.rule.files.srcs,
        target[CcInfo].compilation_context,
        _wq_header_cc(ctx) if uses_wq else None,
        getattr(ctx.rule.attr, "copts", []),
    )
    unit = (target.label, tuple(objs), tuple(getattr(ctx.rule.attr, "linkopts", [])))
    return [WqObjectsInfo(units = depset([unit], transitive = transitive), uses_wq = uses_wq)]

_WQ_PARAMS = {
    "engine": attr.string(values = ENGINES.keys(), mandatory = True),
    "sanitizer": attr.string(values = SANITIZERS.keys(), mandatory = True),
    "wq_header": attr.string(values = ["none"] + WQ_HEADER_BUGS, default = "none"),
}

_WQ_PRIVATE = {
    "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    "_wq_headers": attr.label_list(default = _WQ_HEADER_LIBS),
    "_afl_allowlist": attr.label(default = "//fuzz:afl_allowlist.txt", allow_single_file = True),
}

_wq_objects_aspect = aspect(
    implementation = _wq_objects_aspect_impl,
    attr_aspects = ["deps"],
    attrs = dict(_WQ_PARAMS, **_WQ_PRIVATE),
    fragments = ["cpp"],
)

def _recompiled_binary_impl(ctx):
    wq = ctx.attr.workqueue
    drop = None if wq.label == _WQ_LIB else _WQ_LIB
    units = depset(transitive = [d[WqObjectsInfo].units for d in ctx.attr.deps + [wq]])
    objs, linkopts, dropped = [], [], False
    for label, o, l in units.to_list():
        if label == drop:
            dropped = True
            continue
        objs += list(o)
        linkopts += [x for x in l if x not in linkopts]
    if drop and not dropped:
        fail("%s: workqueue = %s, but no dep links %s to replace" % (ctx.label, wq.label, _WQ_LIB))
    cc = cc_common.merge_cc_infos(cc_infos = [d[CcInfo] for d in ctx.attr.deps + [wq]])
    objs += _wq_compile(ctx, ctx.label.name, ctx.files.srcs, cc.compilation_context, _wq_header_cc(ctx), [])
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.run_shell(
        command = _RUN,
        arguments = [_wq_compiler(ctx)] + [o.path for o in objs] +
                    SANITIZERS[ctx.attr.sanitizer].linkopts +
                    ENGINES[ctx.attr.engine].linkopts + linkopts + ["-o", out.path],
        inputs = objs,
        outputs = [out],
        use_default_shell_env = True,
        mnemonic = "WqLink",
        progress_message = "Linking %s (%s, workqueue %s)" % (ctx.label, _wq_tag(ctx.attr), wq.label),
    )
    runfiles = ctx.runfiles(files = ctx.files.data)
    for dep in ctx.attr.data:
        runfiles = runfiles.merge(dep[DefaultInfo].default_runfiles)
    return [DefaultInfo(executable = out, runfiles = runfiles)]

_recompiled_binary = rule(
    implementation = _recompiled_binary_impl,
    executable = True,
    attrs = dict(
        _WQ_PARAMS,
        srcs = attr.label_list(allow_files = [".c", ".h"]),
        deps = attr.label_list(providers = [CcInfo], aspects = [_wq_objects_aspect]),
        workqueue = attr.label(
            default = "//core:workqueue",
            providers = [CcInfo],
            aspects = [_wq_objects_aspect],
        ),
        data = attr.label_list(allow_files = True),
        **_WQ_PRIVATE
    ),
    fragments = ["cpp"],
)

def wq_recompiled_binary(name, srcs, deps, engine, sanitizer, workqueue = "//core:workqueue", data = [], **kwargs):
    """@srcs + @deps compiled and linked for @engine and @sanitizer by the
    aspect above (the C toolchain's compiler, or the engine's: afl-clang-fast).

    workqueue: the cc_library linked in place of //core:workqueue, e.g.
      //core/bugs:workqueue_bug_<name>; for a bug of WQ_HEADER_BUGS every
      library depending on the workqueue sees the patched header first.
    Flags: --copt/--conlyopt of the command line (sanitizer flags dropped),
    then SANITIZERS[sanitizer] and ENGINES[engine], as the transition does.
    """
    bug = workqueue.split(":")[-1]
    bug = bug[len("workqueue_bug_"):] if bug.startswith("workqueue_bug_") else ""
    _recompiled_binary(
        name = name,
        srcs = srcs,
        deps = deps,
        engine = engine,
        sanitizer = sanitizer,
        workqueue = workqueue,
        wq_header = bug if bug in WQ_HEADER_BUGS else "none",
        data = data,
        **kwargs
    )

# Program header the launchers read the byte format version from, for the
# crash sidecars (fuzz/tools/launcher_lib.sh, wq_write_sidecars).
_PROG_H = "//fuzz/prog:prog.h"

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
    options = ["--wq-options=$(rootpath %s)" % o for o in sanitizer_options]
    native.sh_binary(
        name = name,
        srcs = ["tools/run_fuzzer.sh"],
        data = [":" + name + "_bin", dict, "tools/launcher_lib.sh", "tools/sanitizer_env.sh", _PROG_H] +
               seeds.keys() + sanitizer_options,
        args = [
            "--wq-target=" + name,
            "--wq-sanitizer=" + sanitizer,
            "--wq-binary=$(rootpath :%s_bin)" % name,
            "--wq-dict=$(rootpath %s)" % dict,
            "--wq-prog-h=$(rootpath %s)" % _PROG_H,
        ] + (["--wq-triage=" + triage] if triage else []) +
        options + ["--wq-seed-dir=" + d for d in seeds.values()],
    )
    if not replay_srcs:
        return
    wq_sanitized_binary(
        name = name + "_replay",
        srcs = replay_srcs,
        deps = deps,
        sanitizer = sanitizer,
    )
    native.sh_test(
        name = name + "_regression_test",
        size = "medium",
        srcs = ["tools/regression_test.sh"],
        data = [":" + name + "_replay", "tools/sanitizer_env.sh"] +
               replayed.keys() + sanitizer_options,
        args = [
            "--wq-sanitizer=" + sanitizer,
            "--wq-replay=$(rootpath :%s_replay)" % name,
        ] + options + ["--wq-dir=" + d for d in replayed.values()],
    )

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
        data = [":" + name + "_bin", dict, "tools/launcher_lib.sh", "tools/sanitizer_env.sh", _PROG_H] +
               seeds.keys() + sanitizer_options + ([mutator] if mutator else []),
        args = [
            "--wq-target=" + name,
            "--wq-binary=$(rootpath :%s_bin)" % name,
            "--wq-dict=$(rootpath %s)" % dict,
            "--wq-prog-h=$(rootpath %s)" % _PROG_H,
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
