// SPDX-License-Identifier: GPL-2.0-only
/*
 * The executor's kenv hooks:
 *  - the event hook, run in the emitting task (possibly under
 *    cwq->lock: no sleeping, kenv_ilock only): counts the event, feeds
 *    the oracle, tracks each actor's workqueue API nesting for hang
 *    reports, and appends the event, with pointers turned into names,
 *    to the trace;
 *  - the failure handler, run in the failing task: keeps the first
 *    failure (or, in abort mode, prints the report and aborts there;
 *    fail.c turns the kept one into the result);
 *  - the object namer, for hang and deadlock reports: wN, "timer of
 *    wN", qN, an actor's idle wait, and through the core a cwq's wait
 *    queue, lock or flush barrier, instead of addresses.
 * Events also feed the interleaving feedback (feedback.c), with the
 * trace's labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/exec/executor.h"
#include "fuzz/report/report.h"

/*
 * Labels of the non-world works seen starting (and of the instances of
 * works that free themselves seen entering a queue call), so their END or
 * API_EXIT (which only carries a pointer: the work may be gone, and its
 * memory reused) gets the same label: the newest entry of the same task
 * and pointer (a task's own START/ENTER precedes its END/EXIT, so a
 * reused address cannot take the label of an older work).
 * Protected by label_lock.
 */
#define NR_LABELS 16
static struct kenv_ilock label_lock = KENV_ILOCK_INIT;
static struct {
	const void *work;
	const void *task;
	int16_t label;
} labels[NR_LABELS];
static unsigned int next_label;

static int16_t label_remember(const void *work, const void *task,
			      int16_t label)
{
	unsigned int i;

	kenv_ilock_lock(&label_lock);
	i = next_label++ % NR_LABELS;
	labels[i].work = work;
	labels[i].task = task;
	labels[i].label = label;
	kenv_ilock_unlock(&label_lock);
	return label;
}

static int16_t label_recall(const void *work, const void *task)
{
	int16_t label = WQ_TRACE_BARRIER;
	unsigned int k, i;

	kenv_ilock_lock(&label_lock);
	for (k = 1; k <= NR_LABELS; k++) {
		i = (next_label - k) % NR_LABELS;
		if (labels[i].work == work && labels[i].task == task) {
			label = labels[i].label;
			break;
		}
	}
	kenv_ilock_unlock(&label_lock);
	return label;
}

/* wN, barrier or internal. Dereferences only events with a live work. */
static int16_t work_label(struct wq_exec *x, const struct kenv_event *ev)
{
	const struct work_struct *work = ev->obj;
	int16_t label;
	int i;

	if (!work)
		return WQ_TRACE_NO_WORK;
	i = wq_world_index(&x->world, work);
	if (i >= 0)
		return i;
	if (ev->type == WQKIT_EV_WORK_END || ev->type == WQKIT_EV_API_EXIT)
		return label_recall(work, ev->task);
	if (work->func == wq_self_fn) {		/* a work that frees itself */
		label = wq_self_index(work);
		if (ev->type == WQKIT_EV_API_ENTER)
			label_remember(work, ev->task, label);
	} else if (work->func == wq_beh_internal_fn ||
		   wq_eipc_is_fn(work->func)) {
		label = WQ_TRACE_INTERNAL;
	} else {
		label = WQ_TRACE_BARRIER;
	}
	if (ev->type == WQKIT_EV_WORK_START)
		label_remember(work, ev->task, label);
	return label;
}

static int8_t wq_label(struct wq_exec *x, const void *wq)
{
	int slot = wq_world_slot_of(&x->world, wq);
	int i;

	if (slot == WQ_KEVENTD)
		return WQ_TRACE_WQ_KEVENTD;
	if (slot >= 0)
		return slot;
	for (i = 0; wq && i < WQ_MAX_WQS; i++)
		if (atomic_load_explicit(&x->stale[i],
					 memory_order_relaxed) == wq)
			return i;
	return WQ_TRACE_WQ_NONE;
}

/* Innermost API call of each actor (hang titles). */
static void track_api(struct wq_exec *x, const struct kenv_event *ev)
{
	struct wq_actor *a;
	int i = wq_actor_of(x, ev->task), d;

	if (i < 0)
		return;
	a = &x->actor[i];
	d = atomic_load_explicit(&a->api_depth, memory_order_relaxed);
	if (ev->type == WQKIT_EV_API_ENTER) {
		if (d < WQ_API_DEPTH)
			atomic_store_explicit(&a->api[d], ev->api,
					      memory_order_relaxed);
		atomic_store_explicit(&a->api_depth, d + 1, memory_order_relaxed);
	} else if (d > 0) {
		atomic_store_explicit(&a->api_depth, d - 1, memory_order_relaxed);
	}
}

