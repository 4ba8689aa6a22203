/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel objects a running program owns: the executor (fuzz/exec,
 * world.c) creates and drives them, the oracle reads them. Data only:
 * this header sits below both, so the oracle needs nothing of the
 * executor.
 */
#ifndef _WQKIT_FUZZ_ORACLE_WORLD_H
#define _WQKIT_FUZZ_ORACLE_WORLD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/workqueue.h>
#include "fuzz/prog/prog.h"

struct wq_world_work {
	union {
		struct work_struct work;	/* plain works */
		struct delayed_work dwork;	/* delayed works */
	};
	struct lock_class_key key;	/* one lockdep class per work slot */
	int index;			/* wN */
	_Atomic int requeues_left;	/* WQ_BEH_REQUEUE, WQ_BEH_REARM */
	_Atomic int last_cpu;		/* WQ_BEH_CPU, WQ_BEH_GET_ONLINE_CPUS:
					 * smp_processor_id(), -1;
					 * WQ_BEH_CURRENT_IS_KEVENTD: its
					 * answer */
	_Atomic int runs;		/* times its function started */
	/* WQ_BEH_FREE_SELF: instances queued (each a fresh kzalloc), and
	 * instances whose function ran and kfree'd them (self_free.c) */
	_Atomic int self_queued, self_freed;
};

struct wq_world {
	const struct wq_prog *prog;
	struct wq_world_work work[WQ_MAX_WORKS];
	/* live workqueues: NULL before create, after destroy or failed create */
	struct workqueue_struct *_Atomic wq[WQ_MAX_WQS];
	struct lock_class_key wq_key[WQ_MAX_WQS]; /* one lockdep class per slot */
	_Atomic bool frozen;
	_Atomic unsigned int online;	/* CPU mask as the program left it */
};

/* &work->work for plain and delayed works alike. */
static inline struct work_struct *wq_world_ws(struct wq_world *w, int i)
{
	return &w->work[i].work;
}

/**
 * wq_world_index - index of @work in the world
 * @w: the world
 * @work: a work_struct seen in an event
 *
 * Returns wN's index, or -1 for a work the world does not own (barriers,
 * execute_work, schedule_on_each_cpu's works). Compares addresses only.
 */
static inline int wq_world_index(const struct wq_world *w,
				 const void *work)
{
	uintptr_t base = (uintptr_t)&w->work[0], a = (uintptr_t)work;
	uintptr_t size = sizeof(w->work[0]);

	if (a < base || a >= base + w->prog->nworks * size ||
	    (a - base) % size)
		return -1;
	return (a - base) / size;
}

#endif /* _WQKIT_FUZZ_ORACLE_WORLD_H */
