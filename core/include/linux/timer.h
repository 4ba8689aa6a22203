/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: timers on the virtual jiffies clock, with per-CPU bases as
 * in 2.6.29 kernel/timer.c. Expired handlers run in the per-CPU softirq
 * task of the timer's base ("ksoftirqd/N", in_interrupt() true,
 * smp_processor_id() = N) when kenv_advance_jiffies() makes them due,
 * concurrently with other tasks. add_timer() uses the current CPU's base;
 * add_timer_on() the given CPU's. del_timer_sync() waits until the handler
 * is not running. A dead CPU's pending timers move to the CPU running the
 * hotplug.
 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/list.h>
#include <linux/jiffies.h>

struct tvec_base;

struct timer_list {
	struct list_head entry;		/* on base->pending, under base->lock */
	unsigned long expires;
	void (*function)(unsigned long);
	unsigned long data;
	struct tvec_base *_Atomic base;
};

#define TIMER_INITIALIZER(_function, _expires, _data) {		\
		.entry = { .prev = NULL, .next = NULL },	\
		.function = (_function),			\
		.expires = (_expires),				\
		.data = (_data),				\
		.base = NULL,					\
	}

void init_timer(struct timer_list *timer);
static inline void setup_timer(struct timer_list *timer,
			       void (*function)(unsigned long),
			       unsigned long data)
{
	timer->function = function;
	timer->data = data;
	init_timer(timer);
}

/* Pending: listed on a base (entry.next != NULL), as in the kernel. */
static inline int timer_pending(const struct timer_list *timer)
{
	return __atomic_load_n(&timer->entry.next, __ATOMIC_RELAXED) != NULL;
}

void add_timer(struct timer_list *timer);
void add_timer_on(struct timer_list *timer, int cpu);
int mod_timer(struct timer_list *timer, unsigned long expires);
int del_timer(struct timer_list *timer);
int try_to_del_timer_sync(struct timer_list *timer);
int del_timer_sync(struct timer_list *timer);

#define timer_stats_timer_set_start_info(timer) do { } while (0)

#endif /* _LINUX_TIMER_H */
