// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point of the misuse target: programs keep their misuse
 * flag and failures are judged by fuzz/misuse/MISUSE.md.
 *
 *   bazel run //fuzz:workqueue_fuzzer_misuse -- --timeout_secs=600
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz/targets/misuse_input.h"
#include "fuzz/targets/mutator_hooks.h"

/* The structure-aware mutator keeps the misuse flag (plain decoding). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	wq_fuzz_mutator.decode = NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return wq_misuse_one_input(data, size);
}
