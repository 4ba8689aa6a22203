/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: the virtual clock. jiffies moves only when the harness calls
 * kenv_advance_jiffies(). It starts 5 minutes before the wrap, as in the
 * kernel, so that comparisons must use time_after().
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <stdatomic.h>

#define HZ		100
#define INITIAL_JIFFIES	((unsigned long)(unsigned int)(-300 * HZ))

extern _Atomic unsigned long kenv_jiffies;
#define jiffies	atomic_load_explicit(&kenv_jiffies, memory_order_relaxed)

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return (m + (1000 / HZ) - 1) / (1000 / HZ);
}

#endif /* _LINUX_JIFFIES_H */
