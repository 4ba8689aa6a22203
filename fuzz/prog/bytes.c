/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The byte form of programs: wq_prog_decode() and wq_prog_encode().
 *
 * Every field has a fixed width and position; values are taken modulo
 * their range, so every byte string is a program and a mutation of one
 * byte changes one thing. Missing header bytes read as 0; the input is
 * then a sequence of 16-byte step records, a trailing partial record and
 * records beyond WQ_MAX_STEPS are ignored. Illegal ops decode to the
 * fitting legal op or to none (legal.c). Layout (FORMAT.md has the prose):
 *
 *   off size field
 *    0  1   cpus      = 1 + b % 4
 *    1  1   actors    = 1 + b % 4
 *    2  1   wqs       = b % 5
 *    3  1   works     = b % 9
 *    4  1   flags     bit 0: misuse (what it allows: enum wq_misuse of
 *                     the format version); other bits ignored
 *    5  1   fault     = b % 3 (none, alloc, kthread)
 *    6  1   fault nth = 1 + b % 64 (0 when fault is none)
 *    7  1   schedule mode = b % 4 (free, pct, random, steps; v1, v2: b % 3)
 *    8  1   schedule depth = 1 + b % 4 (ignored in mode steps)
 *    9  4   schedule seed, little endian (ignored in mode steps)
 *   13  4   kind of q0..q3 = b % 3 (multi, singlethread, freezeable)
 *   17 24   w0..w7, 3 bytes each:
 *             [0] bit 0: delayed; home = (b >> 1) % (wqs + 1),
 *                 0 = keventd, k = q(k-1)
 *             [1] behaviour = b % 16 (enum wq_beh; v2, v3: b % 14;
 *                 v1: b % 9)
 *             [2] argument: requeue/rearm 1 + b % 8, sleep 1 + b % 16,
 *                 target = b-th (mod count) legal target, ascending
 *   41 20*  steps (v1, v2: 16 bytes, no schedule); 4 actor slots of 4 bytes:
 *             [0] op = b % 26 (enum wq_opcode, 0 = none; v1: b % 24)
 *             [1] work = b % works, or wq = b % wqs for ops without work
 *             [2] cpu = b % cpus
 *             [3] delay = b % 16 | ticks = 1 + b % 16 | in_irq = b & 1;
 *                 queue ops (v4): destination = (b >> 4) % (wqs + 1):
 *                 0 = the work's home, k = the k-th other of keventd,
 *                 q0, q1, ... (the home skipped)
 *           then (v3) the step's schedule, read in mode steps only:
 *            16 1   order
 *            17 3   change points: the non-zero bytes, ascending, once
 */
#include <string.h>

#include "fuzz/prog/legal.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"

#define OFF_CPUS	0
#define OFF_ACTORS	1
#define OFF_WQS		2
#define OFF_WORKS	3
#define OFF_FLAGS	WQ_PROG_FLAGS_OFFSET
#define OFF_FAULT	5
#define OFF_FAULT_NTH	6
#define OFF_SCHED_MODE	7
#define OFF_SCHED_DEPTH	8
#define OFF_SEED	9
#define OFF_WQ_KIND	13
#define OFF_WORK	17
#define WORK_BYTES	3
#define SLOT_BYTES	WQ_PROG_SLOT_BYTES

#define FLAG_MISUSE	WQ_PROG_FLAG_MISUSE

_Static_assert(OFF_WORK + WQ_MAX_WORKS * WORK_BYTES == WQ_PROG_HDR_BYTES,
	       "header layout");
_Static_assert(WQ_MAX_WQS < 16 && WQ_NR_DELAYS == 16,
	       "a queue op's destination is the high nibble of the delay byte");
_Static_assert(WQ_NR_BEHS == 16 && WQ_NR_OPS == 26 &&
	       WQ_NR_SCHED_MODES == 4 && WQ_MAX_CHANGES == 3,
	       "a new behaviour or op changes what bytes mean: add a format version (prog.h, formats[] below)");
_Static_assert(WQ_PROG_OPS_BYTES + 1 + WQ_MAX_CHANGES == WQ_PROG_STEP_BYTES,
	       "step layout");
#define OFF_ORDER	WQ_PROG_OPS_BYTES	/* in a step record */
#define OFF_AT		(OFF_ORDER + 1)

/*
 * What a byte format version means: how many behaviours, ops, modes,
 * the size of a step record, and what the misuse flag allows.
 */
