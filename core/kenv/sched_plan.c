// SPDX-License-Identifier: GPL-2.0-only
/*
 * kenv controlled scheduling, planned PCT (kenv_sched_controlled_plan()):
 * a task's priority is a hash of its name and the plan's order, so the
 * same tasks get the same priorities in every run and every order value
 * is another permutation of them, with no random stream at all.
 */
#include "sched_internal.h"

/**
 * kenv_sched_plan_prio - a task's priority under a planned run
 * @comm: the task's name
 * @order: the plan's order
 *
 * Returns a priority above KENV_SCHED_MAX_DEPTH (the change points' drops
 * go below it).
 */
long kenv_sched_plan_prio(const char *comm, unsigned int order)
{
	unsigned int h = 2166136261u;	/* FNV-1a */

	for (; *comm; comm++) {
		h ^= (unsigned char)*comm;
		h *= 16777619u;
	}
	h ^= order * 0x9e3779b9u;
	/* murmur3's finaliser: every bit of name and order moves the rest */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return KENV_SCHED_MAX_DEPTH + (long)(h >> 2);
}
