// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structural checks at quiescent points (wq_oracle_check_step) and the
 * end check (wq_oracle_check_end). The workqueue is read with
 * wqkit_inspect_workqueue() under each cwq's own lock; the callback takes
 * o->lock (same order as the event hook: cwq->lock -> o->lock).
 *
 * Titles:
 *   "list corruption on qM/cpuC"
 *   "wN listed on qM/cpuC without PENDING"
 *   "wN listed on qM/cpuC but get_wq_data points elsewhere"
 *   "wN listed twice"
 *   "wN listed on qM/cpuC but not queued there"   (model: no instance)
 *   "wN queued on qM/cpuC but not listed"         (model: listed there)
 *   "current_work of qM/cpuC is wN but wK is running"
 *   "wN PENDING with no instance" / "wN queued but PENDING is clear"
 *   "qM has no thread for online cpuC" / "... for populated cpuC"
 *   "qM has no thread for cpuC" (singlethread)
 *   "cpuC online but not populated"
 *   end: "wN queued but never ran" [" (lost across cpu_down)"],
 *        "wN never finished"
 * ("an internal work" stands for barriers and other works the world does
 * not own.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/cpumask.h>

#include "fuzz/oracle/internal.h"

#define WQO_MAX_SEEN	1024

struct wqo_test_hooks wqo_test_hooks;

struct wqo_scan {
	struct wq_oracle *o;
	int wq;				/* index in o->wqs */
	unsigned int threads;		/* CPUs of this wq with a thread */
	int nseen;
	const void *seen[WQO_MAX_SEEN];	/* listed works, all wqs */
	int nvisited;
	const void *visited[WQO_MAX_CWQS];
};

static bool wqo_check_listed(struct wqo_scan *s, const struct wqkit_cwq_view *v,
			     const char *where)
{
	struct wq_oracle *o = s->o;
	int n = v->nr_listed < WQKIT_MAX_LISTED ? v->nr_listed : WQKIT_MAX_LISTED;
	char title[160], wn[24];
	int k, j, w, i;

	for (k = 0; k < n; k++) {
		const struct work_struct *work = v->listed[k];
		unsigned long data = v->listed_data[k];
		const char *why = NULL;

		wqo_work_name(o, work, wn, sizeof(wn));
		if (!(data & (1UL << WORK_STRUCT_PENDING)))
			why = "without PENDING";
		else if ((const void *)(data & WORK_STRUCT_WQ_DATA_MASK) != v->cwq)
			why = "but get_wq_data points elsewhere";
		if (why) {
			snprintf(title, sizeof(title), "%s listed on %s %s",
				 wn, where, why);
			wqo_violation(o, title, "work->data = %#lx, cwq %p\n",
				      data, v->cwq);
			return false;
		}
		for (j = 0; j < s->nseen; j++)
			if (s->seen[j] == work)
				break;
		if (j < s->nseen) {
			snprintf(title, sizeof(title), "%s listed twice", wn);
			wqo_violation(o, title, "seen again on %s\n", where);
			return false;
		}
		if (s->nseen < WQO_MAX_SEEN)
			s->seen[s->nseen++] = work;
		w = wqo_work_index(o, work);
		if (w < 0)
			continue;
		i = wqo_find_live(o, w, WQO_LISTED, v->cwq);
		if (i < 0) {
			snprintf(title, sizeof(title),
				 "%s listed on %s but not queued there", wn, where);
			wqo_violation(o, title,
				      "no successful queueing of %s on %s is outstanding\n",
				      wn, where);
			return false;
		}
		o->inst[i].seen = o->check_gen;
	}
	return true;
}

static bool wqo_check_current(struct wq_oracle *o,
			      const struct wqkit_cwq_view *v, const char *where)
{
	const void *running = NULL;
	char title[160], a[24], b[24];
	int k;

	for (k = 0; k < o->ncwqs; k++) {
		struct wqo_cwq *c = &o->cwqs[k];

		if (c->cwq != v->cwq)
			continue;
		if (c->depth > 1)	/* nested run_workqueue(): misuse */
			return true;
		if (c->depth == 1)
			running = c->run[0].work;
	}
	if (running == v->current_work)
		return true;
	snprintf(title, sizeof(title), "current_work of %s is %s but %s is running",
		 where, wqo_work_name(o, v->current_work, a, sizeof(a)),
		 wqo_work_name(o, running, b, sizeof(b)));
	wqo_violation(o, title, "the events say %s started there and has not ended\n", b);
	return false;
}

static int wqo_scan_view(const struct wqkit_cwq_view *v, struct wqo_scan *s);

static int wqo_scan_cwq(const struct wqkit_cwq_view *real, void *arg)
{
	struct wqkit_cwq_view copy;

	if (!wqo_test_hooks.view)
		return wqo_scan_view(real, arg);
	copy = *real;
	if (wqo_test_hooks.view(&copy, wqo_test_hooks.arg))
		return 0;
	return wqo_scan_view(&copy, arg);
}

static int wqo_scan_view(const struct wqkit_cwq_view *v, struct wqo_scan *s)
{
	struct wq_oracle *o = s->o;
	char where[32], qn[16], title[96];
	bool ok = false;

	kenv_ilock_lock(&o->lock);
	snprintf(where, sizeof(where), "%s/cpu%d",
		 wqo_wq_name(o, s->wq, qn, sizeof(qn)), v->cpu);
	if (s->nvisited < WQO_MAX_CWQS)
		s->visited[s->nvisited++] = v->cwq;
	if (v->thread && v->cpu >= 0 && v->cpu < KENV_MAX_CPUS)
		s->threads |= 1u << v->cpu;
	if (!v->list_ok) {
		snprintf(title, sizeof(title), "list corruption on %s", where);
		wqo_violation(o, title, "worklist links inconsistent after %d entries\n",
			      v->nr_listed);
	} else if (!v->thread && s->wq >= 0 && o->wqs[s->wq].single) {
		snprintf(title, sizeof(title), "%s has no thread for cpu%d",
			 qn, v->cpu);
		wqo_violation(o, title, "singlethread workqueue without its thread\n");
	} else if (!v->thread) {
		snprintf(title, sizeof(title), "%s has no thread for populated cpu%d",
			 qn, v->cpu);
		wqo_violation(o, title, "cpu%d is in cpu_populated_map\n", v->cpu);
	} else {
		ok = wqo_check_listed(s, v, where) &&
		     wqo_check_current(o, v, where);
	}
	kenv_ilock_unlock(&o->lock);
	return !ok;
}

static bool wqo_visited(const struct wqo_scan *s, const void *cwq)
{
	int k;

	for (k = 0; k < s->nvisited; k++)
		if (s->visited[k] == cwq)
			return true;
	return false;
}

/* Every online CPU has a populated thread for multi workqueue @s->wq. */
static void wqo_check_threads(struct wqo_scan *s)
{
	struct wq_oracle *o = s->o;
	char title[96], qn[16];
	int cpu;

	if (s->wq < 0 || o->wqs[s->wq].single)
		return;
	for (cpu = 0; cpu < kenv_nr_cpus(); cpu++) {
		if (!cpu_online(cpu) || (s->threads & (1u << cpu)))
			continue;
		snprintf(title, sizeof(title), "%s has no thread for online cpu%d",
			 wqo_wq_name(o, s->wq, qn, sizeof(qn)), cpu);
		wqo_violation(o, title, "cpu_populated_map %#lx\n",
			      wqkit_cpu_populated_map());
		return;
	}
}

/* Model vs. lists and PENDING bits, after every cwq was scanned. */
static void wqo_check_model(struct wq_oracle *o, struct wqo_scan *s)
{
	char title[128], qn[16];
	int w, k;

	for (w = 0; w < o->p->nworks && !o->failed; w++) {
		struct wqo_work *ww = &o->work[w];
		unsigned long data;
		int npend = 0;

		for (k = 0; k < ww->nlive; k++) {
			struct wqo_inst *in = &o->inst[ww->live[k]];

			npend += wqo_state_pending(in->state);
			if (in->state != WQO_LISTED || in->seen == o->check_gen ||
			    !wqo_visited(s, in->cwq))
				continue;
			snprintf(title, sizeof(title),
				 "w%d queued on %s/cpu%d but not listed", w,
				 wqo_wq_name(o, in->wq, qn, sizeof(qn)), in->cpu);
			wqo_violation(o, title, "its WORK_QUEUED event had no WORK_START or WORK_GRABBED\n");
			return;
		}
		if (ww->cancels)
			continue;	/* a cancel owns PENDING */
		data = atomic_long_read(&wq_world_ws(o->w, w)->data);
		if ((data & (1UL << WORK_STRUCT_PENDING)) && !npend)
			snprintf(title, sizeof(title), "w%d PENDING with no instance", w);
		else if (!(data & (1UL << WORK_STRUCT_PENDING)) && npend)
			snprintf(title, sizeof(title), "w%d queued but PENDING is clear", w);
		else
			continue;
		wqo_violation(o, title, "work->data = %#lx, pending instances %d\n",
			      data, npend);
	}
}

/* wqo_structural()'s scratch; only the harness thread checks. */
static struct wqo_scan *scan_cache;

static void wqo_structural(struct wq_oracle *o)
{
	struct workqueue_struct *wqs[WQ_MAX_WQS + 1];
	struct wqo_scan *s;
	unsigned long populated;
	char title[64];
	int n = 0, k, cpu;

	/* Kept across checks (only the harness thread checks): a fresh
	 * calloc() per step page-faults under ASan's quarantine. */
	if (!scan_cache && !(scan_cache = malloc(sizeof(*scan_cache))))
		abort();
	s = scan_cache;
	memset(s, 0, sizeof(*s));
	s->o = o;
	if (wqkit_keventd_wq())
		wqs[n++] = wqkit_keventd_wq();
	for (k = 0; k < o->p->nwqs; k++) {
		wqs[n] = atomic_load_explicit(&o->w->wq[k], memory_order_relaxed);
		if (wqs[n])
			n++;
	}
	kenv_ilock_lock(&o->lock);
	o->check_gen++;
	kenv_ilock_unlock(&o->lock);
	for (k = 0; k < n; k++) {
		kenv_ilock_lock(&o->lock);
		s->wq = wqo_wq_index(o, wqs[k]);
		s->threads = 0;
		kenv_ilock_unlock(&o->lock);
		if (wqkit_inspect_workqueue(wqs[k], wqo_scan_cwq, s))
			break;
		kenv_ilock_lock(&o->lock);
		wqo_check_threads(s);
		kenv_ilock_unlock(&o->lock);
	}
	kenv_ilock_lock(&o->lock);
	populated = wqkit_cpu_populated_map();
	if (wqo_test_hooks.populated)
		populated = wqo_test_hooks.populated(populated, wqo_test_hooks.arg);
	for (cpu = 0; cpu < kenv_nr_cpus(); cpu++) {
		if (!cpu_online(cpu) || (populated & (1UL << cpu)))
			continue;
		snprintf(title, sizeof(title), "cpu%d online but not populated", cpu);
		wqo_violation(o, title, "cpu_populated_map %#lx\n", populated);
	}
	wqo_check_model(o, s);
	kenv_ilock_unlock(&o->lock);
}

/* The verdict so far; @v filled if a violation was recorded. */
static bool wqo_result(struct wq_oracle *o, struct wq_verdict *v)
{
	bool ok;

	kenv_ilock_lock(&o->lock);
	ok = !o->failed;
	if (!ok && v) {
		v->failed = true;
		v->step = o->fail_step;
		snprintf(v->title, sizeof(v->title), "%s", o->title);
		snprintf(v->detail, sizeof(v->detail), "%s", o->detail);
	}
	kenv_ilock_unlock(&o->lock);
	return ok;
}

bool wq_oracle_check_step(struct wq_oracle *o, int step,
			  struct wq_verdict *v)
{
	kenv_ilock_lock(&o->lock);
	o->step = step;
	kenv_ilock_unlock(&o->lock);
	if (wqo_result(o, NULL))
		wqo_structural(o);
	return wqo_result(o, v);
}

/* Exactly-once at the end: every instance born is done or cancelled. */
void wqo_check_instances(struct wq_oracle *o)
{
	char title[128], d[128];
	unsigned long i;

	kenv_ilock_lock(&o->lock);
	for (i = 0; i < o->ninst && !o->failed; i++) {
		const struct wqo_inst *in = &o->inst[i];

		if (wqo_state_dead(in->state))
			continue;
		if (in->state == WQO_RUNNING)
			snprintf(title, sizeof(title), "w%d never finished",
				 in->work);
		else
			snprintf(title, sizeof(title), "w%d queued but never ran%s",
				 in->work,
				 in->down_cpu >= 0 ? " (lost across cpu_down)" : "");
		wqo_describe(o, i, d, sizeof(d));
		if (in->down_cpu >= 0)
			wqo_violation(o, title,
				      "%s\nit was listed on cpu%d when cpu%d went down\n",
				      d, in->down_cpu, in->down_cpu);
		else
			wqo_violation(o, title, "%s\n", d);
	}
	kenv_ilock_unlock(&o->lock);
}

bool wq_oracle_check_end(struct wq_oracle *o, struct wq_verdict *v)
{
	if (!wq_oracle_check_step(o, -1, v))
		return false;
	wqo_check_instances(o);
	return wqo_result(o, v);
}
