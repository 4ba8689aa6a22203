// SPDX-License-Identifier: GPL-2.0-only
/*
 * One op of a program, as FORMAT.md "Executor notes" says:
 *  - *_on ops run under get_online_cpus() and are skipped (ret -1) if
 *    the CPU is offline, except in misuse programs of format v3, where
 *    they queue on the offline CPU (hazard queue_offline);
 *  - an op naming a dead slot (failed create, or destroyed) or a work
 *    homed on one is skipped (a queue op also when it queues away from
 *    home onto a dead slot), except in misuse programs, where ops on a
 *    destroyed workqueue use the stale pointer (use after free: expected
 *    to be caught by ASan);
 *  - create_workqueue re-initialises the slot's works; ret is 1 if the
 *    workqueue was created, 0 if creation failed;
 *  - execute_in_process_context uses the (step, actor)'s own
 *    execute_work, in emulated interrupt context if in_irq, and is
 *    judged (eipc.c);
 *  - a queue op on a work that frees itself queues a fresh kzalloc'ed
 *    instance of it (self_free.c); skipped if the allocation fails;
 *  - void calls report ret 0; cpu_up/cpu_down/freeze report their result.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/freezer.h>
#include <linux/hardirq.h>
#include <linux/workqueue.h>

#include "fuzz/exec/executor.h"
#include "fuzz/prog/ops.h"

#define SKIP	(-1L)

/* The workqueue of slot @q, or the stale one in misuse programs. */
static struct workqueue_struct *slot_wq(struct wq_exec *x, int q)
{
	struct workqueue_struct *wq;

	wq = atomic_load_explicit(&x->world.wq[q], memory_order_relaxed);
	if (!wq && x->prog->misuse)
		wq = atomic_load_explicit(&x->stale[q], memory_order_relaxed);
	return wq;
}

/* May ops touch work @i? Its home must be live (or stale, misuse). */
static bool work_usable(struct wq_exec *x, int i)
{
	int home = x->prog->work[i].home;

	return home == WQ_KEVENTD || slot_wq(x, home);
}

static struct delayed_work *dw(struct wq_exec *x, int i)
{
	return &x->world.work[i].dwork;
}

/* The queue call of @op on @ws (the world's work, or a fresh instance
 * of a work that frees itself: plain, so never a delayed op). */
static long queue_call(struct wq_exec *x, const struct wq_op *op,
		       struct work_struct *ws)
{
	struct workqueue_struct *wq;

	/* queue_*: on op->wq, the home or (v4) another; schedule_*: keventd */
	wq = NULL;
	if (!(wq_ops[op->op].flags & WQ_OPF_KEVENTD)) {
		wq = slot_wq(x, op->wq);
		if (!wq)
			return SKIP;
	}
	switch (op->op) {
	case WQ_OP_QUEUE_WORK:
		return queue_work(wq, ws);
	case WQ_OP_QUEUE_WORK_ON:
		return queue_work_on(op->cpu, wq, ws);
	case WQ_OP_QUEUE_DELAYED_WORK:
		return queue_delayed_work(wq, dw(x, op->work), op->delay);
	case WQ_OP_QUEUE_DELAYED_WORK_ON:
		return queue_delayed_work_on(op->cpu, wq, dw(x, op->work), op->delay);
	case WQ_OP_SCHEDULE_WORK:
		return schedule_work(ws);
	case WQ_OP_SCHEDULE_WORK_ON:
		return schedule_work_on(op->cpu, ws);
	case WQ_OP_SCHEDULE_DELAYED_WORK:
		return schedule_delayed_work(dw(x, op->work), op->delay);
	case WQ_OP_SCHEDULE_DELAYED_WORK_ON:
		return schedule_delayed_work_on(op->cpu, dw(x, op->work), op->delay);
	}
	return SKIP;
}

static long queue_op(struct wq_exec *x, const struct wq_op *op)
{
	struct work_struct *ws;

	if (!work_usable(x, op->work))
		return SKIP;
	ws = wq_self_get(x, op->work);
	if (!ws)
		return SKIP;	/* its allocation failed (fault injection) */
	return wq_self_queued(x, op->work, ws, queue_call(x, op, ws));
}

/*
 * *_on ops: the caller keeps the CPU online (get_online_cpus()); a
 * misuse program queues anyway ("the caller must ensure it can't go
 * away", queue_work_on()).
 */
static long queue_on_op(struct wq_exec *x, const struct wq_op *op)
{
	long ret = SKIP;

	get_online_cpus();
	if (cpu_online(op->cpu) || x->prog->misuse >= WQ_MISUSE_ON)
		ret = queue_op(x, op);
	put_online_cpus();
	return ret;
}

static long work_op(struct wq_exec *x, const struct wq_op *op)
{
	struct work_struct *ws = wq_world_ws(&x->world, op->work);

	if (!work_usable(x, op->work))
		return SKIP;
	switch (op->op) {
	case WQ_OP_CANCEL_WORK_SYNC:
		return cancel_work_sync(ws);
	case WQ_OP_CANCEL_DELAYED_WORK:
		return cancel_delayed_work(dw(x, op->work));
	case WQ_OP_CANCEL_DELAYED_WORK_SYNC:
		return cancel_delayed_work_sync(dw(x, op->work));
	case WQ_OP_FLUSH_WORK:
		return flush_work(ws);
	case WQ_OP_CANCEL_REARMING_DELAYED_WORK:
		cancel_rearming_delayed_work(dw(x, op->work));
		return 0;
	case WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE:
		cancel_rearming_delayed_workqueue(slot_wq(x, op->wq),
						  dw(x, op->work));
		return 0;
	}
	return SKIP;
}

