// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a work does when it runs: one work function for every work of the
 * world, dispatching on the work's behaviour (FORMAT.md "Behaviours").
 *
 * Choices the format leaves to the executor:
 *  - requeue: queue_work() of the work_struct on the home (schedule_work()
 *    for keventd), also for delayed works (FORMAT.md: "its work_struct"),
 *    so a requeue never needs the clock to advance.
 *  - cancel wN, wN plain: 2.6.29 exports no non-sync cancel of a plain
 *    work (try_to_grab_pending() is static in workqueue.c), so the
 *    behaviour only reads work_pending(wN). Delayed wN:
 *    cancel_delayed_work().
 *  - rearm: queue_delayed_work()/schedule_delayed_work() of itself with
 *    a delay of 1 jiffy, the polling pattern cancel_rearming_delayed_work()
 *    exists for; bounded by its count, so every program quiesces.
 *  - get_online_cpus: takes the hotplug read lock around get_cpu(), the
 *    pattern 2.6.29 moved cleanup to CPU_POST_DEAD for.
 *  - schedule_on_each_cpu: the op's function (wq_beh_internal_fn).
 *  - a target whose home slot is dead (failed create) is skipped.
 *  - free_self: its instances run wq_self_fn (self_free.c), never this.
 *  - execute_in_process_context: a struct execute_work on the stack
 *    (the call from a work runs the function at once), judged by eipc.c.
 */
#include <stdio.h>
#include <linux/cpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "fuzz/exec/executor.h"

/* Runs of wq_beh_internal_fn (a run's works_run adds them). */
static _Atomic unsigned int internal_runs;

static struct wq_world_work *to_ww(struct work_struct *work)
{
	return container_of(work, struct wq_world_work, work);
}

/* queue_work()/schedule_work() of work @i's work_struct on its home
 * (a fresh instance of a work that frees itself). */
static void queue_on_home(struct wq_exec *x, int i)
{
	struct wq_world *w = &x->world;
	struct workqueue_struct *wq = wq_world_home(w, i);
	struct work_struct *ws;

	if (!wq || !(ws = wq_self_get(x, i)))
		return;
	if (w->prog->work[i].home == WQ_KEVENTD)
		wq_self_queued(x, i, ws, schedule_work(ws));
	else
		wq_self_queued(x, i, ws, queue_work(wq, ws));
}


/* Take one of work @ww's requeue/rearm credits; false if none is left. */
static bool take_credit(struct wq_world_work *ww)
{
	int left = atomic_load(&ww->requeues_left);

	while (left > 0)
		if (atomic_compare_exchange_weak(&ww->requeues_left, &left,
						 left - 1))
			return true;
	return false;
}

/* A delayed work re-arms itself, 1 jiffy ahead, on its home. */
static void beh_rearm(struct wq_world *w, struct wq_world_work *ww)
{
	struct workqueue_struct *wq = wq_world_home(w, ww->index);

	if (!wq || !take_credit(ww))
		return;
	if (w->prog->work[ww->index].home == WQ_KEVENTD)
		schedule_delayed_work(&ww->dwork, 1);
	else
		queue_delayed_work(wq, &ww->dwork, 1);
}

static void record_cpu(struct wq_world_work *ww)
{
	/* get_cpu(): a singlethread worker is not bound */
	atomic_store(&ww->last_cpu, get_cpu());
	put_cpu();
}

static void beh_cancel(struct wq_exec *x, int target)
{
	struct wq_world *w = &x->world;

	if (!wq_world_home(w, target))
		return;
	if (w->prog->work[target].delayed) {
		/* The inline cancel_delayed_work() has no API events: give
		 * the oracle a frame to judge its return value in. */
		wq_oracle_cancel_begin(x->oracle, target);
		wq_oracle_cancel_end(x->oracle, target,
				     cancel_delayed_work(&w->work[target].dwork));
	} else {
		(void)work_pending(wq_world_ws(w, target));
	}
}

static void beh_cancel_sync(struct wq_world *w, int target)
{
	if (!wq_world_home(w, target))
		return;
	if (w->prog->work[target].delayed)
		cancel_delayed_work_sync(&w->work[target].dwork);
	else
		cancel_work_sync(wq_world_ws(w, target));
}

