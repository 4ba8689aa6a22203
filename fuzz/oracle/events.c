// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event hook: instances are born, listed, started, grabbed and end
 * here, and the live checks run here (o->lock held, maybe cwq->lock too:
 * nothing sleeps, nothing inspects a workqueue).
 *
 * Live checks (titles):
 *   "wN ran twice at once on cpuC"        START while running on that cwq
 *   "wN ran before its delay"             START before timer->expires
 *   "wN timer fired before its delay"     TIMER_FIRED before expires
 *   "wN ran on frozen workqueue qM"       START on a freezeable wq, frozen
 *   "wN queued on cpuC ran on cpuD"       queue_*_on(C) ran elsewhere,
 *                                         C stayed online throughout
 *   "wN ran more often than queued"       START with no instance listed
 *   "wN grabbed but not listed"           GRABBED with no instance listed
 *   "wN timer fired but was not armed"    TIMER_FIRED with no timer
 *   "wN timer deleted but was not armed"  TIMER_DELETED with no timer
 *   "wN queued while already pending"     two pending instances at once
 */
#include <stdio.h>
#include <linux/jiffies.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/oracle/internal.h"

static int wqo_nr_pending(struct wq_oracle *o, int work)
{
	struct wqo_work *ww = &o->work[work];
	int k, n = 0;

	for (k = 0; k < ww->nlive; k++)
		n += wqo_state_pending(o->inst[ww->live[k]].state);
	return n;
}

/* The caller's queue call for @work, if this event is its own queueing. */
static struct wqo_frame *wqo_own_queue(struct wq_oracle *o, const void *task,
				       int work)
{
	struct wqo_frame *f = wqo_top(wqo_task(o, task));

	if (f && f->kind == WQO_F_QUEUE && f->work == work)
		return f;
	return NULL;
}

/* A successful queueing of @work: new instance (exclusive PENDING). */
static int wqo_new_instance(struct wq_oracle *o, const struct kenv_event *ev,
			    int work, int wq, int state)
{
	struct wqo_frame *own = wqo_own_queue(o, ev->task, work);
	char title[64];
	int i;

	if (wqo_nr_pending(o, work) && !o->work[work].cancels) {
		char d[128];

		wqo_describe(o, o->work[work].live[0], d, sizeof(d));
		snprintf(title, sizeof(title),
			 "w%d queued while already pending", work);
		wqo_violation(o, title, "%s\n", d);
	}
	i = wqo_birth(o, work);
	if (i < 0)
		return -1;
	o->inst[i].state = state;
	o->inst[i].wq = wq;
	if (own) {
		own->born++;
		if (own->cpu >= 0 && own->cpu < KENV_MAX_CPUS) {
			o->inst[i].want_cpu = own->cpu;
			o->inst[i].want_gen = o->down_gen[own->cpu];
		}
	} else {
		o->work[work].chg++;
	}
	return i;
}

static void wqo_list(struct wqo_inst *in, const struct kenv_event *ev, int wq)
{
	in->state = WQO_LISTED;
	in->cwq = ev->queue;
	in->cpu = ev->cpu;
	in->wq = wq;
}

static void on_queued(struct wq_oracle *o, const struct kenv_event *ev,
		      int work, int wq)
{
	int i = wqo_find_live(o, work, WQO_FIRED, NULL);

	if (i >= 0) {
		o->work[work].chg++;
	} else {
		i = wqo_new_instance(o, ev, work, wq, WQO_LISTED);
		if (i < 0)
			return;
	}
	wqo_list(&o->inst[i], ev, wq);
}

static void on_timer_queued(struct wq_oracle *o, const struct kenv_event *ev,
			    int work, int wq)
{
	int i = wqo_new_instance(o, ev, work, wq, WQO_TIMER);

	if (i < 0)
		return;
	o->inst[i].timer_born = true;
	o->inst[i].tcwq = ev->queue;
	o->inst[i].expires = (unsigned long)ev->ret;
	/* an own frame already set want_cpu from the API's cpu argument */
	if (ev->cpu < 0)
		o->inst[i].want_cpu = -1;
}

/* The newest armed timer of @work (-1 if none): a work has one timer. */
static int wqo_newest_timer(struct wq_oracle *o, int work)
{
	struct wqo_work *ww = &o->work[work];
	int k, i = -1;

	for (k = 0; k < ww->nlive; k++)
		if (o->inst[ww->live[k]].state == WQO_TIMER)
			i = ww->live[k];
	return i;
}

static void on_timer_fired(struct wq_oracle *o, const struct kenv_event *ev,
			   int work)
{
	struct wqo_work *ww = &o->work[work];
	char title[64];
	int i;

	i = wqo_newest_timer(o, work);
	if (i < 0) {
		snprintf(title, sizeof(title),
			 "w%d timer fired but was not armed", work);
		wqo_violation(o, title, "TIMER_FIRED at jiffies %lu on cpu%d\n",
			      ev->now, ev->cpu);
		return;
	}
	if (time_before(ev->now, o->inst[i].expires)) {
		snprintf(title, sizeof(title),
			 "w%d timer fired before its delay", work);
		wqo_violation(o, title, "fired at jiffies %lu, expires %lu\n",
			      ev->now, o->inst[i].expires);
	}
	o->inst[i].state = WQO_FIRED;
	ww->chg++;
}

