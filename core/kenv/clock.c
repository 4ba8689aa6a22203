/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv sched: the virtual clock as the sys layer registers it (see struct
 * kenv_clock_ops in sched_internal.h). timer.c registers its timers at
 * kenv_init(); the sched layer (completions' timeouts, the idle test, the
 * controlled scheduler's clock jumps, report names) calls them through
 * here, never by name.
 */
#include <stdatomic.h>
#include <stddef.h>

#include <linux/sched.h>

#include "sched_internal.h"

/* Set at kenv_init() while no task runs; read with one relaxed load. */
static const struct kenv_clock_ops *_Atomic clock_ops;

static const struct kenv_clock_ops *ops(void)
{
	return atomic_load_explicit(&clock_ops, memory_order_relaxed);
}

/**
 * kenv_set_clock - register the virtual clock's timers (sys layer)
 * @o: the operations (static storage), or NULL to remove
 */
void kenv_set_clock(const struct kenv_clock_ops *o)
{
	atomic_store_explicit(&clock_ops, o, memory_order_relaxed);
}

/**
 * kenv_clock_idle - no timer handler running or due (true without a clock)
 */
bool kenv_clock_idle(void)
{
	const struct kenv_clock_ops *o = ops();

	return !o || o->idle();
}

/**
 * kenv_clock_next - the earliest pending expiry
 * @expires: where to store it
 *
 * Returns false if no timer is pending (or there is no clock).
 */
bool kenv_clock_next(unsigned long *expires)
{
	const struct kenv_clock_ops *o = ops();

	return o && o->next(expires);
}

/**
 * kenv_clock_advance - move the virtual clock and kick expired timers
 * @ticks: how far
 */
void kenv_clock_advance(unsigned long ticks)
{
	const struct kenv_clock_ops *o = ops();

	if (o)
		o->advance(ticks);
}

/**
 * kenv_clock_schedule_timeout - schedule_timeout() of the registered clock
 * @timeout: jiffies to sleep at most
 *
 * Without a clock no timer can wake the caller: it sleeps until woken
 * and returns 0 (timed out), as schedule() then returning would.
 */
long kenv_clock_schedule_timeout(long timeout)
{
	const struct kenv_clock_ops *o = ops();

	if (o)
		return o->schedule_timeout(timeout);
	schedule();
	return 0;
}

/**
 * kenv_clock_base_cpu - the CPU whose timer base @obj is, or -1
 * @obj: a wait object of a report
 */
int kenv_clock_base_cpu(const void *obj)
{
	const struct kenv_clock_ops *o = ops();

	return o ? o->base_cpu(obj) : -1;
}
