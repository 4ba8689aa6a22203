// SPDX-License-Identifier: GPL-2.0-only
/*
 * Works that free themselves (behaviour free_self, format v4), the driver
 * pattern
 *
 *	struct req *r = kzalloc(sizeof(*r), GFP_KERNEL);
 *	INIT_WORK(&r->work, req_fn);
 *	queue_work(wq, &r->work);
 *	...
 *	static void req_fn(struct work_struct *work)
 *	{
 *		struct req *r = container_of(work, struct req, work);
 *		...
 *		kfree(r);
 *	}
 *
 * Each queueing of such a wN allocates a fresh instance from kenv (a real
 * malloc/free, so AddressSanitizer sees any touch of the work after its
 * function returned, e.g. by run_workqueue()), and the legality rules
 * keep every other op and behaviour away from it (FORMAT.md). The oracle
 * does not track the instances (their addresses are not the world's);
 * this file judges them instead: a queueing of a fresh instance returns
 * 1, and by every quiescent end each queued instance ran (and freed
 * itself) exactly once -- a second run would read freed memory, which
 * ASan reports, or kfree() a freed block, which kenv reports as a BUG.
 */
#include <stdio.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "fuzz/exec/executor.h"

struct wq_self_work {
	struct work_struct work;
	struct wq_exec *x;		/* the run that queued it */
	int index;			/* wN */
};

/**
 * wq_self_get - the work_struct a queue op on work @i queues
 * @x: the run
 * @i: work index
 *
 * The world's own for ordinary works; for a work that frees itself a
 * fresh kzalloc'ed instance (INIT_WORK'ed, in wN's lockdep class), or
 * NULL if the allocation failed (fault injection): the op is skipped, as
 * a driver's -ENOMEM path would.
 */
struct work_struct *wq_self_get(struct wq_exec *x, int i)
{
	struct wq_world_work *ww = &x->world.work[i];
	struct wq_self_work *sw;

	if (x->prog->work[i].beh != WQ_BEH_FREE_SELF)
		return wq_world_ws(&x->world, i);
	sw = kzalloc(sizeof(*sw), GFP_KERNEL);
	if (!sw)
		return NULL;
	INIT_WORK(&sw->work, wq_self_fn);
	lockdep_init_map(&sw->work.lockdep_map, ww->work.lockdep_map.name,
			 &ww->key, 0);
	sw->x = x;
	sw->index = i;
	return &sw->work;
}

/**
 * wq_self_queued - account for the queueing of @ws (from wq_self_get())
 * @x: the run
 * @i: work index
 * @ws: what was queued
 * @ret: the queue call's return value (-1: not called)
 *
 * A fresh instance is idle: a queue call that returns 0 for it broke its
 * promise; the instance is freed (nobody else knows it) and the failure
 * recorded. Returns @ret.
 */
long wq_self_queued(struct wq_exec *x, int i, struct work_struct *ws, long ret)
{
	struct wq_world_work *ww = &x->world.work[i];

	if (x->prog->work[i].beh != WQ_BEH_FREE_SELF)
		return ret;
	if (ret == 1) {
		atomic_fetch_add(&ww->self_queued, 1);
		return ret;
	}
	kfree(container_of(ws, struct wq_self_work, work));
	if (ret == 0)
		wq_fail_async(x, "queue returned 0 for an idle work",
			      "w%d frees itself: each queueing allocates a fresh (idle) instance, and the queue call returned 0 for one\n",
			      i);
	return ret;
}

/**
 * wq_self_fn - the function of a work that frees itself: counts the run,
 * then kfree()s its own instance (the last thing it does)
 * @work: the instance
 */
void wq_self_fn(struct work_struct *work)
{
	struct wq_self_work *sw = container_of(work, struct wq_self_work, work);
	struct wq_exec *x = sw->x;
	struct wq_world_work *ww = &x->world.work[sw->index];

	atomic_fetch_add(&ww->runs, 1);
	atomic_fetch_add_explicit(&x->works_run, 1, memory_order_relaxed);
	atomic_fetch_add(&ww->self_freed, 1);
	kfree(sw);
}

/**
 * wq_self_index - wN of a live instance of a work that frees itself
 * @work: a work_struct whose ->func is wq_self_fn
 */
int wq_self_index(const struct work_struct *work)
{
	return container_of(work, struct wq_self_work, work)->index;
}

/**
 * wq_self_check - at a quiescent end: every queued instance freed itself
 * @x: the run
 *
 * Returns false (failure recorded) if one was queued but never ran.
 */
bool wq_self_check(struct wq_exec *x)
{
	int i, queued, freed;

	for (i = 0; i < x->prog->nworks; i++) {
		char title[64];

		if (x->prog->work[i].beh != WQ_BEH_FREE_SELF)
			continue;
		queued = atomic_load(&x->world.work[i].self_queued);
		freed = atomic_load(&x->world.work[i].self_freed);
		if (queued == freed)
			continue;
		snprintf(title, sizeof(title), "w%d queued but never ran", i);
		wq_fail(x, WQ_FAIL_ORACLE, -1, -1, title,
			"w%d frees itself: %d instance(s) queued, %d ran and freed themselves by the end\n",
			i, queued, freed);
		return false;
	}
	return true;
}