static bool wqo_running_on(struct wqo_cwq *c, const void *work)
{
	int k;

	for (k = 0; k < c->depth && k < WQO_RUN_DEPTH; k++)
		if (c->run[k].work == work)
			return true;
	return false;
}

/* START of listed instance @i on @c: the live checks. */
static void check_start(struct wq_oracle *o, const struct kenv_event *ev,
			struct wqo_cwq *c, int i)
{
	struct wqo_inst *in = &o->inst[i];
	const struct wqo_wq *q = in->wq >= 0 ? &o->wqs[in->wq] : NULL;
	char title[96], qn[16];
	int w = in->work;

	if (c && wqo_running_on(c, ev->obj)) {
		snprintf(title, sizeof(title), "w%d ran twice at once on cpu%d",
			 w, ev->cpu);
		wqo_violation(o, title, "w%d started on %s/cpu%d while running there\n",
			      w, wqo_wq_name(o, in->wq, qn, sizeof(qn)), ev->cpu);
	}
	if (in->timer_born && time_before(ev->now, in->expires)) {
		snprintf(title, sizeof(title), "w%d ran before its delay", w);
		wqo_violation(o, title, "started at jiffies %lu, expires %lu\n",
			      ev->now, in->expires);
	}
	if (q && q->freezeable && o->frozen &&
	    atomic_load_explicit(&o->w->frozen, memory_order_relaxed)) {
		wqo_wq_name(o, in->wq, qn, sizeof(qn));
		snprintf(title, sizeof(title), "w%d ran on frozen workqueue %s",
			 w, qn);
		wqo_violation(o, title, "freeze_processes() succeeded and no thaw began\n");
	}
	if (q && !q->single && in->want_cpu >= 0 && ev->cpu != in->want_cpu &&
	    in->want_gen == o->down_gen[in->want_cpu] &&
	    !o->hotplug_busy[in->want_cpu]) {
		snprintf(title, sizeof(title), "w%d queued on cpu%d ran on cpu%d",
			 w, in->want_cpu, ev->cpu);
		wqo_violation(o, title, "cpu%d stayed online from the queueing to the start\n",
			      in->want_cpu);
	}
}

static void on_start(struct wq_oracle *o, const struct kenv_event *ev,
		     struct wqo_cwq *c, int work)
{
	int i = -1;

	if (work >= 0) {
		char title[64], qn[16];

		i = wqo_find_live(o, work, WQO_LISTED, ev->queue);
		if (i < 0) {
			snprintf(title, sizeof(title),
				 "w%d ran more often than queued", work);
			wqo_violation(o, title,
				      "started on %s/cpu%d with no instance listed there\n",
				      wqo_wq_name(o, c ? c->wq : -1, qn, sizeof(qn)),
				      ev->cpu);
		} else {
			check_start(o, ev, c, i);
			o->inst[i].state = WQO_RUNNING;
			o->inst[i].task = ev->task;
			o->work[work].chg++;
		}
	}
	if (!c)
		return;
	if (c->depth < WQO_RUN_DEPTH) {
		c->run[c->depth].work = ev->obj;
		c->run[c->depth].inst = i;
	}
	c->depth++;
}

static void on_end(struct wq_oracle *o, const struct kenv_event *ev,
		   struct wqo_cwq *c)
{
	struct wqo_run r;

	if (!c || c->depth <= 0)
		return;
	c->depth--;
	if (c->depth >= WQO_RUN_DEPTH)
		return;
	r = c->run[c->depth];
	if (r.work != ev->obj)
		o->overflow = true;	/* out of step with the core: stop */
	if (r.inst >= 0)
		wqo_kill(o, r.inst, WQO_DONE);
}

/* The innermost frame of @ev's task cancelling @work (NULL if none). */
static struct wqo_frame *cancel_frame(struct wq_oracle *o,
				      const struct kenv_event *ev, int work,
				      bool nonsync_too)
{
	struct wqo_task *t = wqo_task(o, ev->task);
	int d;

	for (d = t ? t->depth : 0; d > 0; d--) {
		struct wqo_frame *f;

		if (d > WQO_MAX_DEPTH)
			continue;
		f = &t->frame[d - 1];
		if (f->work == work && (f->kind == WQO_F_CANCEL_SYNC ||
					(nonsync_too && f->kind == WQO_F_CANCEL)))
			return f;
	}
	return NULL;
}

/*
 * "wN grabbed but not listed": say where the work's live instances are,
 * so two causes stay apart in the report (and in core/KNOWN_BUGS.md).
 * Listed on another cwq: the cancel unlinked it from a list it did not
 * lock. Listed nowhere while a delayed queueing is pending (its timer
 * armed or firing): a delayed queueing stored the cwq the cancel had
 * locked in work->data after the cancel saw the entry on another list,
 * so try_to_grab_pending()'s recheck passed and the cancel took nothing.
 */
