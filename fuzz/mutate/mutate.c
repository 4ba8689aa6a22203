// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator (see mutate.h): decode, edit, encode.
 * Every change goes through the program-edit API (fuzz/prog/edit.h),
 * which repairs and checks the result, so outputs are legal programs.
 */
#include <string.h>

#include "fuzz/mutate/mutate.h"
#include "fuzz/prog/edit.h"
#include "fuzz/prog/ops.h"

const char *const wq_mut_names[WQ_NR_MUTS] = {
	[WQ_MUT_OPERAND] = "operand",
	[WQ_MUT_OP] = "op",
	[WQ_MUT_INSERT_STEP] = "insert_step",
	[WQ_MUT_DROP_STEP] = "drop_step",
	[WQ_MUT_DUP_STEP] = "dup_step",
	[WQ_MUT_COLLIDE] = "collide",
	[WQ_MUT_HEADER] = "header",
	[WQ_MUT_FAULT] = "fault",
	[WQ_MUT_SCHED] = "sched",
	[WQ_MUT_RESCHED] = "resched",
	[WQ_MUT_SPLICE] = "splice",
	[WQ_MUT_FRESH] = "fresh",
	[WQ_MUT_BYTES] = "bytes",
};

/*
 * The mix of wq_mutate(), in percent. Fresh programs keep a share so the
 * mutator never loses the naive engine's reach; the engine's own byte
 * mutations (dictionary, CMP hints) keep a small one. Splice is
 * crossover's (it needs a second input).
 *
 * Resched (a whole fresh schedule for the parent's program) has its own
 * share beside the one-step schedule edits (sched), so schedule-only
 * edits are 22% of the mix: a deep race needs the right program *and*
 * the right preemptions. Measured (bench/results/2026-12-01-deep-s11):
 * programs failing on the deep zoo builds fail under 4.7-16% of random
 * schedules (create_fail_unlisted, destroy_early_unlock), 0.1%
 * (post_dead_no_flush), 0-100% (wait_on_work_online_only); in corpora
 * of libFuzzer trials that found a deep bug early, schedule-only edits
 * of the parents failed 10 in 16,384 (resched 6, sched 4), one
 * wq_mutate() 0 in 8,192.
 */
static const uint8_t weight[WQ_NR_MUTS] = {
	[WQ_MUT_OPERAND] = 12,
	[WQ_MUT_OP] = 11,
	[WQ_MUT_INSERT_STEP] = 7,
	[WQ_MUT_DROP_STEP] = 6,
	[WQ_MUT_DUP_STEP] = 5,
	[WQ_MUT_COLLIDE] = 9,
	[WQ_MUT_HEADER] = 9,
	[WQ_MUT_FAULT] = 4,
	[WQ_MUT_SCHED] = 7,
	[WQ_MUT_RESCHED] = 15,
	[WQ_MUT_FRESH] = 10,
	[WQ_MUT_BYTES] = 5,
};

#define MAX_ATTEMPTS	16	/* kinds tried before giving up on an input */
#define MAX_STACK	4	/* mutations stacked on one output */

static unsigned int rnd(uint64_t *rng, unsigned int n)
{
	return wq_prog_rand_below(rng, n);
}

static void decode(struct wq_mutator *m, const uint8_t *data, size_t size,
		   struct wq_prog *p)
{
	if (m->decode)
		m->decode(data, size, p);
	else
		wq_prog_decode(data, size, p);
}

void wq_mutate_decode_legal(const uint8_t *data, size_t size,
			    struct wq_prog *p)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t n = size < sizeof(buf) ? size : sizeof(buf);

	if (n)
		memcpy(buf, data, n);
	if (n > WQ_PROG_FLAGS_OFFSET)
		buf[WQ_PROG_FLAGS_OFFSET] &= (uint8_t)~WQ_PROG_FLAG_MISUSE;
	wq_prog_decode(buf, n, p);
}

/* A random op slot that holds an op; false if the program has none. */
static bool pick_op(const struct wq_prog *p, uint64_t *rng, int *s, int *a)
{
	int n = 0, i, k;

	for (i = 0; i < p->nsteps; i++)
		for (k = 0; k < p->nactors; k++)
			n += p->step[i][k].op != WQ_OP_NONE;
	if (!n)
		return false;
	n = (int)rnd(rng, (unsigned int)n);
	for (i = 0; i < p->nsteps; i++)
		for (k = 0; k < p->nactors; k++)
			if (p->step[i][k].op != WQ_OP_NONE && !n--) {
				*s = i;
				*a = k;
				return true;
			}
	return false;
}