struct format {
	int nbehs, nops, nmodes;
	size_t step_bytes;
	uint8_t misuse;		/* enum wq_misuse */
	bool away;		/* queue ops read a destination (v4) */
};

static const struct format formats[WQ_PROG_FORMAT + 1] = {
	[1] = { WQ_NR_BEHS_V1, WQ_NR_OPS_V1, WQ_NR_SCHED_MODES_V2,
		WQ_PROG_STEP_BYTES_V2, WQ_MISUSE_V2 },
	[2] = { WQ_NR_BEHS_V3, WQ_NR_OPS, WQ_NR_SCHED_MODES_V2,
		WQ_PROG_STEP_BYTES_V2, WQ_MISUSE_V2 },
	[3] = { WQ_NR_BEHS_V3, WQ_NR_OPS, WQ_NR_SCHED_MODES, WQ_PROG_STEP_BYTES,
		WQ_MISUSE_ON },
	[4] = { WQ_NR_BEHS, WQ_NR_OPS, WQ_NR_SCHED_MODES, WQ_PROG_STEP_BYTES,
		WQ_MISUSE_ON, true },
};

/*
 * The destination of a queue op (v4): selector 0 is the home of work
 * @n, k > 0 the k-th of the other ranks (keventd, q0, ...), ascending.
 */
static int dest_rank(const struct wq_prog *p, int n, int sel)
{
	int home = wq_rank(p->work[n].home);

	sel %= p->nwqs + 1;
	if (!sel)
		return home;
	return sel - 1 < home ? sel - 1 : sel;
}

static uint8_t dest_sel(const struct wq_prog *p, const struct wq_op *o)
{
	int home = wq_rank(p->work[o->work].home), r = wq_op_dest_rank(o);

	if (r == home)
		return 0;
	return (uint8_t)(r < home ? r + 1 : r);
}

/* ---- decoding ---------------------------------------------------- */

static void decode_header(const uint8_t *h, const struct format *f,
			  struct wq_prog *p)
{
	int i;

	p->ncpus = 1 + h[OFF_CPUS] % WQ_MAX_CPUS;
	p->nactors = 1 + h[OFF_ACTORS] % WQ_MAX_ACTORS;
	p->nwqs = h[OFF_WQS] % (WQ_MAX_WQS + 1);
	p->nworks = h[OFF_WORKS] % (WQ_MAX_WORKS + 1);
	p->misuse = (h[OFF_FLAGS] & FLAG_MISUSE) ? f->misuse : WQ_MISUSE_OFF;
	p->fault = h[OFF_FAULT] % WQ_NR_FAULTS;
	if (p->fault != WQ_FAULT_NONE)
		p->fault_nth = 1 + h[OFF_FAULT_NTH] % WQ_MAX_FAULT_NTH;
	p->sched_mode = h[OFF_SCHED_MODE] % f->nmodes;
	if (p->sched_mode != WQ_SCHED_STEPS) {
		p->sched_depth = 1 + h[OFF_SCHED_DEPTH] % WQ_MAX_DEPTH;
		p->sched_seed = (uint32_t)h[OFF_SEED] |
				(uint32_t)h[OFF_SEED + 1] << 8 |
				(uint32_t)h[OFF_SEED + 2] << 16 |
				(uint32_t)h[OFF_SEED + 3] << 24;
	}
	for (i = 0; i < p->nwqs; i++)
		p->wq_kind[i] = h[OFF_WQ_KIND + i] % WQ_NR_KINDS;
}

static void decode_beh(struct wq_prog *p, const struct format *f, int i,
		       uint8_t b, uint8_t a)
{
	struct wq_work *w = &p->work[i];
	uint8_t cand[WQ_MAX_WORKS];
	int cnt;

	w->beh = b % f->nbehs;
	if (wq_behs[w->beh].misuse && !p->misuse)
		w->beh = WQ_BEH_NOP;
	if (w->beh == WQ_BEH_REARM && !w->delayed)
		w->beh = WQ_BEH_REQUEUE;	/* same count, plain work */
	if (w->beh == WQ_BEH_FREE_SELF && w->delayed)
		w->beh = WQ_BEH_NOP;		/* plain works only (v4) */
	switch (wq_behs[w->beh].arg) {
	case 'k':
		w->arg = 1 + a % WQ_MAX_REQUEUE;
		break;
	case 'n':
		w->arg = 1 + a % WQ_MAX_TICKS;
		break;
	case WQ_ARG_WORK:
		cnt = wq_beh_targets(p, i, w->beh, cand);
		if (cnt)
			w->arg = cand[a % cnt];
		else
			w->beh = WQ_BEH_NOP;	/* nothing legal to target */
		break;
	}
}