static void trace_event(struct wq_exec *x, const struct kenv_event *ev)
{
	struct wq_trace_ev te;

	te.type = ev->type;
	te.wq = wq_label(x, ev->owner);
	te.work = work_label(x, ev);
	te.cpu = ev->cpu;
	te.api = ev->api;
	te.ret = ev->ret;
	/* no pointers: __create_workqueue_key returns the wq */
	if (ev->api && !strcmp(ev->api, "__create_workqueue_key"))
		te.ret = ev->ret != 0;
	te.now = ev->now;
	wq_trace_add(&x->trace, ev->task ? ev->task->comm : "?", &te);
	wq_feedback_event(ev, te.work, te.wq);
}

static void event_hook(const struct kenv_event *ev, void *arg)
{
	struct wq_exec *x = arg;

	atomic_fetch_add_explicit(&x->events, 1, memory_order_relaxed);
	if (x->oracle)
		wq_oracle_event(x->oracle, ev);
	if (ev->type == WQKIT_EV_API_ENTER || ev->type == WQKIT_EV_API_EXIT)
		track_api(x, ev);
	trace_event(x, ev);
}

/* Does the failing task go on after the report (WARN, lockdep, ...)? */
static bool failure_goes_on(enum kenv_failure_kind kind)
{
	return kind == KENV_FAIL_WARN || kind == KENV_FAIL_LOCKDEP ||
		kind == KENV_FAIL_SLEEP_ATOMIC || kind == KENV_FAIL_DUMP_STACK;
}

static void failure_handler(const struct kenv_failure *f, void *arg)
{
	static struct wq_exec_result ar;	/* abort mode: the task dies */
	struct wq_exec *x = arg;
	int actor = wq_actor_of(x, current);

	if (x->opts->abort_on_failure) {
		memset(&ar, 0, sizeof(ar));
		wq_fill_kernel(&ar, f, x->step, actor);
		wq_trace_dump(&x->trace, ar.events, sizeof(ar.events));
		wq_report_print(stderr, x->prog, &ar);
		fflush(stderr);
		abort();
	}
	/*
	 * After the first report the run is only cleaned up: like the
	 * kernel's lockdep, which turns itself off after one report
	 * (debug_locks_off()), the same cycle met again by the cleanup
	 * must not stop it. A BUG or an oops still does.
	 */
	if (atomic_load(&x->cleaning) && failure_goes_on(f->kind))
		return;
	kenv_ilock_lock(&x->fail_lock);
	if (!atomic_load(&x->kfailed)) {
		x->kfail = *f;
		x->kfail_actor = actor;
		x->kfail_step = x->step;
		atomic_store(&x->kfailed, 1);
	}
	kenv_ilock_unlock(&x->fail_lock);
}

/* The world's objects by name; the cwqs' through the core. */
static bool obj_namer(const void *obj, const char *what, char *buf,
		      size_t len, void *arg)
{
	struct wq_exec *x = arg;
	struct wq_world *w = &x->world;
	struct workqueue_struct *wq;
	int i;

	(void)what;
	for (i = 0; w->prog && i < w->prog->nworks; i++) {
		if (obj == wq_world_ws(w, i))
			return snprintf(buf, len, "w%d", i) > 0;
		if (w->prog->work[i].delayed && obj == &w->work[i].dwork.timer)
			return snprintf(buf, len, "timer of w%d", i) > 0;
	}
	for (i = 0; i < x->nactors; i++)
		if (obj == &x->actor[i].go)
			return snprintf(buf, len, "t%d's next op", i) > 0;
	for (i = -1; w->prog && i < w->prog->nwqs; i++) {
		wq = i < 0 ? wqkit_keventd_wq() : atomic_load(&w->wq[i]);
		if (!wq)
			continue;
		if (obj == wq)
			return snprintf(buf, len, "%s", wqkit_wq_name(wq)) > 0;
		if (wqkit_obj_name(wq, obj, buf, len))
			return true;
	}
	return false;
}

/**
 * wq_hooks_install - install the event hook, the failure handler and the
 * object namer
 * @x: the run
 */
void wq_hooks_install(struct wq_exec *x)
{
	kenv_ilock_lock(&label_lock);
	memset(labels, 0, sizeof(labels));
	kenv_ilock_unlock(&label_lock);
	kenv_set_failure_handler(failure_handler, x);
	kenv_set_event_hook(event_hook, x);
	kenv_set_obj_namer(obj_namer, x);
}
