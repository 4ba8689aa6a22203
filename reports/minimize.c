// SPDX-License-Identifier: GPL-2.0-only
/*
 * Program minimization (see minimize.h). Passes, cheapest and biggest
 * first, repeated until a round keeps nothing or the budget runs out:
 * drop trailing steps, drop steps, drop ops, move ops into earlier
 * steps, move ops into fewer actors
 * and drop actors, drop works and workqueues, fewer CPUs, no fault,
 * simpler works and workqueues, shorter delays, a shallower schedule.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "fuzz/prog/edit.h"
#include "fuzz/prog/ops.h"
#include "reports/minimize.h"

#define MEMO_SIZE	4096	/* power of two */

struct memo_ent {
	uint64_t hash;
	bool used, fails;
};

struct minctx {
	struct wq_prog *p;
	tr_pred pred;
	void *arg;
	double cpu_deadline;	/* the budget, in CPU seconds */
	double wall_deadline;	/* a loaded machine's cap: WALL_FACTOR x */
	const struct tr_min_opts *o;
	struct tr_min_stats *st;
	struct memo_ent *memo;
};

/* How far past the CPU budget the wall clock may go on a loaded machine. */
#define WALL_FACTOR	5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * CPU seconds of this process (every thread: the replays run here) and
 * of its reaped children (repro.c builds and runs). The budget counts
 * CPU, not wall time: on a loaded machine a wall budget bought a few
 * seconds of work (1,347 candidates in 120 s at load 90).
 */
static double cpu_now(void)
{
	struct timespec ts;
	struct rusage ru;
	double t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	t = ts.tv_sec + ts.tv_nsec / 1e9;
	if (!getrusage(RUSAGE_CHILDREN, &ru))
		t += ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		     ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	return t;
}

static bool out_of_time(const struct minctx *m)
{
	if (cpu_now() < m->cpu_deadline && now() < m->wall_deadline)
		return false;
	m->st->timed_out = true;
	return true;
}

/* Does @c fail? From the memo, else run the predicate. */
static bool fails(struct minctx *m, const struct wq_prog *c)
{
	uint64_t h = wq_prog_hash(c);
	unsigned int i = (unsigned int)h & (MEMO_SIZE - 1);
	bool f;

	for (; m->memo[i].used; i = (i + 1) & (MEMO_SIZE - 1))
		if (m->memo[i].hash == h) {
			m->st->memo_hits++;
			return m->memo[i].fails;
		}
	m->st->tries++;
	f = m->pred(c, m->arg);
	if (m->st->tries < MEMO_SIZE / 2) {	/* keep the table sparse */
		m->memo[i].used = true;
		m->memo[i].hash = h;
		m->memo[i].fails = f;
	}
	return f;
}

/* Does @c, or @c with another schedule seed, fail? (@c may change.) */
static bool fails_reseeded(struct minctx *m, struct wq_prog *c)
{
	struct wq_prog r;
	uint32_t seed;
	int i;

	if (fails(m, c))
		return true;
	if (c->sched_mode == WQ_SCHED_FREE || c->sched_mode == WQ_SCHED_STEPS)
		return false;	/* no seed to vary */
	for (i = 1; i <= m->o->reseeds && !out_of_time(m); i++) {
		r = *c;
		seed = c->sched_seed ^ (uint32_t)(i * 2654435761u);
		if (wq_edit_set_sched(&r, r.sched_mode, seed, r.sched_depth))
			continue;
		if (fails(m, &r)) {
			m->st->reseeded++;
			*c = r;
			return true;
		}
	}
	return false;
}

/*
 * Keep @c (an edit of the current program, legal: the edit returned 0)
 * if it still fails. Returns true if kept.
 */
static bool try(struct minctx *m, const struct wq_prog *c)
{
	struct wq_prog t = *c;

	if (out_of_time(m) || !fails_reseeded(m, &t))
		return false;
	*m->p = t;
	m->st->kept++;
	if (m->o->progress)
		m->o->progress(m->p, m->st, m->o->progress_arg);
	return true;
}

