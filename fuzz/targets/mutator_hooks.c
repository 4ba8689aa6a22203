// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer's hooks for the structure-aware mutator (fuzz/mutate/):
 * LLVMFuzzerCustomMutator and LLVMFuzzerCustomCrossOver. Linked into
 * every libFuzzer target (and harmlessly into their replay builds, where
 * no engine calls them). Inputs decode as the target decodes them
 * (wq_fuzz_decode: misuse off, the schedule policy applied); the misuse
 * target sets wq_fuzz_mutator.decode to keep the misuse flag. A fault
 * mutation draws its n-th from the counts the executor recorded for the
 * parent's run (wq_feedback_counts()).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz/exec/feedback.h"
#include "fuzz/targets/mutator_hooks.h"
#include "fuzz/targets/one_input.h"

/* libFuzzer's own byte mutation; absent (NULL) outside libFuzzer. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
	__attribute__((weak));

static void decode_target(const uint8_t *data, size_t size, struct wq_prog *p)
{
	wq_fuzz_decode(data, size, p);
}

/* The executor's fault counts of the parent's last run (feedback.h). */
static bool parent_counts(const struct wq_prog *p, struct wq_mut_counts *c)
{
	return wq_feedback_counts(p, &c->allocs, &c->kthreads);
}

struct wq_mutator wq_fuzz_mutator = {
	.decode = decode_target,
	.counts = parent_counts,
};

/*
 * Both hooks go through the engine entry points of fuzz/mutate (the fresh
 * schedule, the crossover policy: mutate.h), as bench/mutants_gen does.
 */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	wq_fuzz_mutator.bytes = LLVMFuzzerMutate;
	return wq_mutate_engine(&wq_fuzz_mutator, data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
				 const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size,
				 unsigned int seed)
{
	wq_fuzz_mutator.bytes = LLVMFuzzerMutate;
	return wq_mutate_crossover(&wq_fuzz_mutator, data1, size1, data2,
				   size2, out, max_out_size, seed);
}
