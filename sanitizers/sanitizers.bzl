# SPDX-License-Identifier: GPL-2.0-only
"""The sanitizers of the kit: one table, read by everything that needs it.

Each entry: the compile and link flags (what `--config=asan`/`tsan` add;
sanitizers/sanitizers.bazelrc is generated from this table by
`bazel run //tools:update_sanitizers_bazelrc`), and the options files
that go with it, each exported as the environment variable it names (the
tests through that .bazelrc fragment, the fuzz launchers and regression
tests through fuzz/tools/sanitizer_env.sh). tsan.supp is the suppressions
file (TSAN_OPTIONS suppressions=); it is empty, and the generator refuses
to run while it is not, because tests could not open it (see README.md).
"""

SANITIZERS = {
    "none": struct(copts = [], linkopts = [], options = {}),
    "asan": struct(
        copts = [
            "-fsanitize=address,undefined",
            "-fno-sanitize-recover=undefined",
            "-fno-sanitize=function",
            "-DWQKIT_ASAN=1",
        ],
        linkopts = ["-fsanitize=address,undefined"],
        options = {
            "sanitizers/asan.options": "ASAN_OPTIONS",
            "sanitizers/ubsan.options": "UBSAN_OPTIONS",
        },
    ),
    "tsan": struct(
        copts = ["-fsanitize=thread", "-DWQKIT_TSAN=1"],
        linkopts = ["-fsanitize=thread"],
        options = {
            "sanitizers/tsan.options": "TSAN_OPTIONS",
            "sanitizers/tsan.supp": "TSAN_OPTIONS suppressions",
        },
    ),
}

# The options files of each sanitizer as labels (data of launchers/tests).
SANITIZER_OPTIONS = {
    name: ["//:" + f for f in s.options]
    for name, s in SANITIZERS.items()
}