static void decode_works(const uint8_t *h, const struct format *f,
			 struct wq_prog *p)
{
	const uint8_t *b;
	int i, home;

	for (i = 0; i < p->nworks; i++) {
		b = h + OFF_WORK + i * WORK_BYTES;
		p->work[i].delayed = b[0] & 1;
		home = (b[0] >> 1) % (p->nwqs + 1);
		p->work[i].home = (int8_t)(home - 1);
		/* Which works free themselves decides the targets of the
		 * others (legal.h): known before the second pass. */
		if (!p->work[i].delayed && b[1] % f->nbehs == WQ_BEH_FREE_SELF)
			p->work[i].beh = WQ_BEH_FREE_SELF;
	}
	/* Targets depend on every work's home: a second pass. */
	for (i = 0; i < p->nworks; i++) {
		b = h + OFF_WORK + i * WORK_BYTES;
		decode_beh(p, f, i, b[1], b[2]);
	}
	wq_beh_decode_finish(p);
}

void wq_beh_decode_finish(struct wq_prog *p)
{
	int i;

	wq_beh_drop_freed_targets(p);
	/* Waiting for keventd depends on every work's flushes. */
	for (i = 0; i < p->nworks; i++)
		if (wq_beh_waits_keventd(p->work[i].beh) &&
		    !wq_beh_check(p, i, NULL, 0))
			p->work[i].beh = WQ_BEH_NOP;
}

void wq_beh_decode(struct wq_prog *p, int i, uint8_t b, uint8_t a)
{
	decode_beh(p, &formats[WQ_PROG_FORMAT], i, b, a);
}

static void decode_op(const struct wq_prog *p, const struct format *f,
		      const uint8_t *b, struct wq_op *o)
{
	memset(o, 0, sizeof(*o));
	o->op = b[0] % f->nops;
	if (wq_op_has(o->op, WQ_ARG_WORK)) {
		if (!p->nworks)
			goto none;
		o->work = b[1] % p->nworks;
	} else if (wq_op_has(o->op, WQ_ARG_WQ)) {
		if (!p->nwqs)
			goto none;
		o->wq = b[1] % p->nwqs;
	}
	o->cpu = b[2] % p->ncpus;
	o->delay = b[3] % WQ_NR_DELAYS;
	o->ticks = 1 + b[3] % WQ_MAX_TICKS;
	o->in_irq = b[3] & 1;
	if (wq_ops[o->op].flags & WQ_OPF_QUEUE)
		wq_op_set_dest(o, f->away ? dest_rank(p, o->work, b[3] >> 4) :
				  wq_rank(p->work[o->work].home));
	wq_op_canon(p, o);
	return;
none:
	memset(o, 0, sizeof(*o));
}

void wq_op_decode(const struct wq_prog *p, const uint8_t *b, struct wq_op *o)
{
	decode_op(p, &formats[WQ_PROG_FORMAT], b, o);
}

/* A step's schedule: the order, the change points sorted, once each. */
static void decode_plan(const uint8_t *b, struct wq_sched_step *sp)
{
	sp->order = b[OFF_ORDER];
	memcpy(sp->at, b + OFF_AT, WQ_MAX_CHANGES);
	wq_sched_step_canon(sp);
}

size_t wq_prog_decode(const uint8_t *data, size_t len, struct wq_prog *p)
{
	return wq_prog_decode_format(data, len, WQ_PROG_FORMAT, p);
}

size_t wq_prog_decode_format(const uint8_t *data, size_t len, int format,
			     struct wq_prog *p)
{
	uint8_t hdr[WQ_PROG_HDR_BYTES] = { 0 };
	const struct format *f;
	struct wq_derived d;
	struct wq_state st;
	size_t off = WQ_PROG_HDR_BYTES;
	int a;

