// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle's dispatcher entry points: life cycle, the event hook's
 * entry and the executor's op brackets, each turned into updates of the
 * model (model.h) under o->lock.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>

#include "fuzz/oracle/internal.h"

struct wq_oracle *wq_oracle_new(void)
{
	return wqo_model_new();
}

void wq_oracle_free(struct wq_oracle *o)
{
	wqo_model_free(o);
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