/* A random op, as the decoder makes one of 4 random bytes. */
static void random_op(const struct wq_prog *p, uint64_t *rng, struct wq_op *o)
{
	uint64_t r = wq_prog_rand(rng);
	uint8_t b[WQ_PROG_SLOT_BYTES];
	int i;

	for (i = 0; i < WQ_PROG_SLOT_BYTES; i++)
		b[i] = (uint8_t)(r >> (8 * i));
	wq_op_decode(p, b, o);
}

static int mut_operand(struct wq_prog *p, uint64_t *rng)
{
	const char *args;
	int s, a, val;
	char kind;

	if (!pick_op(p, rng, &s, &a))
		return -1;
	args = wq_ops[p->step[s][a].op].args;
	if (!*args)
		return -1;
	kind = args[rnd(rng, (unsigned int)strlen(args))];
	switch (kind) {
	case WQ_ARG_WORK:
		val = (int)rnd(rng, p->nworks);
		break;
	case WQ_ARG_WQ:
		val = (int)rnd(rng, p->nwqs);
		break;
	case WQ_ARG_CPU:
		val = (int)rnd(rng, p->ncpus);
		break;
	case WQ_ARG_DELAY:
		val = (int)rnd(rng, WQ_NR_DELAYS);
		break;
	case WQ_ARG_TICKS:
		val = 1 + (int)rnd(rng, WQ_MAX_TICKS);
		break;
	default:
		val = !p->step[s][a].in_irq;
		break;
	}
	return wq_edit_set_operand(p, s, a, kind, val);
}

/* Another op in a slot; the operands keep their byte positions. */
static int mut_op(struct wq_prog *p, uint64_t *rng)
{
	const struct wq_op *o;
	uint8_t b[WQ_PROG_SLOT_BYTES];
	struct wq_op n;
	int s, a;

	if (!p->nsteps)
		return -1;
	s = (int)rnd(rng, p->nsteps);
	a = (int)rnd(rng, p->nactors);
	o = &p->step[s][a];
	if (o->op == WQ_OP_NONE) {
		random_op(p, rng, &n);
	} else {
		b[0] = (uint8_t)rnd(rng, WQ_NR_OPS);
		b[1] = wq_op_has(o->op, WQ_ARG_WORK) ? o->work : o->wq;
		b[2] = o->cpu;
		b[3] = wq_op_has(o->op, WQ_ARG_TICKS) ? o->ticks - 1 :
		       wq_op_has(o->op, WQ_ARG_DELAY) ? o->delay : o->in_irq;
		wq_op_decode(p, b, &n);
	}
	return wq_edit_set_op(p, s, a, &n);
}

static int mut_insert_step(struct wq_prog *p, uint64_t *rng, int max_steps)
{
	struct wq_op ops[WQ_MAX_ACTORS];

	if (p->nsteps >= max_steps)
		return -1;
	memset(ops, 0, sizeof(ops));
	random_op(p, rng, &ops[rnd(rng, p->nactors)]);
	return wq_edit_insert_step(p, (int)rnd(rng, p->nsteps + 1u), ops, NULL);
}

static int mut_dup_step(struct wq_prog *p, uint64_t *rng, int max_steps)
{
	int s;

	if (!p->nsteps || p->nsteps >= max_steps)
		return -1;
	s = (int)rnd(rng, p->nsteps);
	return wq_edit_insert_step(p, s + 1, p->step[s], &p->plan[s]);
}

/*
 * syzkaller's collide: an op moves to another actor, in its own step
 * (now concurrent with the ops there) or the next one. With no free
 * slot in the step a new actor takes it.
 */
static int mut_collide(struct wq_prog *p, uint64_t *rng)
{
	int s, a, t, n = 0, pick;
	int to_step[2 * WQ_MAX_ACTORS], to[2 * WQ_MAX_ACTORS];
	struct wq_prog c;

	if (!pick_op(p, rng, &s, &a))
		return -1;
	for (t = 0; t < p->nactors; t++) {
		if (t != a && p->step[s][t].op == WQ_OP_NONE) {
			to_step[n] = s;
			to[n++] = t;
		}
		if (s + 1 < p->nsteps && p->step[s + 1][t].op == WQ_OP_NONE) {
			to_step[n] = s + 1;
			to[n++] = t;
		}
	}
	if (n) {
		pick = (int)rnd(rng, (unsigned int)n);
		return wq_edit_move_op_to(p, s, a, to_step[pick], to[pick]);
	}
	c = *p;
	if (wq_edit_add_actor(&c) || wq_edit_move_op(&c, s, a, c.nactors - 1))
		return -1;
	*p = c;
	return 0;
}

