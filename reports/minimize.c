// SPDX-License-Identifier: GPL-2.0-only
/*
 * Program minimization (see minimize.h). Passes, cheapest and biggest
 * first, repeated until a round keeps nothing or the budget runs out:
 * drop trailing steps, drop empty steps, drop steps, drop ops, merge
 * steps, move ops into earlier steps, move ops into fewer actors
 * and drop actors, drop works and workqueues, fewer CPUs, no fault,
 * simpler works and workqueues, shorter delays, a shallower schedule;
 * when a round of those keeps nothing, simpler ops (pass_simplify()).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "fuzz/prog/edit.h"
#include "fuzz/prog/ops.h"
#include "reports/minimize.h"

#define MEMO_SIZE	16384	/* power of two */
#define DEEP_FACTOR	8
#define PROGRESS_EVERY	250	/* candidates between progress calls */

struct memo_ent {
	uint64_t hash;
	bool used, fails;
};

struct minctx {
	struct wq_prog *p;
	tr_pred pred;
	void *arg;
	double cpu_deadline;	/* the budget, in CPU seconds */
	double wall_deadline;	/* the backstop, in wall seconds */
	const struct tr_min_opts *o;
	struct tr_min_stats *st;
	struct memo_ent *memo;
	/*
	 * Wide schedule search for lost edits: set once a round with the
	 * narrow one (reseeds seeds at the same depth) keeps nothing;
	 * deep (DEEP_FACTOR x the wide one's seeds and orders, if asked)
	 * once a wide round keeps nothing, until a deep round keeps nothing
	 * or the budget runs out.
	 */
	bool wide, deep;
};

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
	const char *stop = NULL;

	if (m->o->max_runs && m->st->tries >= m->o->max_runs)
		stop = "candidates";
	else if (cpu_now() >= m->cpu_deadline)
		stop = "cpu";
	else if (m->o->wall_s && now() >= m->wall_deadline)
		stop = "wall";
	if (!stop)
		return false;
	m->st->timed_out = true;
	m->st->stop = stop;
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
	/* long searches keep nothing for a while: show they go on */
	if (m->o->progress && !(m->st->tries % PROGRESS_EVERY))
		m->o->progress(m->p, m->st, m->o->progress_arg);
	f = m->pred(c, m->arg);
	if (m->st->tries < MEMO_SIZE / 2) {	/* keep the table sparse */
		m->memo[i].used = true;
		m->memo[i].hash = h;
		m->memo[i].fails = f;
	}
	return f;
}

/*
 * Schedule variants of @c for a lost edit: variant @i (1..) of a seeded
 * mode is another seed (narrow search: @c's depth; wide search: every
 * depth, then the other seeded mode); of mode steps, another order for
 * every step holding an op (its change points kept). Returns -1 when
 * there is no variant @i.
 */
static int sched_variant(const struct minctx *m, const struct wq_prog *c,
			 int i, struct wq_prog *r)
{
	int n = m->o->reseeds, k, mode, depth, s;
	uint32_t seed;

	*r = *c;
	if (c->sched_mode == WQ_SCHED_FREE || i < 1)
		return -1;
	k = i - 1;
	if (m->deep)
		n *= DEEP_FACTOR;
	if (c->sched_mode == WQ_SCHED_STEPS) {
		if (k >= (m->wide ? 4 * n : n))
			return -1;
		for (s = 0; s < c->nsteps; s++) {
			struct wq_sched_step sp = c->plan[s];
			int a, busy = 0;

			for (a = 0; a < c->nactors; a++)
				busy |= c->step[s][a].op != WQ_OP_NONE;
			if (!busy)
				continue;
			sp.order = (uint8_t)(sp.order + 1 + k * 37);
			wq_edit_set_step_sched(r, s, &sp);
		}
		return 0;
	}
	mode = c->sched_mode;
	depth = c->sched_depth;
	if (m->wide) {		/* n seeds per (mode, depth), @c's mode first */
		if (k >= 2 * WQ_MAX_DEPTH * n)
			return -1;
		if (k >= WQ_MAX_DEPTH * n)
			mode = mode == WQ_SCHED_PCT ? WQ_SCHED_RANDOM : WQ_SCHED_PCT;
		depth = 1 + (k / n) % WQ_MAX_DEPTH;
	} else if (k >= n) {
		return -1;
	}
	/* a new seed for every variant: in mode random the depth may not
	 * change the walk, so the same seeds at another depth could replay
	 * the same schedules (variant k < n: the narrow search's) */
	seed = c->sched_seed ^ (uint32_t)((k + 1) * 2654435761u);
	return wq_edit_set_sched(r, mode, seed, depth) ? 1 : 0;
}

