// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle's life cycle, its lookup tables (workqueues, cwqs, tasks),
 * names for messages, the first-violation record and the executor's op
 * brackets. See internal.h for the model.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>

#include "fuzz/oracle/internal.h"

#define WQO_INIT_CAP	1024

struct wq_oracle *wq_oracle_new(void)
{
	struct wq_oracle *o = calloc(1, sizeof(*o));

	if (!o)
		abort();
	o->cap = WQO_INIT_CAP;
	o->inst = calloc(o->cap, sizeof(*o->inst));
	if (!o->inst)
		abort();
	return o;
}

void wq_oracle_free(struct wq_oracle *o)
{
	if (!o)
		return;
	free(o->inst);
	free(o);
}

/* Learn (or re-learn) the workqueue of @slot from the world. */
static int wqo_add_wq(struct wq_oracle *o, const void *wq, int slot)
{
	struct wqo_wq *q;
	int i;

	for (i = 0; i < o->nwqs; i++)
		if (o->wqs[i].wq == wq)
			return i;
	if (o->nwqs == WQO_MAX_WQS)
		return -1;
	q = &o->wqs[o->nwqs];
	q->wq = wq;
	q->slot = slot;
	/* create_freezeable_workqueue() is singlethread in 2.6.29 */
	q->single = slot >= 0 && o->p->wq_kind[slot] != WQ_KIND_MULTI;
	q->freezeable = slot >= 0 && o->p->wq_kind[slot] == WQ_KIND_FREEZEABLE;
	return o->nwqs++;
}

static const void *wqo_world_wq(struct wq_oracle *o, int slot)
{
	return atomic_load_explicit(&o->w->wq[slot], memory_order_relaxed);
}

void wq_oracle_begin(struct wq_oracle *o, struct wq_world *w)
{
	int i;

	kenv_ilock_lock(&o->lock);
	o->w = w;
	o->p = w->prog;
	o->keventd = wqkit_keventd_wq();
	o->ninst = 0;
	o->overflow = false;
	memset(o->work, 0, sizeof(o->work));
	for (i = 0; i < WQ_MAX_WORKS; i++)
		o->work[i].latest = WQO_NO_INST;
	o->nwqs = 0;
	o->ncwqs = 0;
	o->ntasks = 0;
	o->frozen = false;
	memset(o->down_gen, 0, sizeof(o->down_gen));
	memset(o->hotplug_busy, 0, sizeof(o->hotplug_busy));
	o->failed = false;
	o->fail_step = -1;
	o->step = -1;
	o->title[0] = o->detail[0] = '\0';
	if (o->keventd)
		wqo_add_wq(o, o->keventd, WQ_KEVENTD);
	for (i = 0; i < o->p->nwqs; i++)
		if (wqo_world_wq(o, i))
			wqo_add_wq(o, wqo_world_wq(o, i), i);
	kenv_ilock_unlock(&o->lock);
}

/* Headroom for one step: each of WQ_MAX_ACTORS ops may create a
 * workqueue with up to WQ_MAX_CPUS cwqs. */
#define WQO_STEP_WQS	WQ_MAX_ACTORS
#define WQO_STEP_CWQS	(WQ_MAX_ACTORS * WQ_MAX_CPUS)

int wq_oracle_model_full(struct wq_oracle *o)
{
	int full;

	kenv_ilock_lock(&o->lock);
	full = o->overflow ? 2 :
		o->nwqs > WQO_MAX_WQS - WQO_STEP_WQS ||
		o->ncwqs > WQO_MAX_CWQS - WQO_STEP_CWQS ||
		o->ninst > WQO_MAX_INST / 2;
	kenv_ilock_unlock(&o->lock);
	return full;
}

/**
 * wqo_work_index - wN of a work_struct, or -1 for works the world does
 * not own (barriers, execute_work, schedule_on_each_cpu's works)
 */
int wqo_work_index(struct wq_oracle *o, const void *work)
{
	uintptr_t base = (uintptr_t)&o->w->work[0], a = (uintptr_t)work;
	uintptr_t size = sizeof(o->w->work[0]);

	if (a < base || a >= base + o->p->nworks * size || (a - base) % size)
		return -1;
	return (a - base) / size;
}

