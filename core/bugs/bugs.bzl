# SPDX-License-Identifier: GPL-2.0-only
"""The bug zoo: one patched build of the core per documented bug.

wq_bug(name) expects <name>.patch (against core/workqueue.c and/or
core/include/linux/workqueue.h, applied with patch -p1) and <name>_test.c,
and declares:

  :<name>_src                genrule: patched copies of workqueue.c and
                             linux/workqueue.h (the source tree is untouched)
  :<name>_hdr                the patched header, exported with -I (via
                             strip_include_prefix) so it shadows the -isystem
                             core/include of //core:kenv for the library and
                             everything linked against it
  :workqueue_bug_<name>      cc_library, same deps/alwayslink as //core:workqueue
  :<name>_wqtest             core/testing/wqtest.c compiled against the bug build
  :<name>_clean_test         the regression test on //core:workqueue: must pass
  :<name>_bug_test           the same source with -DWQKIT_EXPECT_BUG=1 on the
                             bug build: passes only if the bug is observed
"""

load("@rules_cc//cc:defs.bzl", "cc_library", "cc_test")
load("//core:coverage.bzl", "coverage_copts")

# The zoo: //core/bugs:workqueue_bug_<name> for each. Loaded by
# core/bugs/BUILD.bazel and by the fuzz targets and the zoo benchmark.
# Tier (README.md "Tiers"): shallow bugs fail on a condition or two and
# ship a fuzzer-found reproducer (corpus/zoo/<name>.wq, reports/<slug>/);
# deep bugs need several conditions at once (a fault and a hotplug in a
# window, three actors...): the benchmark's harder tier
# (bench/zoo.sh --tier=deep), no shipped reproducer yet.
ZOO_TIERS = {
    "grab_pending_no_recheck": "shallow",
    "cancel_delayed_del_timer": "shallow",
    "flush_online_only": "shallow",
    "prepare_fail_no_undo": "shallow",
    "lost_wakeup": "shallow",
    "upcanceled_bind": "shallow",
    "each_cpu_no_pending": "shallow",
    "clear_pending_late": "shallow",
    "create_fail_unlisted": "deep",
    "destroy_early_unlock": "deep",
    "wait_on_work_online_only": "deep",
    "post_dead_no_flush": "deep",
}

ZOO_BUGS = list(ZOO_TIERS.keys())

# The bugs with a shipped reproducer corpus/zoo/<name>.wq (the shallow tier).
ZOO_SHIPPED_BUGS = [b for b in ZOO_BUGS if ZOO_TIERS[b] == "shallow"]

_WQ_C = "//core:workqueue.c"
_WQ_H = "//core:include/linux/workqueue.h"

def wq_bug(name, size = "small", test_deps = []):
    """Declares the patched library and the two regression tests of a bug."""
    out_c = name + "/workqueue.c"
    out_h = name + "/include/linux/workqueue.h"
    native.genrule(
        name = name + "_src",
        srcs = [_WQ_C, _WQ_H, name + ".patch"],
        outs = [out_c, out_h],
        cmd = " && ".join([
            "t=$$(mktemp -d)",
            "mkdir -p $$t/core/include/linux",
            "cp $(location %s) $$t/core/workqueue.c" % _WQ_C,
            "cp $(location %s) $$t/core/include/linux/workqueue.h" % _WQ_H,
            "patch -p1 -s -f -F0 --no-backup-if-mismatch -d $$t < $(location %s.patch)" % name,
            "cp $$t/core/workqueue.c $(location %s)" % out_c,
            "cp $$t/core/include/linux/workqueue.h $(location %s)" % out_h,
            "rm -rf $$t",
        ]),
    )
    cc_library(
        name = name + "_hdr",
        hdrs = [out_h],
        strip_include_prefix = name + "/include",
        deps = ["//core:kenv"],
    )
    cc_library(
        name = "workqueue_bug_" + name,
        srcs = [out_c],
        copts = coverage_copts(),
        alwayslink = True,
        visibility = ["//visibility:public"],
        deps = [
            ":" + name + "_hdr",
            "//core:kenv",
        ],
    )
    cc_library(
        name = name + "_wqtest",
        testonly = True,
        srcs = ["//core/testing:wqtest.c"],
        hdrs = ["//core/testing:wqtest.h"],
        deps = [
            ":workqueue_bug_" + name,
            "//core/testing:check",
        ],
    )
    srcs = [name + "_test.c", "bugtest.h"]
    cc_test(
        name = name + "_clean_test",
        size = size,
        srcs = srcs,
        deps = ["//core/testing:wqtest"] + test_deps,
    )
    cc_test(
        name = name + "_bug_test",
        size = size,
        srcs = srcs,
        copts = ["-DWQKIT_EXPECT_BUG=1"],
        deps = [":" + name + "_wqtest"] + test_deps,
    )
