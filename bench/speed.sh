#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# //bench:speed CORPUS [options]: the default fuzz target's exec/s, CPU
# time and context switches per exec on a fixed corpus (bench/speed.py);
# paths are the user's (bazel run).
here=${RUNFILES_DIR:-$0.runfiles}/wqkit
[ -d "$here" ] || here=$PWD	# bazel run: the runfiles tree
py=$here/bench/speed.py
python=/usr/bin/python3
[ -x "$python" ] || python=python3
bin=$here/fuzz/workqueue_fuzzer_bin
dict=$here/corpus/workqueue.dict
cd "${BUILD_WORKING_DIRECTORY:-.}" || exit 2
exec "$python" "$py" --bin="$bin" --dict="$dict" "$@"
