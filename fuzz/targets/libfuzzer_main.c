// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point of the workqueue fuzz targets (ASan+UBSan and
 * TSan builds of the same file; see fuzz/BUILD.bazel).
 *
 *   bazel run //fuzz:workqueue_fuzzer -- --timeout_secs=60
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz/targets/one_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return wq_fuzz_one_input(data, size);
}