/* Index of @wq in o->wqs; learns live slots it has not seen yet. */
int wqo_wq_index(struct wq_oracle *o, const void *wq)
{
	int i;

	if (!wq)
		return -1;
	for (i = 0; i < o->nwqs; i++)
		if (o->wqs[i].wq == wq)
			return i;
	for (i = 0; i < o->p->nwqs; i++)
		if (wqo_world_wq(o, i) == wq)
			return wqo_add_wq(o, wq, i);
	return -1;
}

/* The cwq entry of @cwq (created with @wq/@cpu if new), or NULL if full. */
struct wqo_cwq *wqo_cwq(struct wq_oracle *o, const void *cwq, int wq, int cpu)
{
	struct wqo_cwq *c;
	int i;

	for (i = 0; i < o->ncwqs; i++)
		if (o->cwqs[i].cwq == cwq)
			return &o->cwqs[i];
	if (o->ncwqs == WQO_MAX_CWQS) {
		o->overflow = true;
		return NULL;
	}
	c = &o->cwqs[o->ncwqs++];
	memset(c, 0, sizeof(*c));
	c->cwq = cwq;
	c->wq = wq;
	c->cpu = cpu;
	return c;
}

struct wqo_task *wqo_task(struct wq_oracle *o, const void *task)
{
	struct wqo_task *t;
	int i;

	for (i = 0; i < o->ntasks; i++)
		if (o->tasks[i].task == task)
			return &o->tasks[i];
	/* reuse the slot of a task with no call in progress */
	for (i = 0; i < o->ntasks; i++)
		if (o->tasks[i].depth == 0)
			break;
	if (i == o->ntasks) {
		if (o->ntasks == WQO_MAX_TASKS) {
			o->overflow = true;
			return NULL;
		}
		o->ntasks++;
	}
	t = &o->tasks[i];
	t->task = task;
	t->depth = 0;
	return t;
}

/* The innermost frame kept, or NULL (none, or nested too deep). */
struct wqo_frame *wqo_top(struct wqo_task *t)
{
	if (!t || t->depth <= 0 || t->depth > WQO_MAX_DEPTH)
		return NULL;
	return &t->frame[t->depth - 1];
}

const char *wqo_wq_name(struct wq_oracle *o, int wq, char *buf, size_t len)
{
	if (wq < 0 || wq >= o->nwqs)
		snprintf(buf, len, "a workqueue");
	else if (o->wqs[wq].slot == WQ_KEVENTD)
		snprintf(buf, len, "events");
	else
		snprintf(buf, len, "q%d", o->wqs[wq].slot);
	return buf;
}

const char *wqo_work_name(struct wq_oracle *o, const void *work,
			  char *buf, size_t len)
{
	int i = wqo_work_index(o, work);

	if (!work)
		snprintf(buf, len, "nothing");
	else if (i < 0)
		snprintf(buf, len, "an internal work");
	else
		snprintf(buf, len, "w%d", i);
	return buf;
}

/* One line about instance @i for a violation's detail. */
void wqo_describe(struct wq_oracle *o, int i, char *buf, size_t len)
{
	static const char *const st[] = {
		"timer armed", "timer fired", "listed", "running", "done",
		"cancelled",
	};
	const struct wqo_inst *in = &o->inst[i];
	char q[16];

	char c[16] = "";

	if (in->cpu >= 0)
		snprintf(c, sizeof(c), "/cpu%d", in->cpu);
	snprintf(buf, len, "instance #%d of w%d (%s): %s on %s%s", i,
		 in->work, in->timer_born ? "delayed" : "queued",
		 st[in->state], wqo_wq_name(o, in->wq, q, sizeof(q)), c);
}

