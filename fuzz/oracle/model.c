// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle's model (model.h): lookup tables for workqueues, cwqs and
 * tasks, the instances of the world's works, names for messages and the
 * first violation. o->lock is held by the caller of every function here.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle/model.h"

#define WQO_INIT_CAP	1024

/**
 * wqo_model_new - an empty model (the instance table grows on demand)
 *
 * Aborts if out of memory. The dispatcher's wq_oracle_begin() points it
 * at a world before the first event.
 */
struct wq_oracle *wqo_model_new(void)
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

/**
 * wqo_model_free - free a model from wqo_model_new()
 * @o: the model, or NULL
 */
void wqo_model_free(struct wq_oracle *o)
{
	if (!o)
		return;
	free(o->inst);
	free(o);
}

/* Learn (or re-learn) the workqueue of @slot from the world. */
int wqo_add_wq(struct wq_oracle *o, const void *wq, int slot)
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

/**
 * wqo_work_index - wN of a work_struct, or -1 for works the world does
 * not own (barriers, execute_work, schedule_on_each_cpu's works)
 */
int wqo_work_index(struct wq_oracle *o, const void *work)
{
	return wq_world_index(o->w, work);
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

/* A new instance of @work (caller sets its state); -1 if out of room. */
int wqo_birth(struct wq_oracle *o, int work)
{
	struct wqo_work *ww = &o->work[work];
	struct wqo_inst *in;

	if (o->ninst == o->cap) {
		struct wqo_inst *n;

		if (o->cap >= WQO_MAX_INST) {
			o->overflow = true;
			return -1;
		}
		n = realloc(o->inst, 2 * o->cap * sizeof(*n));
		if (!n)
			abort();
		o->inst = n;
		o->cap *= 2;
	}
	if (ww->nlive == WQO_MAX_LIVE) {
		o->overflow = true;
		return -1;
	}
	in = &o->inst[o->ninst];
	memset(in, 0, sizeof(*in));
	in->work = work;
	in->want_cpu = -1;
	in->down_cpu = -1;
	in->cpu = -1;
	in->wq = -1;
	ww->live[ww->nlive++] = o->ninst;
	ww->latest = o->ninst;
	return o->ninst++;
}

/* Instance @i dies (@state is DONE or CANCELLED). */
void wqo_kill(struct wq_oracle *o, int i, int state)
{
	struct wqo_work *ww = &o->work[o->inst[i].work];
	int k;

	o->inst[i].state = state;
	for (k = 0; k < ww->nlive; k++)
		if (ww->live[k] == i)
			break;
	if (k < ww->nlive) {
		memmove(&ww->live[k], &ww->live[k + 1],
			(ww->nlive - k - 1) * sizeof(ww->live[0]));
		ww->nlive--;
	}
	ww->chg++;
}

/* Oldest live instance of @work in @state (on @cwq if not NULL), or -1. */
int wqo_find_live(struct wq_oracle *o, int work, int state, const void *cwq)
{
	struct wqo_work *ww = &o->work[work];
	int k;

	for (k = 0; k < ww->nlive; k++) {
		struct wqo_inst *in = &o->inst[ww->live[k]];

		if (in->state == state && (!cwq || in->cwq == cwq))
			return ww->live[k];
	}
	return -1;
}
