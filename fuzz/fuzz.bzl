# SPDX-License-Identifier: GPL-2.0-only
"""wqkit fuzz build rules: per-sanitizer binaries, launchers, tests.

The sanitizer and the engine of a fuzz binary are baked into the target
with a configuration transition (as rules_fuzzing does): the transition
rewrites --copt/--linkopt for the binary and everything it depends on
(core, prog, exec, oracle, report), so

  * `bazel run //fuzz:workqueue_fuzzer` needs no --config, and the core
    library is instrumented for coverage like the target's own code;
  * `bazel test --config=tsan //...` still builds the ASan fuzzer (and
    --config=asan the TSan one): the sanitizer flags of the command line
    are dropped inside the transition, never mixed.

Macros:
  wq_sanitized_binary  one cc_binary rebuilt with a sanitizer and engine
  wq_fuzz_target       <name>_bin, <name> (launcher), <name>_replay,
                       <name>_regression_test
  wq_encoded_programs  .wq text -> canonical bytes with //fuzz/prog:wqc
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")

# Flags of each sanitizer: the .bazelrc configs asan/tsan, in one place.
SANITIZERS = {
    "none": struct(copts = [], linkopts = []),
    "asan": struct(
        copts = [
            "-fsanitize=address,undefined",
            "-fno-sanitize-recover=undefined",
            "-fno-sanitize=function",
            "-DWQKIT_ASAN=1",
        ],
        linkopts = ["-fsanitize=address,undefined"],
    ),
    "tsan": struct(
        copts = ["-fsanitize=thread", "-DWQKIT_TSAN=1"],
        linkopts = ["-fsanitize=thread"],
    ),
}

# Engines: "libfuzzer" links libFuzzer's main; "coverage" instruments like
# libFuzzer but links no engine (bench: the per-input cost as fuzzed);
# "none" is a plain sanitized binary (replay).
ENGINES = {
    "none": struct(copts = [], linkopts = []),
    "coverage": struct(copts = ["-fsanitize=fuzzer-no-link"], linkopts = []),
    "libfuzzer": struct(
        copts = ["-fsanitize=fuzzer-no-link"],
        linkopts = ["-fsanitize=fuzzer"],
    ),
}

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
        _COPT: _strip_owned(settings[_COPT]) + san.copts + eng.copts,
        _LINKOPT: _strip_owned(settings[_LINKOPT]) + san.linkopts + eng.linkopts,
    }

_instrument_transition = transition(
    implementation = _instrument_transition_impl,
    inputs = [_COPT, _LINKOPT],
    outputs = [_COPT, _LINKOPT],
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
        "engine": attr.string(values = ENGINES.keys(), default = "none"),
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
        visibility = ["//visibility:private"],
    )
    _sanitized_binary(
        name = name,
        binary = ":" + raw,
        sanitizer = sanitizer,
        engine = engine,
        data = data,
        **kwargs
    )

def wq_fuzz_target(name, sanitizer, fuzzer_srcs, replay_srcs, deps, seeds, replayed, dict, sanitizer_options):
    """One fuzz target: the libFuzzer binary, its launcher, its replay and
    the regression test replaying the shipped corpus.

    name:              e.g. "workqueue_fuzzer"
    sanitizer:         a key of SANITIZERS
    fuzzer_srcs:       sources of the libFuzzer main
    replay_srcs:       sources of the replay tool
    deps:              the per-input library (fuzz/targets/one_input.h)
    seeds:             {label: runfiles dir} of byte inputs seeding the
                       fuzzer (read-only corpus dirs)
    replayed:          {label: runfiles dir} of inputs (bytes or .wq) the
                       regression test replays
    dict:              libFuzzer dictionary
    sanitizer_options: sanitizers/*.options and *.supp files: each exported
                       as <NAME>_OPTIONS (suppressions= for .supp)

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
    wq_sanitized_binary(
        name = name + "_replay",
        srcs = replay_srcs,
        deps = deps,
        sanitizer = sanitizer,
    )
    options = ["--wq-options=$(rootpath %s)" % o for o in sanitizer_options]
    native.sh_binary(
        name = name,
        srcs = ["tools/run_fuzzer.sh"],
        data = [":" + name + "_bin", dict, "tools/sanitizer_env.sh"] +
               seeds.keys() + sanitizer_options,
        args = [
            "--wq-target=" + name,
            "--wq-sanitizer=" + sanitizer,
            "--wq-binary=$(rootpath :%s_bin)" % name,
            "--wq-dict=$(rootpath %s)" % dict,
        ] + options + ["--wq-seed-dir=" + d for d in seeds.values()],
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