/* A behaviour with an argument of the right kind (maybe an illegal one). */
static int mut_beh(struct wq_prog *p, uint64_t *rng)
{
	int w, beh, arg;

	if (!p->nworks)
		return -1;
	w = (int)rnd(rng, p->nworks);
	beh = (int)rnd(rng, WQ_NR_BEHS);
	switch (wq_behs[beh].arg) {
	case 'k':
		arg = 1 + (int)rnd(rng, WQ_MAX_REQUEUE);
		break;
	case 'n':
		arg = 1 + (int)rnd(rng, WQ_MAX_TICKS);
		break;
	case WQ_ARG_WORK:
		arg = (int)rnd(rng, p->nworks);
		break;
	default:
		arg = 0;
		break;
	}
	return wq_edit_set_beh(p, w, beh, arg);
}

static int mut_header(struct wq_prog *p, uint64_t *rng)
{
	switch (rnd(rng, 11)) {
	case 0:
		return wq_edit_set_cpus(p, 1 + (int)rnd(rng, WQ_MAX_CPUS));
	case 1:
		return wq_edit_add_actor(p);
	case 2:
		return wq_edit_drop_actor(p, (int)rnd(rng, p->nactors));
	case 3:
		return wq_edit_add_wq(p, (int)rnd(rng, WQ_NR_KINDS));
	case 4:
		return wq_edit_drop_wq(p, (int)rnd(rng, p->nwqs));
	case 5:
		return wq_edit_add_work(p, rnd(rng, 2),
					(int)rnd(rng, p->nwqs + 1u) - 1);
	case 6:
		return wq_edit_drop_work(p, (int)rnd(rng, p->nworks));
	case 7:
		return wq_edit_set_home(p, (int)rnd(rng, p->nworks),
					(int)rnd(rng, p->nwqs + 1u) - 1);
	case 8:
		return wq_edit_set_delayed(p, (int)rnd(rng, p->nworks),
					   rnd(rng, 2));
	case 9:
		return wq_edit_set_wq_kind(p, (int)rnd(rng, p->nwqs),
					   (int)rnd(rng, WQ_NR_KINDS));
	default:
		return mut_beh(p, rng);
	}
}

/* The blind drawing: small n-ths (the first allocations) more often. */
static int fault_blind(struct wq_prog *p, uint64_t *rng)
{
	int kind = (int)rnd(rng, WQ_NR_FAULTS);
	int nth = 1 + (int)rnd(rng, rnd(rng, 2) ? 8 : WQ_MAX_FAULT_NTH);

	if (kind == p->fault && kind != WQ_FAULT_NONE && rnd(rng, 2))
		nth = p->fault_nth + (rnd(rng, 2) ? 1 : -1);
	if (nth < 1 || nth > WQ_MAX_FAULT_NTH)
		return -1;
	return wq_edit_set_fault(p, kind, nth);
}

/*
 * Drawn from what the parent's run reached: a kind it made calls of
 * (or none), an n-th from 1 to its count of them, so the fault hits a
 * call the program makes; the same kind moves its n-th by one as often.
 */
static int fault_counted(struct wq_prog *p, uint64_t *rng,
			 const struct wq_mut_counts *c)
{
	int kinds[WQ_NR_FAULTS], nkinds = 0, kind, nth;
	unsigned long n;

	kinds[nkinds++] = WQ_FAULT_NONE;
	if (c->allocs)
		kinds[nkinds++] = WQ_FAULT_ALLOC;
	if (c->kthreads)
		kinds[nkinds++] = WQ_FAULT_KTHREAD;
	kind = kinds[rnd(rng, (unsigned int)nkinds)];
	if (kind == WQ_FAULT_NONE)
		return wq_edit_set_fault(p, kind, 0);
	n = kind == WQ_FAULT_ALLOC ? c->allocs : c->kthreads;
	if (n > WQ_MAX_FAULT_NTH)
		n = WQ_MAX_FAULT_NTH;
	nth = 1 + (int)rnd(rng, (unsigned int)n);
	if (kind == p->fault && rnd(rng, 2))
		nth = p->fault_nth + (rnd(rng, 2) ? 1 : -1);
	if (nth < 1 || (unsigned long)nth > n)
		return -1;
	return wq_edit_set_fault(p, kind, nth);
}

