# SPDX-License-Identifier: GPL-2.0-only
"""Source lists of the libFuzzer targets, read off the Bazel graph, for
builds without Bazel (.clusterfuzzlite/build.sh, OSS-Fuzz), and of the
AFL++ binary that fuzz/recompiled.bzl recompiles from the same graph.

wq_source_list(name, deps, kit_copts) writes <name>.srcs: every .c source
of @deps and their transitive cc_library/cc_binary deps, the include
directories they export, their linkopts and the kit's own compile flags.
Lines, in this order (build.sh reads them; '#' starts a comment):

    cflag   -fno-sanitize=function     a flag of @kit_copts
    include core/include               a cc_library's includes, from the root
    src     core/kenv/cpu.c            a .c source, from the root
    linkopt -lpthread                  a linkopt

A graph the format cannot say (copts or defines other than sanitizer
flags, generated sources) fails the build, so a stale or incomplete list
cannot pass //fuzz/scale:source_lists_test. The rule's runfiles are the
sources and headers themselves: a test can run build.sh on them.
"""

# target_compatible_with of a test that runs once, in the default
# configuration only: it builds with its own flags whatever the config, so
# under test.sh's --config=asan/tsan it is incompatible and skipped
# (fuzz/scale/BUILD.bazel defines the settings).
RUN_ONCE = select({
    "//fuzz/scale:asan_config": ["//fuzz/scale:never"],
    "//fuzz/scale:tsan_config": ["//fuzz/scale:never"],
    "//conditions:default": [],
})

WqSourcesInfo = provider(
    doc = "The C sources of a cc graph, as build.sh compiles them.",
    fields = {
        "srcs": "depset of source Files (.c)",
        "files": "depset of every source and header File",
        "includes": "depset of include dirs (workspace-relative strings)",
        "linkopts": "depset of linkopts",
    },
)

# Flags a build without Bazel gets from its own contract ($CFLAGS,
# $LIB_FUZZING_ENGINE): dropped from copts/linkopts.
_CONTRACT_PREFIXES = ("-fsanitize",)

def _check_empty(ctx, name):
    vals = [v for v in getattr(ctx.rule.attr, name, []) if not v.startswith(_CONTRACT_PREFIXES)]
    if vals:
        fail("%s: %s = %s cannot be written to a source list (fuzz/scale/scale.bzl)" % (ctx.label, name, vals))

# Rules whose sources a list carries: cc rules, and the binaries recompiled.bzl
# recompiles from the same graph (wq_recompiled_binary: the AFL++ target),
# whose own srcs and `workqueue` library count like a cc_binary's.
_LISTED_KINDS = ("cc_library", "cc_binary", "_recompiled_binary")

def _sources_aspect_impl(target, ctx):
    edges = getattr(ctx.rule.attr, "deps", []) + ([ctx.rule.attr.workqueue] if hasattr(ctx.rule.attr, "workqueue") else [])
    deps = [d[WqSourcesInfo] for d in edges if WqSourcesInfo in d]
    srcs, files, includes, linkopts = [], [], [], []
    if ctx.rule.kind in _LISTED_KINDS:
        for a in ("copts", "defines", "local_defines"):
            _check_empty(ctx, a)
        files = ctx.rule.files.srcs + getattr(ctx.rule.files, "hdrs", [])
        for f in files:
            if not f.is_source:
                fail("%s: generated source %s cannot be written to a source list" % (ctx.label, f.short_path))
        srcs = [f for f in files if f.extension == "c"]
        pkg = ctx.label.package
        includes = [pkg + "/" + i if pkg else i for i in getattr(ctx.rule.attr, "includes", [])]
        linkopts = [o for o in getattr(ctx.rule.attr, "linkopts", []) if not o.startswith(_CONTRACT_PREFIXES)]
    return [WqSourcesInfo(
        srcs = depset(srcs, transitive = [d.srcs for d in deps]),
        files = depset(files, transitive = [d.files for d in deps]),
        includes = depset(includes, transitive = [d.includes for d in deps]),
        linkopts = depset(linkopts, transitive = [d.linkopts for d in deps]),
    )]

_sources_aspect = aspect(
    implementation = _sources_aspect_impl,
    attr_aspects = ["deps", "workqueue"],
)

def _source_list_impl(ctx):
    infos = [d[WqSourcesInfo] for d in ctx.attr.deps]
    srcs = sorted([f.short_path for f in depset(transitive = [i.srcs for i in infos]).to_list()])
    includes = sorted(depset(transitive = [i.includes for i in infos]).to_list())
    linkopts = depset(transitive = [i.linkopts for i in infos]).to_list()
    lines = [
        "# Sources of %s, for builds without Bazel (.clusterfuzzlite/build.sh)." % ", ".join([str(d.label) for d in ctx.attr.deps]),
        "# Generated from the Bazel graph by //fuzz/scale:%s; do not edit." % ctx.label.name,
        "# Check: bazel test //fuzz/scale:source_lists_test",
        "# Update: bazel run //fuzz/scale:update_source_lists",
    ]
    lines += ["cflag " + c for c in ctx.attr.kit_copts]
    lines += ["include " + i for i in includes]
    lines += ["src " + f for f in srcs]
    lines += ["linkopt " + o for o in linkopts]
    out = ctx.actions.declare_file(ctx.label.name + ".srcs")
    ctx.actions.write(out, "\n".join(lines) + "\n")
    files = depset(transitive = [i.files for i in infos])
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out], transitive_files = files))]

wq_source_list = rule(
    implementation = _source_list_impl,
    attrs = {
        "deps": attr.label_list(aspects = [_sources_aspect], mandatory = True),
        "kit_copts": attr.string_list(doc = "the kit's own compile flags (sanitizers.bzl SANITIZERS)"),
    },
)
