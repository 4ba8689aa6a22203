/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the program forms: every input must decode to a
 * legal program satisfying the round-trip laws (laws.h). A violation
 * prints the reason and traps, so libFuzzer saves the input.
 *
 *   bazel build //fuzz/prog:prog_fuzzer
 *   bazel-bin/fuzz/prog/prog_fuzzer -dict=corpus/workqueue.dict -max_len=600 DIR
 */
#include <stdio.h>

#include "fuzz/prog/laws.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[4096];

	if (wq_prog_laws_bytes(data, size, why, sizeof(why))) {
		fprintf(stderr, "prog_fuzzer: law violated: %s\n", why);
		__builtin_trap();
	}
	return 0;
}
