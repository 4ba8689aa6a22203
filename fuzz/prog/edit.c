// SPDX-License-Identifier: GPL-2.0-only
/*
 * Program edits (see edit.h): change a copy, repair it with the
 * legality rules' fix mode, check it, keep it if legal and different.
 */
#include <string.h>

#include "fuzz/prog/edit.h"
#include "fuzz/prog/legal.h"
#include "fuzz/prog/ops.h"

void wq_prog_measure(const struct wq_prog *p, struct wq_prog_size *s)
{
	int i, a;

	memset(s, 0, sizeof(*s));
	s->steps = p->nsteps;
	s->actors = p->nactors;
	s->works = p->nworks;
	s->wqs = p->nwqs;
	s->cpus = p->ncpus;
	for (i = 0; i < p->nsteps; i++)
		for (a = 0; a < p->nactors; a++)
			s->ops += p->step[i][a].op != WQ_OP_NONE;
	s->calls = s->ops;
	for (i = 0; i < p->nworks; i++)
		s->calls += p->work[i].beh != WQ_BEH_NOP;
}

int wq_prog_size_cmp(const struct wq_prog_size *a,
		     const struct wq_prog_size *b)
{
	const int x[] = { a->calls, a->steps, a->actors, a->works, a->wqs, a->cpus };
	const int y[] = { b->calls, b->steps, b->actors, b->works, b->wqs, b->cpus };
	size_t i;

	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

uint64_t wq_prog_hash(const struct wq_prog *p)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	uint64_t h = 14695981039346656037ULL;
	size_t i, n = wq_prog_encode(p, buf, sizeof(buf));

	for (i = 0; i < n; i++) {
		h ^= buf[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Zero what lies beyond the counts (canonical form). */
static void clear_unused(struct wq_prog *p)
{
	int i;

	for (i = p->nwqs; i < WQ_MAX_WQS; i++)
		p->wq_kind[i] = 0;
	for (i = p->nworks; i < WQ_MAX_WORKS; i++)
		memset(&p->work[i], 0, sizeof(p->work[i]));
	for (i = 0; i < WQ_MAX_STEPS; i++)
		if (i >= p->nsteps)
			memset(p->step[i], 0, sizeof(p->step[i]));
		else if (p->nactors < WQ_MAX_ACTORS)
			memset(&p->step[i][p->nactors], 0,
			       (WQ_MAX_ACTORS - p->nactors) * sizeof(struct wq_op));
	if (p->fault == WQ_FAULT_NONE)
		p->fault_nth = 0;
	for (i = 0; i < WQ_MAX_STEPS; i++)
		if (i >= p->nsteps || p->sched_mode != WQ_SCHED_STEPS)
			memset(&p->plan[i], 0, sizeof(p->plan[i]));
		else
			wq_sched_step_canon(&p->plan[i]);
	if (p->sched_mode == WQ_SCHED_STEPS) {
		p->sched_seed = 0;
		p->sched_depth = 1;
	}
}

/* Make @p legal again the way the decoder would, then check it. */
static int repair(struct wq_prog *p)
{
	struct wq_derived d;
	struct wq_state st;
	int i;

	clear_unused(p);
	for (i = 0; i < p->nworks; i++)
		if (!wq_beh_check(p, i, NULL, 0)) {
			p->work[i].beh = WQ_BEH_NOP;
			p->work[i].arg = 0;
		}
	wq_derive(p, &d);
	wq_state_init(p, &st);
	for (i = 0; i < p->nsteps; i++)
		wq_step_apply(p, &d, &st, p->step[i], true, NULL, 0, NULL);
	return wq_prog_check(p, NULL, 0);
}

/* Repair @t; if legal and not @p, it becomes @p. */
static int commit(struct wq_prog *p, struct wq_prog *t)
{
	if (repair(t) || wq_prog_equal(p, t))
		return -1;
	*p = *t;
	return 0;
}

/* Like commit(), but the op the edit is about must survive the repair. */
static int commit_op(struct wq_prog *p, struct wq_prog *t, int step,
		     int actor)
{
	uint8_t op = t->step[step][actor].op;

	if (repair(t) || t->step[step][actor].op != op ||
	    wq_prog_equal(p, t))
		return -1;
	*p = *t;
	return 0;
}

static bool bad_step(const struct wq_prog *p, int step)
{
	return step < 0 || step >= p->nsteps;
}

static bool bad_actor(const struct wq_prog *p, int actor)
{
	return actor < 0 || actor >= p->nactors;
}

int wq_edit_drop_step(struct wq_prog *p, int step)
{
	struct wq_prog t = *p;

	if (bad_step(p, step))
		return -1;
	memmove(t.step[step], t.step[step + 1],
		(t.nsteps - step - 1) * sizeof(t.step[0]));
	memmove(&t.plan[step], &t.plan[step + 1],
		(t.nsteps - step - 1) * sizeof(t.plan[0]));
	t.nsteps--;
	return commit(p, &t);
}

int wq_edit_truncate(struct wq_prog *p, int nsteps)
{
	struct wq_prog t = *p;

	if (nsteps < 0 || nsteps >= p->nsteps)
		return -1;
	t.nsteps = (uint8_t)nsteps;
	return commit(p, &t);
}

int wq_edit_drop_op(struct wq_prog *p, int step, int actor)
{
	struct wq_prog t = *p;

	if (bad_step(p, step) || bad_actor(p, actor))
		return -1;
	memset(&t.step[step][actor], 0, sizeof(struct wq_op));
	return commit(p, &t);
}

int wq_edit_move_op_to(struct wq_prog *p, int step, int from, int to_step,
		       int to)
{
	struct wq_prog t = *p;

	if (bad_step(p, step) || bad_step(p, to_step) || bad_actor(p, from) ||
	    bad_actor(p, to) || t.step[to_step][to].op != WQ_OP_NONE)
		return -1;
	t.step[to_step][to] = t.step[step][from];
	memset(&t.step[step][from], 0, sizeof(struct wq_op));
	return commit_op(p, &t, to_step, to);
}

int wq_edit_move_op(struct wq_prog *p, int step, int from, int to)
{
	return wq_edit_move_op_to(p, step, from, step, to);
}

int wq_edit_set_op(struct wq_prog *p, int step, int actor,
		   const struct wq_op *o)
{
	struct wq_prog t = *p;

	if (bad_step(p, step) || bad_actor(p, actor) || o->op >= WQ_NR_OPS)
		return -1;
	t.step[step][actor] = *o;
	return commit_op(p, &t, step, actor);
}

/*
 * How simple each op is to read, simplest first: plain queueing (the
 * keventd form, then the named workqueue, then on a CPU, then delayed),
 * the non-waiting cancel, the waiting cancels, flushing one work, then a
 * workqueue, keventd-wide calls, execute_in_process_context, the clock,
 * workqueue life, the freezer and hotplug last. Distinct values.
 */
static const uint8_t op_rank[WQ_NR_OPS] = {
	[WQ_OP_NONE] = 0,
	[WQ_OP_SCHEDULE_WORK] = 1,
	[WQ_OP_QUEUE_WORK] = 2,
	[WQ_OP_SCHEDULE_WORK_ON] = 3,
	[WQ_OP_QUEUE_WORK_ON] = 4,
	[WQ_OP_SCHEDULE_DELAYED_WORK] = 5,
	[WQ_OP_QUEUE_DELAYED_WORK] = 6,
	[WQ_OP_SCHEDULE_DELAYED_WORK_ON] = 7,
	[WQ_OP_QUEUE_DELAYED_WORK_ON] = 8,
	[WQ_OP_CANCEL_DELAYED_WORK] = 9,
	[WQ_OP_CANCEL_WORK_SYNC] = 10,
	[WQ_OP_CANCEL_DELAYED_WORK_SYNC] = 11,
	[WQ_OP_CANCEL_REARMING_DELAYED_WORK] = 12,
	[WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE] = 13,
	[WQ_OP_FLUSH_WORK] = 14,
	[WQ_OP_FLUSH_WORKQUEUE] = 15,
	[WQ_OP_FLUSH_SCHEDULED_WORK] = 16,
	[WQ_OP_SCHEDULE_ON_EACH_CPU] = 17,
	[WQ_OP_EXECUTE_IN_PROCESS_CONTEXT] = 18,
	[WQ_OP_ADVANCE_JIFFIES] = 19,
	[WQ_OP_CREATE_WORKQUEUE] = 20,
	[WQ_OP_DESTROY_WORKQUEUE] = 21,
	[WQ_OP_FREEZE] = 22,
	[WQ_OP_THAW] = 23,
	[WQ_OP_CPU_UP] = 24,
	[WQ_OP_CPU_DOWN] = 25,
};

int wq_op_rank(int op)
{
	return op >= 0 && op < WQ_NR_OPS ? op_rank[op] : -1;
}

int wq_ops_simpler(int op, uint8_t out[WQ_NR_OPS])
{
	int r, n = 0, k;

	for (r = 1; r < wq_op_rank(op); r++)
		for (k = 1; k < WQ_NR_OPS; k++)
			if (op_rank[k] == r)
				out[n++] = (uint8_t)k;
	return n;
}

int wq_edit_replace_op(struct wq_prog *p, int step, int actor, int op)
{
	const struct wq_op *o;
	struct wq_op n = { .op = (uint8_t)op, .ticks = 1 };

	if (bad_step(p, step) || bad_actor(p, actor) || op <= WQ_OP_NONE ||
	    op >= WQ_NR_OPS)
		return -1;
	o = &p->step[step][actor];
	if (o->op == WQ_OP_NONE || o->op == op)
		return -1;
	if (wq_op_has(o->op, WQ_ARG_WORK))
		n.work = o->work;
	if (wq_op_has(op, WQ_ARG_WORK) && n.work >= p->nworks)
		return -1;
	if (wq_op_has(o->op, WQ_ARG_WQ) && !(wq_ops[o->op].flags & WQ_OPF_KEVENTD))
		n.wq = o->wq;	/* a named workqueue, or a queue_* destination */
	else if (wq_op_has(op, WQ_ARG_WORK))
		n.wq = wq_home_slot(p, n.work);
	if (wq_op_has(o->op, WQ_ARG_CPU))
		n.cpu = o->cpu;
	if (wq_op_has(o->op, WQ_ARG_DELAY))
		n.delay = o->delay;
	if (wq_op_has(o->op, WQ_ARG_TICKS))
		n.ticks = o->ticks;
	if (wq_op_has(o->op, WQ_ARG_IRQ))
		n.in_irq = o->in_irq;
	wq_op_canon(p, &n);
	return wq_edit_set_op(p, step, actor, &n);
}

bool wq_work_simpler(const struct wq_prog *p, int a, int b)
{
	bool ca = p->work[a].beh != WQ_BEH_NOP, cb = p->work[b].beh != WQ_BEH_NOP;

	return ca != cb ? !ca : a < b;
}

int wq_edit_insert_step(struct wq_prog *p, int at,
			const struct wq_op ops[WQ_MAX_ACTORS],
			const struct wq_sched_step *plan)
{
	struct wq_prog t = *p;
	int a;

	if (at < 0 || at > p->nsteps || p->nsteps >= WQ_MAX_STEPS)
		return -1;
	memmove(t.step[at + 1], t.step[at],
		(t.nsteps - at) * sizeof(t.step[0]));
	memmove(&t.plan[at + 1], &t.plan[at],
		(t.nsteps - at) * sizeof(t.plan[0]));
	for (a = 0; a < WQ_MAX_ACTORS; a++)
		t.step[at][a] = ops[a];
	memset(&t.plan[at], 0, sizeof(t.plan[at]));
	if (plan)
		t.plan[at] = *plan;
	t.nsteps++;
	return commit(p, &t);
}

int wq_edit_splice(struct wq_prog *p, int at, const struct wq_prog *q,
		   int from)
{
	uint8_t qb[WQ_PROG_MAX_BYTES];
	struct wq_prog t = *p;
	const uint8_t *b;
	int s, a;

	if (at < 0 || at > p->nsteps || from < 0 || from >= q->nsteps)
		return -1;
	wq_prog_encode(q, qb, sizeof(qb));
	t.nsteps = (uint8_t)at;
	for (s = from; s < q->nsteps && t.nsteps < WQ_MAX_STEPS; s++) {
		b = qb + WQ_PROG_HDR_BYTES + s * WQ_PROG_STEP_BYTES;
		for (a = 0; a < t.nactors; a++)
			wq_op_decode(&t, b + a * WQ_PROG_SLOT_BYTES,
				     &t.step[t.nsteps][a]);
		t.plan[t.nsteps] = q->plan[s];	/* dropped unless mode steps */
		t.nsteps++;
	}
	return commit(p, &t);
}

int wq_edit_set_operand(struct wq_prog *p, int step, int actor, char kind,
			int val)
{
	struct wq_prog t = *p;
	struct wq_op *o;

	if (bad_step(p, step) || bad_actor(p, actor) || val < 0 || val > 255)
		return -1;
	o = &t.step[step][actor];
	if (!wq_op_has(o->op, kind))
		return -1;
	switch (kind) {
	case WQ_ARG_WORK:
		if (val >= t.nworks)
			return -1;
		o->work = (uint8_t)val;
		wq_op_canon(&t, o);	/* its wq: the new work's home */
		break;
	case WQ_ARG_WQ:	/* work ops: only a queue_* op's destination */
		if (val >= t.nwqs || (wq_op_has(o->op, WQ_ARG_WORK) &&
				      !(wq_ops[o->op].flags & WQ_OPF_QUEUE)))
			return -1;
		o->wq = (uint8_t)val;
		break;
	case WQ_ARG_CPU:
		o->cpu = (uint8_t)val;
		break;
	case WQ_ARG_DELAY:
		o->delay = (uint8_t)val;
		break;
	case WQ_ARG_TICKS:
		o->ticks = (uint8_t)val;
		break;
	case WQ_ARG_IRQ:
		o->in_irq = (uint8_t)val;
		break;
	default:
		return -1;
	}
	return commit_op(p, &t, step, actor);
}

int wq_edit_drop_actor(struct wq_prog *p, int actor)
{
	struct wq_prog t = *p;
	int s;

	if (bad_actor(p, actor) || p->nactors == 1)
		return -1;
	for (s = 0; s < t.nsteps; s++) {
		memmove(&t.step[s][actor], &t.step[s][actor + 1],
			(t.nactors - actor - 1) * sizeof(struct wq_op));
		memset(&t.step[s][t.nactors - 1], 0, sizeof(struct wq_op));
	}
	t.nactors--;
	return commit(p, &t);
}

int wq_edit_permute_actors(struct wq_prog *p, const int *perm)
{
	struct wq_prog t = *p;
	bool seen[WQ_MAX_ACTORS] = { false };
	int s, a;

	for (a = 0; a < p->nactors; a++) {
		if (perm[a] < 0 || perm[a] >= p->nactors || seen[perm[a]])
			return -1;
		seen[perm[a]] = true;
	}
	for (s = 0; s < t.nsteps; s++)
		for (a = 0; a < t.nactors; a++)
			t.step[s][a] = p->step[s][perm[a]];
	return commit(p, &t);
}

int wq_edit_add_actor(struct wq_prog *p)
{
	struct wq_prog t = *p;

	if (p->nactors >= WQ_MAX_ACTORS)
		return -1;
	t.nactors++;
	return commit(p, &t);
}

int wq_edit_add_wq(struct wq_prog *p, int kind)
{
	struct wq_prog t = *p;

	if (p->nwqs >= WQ_MAX_WQS || kind < 0 || kind >= WQ_NR_KINDS)
		return -1;
	t.wq_kind[t.nwqs++] = (uint8_t)kind;
	return commit(p, &t);
}

int wq_edit_add_work(struct wq_prog *p, bool delayed, int home)
{
	struct wq_prog t = *p;

	if (p->nworks >= WQ_MAX_WORKS || home < WQ_KEVENTD || home >= p->nwqs)
		return -1;
	memset(&t.work[t.nworks], 0, sizeof(t.work[0]));
	t.work[t.nworks].delayed = delayed;
	t.work[t.nworks].home = (int8_t)home;
	t.nworks++;
	return commit(p, &t);
}

/* Renumber work indexes above @w down by one; ops and targets of @w go. */
static void renumber_works(struct wq_prog *t, int w)
{
	int i, s, a;

	for (i = 0; i < t->nworks; i++) {
		struct wq_work *wk = &t->work[i];

		if (wq_behs[wk->beh].arg != WQ_ARG_WORK)
			continue;
		if (wk->arg == w) {
			wk->beh = WQ_BEH_NOP;
			wk->arg = 0;
		} else if (wk->arg > w) {
			wk->arg--;
		}
	}
	for (s = 0; s < t->nsteps; s++)
		for (a = 0; a < t->nactors; a++) {
			struct wq_op *o = &t->step[s][a];

			if (!wq_op_has(o->op, WQ_ARG_WORK))
				continue;
			if (o->work == w)
				memset(o, 0, sizeof(*o));
			else if (o->work > w)
				o->work--;
		}
}

int wq_edit_drop_work(struct wq_prog *p, int w)
{
	struct wq_prog t = *p;

	if (w < 0 || w >= p->nworks)
		return -1;
	renumber_works(&t, w);
	memmove(&t.work[w], &t.work[w + 1],
		(t.nworks - w - 1) * sizeof(t.work[0]));
	t.nworks--;
	return commit(p, &t);
}

/* An op that names workqueue slot @q without a work (flush, create...). */
static bool names_wq(const struct wq_op *o)
{
	return wq_op_has(o->op, WQ_ARG_WQ) && !wq_op_has(o->op, WQ_ARG_WORK);
}

/* A queue_* op queueing on dropped slot @q goes home; later slots move. */
static void drop_wq_dest(const struct wq_prog *t, struct wq_op *o, int q)
{
	uint8_t flags = wq_ops[o->op].flags;

	if (!(flags & WQ_OPF_QUEUE) || (flags & WQ_OPF_KEVENTD))
		return;
	if (o->wq == q)
		wq_op_set_dest(o, wq_rank(t->work[o->work].home));
	else if (o->wq > q)
		o->wq--;
}

int wq_edit_drop_wq(struct wq_prog *p, int q)
{
	struct wq_prog t = *p;
	int i, s, a;

	if (q < 0 || q >= p->nwqs)
		return -1;
	for (i = 0; i < t.nworks; i++)
		if (t.work[i].home == q)
			t.work[i].home = WQ_KEVENTD;
		else if (t.work[i].home > q)
			t.work[i].home--;
	for (s = 0; s < t.nsteps; s++)
		for (a = 0; a < t.nactors; a++) {
			struct wq_op *o = &t.step[s][a];

			if (names_wq(o) && o->wq == q)
				memset(o, 0, sizeof(*o));
			else if (names_wq(o) && o->wq > q)
				o->wq--;
			else
				drop_wq_dest(&t, o, q);
		}
	memmove(&t.wq_kind[q], &t.wq_kind[q + 1], t.nwqs - q - 1);
	t.nwqs--;
	return commit(p, &t);
}

int wq_edit_set_cpus(struct wq_prog *p, int ncpus)
{
	struct wq_prog t = *p;
	int s, a;

	if (ncpus < 1 || ncpus > WQ_MAX_CPUS)
		return -1;
	for (s = 0; s < t.nsteps; s++)
		for (a = 0; a < t.nactors; a++)
			if (wq_op_has(t.step[s][a].op, WQ_ARG_CPU))
				t.step[s][a].cpu %= ncpus;
	t.ncpus = (uint8_t)ncpus;
	return commit(p, &t);
}

int wq_edit_set_beh(struct wq_prog *p, int w, int beh, int arg)
{
	struct wq_prog t = *p;

	if (w < 0 || w >= p->nworks || beh < 0 || beh >= WQ_NR_BEHS ||
	    arg < 0 || arg > 255)
		return -1;
	t.work[w].beh = (uint8_t)beh;
	t.work[w].arg = (uint8_t)arg;
	if (!wq_beh_check(&t, w, NULL, 0))
		return -1;	/* not the nop that repair() would make of it */
	return commit(p, &t);
}

int wq_edit_set_delayed(struct wq_prog *p, int w, bool delayed)
{
	struct wq_prog t = *p;

	if (w < 0 || w >= p->nworks)
		return -1;
	t.work[w].delayed = delayed;
	return commit(p, &t);
}

int wq_edit_set_home(struct wq_prog *p, int w, int home)
{
	struct wq_prog t = *p;

	if (w < 0 || w >= p->nworks || home < WQ_KEVENTD || home >= p->nwqs)
		return -1;
	t.work[w].home = (int8_t)home;
	return commit(p, &t);
}

int wq_edit_set_wq_kind(struct wq_prog *p, int q, int kind)
{
	struct wq_prog t = *p;

	if (q < 0 || q >= p->nwqs || kind < 0 || kind >= WQ_NR_KINDS)
		return -1;
	t.wq_kind[q] = (uint8_t)kind;
	return commit(p, &t);
}

int wq_edit_set_fault(struct wq_prog *p, int kind, int nth)
{
	struct wq_prog t = *p;

	if (kind < 0 || kind >= WQ_NR_FAULTS)
		return -1;
	t.fault = (uint8_t)kind;
	t.fault_nth = kind == WQ_FAULT_NONE ? 0 : (uint8_t)nth;
	return commit(p, &t);
}

int wq_edit_set_step_sched(struct wq_prog *p, int step,
			   const struct wq_sched_step *sp)
{
	struct wq_prog t = *p;

	if (bad_step(p, step) || p->sched_mode != WQ_SCHED_STEPS)
		return -1;
	t.plan[step] = *sp;
	return commit(p, &t);
}

int wq_edit_set_sched(struct wq_prog *p, int mode, uint32_t seed, int depth)
{
	struct wq_prog t = *p;

	if (mode < 0 || mode >= WQ_NR_SCHED_MODES)
		return -1;
	t.sched_mode = (uint8_t)mode;
	t.sched_seed = seed;
	t.sched_depth = (uint8_t)depth;
	return commit(p, &t);
}
