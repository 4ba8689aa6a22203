// SPDX-License-Identifier: GPL-2.0-only
/*
 * The world's kernel objects: one workqueue per slot (each with its own
 * lockdep class, so downward flushes across workqueues are not taken for
 * recursive locking) and the works, each with its own lockdep class too.
 */
#include <stdint.h>
#include <string.h>
#include <linux/workqueue.h>

#include "fuzz/exec/executor.h"

static const char *const wq_names[WQ_MAX_WQS] = { "q0", "q1", "q2", "q3" };
static const char *const work_names[WQ_MAX_WORKS] = {
	"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7",
};

/**
 * wq_world_home - the workqueue work @i is homed on
 * @w: the world
 * @i: work index
 *
 * keventd for WQ_KEVENTD works; NULL if the home slot is dead.
 */
struct workqueue_struct *wq_world_home(struct wq_world *w, int i)
{
	int home = w->prog->work[i].home;

	if (home == WQ_KEVENTD)
		return wqkit_keventd_wq();
	return atomic_load_explicit(&w->wq[home], memory_order_relaxed);
}

/**
 * wq_world_slot_of - slot of a live workqueue pointer
 * @w: the world
 * @wq: a workqueue_struct
 *
 * Returns the slot, WQ_KEVENTD for keventd, or -2 if unknown.
 */
int wq_world_slot_of(const struct wq_world *w, const void *wq)
{
	int i;

	if (!wq)
		return -2;
	if (wq == wqkit_keventd_wq())
		return WQ_KEVENTD;
	for (i = 0; i < w->prog->nwqs; i++)
		if (atomic_load_explicit(&w->wq[i], memory_order_relaxed) == wq)
			return i;
	return -2;
}

/**
 * wq_world_init_work - INIT_WORK / INIT_DELAYED_WORK work @i with its own
 * lockdep class "wN"
 * @w: the world
 * @i: work index
 */
void wq_world_init_work(struct wq_world *w, int i)
{
	struct wq_world_work *ww = &w->work[i];

	if (w->prog->work[i].delayed)
		INIT_DELAYED_WORK(&ww->dwork, wq_beh_work_fn);
	else
		INIT_WORK(&ww->work, wq_beh_work_fn);
	lockdep_init_map(&ww->work.lockdep_map, work_names[i], &ww->key, 0);
}

/**
 * wq_world_setup - a fresh world for @p (no workqueue created yet)
 * @w: the world
 * @p: the program
 */
/* The budget of a self-requeueing or re-arming work ("requeue k",
 * "rearm k"), or 0. */
static int requeue_budget(const struct wq_prog *p, int i)
{
	return p->work[i].beh == WQ_BEH_REQUEUE ||
	       p->work[i].beh == WQ_BEH_REARM ? p->work[i].arg : 0;
}

/**
 * wq_world_refill - give every self-requeueing work its budget again
 * @w: the world, quiescent (a session checkpoint: nothing runs)
 */
void wq_world_refill(struct wq_world *w)
{
	int i;

	for (i = 0; i < w->prog->nworks; i++)
		atomic_store(&w->work[i].requeues_left,
			     requeue_budget(w->prog, i));
}

void wq_world_setup(struct wq_world *w, const struct wq_prog *p)
{
	int i;

	w->prog = p;
	for (i = 0; i < WQ_MAX_WQS; i++)
		atomic_store_explicit(&w->wq[i], NULL, memory_order_relaxed);
	for (i = 0; i < p->nworks; i++) {
		struct wq_world_work *ww = &w->work[i];

		memset(&ww->dwork, 0, sizeof(ww->dwork));
		ww->index = i;
		atomic_store(&ww->requeues_left, requeue_budget(p, i));
		atomic_store(&ww->last_cpu, -1);
		atomic_store(&ww->runs, 0);
		atomic_store(&ww->self_queued, 0);
		atomic_store(&ww->self_freed, 0);
		wq_world_init_work(w, i);
	}
	atomic_store(&w->frozen, false);
	atomic_store(&w->online, (1u << p->ncpus) - 1);
}

/**
 * wq_world_create - create the workqueue of @slot as the header declares
 * @w: the world
 * @slot: workqueue slot
 *
 * Uses the slot's own lockdep key. Returns the workqueue (also stored in
 * the world) or NULL if creation failed (fault injection).
 */
struct workqueue_struct *wq_world_create(struct wq_world *w, int slot)
{
	int kind = w->prog->wq_kind[slot];
	struct workqueue_struct *wq;

	wq = __create_workqueue_key(wq_names[slot], kind != WQ_KIND_MULTI,
				    kind == WQ_KIND_FREEZEABLE,
				    &w->wq_key[slot], wq_names[slot]);
	atomic_store_explicit(&w->wq[slot], wq, memory_order_relaxed);
	return wq;
}