/* The parent's counts: wq_mutate()'s look-up, else m->counts(@p). */
static bool parent_counts(struct wq_mutator *m, const struct wq_prog *p,
			  struct wq_mut_counts *c)
{
	if (m->parent_known) {
		*c = m->parent;
		return true;
	}
	return m->counts && !m->parent_looked && m->counts(p, c);
}

/* Fault kind and n-th. */
static int mut_fault(struct wq_mutator *m, struct wq_prog *p, uint64_t *rng)
{
	struct wq_mut_counts c;

	if (parent_counts(m, p, &c)) {
		m->fault_known++;
		return fault_counted(p, rng, &c);
	}
	m->fault_blind++;
	return fault_blind(p, rng);
}

/* A change point: early in the step more often (most steps are short). */
static uint8_t change_point(uint64_t *rng)
{
	return (uint8_t)(1 + rnd(rng, rnd(rng, 2) ? 48 : 255));
}

/* One thing of one step's schedule: its order, or one change point. */
static int mut_step_sched(struct wq_prog *p, uint64_t *rng)
{
	int s = (int)rnd(rng, p->nsteps), i = (int)rnd(rng, WQ_MAX_CHANGES);
	struct wq_sched_step sp = p->plan[s];
	int d;

	switch (rnd(rng, 4)) {
	case 0:
		sp.order = (uint8_t)wq_prog_rand(rng);
		break;
	case 1:		/* add, or replace, one change point */
		sp.at[i] = change_point(rng);
		break;
	case 2:		/* drop one */
		sp.at[i] = 0;
		break;
	default:	/* move one a little */
		d = 1 + (int)rnd(rng, 8);
		d = sp.at[i] + (rnd(rng, 2) ? d : -d);
		if (!sp.at[i] || d < 1 || d > 255)
			return -1;
		sp.at[i] = (uint8_t)d;
		break;
	}
	return wq_edit_set_step_sched(p, s, &sp);
}

/*
 * The whole schedule drawn afresh, the program kept: mode steps, every
 * step's order and change points random bytes, as the naive engine's
 * decoder reads them.
 */
static int mut_resched(struct wq_prog *p, uint64_t *rng)
{
	struct wq_sched_step sp;
	struct wq_prog c = *p;
	uint64_t r;
	int s, i;

	if (!p->nsteps || (c.sched_mode != WQ_SCHED_STEPS &&
			   wq_edit_set_sched(&c, WQ_SCHED_STEPS, 0, 1)))
		return -1;
	for (s = 0; s < c.nsteps; s++) {
		r = wq_prog_rand(rng);	/* 4 bytes, as the decoder reads them */
		sp.order = (uint8_t)r;
		for (i = 0; i < WQ_MAX_CHANGES; i++)
			sp.at[i] = (uint8_t)(r >> (8 * (i + 1)));
		wq_sched_step_canon(&sp);
		wq_edit_set_step_sched(&c, s, &sp);	/* -1: drawn as it was */
	}
	if (wq_prog_equal(p, &c))
		return -1;
	*p = c;
	return 0;
}

static int mut_sched(struct wq_prog *p, uint64_t *rng)
{
	int mode = p->sched_mode, depth = p->sched_depth;
	uint32_t seed = p->sched_seed;

	if (p->sched_mode == WQ_SCHED_STEPS && p->nsteps && rnd(rng, 8))
		return mut_step_sched(p, rng);
	switch (rnd(rng, 5)) {
	case 0:
		mode = (int)rnd(rng, WQ_NR_SCHED_MODES);
		break;
	case 1:
		depth = 1 + (int)rnd(rng, WQ_MAX_DEPTH);
		break;
	case 2:
		seed ^= 1u << rnd(rng, 32);
		break;
	case 3:
		seed = (uint32_t)wq_prog_rand(rng);
		break;
	default:
		mode = WQ_SCHED_STEPS;
		break;
	}
	return wq_edit_set_sched(p, mode, seed, depth);
}

static int mut_splice(struct wq_prog *p, const struct wq_prog *q,
		      uint64_t *rng)
{
	if (!q || !q->nsteps)
		return -1;
	return wq_edit_splice(p, (int)rnd(rng, p->nsteps + 1u), q,
			      (int)rnd(rng, q->nsteps));
}