static void grabbed_unlisted(struct wq_oracle *o, const struct kenv_event *ev,
			     int work, const char *title)
{
	struct wqo_work *ww = &o->work[work];
	bool listed = false, delayed = false;
	char live[512] = "";
	size_t n = 0;
	int k;

	for (k = 0; k < ww->nlive && n < sizeof(live); k++) {
		const struct wqo_inst *in = &o->inst[ww->live[k]];
		char line[128];

		listed |= in->state == WQO_LISTED;
		delayed |= in->timer_born && (in->state == WQO_TIMER ||
					      in->state == WQO_FIRED);
		wqo_describe(o, ww->live[k], line, sizeof(line));
		n += snprintf(live + n, sizeof(live) - n, "  %s\n", line);
	}
	wqo_violation(o, title, "WORK_GRABBED on cpu%d: %s\nlive instances:\n%s",
		      ev->cpu, listed ? "the work is listed on another cwq" :
		      delayed ? "the work is listed nowhere; a delayed queueing of it is pending" :
		      "the work is listed nowhere", n ? live : "  none\n");
}

static void on_grabbed(struct wq_oracle *o, const struct kenv_event *ev,
		       int work)
{
	int i = wqo_find_live(o, work, WQO_LISTED, ev->queue);
	struct wqo_frame *f;
	char title[64];

	if (i < 0) {
		snprintf(title, sizeof(title), "w%d grabbed but not listed",
			 work);
		grabbed_unlisted(o, ev, work, title);
		return;
	}
	wqo_kill(o, i, WQO_CANCELLED);
	f = cancel_frame(o, ev, work, false);
	if (f)
		f->grabbed++;
}

/*
 * A cancel's del_timer() took the armed timer. Emitted before the
 * canceller clears PENDING, so before any concurrent cancel of the work
 * can return: each of them is judged knowing the timer is gone.
 */
static void on_timer_deleted(struct wq_oracle *o,
			     const struct kenv_event *ev, int work)
{
	int i = wqo_newest_timer(o, work);
	struct wqo_frame *f;
	char title[64];

	if (i < 0) {
		snprintf(title, sizeof(title),
			 "w%d timer deleted but was not armed", work);
		wqo_violation(o, title, "TIMER_DELETED at jiffies %lu\n",
			      ev->now);
		return;
	}
	wqo_kill(o, i, WQO_CANCELLED);
	f = cancel_frame(o, ev, work, true);
	if (f)
		f->deleted++;
}

/* A cpu went down (after CPU_DEAD): what is listed there must still run. */
static void on_cpu_down(struct wq_oracle *o, int cpu)
{
	unsigned long i;
	int w, k;

	if (cpu < 0 || cpu >= KENV_MAX_CPUS)
		return;
	o->down_gen[cpu]++;
	for (w = 0; w < o->p->nworks; w++)
		for (k = 0; k < o->work[w].nlive; k++) {
			i = o->work[w].live[k];
			if (o->inst[i].state == WQO_LISTED &&
			    o->inst[i].cpu == cpu && o->inst[i].wq >= 0 &&
			    !o->wqs[o->inst[i].wq].single)
				o->inst[i].down_cpu = cpu;
		}
}

void wqo_event_locked(struct wq_oracle *o, const struct kenv_event *ev)
{
	struct wqo_cwq *c = NULL;
	int work, wq;

	switch (ev->type) {
	case WQKIT_EV_API_ENTER:
		wqo_api_enter(o, ev);
		return;
	case WQKIT_EV_API_EXIT:
		wqo_api_exit(o, ev);
		return;
	case KENV_EV_CPU_DOWN:
		on_cpu_down(o, ev->cpu);
		return;
	case KENV_EV_CPU_UP:
		return;
	default:
		break;
	}
	wq = wqo_wq_index(o, ev->owner);
	work = wqo_work_index(o, ev->obj);
	if (ev->queue && ev->type != WQKIT_EV_TIMER_QUEUED &&
	    ev->type != WQKIT_EV_TIMER_FIRED &&
	    ev->type != WQKIT_EV_TIMER_DELETED)
		c = wqo_cwq(o, ev->queue, wq, ev->cpu);
	switch (ev->type) {
	case WQKIT_EV_WORK_START:
		on_start(o, ev, c, work);
		return;
	case WQKIT_EV_WORK_END:
		on_end(o, ev, c);
		return;
	default:
		break;
	}
	if (work < 0)
		return;
	switch (ev->type) {
	case WQKIT_EV_WORK_QUEUED:
		on_queued(o, ev, work, wq);
		break;
	case WQKIT_EV_WORK_GRABBED:
		on_grabbed(o, ev, work);
		break;
	case WQKIT_EV_TIMER_QUEUED:
		on_timer_queued(o, ev, work, wq);
		break;
	case WQKIT_EV_TIMER_FIRED:
		on_timer_fired(o, ev, work);
		break;
	case WQKIT_EV_TIMER_DELETED:
		on_timer_deleted(o, ev, work);
		break;
	default:
		break;
	}
}