/* Record a violation (the first one wins). o->lock held. */
void wqo_violation(struct wq_oracle *o, const char *title,
		   const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->failed || o->overflow)
		return;
	o->failed = true;
	o->fail_step = o->step;
	snprintf(o->title, sizeof(o->title), "%s", title);
	n = snprintf(o->detail, sizeof(o->detail), "oracle: %s\n", title);
	if (n < 0 || (size_t)n >= sizeof(o->detail))
		return;
	va_start(ap, fmt);
	vsnprintf(o->detail + n, sizeof(o->detail) - n, fmt, ap);
	va_end(ap);
}

void wq_oracle_event(struct wq_oracle *o, const struct kenv_event *ev)
{
	kenv_ilock_lock(&o->lock);
	if (o->w)
		wqo_event_locked(o, ev);
	kenv_ilock_unlock(&o->lock);
}

/* ---- op brackets ---- */

void wqo_cancel_begin(struct wq_oracle *o, const void *task, int work)
{
	struct wqo_task *t;

	kenv_ilock_lock(&o->lock);
	t = wqo_task(o, task);
	if (t && work >= 0 && work < o->p->nworks)
		wqo_frame_push(o, t, WQO_F_CANCEL, "cancel_delayed_work",
			       work, -1, -1);
	kenv_ilock_unlock(&o->lock);
}

void wqo_cancel_end(struct wq_oracle *o, const void *task, int work, long ret)
{
	struct wqo_task *t;

	kenv_ilock_lock(&o->lock);
	t = wqo_task(o, task);
	if (t && work >= 0 && work < o->p->nworks)
		wqo_frame_pop(o, t, ret);
	kenv_ilock_unlock(&o->lock);
}

void wqo_op_begin(struct wq_oracle *o, const void *task,
		  const struct wq_op *op)
{
	switch (op->op) {
	case WQ_OP_CANCEL_DELAYED_WORK:
		wqo_cancel_begin(o, task, op->work);
		return;
	case WQ_OP_THAW:
		kenv_ilock_lock(&o->lock);
		o->frozen = false;
		kenv_ilock_unlock(&o->lock);
		return;
	case WQ_OP_CPU_DOWN:
		kenv_ilock_lock(&o->lock);
		if (op->cpu < KENV_MAX_CPUS) {
			o->hotplug_busy[op->cpu]++;
			o->down_gen[op->cpu]++;
		}
		kenv_ilock_unlock(&o->lock);
		return;
	}
}

void wqo_op_end(struct wq_oracle *o, const void *task,
		const struct wq_op *op, long ret)
{
	switch (op->op) {
	case WQ_OP_CANCEL_DELAYED_WORK:
		wqo_cancel_end(o, task, op->work, ret);
		return;
	case WQ_OP_FREEZE:
		kenv_ilock_lock(&o->lock);
		o->frozen = ret == 0;
		kenv_ilock_unlock(&o->lock);
		return;
	case WQ_OP_CPU_DOWN:
		kenv_ilock_lock(&o->lock);
		if (op->cpu < KENV_MAX_CPUS) {
			o->hotplug_busy[op->cpu]--;
			o->down_gen[op->cpu]++;
		}
		kenv_ilock_unlock(&o->lock);
		return;
	case WQ_OP_CREATE_WORKQUEUE:
		kenv_ilock_lock(&o->lock);
		if (op->wq < o->p->nwqs && wqo_world_wq(o, op->wq))
			wqo_wq_index(o, wqo_world_wq(o, op->wq));
		kenv_ilock_unlock(&o->lock);
		return;
	}
}

void wq_oracle_op_begin(struct wq_oracle *o, int step, int actor,
			const struct wq_op *op)
{
	(void)actor;
	kenv_ilock_lock(&o->lock);
	o->step = step;
	kenv_ilock_unlock(&o->lock);
	wqo_op_begin(o, current, op);
}

void wq_oracle_op_end(struct wq_oracle *o, int step, int actor,
		      const struct wq_op *op, long ret)
{
	(void)step;
	(void)actor;
	wqo_op_end(o, current, op, ret);
}

void wq_oracle_cancel_begin(struct wq_oracle *o, int work)
{
	wqo_cancel_begin(o, current, work);
}

void wq_oracle_cancel_end(struct wq_oracle *o, int work, long ret)
{
	wqo_cancel_end(o, current, work, ret);
}