static long execute_op(struct wq_exec *x, int actor, const struct wq_op *op)
{
	struct wq_eipc *e = &x->ew[x->step][actor];
	long ret;

	if (op->in_irq)
		irq_enter();
	ret = wq_eipc_call(x, e, x->actor[actor].comm);
	if (op->in_irq)
		irq_exit();
	return ret;
}

static long create_op(struct wq_exec *x, int q)
{
	struct wq_world *w = &x->world;
	int i;

	for (i = 0; i < x->prog->nworks; i++)
		if (x->prog->work[i].home == q)
			wq_world_init_work(w, i);
	atomic_store_explicit(&x->stale[q], NULL, memory_order_relaxed);
	return wq_world_create(w, q) != NULL;
}

static long destroy_op(struct wq_exec *x, int q)
{
	struct workqueue_struct *wq = slot_wq(x, q);

	if (!wq)
		return SKIP;
	destroy_workqueue(wq);
	atomic_store_explicit(&x->world.wq[q], NULL, memory_order_relaxed);
	atomic_store_explicit(&x->stale[q], wq, memory_order_relaxed);
	return 0;
}

static long hotplug_op(struct wq_exec *x, const struct wq_op *op)
{
	unsigned int bit = 1u << op->cpu;
	long ret;

	if (op->op == WQ_OP_CPU_UP) {
		ret = kenv_cpu_up(op->cpu);
		if (!ret)
			atomic_fetch_or(&x->world.online, bit);
	} else {
		ret = kenv_cpu_down(op->cpu);
		if (!ret)
			atomic_fetch_and(&x->world.online, ~bit);
	}
	return ret;
}

static long freezer_op(struct wq_exec *x, const struct wq_op *op)
{
	long ret = 0;

	if (op->op == WQ_OP_FREEZE) {
		ret = freeze_processes();
		atomic_store(&x->world.frozen, ret == 0);
	} else {
		thaw_processes();
		atomic_store(&x->world.frozen, false);
	}
	return ret;
}

static long run_op(struct wq_exec *x, int actor, const struct wq_op *op)
{
	struct workqueue_struct *wq;

	switch (op->op) {
	case WQ_OP_QUEUE_WORK_ON:
	case WQ_OP_QUEUE_DELAYED_WORK_ON:
	case WQ_OP_SCHEDULE_WORK_ON:
	case WQ_OP_SCHEDULE_DELAYED_WORK_ON:
		return queue_on_op(x, op);
	case WQ_OP_QUEUE_WORK:
	case WQ_OP_QUEUE_DELAYED_WORK:
	case WQ_OP_SCHEDULE_WORK:
	case WQ_OP_SCHEDULE_DELAYED_WORK:
		return queue_op(x, op);
	case WQ_OP_CANCEL_WORK_SYNC:
	case WQ_OP_CANCEL_DELAYED_WORK:
	case WQ_OP_CANCEL_DELAYED_WORK_SYNC:
	case WQ_OP_FLUSH_WORK:
	case WQ_OP_CANCEL_REARMING_DELAYED_WORK:
	case WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE:
		return work_op(x, op);
	case WQ_OP_FLUSH_WORKQUEUE:
		wq = slot_wq(x, op->wq);
		if (!wq)
			return SKIP;
		flush_workqueue(wq);
		return 0;
	case WQ_OP_FLUSH_SCHEDULED_WORK:
		flush_scheduled_work();
		return 0;
	case WQ_OP_SCHEDULE_ON_EACH_CPU:
		return schedule_on_each_cpu(wq_beh_internal_fn);
	case WQ_OP_EXECUTE_IN_PROCESS_CONTEXT:
		return execute_op(x, actor, op);
	case WQ_OP_CREATE_WORKQUEUE:
		return create_op(x, op->wq);
	case WQ_OP_DESTROY_WORKQUEUE:
		return destroy_op(x, op->wq);
	case WQ_OP_CPU_UP:
	case WQ_OP_CPU_DOWN:
		return hotplug_op(x, op);
	case WQ_OP_FREEZE:
	case WQ_OP_THAW:
		return freezer_op(x, op);
	case WQ_OP_ADVANCE_JIFFIES:
		kenv_advance_jiffies(op->ticks);
		return 0;
	}
	return SKIP;
}

/**
 * wq_op_job - actor job: run the actor's op of the current step,
 * bracketed by the oracle's op_begin/op_end
 * @x: the run
 * @actor: the actor
 */
void wq_op_job(struct wq_exec *x, int actor)
{
	const struct wq_op *op = &x->prog->step[x->step][actor];
	const struct wq_exec_opts *o = x->opts;
	long ret;

	if (o->op_hook)
		o->op_hook(x->step, actor, op, false, 0, o->op_hook_arg);
	wq_oracle_op_begin(x->oracle, x->step, actor, op);
	wq_feedback_op_begin(actor, op);
	ret = run_op(x, actor, op);
	wq_feedback_op_end(actor);
	wq_oracle_op_end(x->oracle, x->step, actor, op, ret);
	if (o->op_hook)
		o->op_hook(x->step, actor, op, true, ret, o->op_hook_arg);
	atomic_fetch_add_explicit(&x->ops_run, 1, memory_order_relaxed);
}
