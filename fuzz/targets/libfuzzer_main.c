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

/* Before libFuzzer reads a flag or an input: a bad WQKIT_* is exit 2. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	wq_fuzz_check_env();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return wq_fuzz_one_input(data, size);
}