/* Drop trailing steps: bisect the shortest prefix that still fails. */
static bool pass_truncate(struct minctx *m)
{
	int lo = 0, hi = m->p->nsteps, mid;
	bool any = false;
	struct wq_prog c;

	while (lo < hi && !m->st->timed_out) {
		mid = (lo + hi) / 2;
		c = *m->p;
		if (!wq_edit_truncate(&c, mid) && try(m, &c)) {
			hi = mid;
			any = true;
		} else {
			lo = mid + 1;
		}
	}
	return any;
}

static bool pass_steps(struct minctx *m)
{
	bool any = false;
	struct wq_prog c;
	int s;

	for (s = m->p->nsteps - 1; s >= 0 && !m->st->timed_out; s--) {
		c = *m->p;
		if (!wq_edit_drop_step(&c, s))
			any |= try(m, &c);
	}
	return any;
}

static bool pass_ops(struct minctx *m)
{
	bool any = false;
	struct wq_prog c;
	int s, a;

	for (s = m->p->nsteps - 1; s >= 0; s--)
		for (a = m->p->nactors - 1; a >= 0 && !m->st->timed_out; a--) {
			if (s >= m->p->nsteps || a >= m->p->nactors ||
			    m->p->step[s][a].op == WQ_OP_NONE)
				continue;
			c = *m->p;
			if (!wq_edit_drop_op(&c, s, a))
				any |= try(m, &c);
		}
	return any;
}

/* Move ops into the previous step's free slots (then drop empty steps). */
static bool pass_merge(struct minctx *m)
{
	bool any = false;
	struct wq_prog c;
	int s, a, b;

	for (s = m->p->nsteps - 1; s > 0; s--)
		for (a = 0; a < m->p->nactors && !m->st->timed_out; a++) {
			if (s >= m->p->nsteps || m->p->step[s][a].op == WQ_OP_NONE)
				continue;
			for (b = 0; b < m->p->nactors; b++) {
				c = *m->p;
				if (!wq_edit_move_op_to(&c, s, a, s - 1, b) &&
				    try(m, &c)) {
					any = true;
					break;
				}
			}
		}
	if (any)
		pass_steps(m);
	return any;
}

/* Move the ops of the last actor into lower actors, then drop it. */
static bool pass_actors(struct minctx *m)
{
	struct wq_prog c;
	int last, s, a;

	while (m->p->nactors > 1 && !m->st->timed_out) {
		last = m->p->nactors - 1;
		c = *m->p;
		for (s = 0; s < c.nsteps; s++)
			for (a = 0; a < last; a++)
				if (c.step[s][last].op != WQ_OP_NONE)
					wq_edit_move_op(&c, s, last, a);
		if (wq_edit_drop_actor(&c, last) || !try(m, &c))
			break;
	}
	for (a = m->p->nactors - 1; a >= 0 && !m->st->timed_out; a--) {
		c = *m->p;
		if (!wq_edit_drop_actor(&c, a) && try(m, &c))
			return true;
	}
	return false;
}

static bool pass_objects(struct minctx *m)
{
	bool any = false;
	struct wq_prog c;
	int i;

	for (i = m->p->nworks - 1; i >= 0 && !m->st->timed_out; i--) {
		c = *m->p;
		if (!wq_edit_drop_work(&c, i))
			any |= try(m, &c);
	}
	for (i = m->p->nwqs - 1; i >= 0 && !m->st->timed_out; i--) {
		c = *m->p;
		if (!wq_edit_drop_wq(&c, i))
			any |= try(m, &c);
	}
	for (i = 1; i < m->p->ncpus && !m->st->timed_out; i++) {
		c = *m->p;
		if (!wq_edit_set_cpus(&c, i) && try(m, &c))
			return true;
	}
	return any;
}

static bool pass_fault(struct minctx *m)
{
	struct wq_prog c = *m->p;
	int n;

	if (m->p->fault == WQ_FAULT_NONE)
		return false;
	if (!wq_edit_set_fault(&c, WQ_FAULT_NONE, 0) && try(m, &c))
		return true;
	for (n = 1; n < m->p->fault_nth && !m->st->timed_out; n++) {
		c = *m->p;
		if (!wq_edit_set_fault(&c, m->p->fault, n) && try(m, &c))
			return true;
	}
	return false;
}