	wq_prog_init(p);
	if (format < WQ_PROG_FORMAT_MIN || format > WQ_PROG_FORMAT)
		return (size_t)-1;
	f = &formats[format];
	if (len)
		memcpy(hdr, data, len < sizeof(hdr) ? len : sizeof(hdr));
	decode_header(hdr, f, p);
	decode_works(hdr, f, p);
	wq_derive(p, &d);
	wq_state_init(p, &st);
	while (p->nsteps < WQ_MAX_STEPS && len >= off + f->step_bytes) {
		struct wq_op *ops = p->step[p->nsteps];

		for (a = 0; a < p->nactors; a++)
			decode_op(p, f, data + off + a * SLOT_BYTES, &ops[a]);
		wq_step_apply(p, &d, &st, ops, true, NULL, 0, NULL);
		if (p->sched_mode == WQ_SCHED_STEPS)
			decode_plan(data + off, &p->plan[p->nsteps]);
		p->nsteps++;
		off += f->step_bytes;
	}
	return len < off ? len : off;
}

/* ---- encoding ---------------------------------------------------- */

static uint8_t encode_beh_arg(const struct wq_prog *p, int i)
{
	const struct wq_work *w = &p->work[i];
	uint8_t cand[WQ_MAX_WORKS];
	int cnt, k;

	switch (wq_behs[w->beh].arg) {
	case 'k':
	case 'n':
		return (uint8_t)(w->arg - 1);
	case WQ_ARG_WORK:
		cnt = wq_beh_targets(p, i, w->beh, cand);
		for (k = 0; k < cnt; k++)
			if (cand[k] == w->arg)
				return (uint8_t)k;
		return 0;
	default:
		return 0;
	}
}

static void encode_header(const struct wq_prog *p, uint8_t *h)
{
	int i;

	h[OFF_CPUS] = p->ncpus - 1;
	h[OFF_ACTORS] = p->nactors - 1;
	h[OFF_WQS] = p->nwqs;
	h[OFF_WORKS] = p->nworks;
	h[OFF_FLAGS] = p->misuse ? FLAG_MISUSE : 0;
	h[OFF_FAULT] = p->fault;
	h[OFF_FAULT_NTH] = p->fault_nth ? p->fault_nth - 1 : 0;
	h[OFF_SCHED_MODE] = p->sched_mode;
	h[OFF_SCHED_DEPTH] = p->sched_depth - 1;
	for (i = 0; i < 4; i++)
		h[OFF_SEED + i] = (uint8_t)(p->sched_seed >> (8 * i));
	for (i = 0; i < p->nwqs; i++)
		h[OFF_WQ_KIND + i] = p->wq_kind[i];
	for (i = 0; i < p->nworks; i++) {
		uint8_t *b = h + OFF_WORK + i * WORK_BYTES;

		b[0] = (uint8_t)((p->work[i].home + 1) << 1 | p->work[i].delayed);
		b[1] = p->work[i].beh;
		b[2] = encode_beh_arg(p, i);
	}
}

static void encode_op(const struct wq_prog *p, const struct wq_op *o,
		      uint8_t *b)
{
	b[0] = o->op;
	if (wq_op_has(o->op, WQ_ARG_WORK))
		b[1] = o->work;
	else if (wq_op_has(o->op, WQ_ARG_WQ))
		b[1] = o->wq;
	b[2] = o->cpu;
	if (wq_op_has(o->op, WQ_ARG_DELAY))
		b[3] = o->delay;
	else if (wq_op_has(o->op, WQ_ARG_TICKS))
		b[3] = o->ticks - 1;
	else
		b[3] = o->in_irq;
	if (wq_ops[o->op].flags & WQ_OPF_QUEUE)
		b[3] |= (uint8_t)(dest_sel(p, o) << 4);
}

size_t wq_prog_encode(const struct wq_prog *p, uint8_t *buf, size_t cap)
{
	size_t need = WQ_PROG_HDR_BYTES + (size_t)p->nsteps * WQ_PROG_STEP_BYTES;
	int s, a;

	if (!buf || cap < need)
		return need;
	memset(buf, 0, need);
	encode_header(p, buf);
	for (s = 0; s < p->nsteps; s++) {
		uint8_t *b = buf + WQ_PROG_HDR_BYTES + s * WQ_PROG_STEP_BYTES;

		for (a = 0; a < p->nactors; a++)
			encode_op(p, &p->step[s][a], b + a * SLOT_BYTES);
		b[OFF_ORDER] = p->plan[s].order;
		memcpy(b + OFF_AT, p->plan[s].at, WQ_MAX_CHANGES);
	}
	return need;
}