/*
 * Does @c, or @c with another schedule, fail? (@c may change.) An edit
 * that removes a task or an op moves every later scheduling decision of
 * a seeded schedule, and renaming a task (dropping an actor below it)
 * changes its priority in mode steps: the failure may need another one.
 */
static bool fails_reseeded(struct minctx *m, struct wq_prog *c)
{
	struct wq_prog r;
	int i, v;

	if (fails(m, c))
		return true;
	for (i = 1; !out_of_time(m); i++) {
		v = sched_variant(m, c, i, &r);
		if (v < 0)
			break;
		if (v > 0 || wq_prog_equal(&r, c))
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
 * if it still fails, with another schedule if @reseed and its own does
 * not. Returns true if kept. Edits of the schedule itself are tried
 * without (a variant could undo the edit, and the next round redo it).
 */
static bool try_edit(struct minctx *m, const struct wq_prog *c, bool reseed)
{
	struct wq_prog t = *c;

	if (out_of_time(m) || wq_prog_equal(&t, m->p) ||
	    !(reseed ? fails_reseeded(m, &t) : fails(m, &t)) ||
	    wq_prog_equal(&t, m->p))
		return false;
	*m->p = t;
	m->st->kept++;
	if (m->o->progress)
		m->o->progress(m->p, m->st, m->o->progress_arg);
	return true;
}

/*
 * try_edit() with a schedule search, but never the deep one: for an edit
 * that drops a call (try()) and a simplifying edit (pass_simplify(): the
 * size stays, not worth 8x the wide search's cost per candidate).
 */
static bool try_wide(struct minctx *m, const struct wq_prog *c)
{
	bool deep = m->deep, kept;

	m->deep = false;
	kept = try_edit(m, c, true);
	m->deep = deep;
	return kept;
}

static int calls(const struct wq_prog *p)
{
	struct wq_prog_size sz;

	wq_prog_measure(p, &sz);
	return sz.calls;
}

/*
 * A structural edit: its schedule may change. The deep search only for
 * an edit that keeps every call (a merge, a move, an idle actor or an
 * unused object dropped, fewer CPUs): only the schedule can have lost
 * its failure, which is what the deep search looks for. An edit that
 * drops a call gets the wide search: when the bug needs that call no
 * schedule brings the failure back, and the deep search's every variant
 * is spent for nothing (each_cpu_no_pending's found input: 282
 * candidates in all; with the deep search for every edit, its one-call
 * result had run 1,250 and kept nothing when it was stopped).
 */
static bool try(struct minctx *m, const struct wq_prog *c)
{
	return calls(c) < calls(m->p) ? try_wide(m, c) : try_edit(m, c, true);
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

/*
 * @c has fewer steps than the current program: keep it, or else it with
 * one CPU more (steps come before CPUs in the size order). Two ops of a
 * step race only on two CPUs, or two actors of one CPU: a program the
 * CPU pass brought to one CPU may need its ops in separate steps there,
 * and the second CPU back to race them in one (lost_wakeup: two
 * schedule_on_each_cpu, 2 steps on 1 CPU -> 1 step on 2).
 */
static bool try_fewer_steps(struct minctx *m, const struct wq_prog *c)
{
	struct wq_prog t;

	if (try(m, c))
		return true;
	t = *c;
	return !m->st->timed_out && t.ncpus < WQ_MAX_CPUS &&
	       !wq_edit_set_cpus(&t, t.ncpus + 1) && try(m, &t);
}

static bool pass_steps(struct minctx *m)
{
	bool any = false;
	struct wq_prog c;
	int s;

	for (s = m->p->nsteps - 1; s >= 0 && !m->st->timed_out; s--) {
		c = *m->p;
		if (!wq_edit_drop_step(&c, s))
			any |= try_fewer_steps(m, &c);
	}
	return any;
}

static bool step_empty(const struct wq_prog *p, int s)
{
	int a;

	for (a = 0; a < p->nactors; a++)
		if (p->step[s][a].op != WQ_OP_NONE)
			return false;
	return true;
}

/*
 * Drop every empty step at once: an empty step only quiesces and checks
 * again what the step before it left quiescent and checked. (A seeded
 * schedule may still need another seed after it: fails_reseeded().)
 */
static bool pass_empty(struct minctx *m)
{
	struct wq_prog c = *m->p;
	int s;

	for (s = c.nsteps - 1; s >= 0; s--)
		if (step_empty(&c, s) && c.nsteps > 1)
			wq_edit_drop_step(&c, s);
	return c.nsteps < m->p->nsteps && try_fewer_steps(m, &c);
}

/*
 * Merge step @s into step @s - 1 in @c: each op goes to its own actor's
 * slot if free; else, if @keep_cpu, to a free slot of an actor on the
 * same CPU (actor i runs on CPU i % ncpus) or to a new actor there (one
 * or more appended until one lands on that CPU); else to the lowest free
 * slot, or to a new actor. Then step @s goes. Returns 0 if every op found
 * a place.
 *
 * Both placements are tried (pass_merge_steps()): the first keeps the
 * actors few; the second keeps each op on its CPU, which a race across
 * CPUs needs (grab_pending_no_recheck: a queue on CPU 1 in step 0, then
 * schedule_work from CPU 0 racing a cancel in step 1; merged by the
 * first, schedule_work lands on CPU 1's actor and queues on the cwq the
 * first queue used: 0 of 1,024 random schedules fail, against 11 of
 * 1,024 with each op kept on its CPU).
 */
static int merge_step(struct wq_prog *c, int s, bool keep_cpu)
{
	int a, b, cpu;

	for (a = 0; a < c->nactors; a++) {
		if (c->step[s][a].op == WQ_OP_NONE)
			continue;
		if (!wq_edit_move_op_to(c, s, a, s - 1, a))
			continue;
		cpu = a % c->ncpus;
		for (b = 0; b < c->nactors; b++)
			if ((!keep_cpu || b % c->ncpus == cpu) &&
			    !wq_edit_move_op_to(c, s, a, s - 1, b))
				break;
		if (b < c->nactors)
			continue;
		/* no free slot: a new actor takes it (one step fewer
		 * outweighs one actor more) */
		do {
			if (wq_edit_add_actor(c))
				return -1;
		} while (keep_cpu && (c->nactors - 1) % c->ncpus != cpu);
		if (wq_edit_move_op_to(c, s, a, s - 1, c->nactors - 1))
			return -1;
	}
	return wq_edit_drop_step(c, s);
}

/*
 * Whole steps into the step before (fewer steps, more concurrency), each
 * op placed as merge_step() says: actors few, else CPUs kept.
 */
static bool pass_merge_steps(struct minctx *m)
{
	struct wq_prog c, first;
	bool any = false, tried;
	int s, keep;

	for (s = m->p->nsteps - 1; s > 0 && !m->st->timed_out; s--)
		for (keep = 0, tried = false; keep < 2 && s < m->p->nsteps; keep++) {
			c = *m->p;
			if (merge_step(&c, s, keep) ||
			    (tried && wq_prog_equal(&c, &first)))
				continue;
			first = c;
			tried = true;
			if (try_fewer_steps(m, &c)) {
				any = true;
				break;
			}
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

/* The next permutation of @v[0..@n-1] in lexicographic order; false after the last. */
static bool next_perm(int *v, int n)
{
	int i = n - 2, j = n - 1, t;

	while (i >= 0 && v[i] >= v[i + 1])
		i--;
	if (i < 0)
		return false;
	while (v[j] <= v[i])
		j--;
	t = v[i], v[i] = v[j], v[j] = t;
	for (i++, j = n - 1; i < j; i++, j--)
		t = v[i], v[i] = v[j], v[j] = t;
	return true;
}

/*
 * Drop actor @a: the others take the lower numbers in each of their
 * orders (the plain renumbering first). Actor i runs on CPU i % ncpus,
 * so renumbering moves ops between CPUs; another order may keep the
 * ops that need their CPU on it (e.g. the op of t2 on CPU 0 of 2 when
 * t1 goes: t0's op moves to t1 instead).
 */
static bool drop_actor_any_order(struct minctx *m, int a)
{
	int rest[WQ_MAX_ACTORS], perm[WQ_MAX_ACTORS], n = m->p->nactors, i, k;
	struct wq_prog c;

	for (i = 0, k = 0; i < n; i++)
		if (i != a)
			rest[k++] = i;
	do {
		c = *m->p;
		memcpy(perm, rest, sizeof(int) * (n - 1));
		perm[n - 1] = a;
		if (wq_edit_permute_actors(&c, perm) && a != n - 1)
			continue;	/* (the identity of the last is no edit) */
		if (!wq_edit_drop_actor(&c, n - 1) && try(m, &c))
			return true;
	} while (!m->st->timed_out && next_perm(rest, n - 1));
	return false;
}

/*
 * Move the ops of the last actor into lower actors, then drop it; then
 * drop any actor, the others renumbered in any order.
 */
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
	for (a = m->p->nactors - 1; a >= 0 && m->p->nactors > 1 &&
	     !m->st->timed_out; a--)
		if (drop_actor_any_order(m, a))
			return true;
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

/*
 * Op (@s, @a) with operand @kind set to @val, kept if @keep_fn keeps it
 * (try() or try_wide()).
 */
static bool try_operand(struct minctx *m, int s, int a, char kind, int val,
			bool (*keep_fn)(struct minctx *, const struct wq_prog *))
{
	struct wq_prog c = *m->p;

	return !m->st->timed_out && !wq_edit_set_operand(&c, s, a, kind, val) &&
	       keep_fn(m, &c);
}

/* Delays to 0, advances to 1 jiffy. */
static bool pass_operands(struct minctx *m)
{
	bool any = false;
	int s, a;

	for (s = 0; s < m->p->nsteps; s++)
		for (a = 0; a < m->p->nactors && !m->st->timed_out; a++) {
			const struct wq_op *o = &m->p->step[s][a];

			if (o->delay)
				any |= try_operand(m, s, a, WQ_ARG_DELAY, 0, try);
			if (o->ticks > 1)
				any |= try_operand(m, s, a, WQ_ARG_TICKS, 1, try);
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
			if (!wq_edit_set_step_sched(&c, s, &sp) && try_edit(m, &c, false))
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
		    try_edit(m, &c, false))
			return true;
	}
	return false;
}

/*
 * Op (@s, @a) simpler: another op of lower wq_op_rank(), simplest first;
 * its work operand a simpler work (wq_work_simpler()); CPU 0; not in
 * interrupt. Each strictly simpler, so this ends.
 */
static bool simplify_op(struct minctx *m, int s, int a)
{
	const struct wq_op *o = &m->p->step[s][a];
	uint8_t simpler[WQ_NR_OPS];
	struct wq_prog c;
	int i, n, w;

	n = wq_ops_simpler(o->op, simpler);
	for (i = 0; i < n && !m->st->timed_out; i++) {
		c = *m->p;
		if (!wq_edit_replace_op(&c, s, a, simpler[i]) && try_wide(m, &c))
			return true;
	}
	for (w = 0; wq_op_has(o->op, WQ_ARG_WORK) && w < m->p->nworks; w++)
		if (wq_work_simpler(m->p, w, o->work) &&
		    try_operand(m, s, a, WQ_ARG_WORK, w, try_wide))
			return true;
	if (o->cpu && try_operand(m, s, a, WQ_ARG_CPU, 0, try_wide))
		return true;
	return o->in_irq && try_operand(m, s, a, WQ_ARG_IRQ, 0, try_wide);
}

/*
 * Simpler ops (the same number of calls): what lets the other passes go
 * on when they keep nothing, e.g. a cancel_work_sync racing a queue from
 * another work's function becomes a race of two plain queues, and the
 * work with the function goes. Run only after a round kept nothing.
 */
static bool pass_simplify(struct minctx *m)
{
	int s, a;

	for (s = 0; s < m->p->nsteps; s++)
		for (a = 0; a < m->p->nactors && !m->st->timed_out; a++)
			if (m->p->step[s][a].op != WQ_OP_NONE &&
			    simplify_op(m, s, a))
				return true;	/* the shrinking passes first */
	return false;
}

void tr_minimize(struct wq_prog *p, tr_pred pred, void *arg,
		 const struct tr_min_opts *o, struct tr_min_stats *st)
{
	static bool (*const passes[])(struct minctx *) = {
		pass_truncate, pass_empty, pass_steps, pass_ops,
		pass_merge_steps, pass_merge, pass_actors, pass_objects,
		pass_fault, pass_works, pass_operands, pass_sched,
	};
	/*
	 * A deep round tries the merges first: they keep every call, so
	 * only the schedule can lose their failure, which is what the deep
	 * search looks for; a drop that loses a call the bug needs costs
	 * the deep search's every variant for nothing (grab_pending_no_recheck's
	 * found input: its steps merged after 6,743 candidates, 3,215 with
	 * the merges first).
	 */
	static bool (*const deep_passes[])(struct minctx *) = {
		pass_merge_steps, pass_merge, pass_truncate, pass_empty,
		pass_steps, pass_ops, pass_actors, pass_objects,
		pass_fault, pass_works, pass_operands, pass_sched,
	};
	struct minctx m = {
		.p = p, .pred = pred, .arg = arg, .cpu_deadline = cpu_now() + o->budget_s,
		.wall_deadline = now() + o->wall_s,
		.o = o, .st = st,
	};
	bool again;
	size_t i;

	_Static_assert(sizeof(passes) == sizeof(deep_passes), "the same passes");
	memset(st, 0, sizeof(*st));
	m.memo = calloc(MEMO_SIZE, sizeof(*m.memo));
	if (!m.memo)
		return;
	/*
	 * A fixpoint, as syzkaller's minimization loop: every pass again
	 * after any pass kept an edit (a later pass's edit often lets an
	 * earlier one succeed: fewer actors, then a step merges). When a
	 * round keeps nothing, rounds go on with the wide schedule search,
	 * then (o->deep) with the deep one, until such a round keeps
	 * nothing too.
	 */
	while (!st->timed_out) {
		again = false;
		for (i = 0; i < sizeof(passes) / sizeof(passes[0]); i++)
			again |= (m.deep ? deep_passes : passes)[i](&m);
		if (!again && !st->timed_out)
			again = pass_simplify(&m);
		if (again)
			continue;
		if (m.deep || (m.wide && !o->deep) || !o->reseeds ||
		    p->sched_mode == WQ_SCHED_FREE)
			break;
		if (m.wide)
			m.deep = st->deep = true;
		m.wide = true;
		st->wide = true;
	}
	free(m.memo);
}