static bool pass_works(struct minctx *m)
{
	bool any = false;
	struct wq_prog c;
	int i;

	for (i = 0; i < m->p->nworks && !m->st->timed_out; i++) {
		c = *m->p;
		if (m->p->work[i].beh != WQ_BEH_NOP &&
		    !wq_edit_set_beh(&c, i, WQ_BEH_NOP, 0))
			any |= try(m, &c);
		c = *m->p;
		if (m->p->work[i].delayed && !wq_edit_set_delayed(&c, i, false))
			any |= try(m, &c);
	}
	for (i = 0; i < m->p->nwqs && !m->st->timed_out; i++) {
		c = *m->p;
		if (m->p->wq_kind[i] != WQ_KIND_MULTI &&
		    !wq_edit_set_wq_kind(&c, i, WQ_KIND_MULTI))
			any |= try(m, &c);
	}
	return any;
}

/* Delays to 0, advances to 1 jiffy. */
static bool pass_operands(struct minctx *m)
{
	bool any = false;
	struct wq_prog c;
	int s, a;

	for (s = 0; s < m->p->nsteps; s++)
		for (a = 0; a < m->p->nactors && !m->st->timed_out; a++) {
			const struct wq_op *o = &m->p->step[s][a];

			c = *m->p;
			if (o->delay && !wq_edit_set_operand(&c, s, a, WQ_ARG_DELAY, 0))
				any |= try(m, &c);
			c = *m->p;
			if (o->ticks > 1 && !wq_edit_set_operand(&c, s, a, WQ_ARG_TICKS, 1))
				any |= try(m, &c);
		}
	return any;
}

/* Mode steps: fewer change points, then order 0, step by step. */
static bool pass_step_sched(struct minctx *m)
{
	struct wq_sched_step sp;
	struct wq_prog c;
	int s, i;

	for (s = 0; s < m->p->nsteps && !m->st->timed_out; s++) {
		for (i = WQ_MAX_CHANGES; i >= 0; i--) {
			sp = m->p->plan[s];
			if (i == WQ_MAX_CHANGES)
				sp.order = 0;
			else
				sp.at[i] = 0;
			c = *m->p;
			if (!wq_edit_set_step_sched(&c, s, &sp) && try(m, &c))
				return true;
		}
	}
	return false;
}

static bool pass_sched(struct minctx *m)
{
	struct wq_prog c;
	int d;

	if (m->p->sched_mode == WQ_SCHED_STEPS)
		return pass_step_sched(m);
	for (d = 1; d < m->p->sched_depth && !m->st->timed_out; d++) {
		c = *m->p;
		if (!wq_edit_set_sched(&c, m->p->sched_mode, m->p->sched_seed, d) &&
		    try(m, &c))
			return true;
	}
	return false;
}

void tr_minimize(struct wq_prog *p, tr_pred pred, void *arg,
		 const struct tr_min_opts *o, struct tr_min_stats *st)
{
	static bool (*const passes[])(struct minctx *) = {
		pass_truncate, pass_steps, pass_ops, pass_merge, pass_actors,
		pass_objects,
		pass_fault, pass_works, pass_operands, pass_sched,
	};
	struct minctx m = {
		.p = p, .pred = pred, .arg = arg, .cpu_deadline = cpu_now() + o->budget_s,
		.wall_deadline = now() + WALL_FACTOR * o->budget_s,
		.o = o, .st = st,
	};
	bool again = true;
	size_t i;

	memset(st, 0, sizeof(*st));
	m.memo = calloc(MEMO_SIZE, sizeof(*m.memo));
	if (!m.memo)
		return;
	while (again && !st->timed_out) {
		again = false;
		for (i = 0; i < sizeof(passes) / sizeof(passes[0]); i++)
			again |= passes[i](&m);
	}
	free(m.memo);
}
