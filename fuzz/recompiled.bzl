# SPDX-License-Identifier: GPL-2.0-only
"""Recompiled binaries: an aspect over the cc_library graph.

Binaries that another compiler must build (AFL++'s afl-clang-fast), or
that link a zoo build of the core (//core/bugs:workqueue_bug_<name>) in
place of //core:workqueue, are recompiled from the same dependency graph
by an aspect (wq_recompiled_binary): it walks `deps`, compiles every
cc_library's .c sources with that library's own include paths and
defines, and links the objects, swapping //core:workqueue for the chosen
library. No source list is written twice: it is read off the graph.

Exports:
  WQ_HEADER_BUGS        zoo bugs whose patch changes <linux/workqueue.h>
  wq_recompiled_binary  the graph recompiled: afl-clang-fast, or a zoo
                        build of the core in place of //core:workqueue
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load("//:sanitizers/sanitizers.bzl", "SANITIZERS")
load("//fuzz:sanitized.bzl", "ENGINES", "strip_owned")

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
    flags = (strip_owned(cpp.copts) + strip_owned(cpp.conlyopts) +
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
