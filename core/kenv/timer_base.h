/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv sys: the per-CPU timer bases, shared by timer.c (the pending lists
 * and the timer API) and softirq.c (the softirq tasks, migration, the
 * clock's harness API). Private to those two files.
 */
#ifndef _KENV_TIMER_BASE_H
#define _KENV_TIMER_BASE_H

#include <stdatomic.h>
#include <stdbool.h>

#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/wait.h>

#include "base_internal.h"

/* base->kicked */
enum {
	KICK_NONE,	/* the softirq task has nothing to do */
	KICK_PENDING,	/* kicked: a pass over the expired timers is due */
	KICK_RUNNING,	/* a pass is running (a new kick makes it loop) */
};

struct tvec_base {
	spinlock_t lock;	/* protects pending, running_timer and the
				 * entry and expires of every listed timer */
	struct timer_list *running_timer; /* handler running; under lock */
	struct list_head pending;	/* sorted by expires; under lock */
	wait_queue_head_t wait;		/* del_timer_sync() waiters for
					 * running_timer to change */
	struct task_struct *_Atomic softirq; /* ksoftirqd/N (init/reset) */
	int cpu;
	/* Lockless bookkeeping; written under lock, read by anyone. */
	_Atomic int kicked;		/* KICK_* */
	_Atomic int nr_pending;		/* timers on pending */
	_Atomic unsigned long first_expires; /* expires of the first one */
	_Atomic int stop;		/* kenv_timers_reset(): exit */
} ____cacheline_aligned;

extern struct tvec_base tvec_bases[NR_CPUS] KENV_HIDDEN;

static inline unsigned long now(void)
{
	return atomic_load_explicit(&kenv_jiffies, memory_order_relaxed);
}

static inline void timer_set_base(struct timer_list *timer,
				  struct tvec_base *base)
{
	atomic_store_explicit(&timer->base, base, memory_order_relaxed);
}

void internal_add_timer(struct tvec_base *base,
			struct timer_list *timer) KENV_HIDDEN;
void detach_timer(struct tvec_base *base, struct timer_list *timer,
		  int clear_pending) KENV_HIDDEN;
bool base_due(struct tvec_base *base) KENV_HIDDEN;
void kick_softirq(struct tvec_base *base) KENV_HIDDEN;
void kick_if_due(struct tvec_base *base) KENV_HIDDEN;

#endif /* _KENV_TIMER_BASE_H */
