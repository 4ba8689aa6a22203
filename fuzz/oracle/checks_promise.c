// SPDX-License-Identifier: GPL-2.0-only
/*
 * API frames: every API_ENTER pushes a frame on its task's stack (calls
 * nest: schedule_on_each_cpu -> queue_work_on, flush_work; a work's
 * function calls flush_work ...), API_EXIT pops it. At ENTER a frame
 * snapshots what the call promises; at EXIT it checks the promise and the
 * return value. cancel_delayed_work() (no events) gets a frame from the
 * executor's brackets.
 *
 * Promises (2.6.29's documented limits respected):
 *   flush_workqueue(wq), destroy_workqueue(wq): every instance listed or
 *     running on wq at ENTER is done at EXIT. (A timer whose handler has
 *     started but not listed the work yet is not covered: flush can miss
 *     it in 2.6.29 unless the caller waited for the handler, e.g. with
 *     cancel_delayed_work()'s del_timer_sync(), and then it is listed.)
 *   flush_work(w): the latest instance of w, if listed or running at
 *     ENTER, is done at EXIT -- unless w was queued on another cwq during
 *     the call (flush_work looks at the cwq w last pointed to).
 *   cancel_work_sync(w), cancel_delayed_work_sync(w): every instance of w
 *     born before ENTER on the workqueue w was last queued on is done or
 *     cancelled at EXIT -- unless w was queued on another workqueue during
 *     the call. wait_on_work() waits on every CPU of the workqueue
 *     get_wq_data() names, no other ("cancel_work_sync() ... only
 *     guarantees the last queued workqueue", PORTING.md #3): an instance
 *     still running on a workqueue w was queued on before (format v4) is
 *     not covered.
 * An instance running in the calling task itself is never covered.
 *
 * Titles:
 *   "<api> returned before wN ran" / "<api> returned while wN still running"
 *   "cancel_work_sync returned while wN still pending"
 *   "<queue api> returned 0 for idle wN" (a 1 for a pending wN is the live
 *     check "wN queued while already pending", events.c)
 *   "<queue api> returned 1 without queueing wN" / "... returned 0 but queued wN"
 *   "<cancel api> returned 1 for idle wN"
 *   "<cancel api> returned 0 but took wN off its list"
 *   "<cancel api> returned 0 but deleted the timer of wN"
 *   "cancel_delayed_work returned 0 for pending wN"
 * Return values are judged only when the work's state was stable for the
 * whole call (no other queue or cancel in flight, no event of that work
 * but the call's own), so concurrency cannot produce a false report.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/oracle/internal.h"

static const struct {
	const char *api;
	int kind;
} wqo_apis[] = {
	{ "queue_work_on", WQO_F_QUEUE },
	{ "queue_delayed_work_on", WQO_F_QUEUE },
	{ "flush_workqueue", WQO_F_FLUSH_WQ },
	{ "flush_work", WQO_F_FLUSH_WORK },
	{ "cancel_work_sync", WQO_F_CANCEL_SYNC },
	{ "cancel_delayed_work_sync", WQO_F_CANCEL_SYNC },
	{ "destroy_workqueue", WQO_F_DESTROY },
};

static int wqo_api_kind(const char *api)
{
	size_t k;

	if (!api)
		return WQO_F_IGNORE;
	for (k = 0; k < sizeof(wqo_apis) / sizeof(wqo_apis[0]); k++)
		if (!strcmp(api, wqo_apis[k].api))
			return wqo_apis[k].kind;
	return WQO_F_IGNORE;
}

static bool wqo_work_kind(int kind)
{
	return kind == WQO_F_QUEUE || kind == WQO_F_FLUSH_WORK ||
	       kind == WQO_F_CANCEL_SYNC || kind == WQO_F_CANCEL;
}

static void wqo_cover(struct wqo_frame *f, int i)
{
	if (f->ncover == WQO_MAX_COVER)
		f->cover_overflow = true;
	else
		f->cover[f->ncover++] = i;
}

/* Not running in the calling task (a call never waits for itself). */
static bool wqo_other(const struct wqo_inst *in, const void *task)
{
	return in->state != WQO_RUNNING || in->task != task;
}

/* The workqueue work @w was last queued on (its latest instance), or -1. */
static int wqo_last_wq(const struct wq_oracle *o, int w)
{
	int i = o->work[w].latest;

	return i == WQO_NO_INST ? -1 : o->inst[i].wq;
}

/* Is @in on workqueue @wq (-1, unknown: assume so, to stay strict)? */
static bool wqo_on_wq(const struct wqo_inst *in, int wq)
{
	return wq < 0 || in->wq < 0 || in->wq == wq;
}