/*
 * A fresh program: random bytes decoded as the target decodes them, as
 * the naive engine's, but not its length. Naive draws 1..room bytes
 * uniformly, so one program in eight has at most one step and the mean
 * is half the room; a fresh program takes the longer of two such draws
 * (mean two thirds, about one in sixty that short): races need several
 * ops on one object at once, and a longer program holds more such pairs.
 * It costs more per run (exec/s) but hits the zoo's races more often per
 * run and per CPU second, measured on the naive builds:
 * bench/results/2026-12-01-shallow-s11/README.md.
 */
static int mut_fresh(struct wq_mutator *m, struct wq_prog *p, uint64_t *rng,
		     int max_steps)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t room = WQ_PROG_HDR_BYTES + (size_t)max_steps * WQ_PROG_STEP_BYTES;
	size_t n = 1 + wq_prog_rand(rng) % room;
	size_t other = 1 + wq_prog_rand(rng) % room, i;

	if (other > n)
		n = other;
	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)wq_prog_rand(rng);
	decode(m, buf, n, p);
	return 0;
}

/* The engine's byte mutation (or one random byte), read back canonical. */
static int mut_bytes(struct wq_mutator *m, struct wq_prog *p, uint64_t *rng,
		     int max_steps)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t cap = WQ_PROG_HDR_BYTES + (size_t)max_steps * WQ_PROG_STEP_BYTES;
	size_t n = wq_prog_encode(p, buf, sizeof(buf));
	struct wq_prog q;

	if (m->bytes) {
		n = m->bytes(buf, n, cap);
	} else if (n) {
		buf[rnd(rng, (unsigned int)n)] = (uint8_t)wq_prog_rand(rng);
	}
	decode(m, buf, n < cap ? n : cap, &q);
	if (wq_prog_equal(p, &q))
		return -1;
	*p = q;
	return 0;
}

int wq_mutate_prog(struct wq_mutator *m, struct wq_prog *p, enum wq_mut kind,
		   const struct wq_prog *other, uint64_t *rng, int max_steps)
{
	switch (kind) {
	case WQ_MUT_OPERAND:
		return mut_operand(p, rng);
	case WQ_MUT_OP:
		return mut_op(p, rng);
	case WQ_MUT_INSERT_STEP:
		return mut_insert_step(p, rng, max_steps);
	case WQ_MUT_DROP_STEP:
		return p->nsteps ?
			wq_edit_drop_step(p, (int)rnd(rng, p->nsteps)) : -1;
	case WQ_MUT_DUP_STEP:
		return mut_dup_step(p, rng, max_steps);
	case WQ_MUT_COLLIDE:
		return mut_collide(p, rng);
	case WQ_MUT_HEADER:
		return mut_header(p, rng);
	case WQ_MUT_FAULT:
		return mut_fault(m, p, rng);
	case WQ_MUT_SCHED:
		return mut_sched(p, rng);
	case WQ_MUT_RESCHED:
		return mut_resched(p, rng);
	case WQ_MUT_SPLICE:
		return mut_splice(p, other, rng);
	case WQ_MUT_FRESH:
		return mut_fresh(m, p, rng, max_steps);
	case WQ_MUT_BYTES:
		return mut_bytes(m, p, rng, max_steps);
	default:
		return -1;
	}
}

static enum wq_mut draw(uint64_t *rng)
{
	unsigned int r = rnd(rng, 100);
	int k;

	for (k = 0; k < WQ_NR_MUTS - 1; k++) {
		if (r < weight[k])
			return (enum wq_mut)k;
		r -= weight[k];
	}
	return (enum wq_mut)k;
}

/* Steps that fit in @max_size bytes; -1 if not even the header does. */
static int steps_fitting(size_t max_size)
{
	size_t n;

	if (max_size < WQ_PROG_HDR_BYTES)
		return -1;
	n = (max_size - WQ_PROG_HDR_BYTES) / WQ_PROG_STEP_BYTES;
	return n < WQ_MAX_STEPS ? (int)n : WQ_MAX_STEPS;
}

/* Encode @p into @out, dropping trailing steps past @max_steps. */
static size_t emit(struct wq_prog *p, int max_steps, uint8_t *out,
		   size_t max_size)
{
	if (p->nsteps > max_steps)
		wq_edit_truncate(p, max_steps);
	return wq_prog_encode(p, out, max_size);
}