static void beh_flush_own_wq(struct wq_exec *x, struct wq_world_work *ww)
{
	struct wq_world *w = &x->world;

	atomic_store(&x->misuse_flush_own, 1);
	if (w->prog->work[ww->index].home == WQ_KEVENTD)
		flush_scheduled_work();
	else
		flush_workqueue(wq_world_home(w, ww->index));
}

/* execute_in_process_context() from the work: not in interrupt, so the
 * function runs at once (judged by eipc.c); the execute_work is the
 * call's own, as it is never queued. */
static void beh_execute(struct wq_exec *x, struct wq_world_work *ww)
{
	struct wq_eipc e = { 0 };
	char who[8];

	snprintf(who, sizeof(who), "w%d", ww->index);
	wq_eipc_call(x, &e, who);
}

/**
 * wq_beh_work_fn - the work function of every work of the world
 * @work: &wN->work (plain) or &wN->dwork.work (delayed)
 */
void wq_beh_work_fn(struct work_struct *work)
{
	struct wq_world_work *ww = to_ww(work);
	struct wq_exec *x = wq_exec_of_work(ww);
	struct wq_world *w = &x->world;
	const struct wq_work *desc = &w->prog->work[ww->index];

	atomic_fetch_add(&ww->runs, 1);
	atomic_fetch_add_explicit(&x->works_run, 1, memory_order_relaxed);
	switch (desc->beh) {
	case WQ_BEH_NOP:
		break;
	case WQ_BEH_REQUEUE:
		if (take_credit(ww))
			queue_on_home(x, ww->index);
		break;
	case WQ_BEH_QUEUE:
		queue_on_home(x, desc->arg);
		break;
	case WQ_BEH_CANCEL:
		beh_cancel(x, desc->arg);
		break;
	case WQ_BEH_FLUSH:
		if (wq_world_home(w, desc->arg))
			flush_work(wq_world_ws(w, desc->arg));
		break;
	case WQ_BEH_CANCEL_SYNC:
		beh_cancel_sync(w, desc->arg);
		break;
	case WQ_BEH_SLEEP:
		schedule_timeout_uninterruptible(desc->arg);
		break;
	case WQ_BEH_CPU:
		record_cpu(ww);
		break;
	case WQ_BEH_FLUSH_OWN_WQ:
		beh_flush_own_wq(x, ww);
		break;
	case WQ_BEH_REARM:
		beh_rearm(w, ww);
		break;
	case WQ_BEH_GET_ONLINE_CPUS:
		get_online_cpus();
		record_cpu(ww);
		put_online_cpus();
		break;
	case WQ_BEH_SCHEDULE_ON_EACH_CPU:
		schedule_on_each_cpu(wq_beh_internal_fn);
		break;
	case WQ_BEH_FLUSH_SCHEDULED_WORK:
		flush_scheduled_work();
		break;
	case WQ_BEH_CURRENT_IS_KEVENTD:
		atomic_store(&ww->last_cpu, current_is_keventd());
		break;
	case WQ_BEH_FREE_SELF:
		break;	/* not reached: its instances run wq_self_fn */
	case WQ_BEH_EXECUTE_IN_PROCESS_CONTEXT:
		beh_execute(x, ww);
		break;
	}
}

/**
 * wq_beh_internal_fn - function of execute_in_process_context's and
 * schedule_on_each_cpu's works: counts the run (the oracle sees its
 * start and end, with the CPU, as events)
 * @work: the work
 */
void wq_beh_internal_fn(struct work_struct *work)
{
	(void)work;
	atomic_fetch_add_explicit(&internal_runs, 1, memory_order_relaxed);
}

/**
 * wq_beh_internal_runs - runs of wq_beh_internal_fn since the last reset
 * @reset: start counting afresh (at the start of a run)
 *
 * schedule_on_each_cpu() gives its function only the core's own per-CPU
 * work, so these runs are counted here rather than in the run's state.
 */
unsigned int wq_beh_internal_runs(bool reset)
{
	if (reset)
		return atomic_exchange(&internal_runs, 0);
	return atomic_load_explicit(&internal_runs, memory_order_relaxed);
}
