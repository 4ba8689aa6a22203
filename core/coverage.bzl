# SPDX-License-Identifier: GPL-2.0-only
"""Coverage instrumentation of the core alone (the kernel's kcov way).

//core:coverage is a build setting the fuzz targets' configuration
transition sets (fuzz/sanitized.bzl): "none" (default) or "fuzzer", which
adds COVERAGE_COPTS to the libraries under test (//core:workqueue and
the zoo builds //core/bugs:workqueue_bug_<bug>) and nothing else, so
kenv, which runs the port, never feeds a fuzzer's coverage signal.
"""

COVERAGE_VALUES = ["none", "fuzzer"]

# libFuzzer's instrumentation (inline 8-bit counters, pc table, cmp
# tracing, indirect calls), without its main.
COVERAGE_COPTS = ["-fsanitize=fuzzer-no-link"]

def _coverage_setting_impl(ctx):
    if ctx.build_setting_value not in COVERAGE_VALUES:
        fail("%s: %s is not one of %s" % (ctx.label, ctx.build_setting_value, COVERAGE_VALUES))
    return []

coverage_setting = rule(
    implementation = _coverage_setting_impl,
    build_setting = config.string(flag = False),
)

def coverage_copts():
    """copts of a library under test: COVERAGE_COPTS when //core:coverage
    is "fuzzer"."""
    return select({
        "//core:coverage_fuzzer": COVERAGE_COPTS,
        "//conditions:default": [],
    })