static void wqo_snapshot(struct wq_oracle *o, struct wqo_frame *f,
			 const void *task)
{
	struct wqo_work *ww;
	int w, k, i;

	switch (f->kind) {
	case WQO_F_FLUSH_WQ:
	case WQO_F_DESTROY:
		if (f->wq < 0)
			return;
		for (w = 0; w < o->p->nworks; w++)
			for (k = 0; k < o->work[w].nlive; k++) {
				struct wqo_inst *in;

				i = o->work[w].live[k];
				in = &o->inst[i];
				if (in->wq == f->wq && wqo_other(in, task) &&
				    (in->state == WQO_LISTED ||
				     in->state == WQO_RUNNING))
					wqo_cover(f, i);
			}
		return;
	case WQO_F_FLUSH_WORK:
		i = o->work[f->work].latest;
		if (i != WQO_NO_INST && wqo_other(&o->inst[i], task) &&
		    (o->inst[i].state == WQO_LISTED ||
		     o->inst[i].state == WQO_RUNNING))
			wqo_cover(f, i);
		return;
	case WQO_F_CANCEL_SYNC:
		ww = &o->work[f->work];
		f->last_wq = wqo_last_wq(o, f->work);
		for (k = 0; k < ww->nlive; k++)
			if (wqo_other(&o->inst[ww->live[k]], task) &&
			    wqo_on_wq(&o->inst[ww->live[k]], f->last_wq))
				wqo_cover(f, ww->live[k]);
		return;
	}
}

/* Queue and cancel calls: what the return value will be judged against. */
static void wqo_note_state(struct wq_oracle *o, struct wqo_frame *f,
			   const void *task)
{
	struct wqo_work *ww = &o->work[f->work];
	int k;

	ww->busy++;
	if (f->kind != WQO_F_QUEUE)
		ww->cancels++;
	ww->chg++;
	f->chg = ww->chg;
	f->stable_ok = ww->busy == 1;
	f->idle = true;
	for (k = 0; k < ww->nlive; k++) {
		const struct wqo_inst *in = &o->inst[ww->live[k]];

		if (in->state == WQO_TIMER)
			f->had_timer = true;
		if (wqo_state_pending(in->state) || wqo_other(in, task))
			f->idle = false;
	}
}

void wqo_frame_push(struct wq_oracle *o, struct wqo_task *t, int kind,
		    const char *api, int work, int wq, int cpu)
{
	struct wqo_frame *f;

	if (++t->depth > WQO_MAX_DEPTH)
		return;
	f = &t->frame[t->depth - 1];
	memset(f, 0, offsetof(struct wqo_frame, cover));
	if (wqo_work_kind(kind) && work < 0)
		kind = WQO_F_IGNORE;
	f->kind = kind;
	f->api = api;
	f->work = work;
	f->wq = wq;
	f->cpu = cpu;
	f->first = o->ninst;
	if (kind == WQO_F_IGNORE)
		return;
	if (kind == WQO_F_QUEUE || kind == WQO_F_CANCEL_SYNC ||
	    kind == WQO_F_CANCEL)
		wqo_note_state(o, f, t->task);
	wqo_snapshot(o, f, t->task);
}

/* flush_work: was w queued on another cwq than @i's during the call? */
static bool wqo_redirected(struct wq_oracle *o, const struct wqo_frame *f,
			   int i)
{
	const void *cwq = o->inst[i].cwq;
	unsigned long j;

	for (j = f->first; j < o->ninst; j++) {
		const struct wqo_inst *in = &o->inst[j];

		if (in->work != f->work)
			continue;
		if ((in->timer_born && in->tcwq != cwq) ||
		    (in->cwq && in->cwq != cwq))
			return true;
	}
	return false;
}

/* cancel_*_sync: was w queued on another workqueue during the call? */
static bool wqo_rewq(struct wq_oracle *o, const struct wqo_frame *f)
{
	unsigned long j;

	for (j = f->first; j < o->ninst; j++)
		if (o->inst[j].work == f->work &&
		    !wqo_on_wq(&o->inst[j], f->last_wq))
			return true;
	return false;
}

static void wqo_check_cover(struct wq_oracle *o, const struct wqo_frame *f)
{
	char title[128], d[128];
	int k;

	for (k = 0; k < f->ncover; k++) {
		const struct wqo_inst *in = &o->inst[f->cover[k]];

		if (wqo_state_dead(in->state))
			continue;
		if (f->kind == WQO_F_FLUSH_WORK &&
		    wqo_redirected(o, f, f->cover[k]))
			continue;
		if (f->kind == WQO_F_CANCEL_SYNC && wqo_rewq(o, f))
			continue;
		if (in->state == WQO_RUNNING)
			snprintf(title, sizeof(title),
				 "%s returned while w%d still running",
				 f->api, in->work);
		else if (f->kind == WQO_F_CANCEL_SYNC)
			snprintf(title, sizeof(title),
				 "%s returned while w%d still pending",
				 f->api, in->work);
		else
			snprintf(title, sizeof(title),
				 "%s returned before w%d ran", f->api, in->work);
		wqo_describe(o, f->cover[k], d, sizeof(d));
		wqo_violation(o, title,
			      "%s\nthe call covered it: it was queued before the call began\n",
			      d);
		return;
	}
}

