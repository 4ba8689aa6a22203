// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator as an AFL++ custom mutator library
 * (AFL_CUSTOM_MUTATOR_LIBRARY; AFL++ docs/custom_mutators.md): each
 * afl_custom_fuzz() call is one wq_mutate_engine() (the fresh schedule,
 * mutate.h, then wq_mutate()), or a splice with the queue
 * entry AFL++ offers for splicing. AFL++ keeps its own havoc stage
 * beside it (AFL_CUSTOM_MUTATOR_ONLY is not set by the launcher).
 * Inputs decode as the default target decodes them: misuse flag off.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/mutate/mutate.h"

struct afl_wq {
	struct wq_mutator m;
	uint64_t rng;
	uint8_t out[WQ_PROG_MAX_BYTES];
};

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_wq *w = calloc(1, sizeof(*w));

	(void)afl;
	if (!w)
		return NULL;
	w->m.decode = wq_mutate_decode_legal;
	w->rng = seed;
	return w;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size,
		       uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size)
{
	struct afl_wq *w = data;
	unsigned int seed = (unsigned int)wq_prog_rand(&w->rng);
	size_t cap = max_size < sizeof(w->out) ? max_size : sizeof(w->out);
	size_t n = buf_size < cap ? buf_size : cap;

	if (add_buf && add_buf_size && seed % 10 == 0) {
		n = wq_mutate_cross(&w->m, buf, buf_size, add_buf,
				    add_buf_size, w->out, cap, seed);
	} else {
		memcpy(w->out, buf, n);
		n = wq_mutate_engine(&w->m, w->out, n, cap, seed);
	}
	*out_buf = w->out;
	return n;
}

const char *afl_custom_describe(void *data, size_t max_len)
{
	(void)data;
	return max_len >= 8 ? "wqprog" : "";
}

void afl_custom_deinit(void *data)
{
	free(data);
}