uint64_t wq_mutate_stream(struct wq_mutator *m, unsigned int seed,
			  uint64_t salt)
{
	uint64_t n = m->streams++;

	return wq_prog_mix64(wq_prog_mix64((uint64_t)seed << 32 ^ salt) ^
			     wq_prog_mix64(n + 0x9e3779b97f4a7c15ULL));
}

size_t wq_mutate(struct wq_mutator *m, uint8_t *data, size_t size,
		 size_t max_size, unsigned int seed)
{
	int max_steps = steps_fitting(max_size), depth, i, tries;
	uint64_t rng = wq_mutate_stream(m, seed, size);
	struct wq_prog p;
	enum wq_mut k;

	if (max_steps < 0) {	/* too small for a program: bytes only */
		if (m->bytes)
			return m->bytes(data, size, max_size);
		if (size)
			data[rnd(&rng, (unsigned int)size)] ^=
				(uint8_t)(1u << rnd(&rng, 8));
		return size;
	}
	decode(m, data, size, &p);
	/* The parent's counts, looked up once: later stacked edits change p. */
	m->parent_known = m->counts && m->counts(&p, &m->parent);
	m->parent_looked = true;
	depth = rnd(&rng, 4) ? 1 : 2 + (int)rnd(&rng, MAX_STACK - 1);
	for (i = 0; i < depth; i++) {
		for (tries = 0; tries < MAX_ATTEMPTS; tries++) {
			k = draw(&rng);
			if (i && (k == WQ_MUT_FRESH || k == WQ_MUT_BYTES))
				continue;	/* would undo the stack */
			if (!wq_mutate_prog(m, &p, k, NULL, &rng, max_steps)) {
				m->applied[k]++;
				break;
			}
		}
		if (k == WQ_MUT_FRESH)
			break;
	}
	m->parent_known = m->parent_looked = false;
	return emit(&p, max_steps, data, max_size);
}

size_t wq_mutate_cross(struct wq_mutator *m, const uint8_t *a, size_t na,
		       const uint8_t *b, size_t nb, uint8_t *out,
		       size_t max_size, unsigned int seed)
{
	int max_steps = steps_fitting(max_size);
	uint64_t rng = wq_mutate_stream(m, seed, na ^ nb << 12);
	struct wq_prog p, q;

	if (max_steps < 0)
		return 0;
	decode(m, a, na, &p);
	decode(m, b, nb, &q);
	if (!mut_splice(&p, &q, &rng))
		m->applied[WQ_MUT_SPLICE]++;
	return emit(&p, max_steps, out, max_size);
}

unsigned int wq_mutate_young_permille(unsigned long calls)
{
	return (unsigned int)(WQ_MUT_YOUNG_PERMILLE * WQ_MUT_YOUNG_CALLS /
			      (WQ_MUT_YOUNG_CALLS + calls));
}

/*
 * One tick of the fresh schedule: true (and @out holds a fresh program of
 * at most @max_size bytes, its size in *@n) when this call is a young one.
 */
static bool young_fresh(struct wq_mutator *m, uint8_t *out, size_t max_size,
			unsigned int seed, size_t *n)
{
	/* A stream of its own: the counter tells it from wq_mutate()'s. */
	uint64_t rng = wq_mutate_stream(m, seed, max_size);
	unsigned int share = wq_mutate_young_permille(m->calls++);
	int max_steps = steps_fitting(max_size);
	struct wq_prog p;

	if (max_steps < 0 || rnd(&rng, 1000) >= share)
		return false;
	mut_fresh(m, &p, &rng, max_steps);
	m->young_fresh++;
	*n = emit(&p, max_steps, out, max_size);
	return true;
}

size_t wq_mutate_engine(struct wq_mutator *m, uint8_t *data, size_t size,
			size_t max_size, unsigned int seed)
{
	size_t n;

	if (young_fresh(m, data, max_size, seed, &n))
		return n;
	return wq_mutate(m, data, size, max_size, seed);
}

size_t wq_mutate_crossover(struct wq_mutator *m, const uint8_t *a, size_t na,
			   const uint8_t *b, size_t nb, uint8_t *out,
			   size_t max_size, unsigned int seed)
{
	size_t n = na < max_size ? na : max_size;

	if (young_fresh(m, out, max_size, seed, &n))
		return n;
	if (seed % 3 == 0)
		return wq_mutate_cross(m, a, na, b, nb, out, max_size, seed);
	memmove(out, a, n);
	return wq_mutate(m, out, n, max_size, seed);
}