static void wqo_check_queue_ret(struct wq_oracle *o,
				const struct wqo_frame *f, long ret)
{
	bool stable = f->stable_ok && o->work[f->work].chg == f->chg;
	const char *why = NULL;
	char title[128];

	if (ret && !f->born)
		why = "returned 1 without queueing";
	else if (!ret && f->born)
		why = "returned 0 but queued";
	else if (!ret && stable && f->idle)
		why = "returned 0 for idle";
	/*
	 * No "returned 1 for pending": a 1 with PENDING set at ENTER means
	 * the call queued a second pending instance, which the live check
	 * "wN queued while already pending" reports when it is queued.
	 */
	if (!why)
		return;
	snprintf(title, sizeof(title), "%s %s w%d", f->api, why, f->work);
	wqo_violation(o, title,
		      "nothing else touched w%d during the call; %d instance(s) queued by it\n",
		      f->work, f->born);
}

static void wqo_check_cancel_ret(struct wq_oracle *o,
				 const struct wqo_frame *f, long ret)
{
	bool stable = f->stable_ok && o->work[f->work].chg == f->chg;
	const char *why = NULL;
	char title[128];

	if (ret < 0)
		return;		/* the executor skipped the op */
	if (ret && !f->grabbed && !f->deleted) {
		why = "returned 1 for idle";
	} else if (!ret && f->deleted) {
		why = "returned 0 but deleted the timer of";
	} else if (!ret && f->grabbed) {
		why = "returned 0 but took off its list";
	} else if (!ret && f->kind == WQO_F_CANCEL && stable && f->had_timer) {
		why = "returned 0 for pending";
	}
	if (!why)
		return;
	if (!strcmp(why, "returned 0 but took off its list"))
		snprintf(title, sizeof(title), "%s returned 0 but took w%d off its list",
			 f->api, f->work);
	else
		snprintf(title, sizeof(title), "%s %s w%d", f->api, why, f->work);
	wqo_violation(o, title, "return value %ld; instances it took off a list: %d, timers it deleted: %d\n",
		      ret, f->grabbed, f->deleted);
}

/* destroy_workqueue returned: forget its cwqs (their memory is freed). */
static void wqo_forget_wq(struct wq_oracle *o, int wq)
{
	int k;

	if (wq < 0)
		return;
	o->wqs[wq].wq = NULL;
	for (k = 0; k < o->ncwqs; k++)
		if (o->cwqs[k].wq == wq)
			o->cwqs[k--] = o->cwqs[--o->ncwqs];
}

void wqo_frame_pop(struct wq_oracle *o, struct wqo_task *t, long ret)
{
	struct wqo_frame *f = wqo_top(t);

	if (t->depth <= 0)
		return;
	t->depth--;
	if (!f || f->kind == WQO_F_IGNORE)
		return;
	switch (f->kind) {
	case WQO_F_QUEUE:
		wqo_check_queue_ret(o, f, ret);
		break;
	case WQO_F_CANCEL_SYNC:
	case WQO_F_CANCEL:
		wqo_check_cancel_ret(o, f, ret);
		break;
	}
	wqo_check_cover(o, f);
	if (wqo_work_kind(f->kind) && f->kind != WQO_F_FLUSH_WORK) {
		struct wqo_work *ww = &o->work[f->work];

		ww->busy--;
		if (f->kind != WQO_F_QUEUE)
			ww->cancels--;
		ww->chg++;
	}
	if (f->kind == WQO_F_DESTROY)
		wqo_forget_wq(o, f->wq);
}

void wqo_api_enter(struct wq_oracle *o, const struct kenv_event *ev)
{
	struct wqo_task *t = wqo_task(o, ev->task);

	if (!t)
		return;
	wqo_frame_push(o, t, wqo_api_kind(ev->api), ev->api,
		       wqo_work_index(o, ev->obj), wqo_wq_index(o, ev->owner),
		       ev->cpu);
}

void wqo_api_exit(struct wq_oracle *o, const struct kenv_event *ev)
{
	struct wqo_task *t = wqo_task(o, ev->task);

	if (t)
		wqo_frame_pop(o, t, ev->ret);
}
