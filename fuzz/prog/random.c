// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random programs: the naive engine's generator (uniformly random bytes
 * of a random length; the decoder makes every one a legal program), kept
 * here so the naive baseline and the structure-aware mutator's fresh
 * programs are the same distribution.
 */
#include "fuzz/prog/prog.h"

uint64_t wq_prog_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t wq_prog_rand(uint64_t *state)
{
	/* splitmix64: a Weyl sequence through its finalizer */
	return wq_prog_mix64(*state += 0x9e3779b97f4a7c15ULL);
}

unsigned int wq_prog_rand_below(uint64_t *state, unsigned int n)
{
	return n ? (unsigned int)(wq_prog_rand(state) % n) : 0;
}

size_t wq_prog_random_bytes(uint64_t *state, uint8_t *buf, size_t max_len)
{
	size_t i, len;

	if (!max_len)
		return 0;
	len = 1 + wq_prog_rand(state) % max_len;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)wq_prog_rand(state);
	return len;
}
