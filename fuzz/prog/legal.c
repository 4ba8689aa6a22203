/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Legality of programs: which behaviours and ops a legal program may
 * contain, given the header and what earlier steps did. See FORMAT.md,
 * "Legal programs", for the reasons behind each rule.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/legal.h"
#include "fuzz/prog/ops.h"

static bool fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* Does @p allow the hazards format v3 added (enum wq_misuse)? */
static bool misuse_v3(const struct wq_prog *p)
{
	return p->misuse >= WQ_MISUSE_ON;
}

/*
 * Format v4: work @n frees itself in its function (FORMAT.md, "Works that
 * free themselves"): each queueing allocates it afresh, and once its
 * function ran its memory is gone, so nothing but a queueing may name it.
 */
static bool frees_self(const struct wq_prog *p, int n)
{
	return p->work[n].beh == WQ_BEH_FREE_SELF;
}

/* May behaviour @beh (one with a target) name work @n that way? */
static bool self_free_target_ok(const struct wq_prog *p, int beh, int n)
{
	return beh == WQ_BEH_QUEUE || !frees_self(p, n);
}

void wq_beh_drop_freed_targets(struct wq_prog *p)
{
	int i;

	for (i = 0; i < p->nworks; i++) {
		struct wq_work *w = &p->work[i];

		if (wq_behs[w->beh].arg == WQ_ARG_WORK && w->arg < p->nworks &&
		    !self_free_target_ok(p, w->beh, w->arg)) {
			w->beh = WQ_BEH_NOP;
			w->arg = 0;
		}
	}
}

/* Ops on a work that frees itself: only the queue family (v4). */
static bool self_free_op_ok(const struct wq_prog *p, const struct wq_op *o,
			    char *why, size_t len)
{
	if (!frees_self(p, o->work) || (wq_ops[o->op].flags & WQ_OPF_QUEUE))
		return true;
	return fail(why, len,
		    "%s: w%d frees itself in its function: once it ran its memory is gone, so only a queueing (a fresh allocation) may name it",
		    wq_ops[o->op].name, o->work);
}

static bool target_ok(const struct wq_prog *p, int self, int beh, int n)
{
	if (!self_free_target_ok(p, beh, n))
		return false;
	switch (beh) {
	case WQ_BEH_QUEUE:
		return n > self;
	case WQ_BEH_CANCEL:
		return n != self;
	case WQ_BEH_FLUSH:
	case WQ_BEH_CANCEL_SYNC:
		return n > self && wq_rank(p->work[n].home) >
				   wq_rank(p->work[self].home);
	default:
		return false;
	}
}

int wq_beh_targets(const struct wq_prog *p, int self, int beh,
		   uint8_t out[WQ_MAX_WORKS])
{
	int n, cnt = 0;

	for (n = 0; n < p->nworks; n++)
		if (target_ok(p, self, beh, n))
			out[cnt++] = (uint8_t)n;
	return cnt;
}

static const char *home_name(int home, char buf[8])
{
	if (home == WQ_KEVENTD)
		return "keventd";
	snprintf(buf, 8, "q%d", home);
	return buf;
}

static bool target_check(const struct wq_prog *p, int self,
			 const struct wq_work *w, char *why, size_t len)
{
	const char *name = wq_behs[w->beh].name;
	char b1[8], b2[8];

	if (w->arg >= p->nworks)
		return fail(why, len, "%s w%d: no such work (w0..w%d)", name,
			    w->arg, p->nworks - 1);
	if (target_ok(p, self, w->beh, w->arg))
		return true;
	if (!self_free_target_ok(p, w->beh, w->arg))
		return fail(why, len,
			    "%s w%d: w%d frees itself in its function: only a queueing (a fresh allocation) may name it",
			    name, w->arg, w->arg);
	switch (w->beh) {
	case WQ_BEH_CANCEL:
		return fail(why, len, "cancel: w%d cannot cancel itself",
			    self);
	case WQ_BEH_QUEUE:
		return fail(why, len,
			    "queue w%d: the target must come after w%d (queueing is acyclic)",
			    w->arg, self);
	default:
		return fail(why, len,
			    "%s w%d: downward rule: the target must come after w%d and live on a later workqueue (keventd < q0 < q1 < q2 < q3); w%d is on %s, w%d on %s",
			    name, w->arg, self, self,
			    home_name(p->work[self].home, b1), w->arg,
			    home_name(p->work[w->arg].home, b2));
	}
}

bool wq_beh_waits_keventd(int beh)
{
	return beh == WQ_BEH_SCHEDULE_ON_EACH_CPU ||
	       beh == WQ_BEH_FLUSH_SCHEDULED_WORK;
}

/*
 * May a work on rank @from wait (flush, cancel_sync) until something on
 * rank @to ran, through the downward waits of the works alone?
 */
static bool rank_reaches(const struct wq_prog *p, int from, int to)
{
	bool seen[WQ_MAX_WQS + 1] = { false };
	int stack[WQ_MAX_WQS + 1], n = 0, i;

	stack[n++] = from;
	seen[from] = true;
	while (n) {
		int r = stack[--n];

		if (r == to)
			return true;
		for (i = 0; i < p->nworks; i++) {
			const struct wq_work *w = &p->work[i];
			int t;

			if (wq_rank(w->home) != r ||
			    (w->beh != WQ_BEH_FLUSH && w->beh != WQ_BEH_CANCEL_SYNC) ||
			    w->arg >= p->nworks)
				continue;
			t = wq_rank(p->work[w->arg].home);
			if (!seen[t]) {
				seen[t] = true;
				stack[n++] = t;
			}
		}
	}
	return false;
}

/*
 * A work waiting for keventd (schedule_on_each_cpu, flush_scheduled_work)
 * must not be on keventd (flush_scheduled_work there is flush_own_wq;
 * schedule_on_each_cpu there is 2.6.29's deadlock, PORTING.md #4), nor on
 * a workqueue keventd may wait for: that closes a cycle of waits.
 */
static bool keventd_waiter_ok(const struct wq_prog *p, int self)
{
	int home = p->work[self].home;

	if (home == WQ_KEVENTD)
		return misuse_v3(p);	/* hazards flush_own_wq, each_cpu_on_keventd */
	return !rank_reaches(p, wq_rank(WQ_KEVENTD), wq_rank(home));
}

bool wq_beh_check(const struct wq_prog *p, int self, char *why, size_t len)
{
	const struct wq_work *w = &p->work[self];
	const struct wq_beh_desc *b;

	if (w->beh >= WQ_NR_BEHS)
		return fail(why, len, "w%d: bad behaviour %d", self, w->beh);
	b = &wq_behs[w->beh];
	if (b->misuse && !p->misuse)
		return fail(why, len,
			    "%s is API misuse: it needs 'misuse on' in the header",
			    b->name);
	if (w->beh == WQ_BEH_REARM && !w->delayed)
		return fail(why, len,
			    "rearm needs a delayed work; w%d is plain (use requeue)",
			    self);
	if (w->beh == WQ_BEH_FREE_SELF && w->delayed)
		return fail(why, len,
			    "free_self needs a plain work; w%d is delayed",
			    self);
	if (wq_beh_waits_keventd(w->beh) && !keventd_waiter_ok(p, self) &&
	    w->home == WQ_KEVENTD)
		return fail(why, len,
			    "%s: w%d is on keventd itself: keventd would wait for itself (API misuse: 'misuse on', format v3)",
			    b->name, self);
	if (wq_beh_waits_keventd(w->beh) && !keventd_waiter_ok(p, self))
		return fail(why, len,
			    "%s: w%d on %s: keventd may wait for it (a keventd work flushes or cancel_syncs into its workqueue)",
			    b->name, self, home_name(w->home, (char[8]){ 0 }));
	switch (b->arg) {
	case 'k':
		if (w->arg < 1 || w->arg > WQ_MAX_REQUEUE)
			return fail(why, len, "requeue count must be 1..%d",
				    WQ_MAX_REQUEUE);
		return true;
	case 'n':
		if (w->arg < 1 || w->arg > WQ_MAX_TICKS)
			return fail(why, len, "sleep jiffies must be 1..%d",
				    WQ_MAX_TICKS);
		return true;
	case WQ_ARG_WORK:
		return target_check(p, self, w, why, len);
	default:
		if (w->arg)
			return fail(why, len, "%s takes no argument", b->name);
		return true;
	}
}

static bool targets_home(const struct wq_prog *p, const struct wq_work *w,
			 int q)
{
	return wq_behs[w->beh].arg == WQ_ARG_WORK && w->arg < p->nworks &&
	       p->work[w->arg].home == q;
}

/* Does work @i wait (flush, cancel_sync) on a work whose wq may stall? */
static bool waits_on(const struct wq_prog *p, const struct wq_derived *d,
		     int i)
{
	const struct wq_work *w = &p->work[i];

	if (wq_beh_waits_keventd(w->beh))
		return d->blocks[wq_rank(WQ_KEVENTD)];
	return (w->beh == WQ_BEH_FLUSH || w->beh == WQ_BEH_CANCEL_SYNC) &&
	       w->arg < p->nworks && d->blocks[wq_rank(p->work[w->arg].home)];
}

/* Is work @i a freeze chain: on a freezeable wq, waiting on a stall? */
static bool waits_on_stall(const struct wq_prog *p,
			   const struct wq_derived *d, int i)
{
	int home = p->work[i].home;

	return home != WQ_KEVENTD && p->wq_kind[home] == WQ_KIND_FREEZEABLE &&
	       waits_on(p, d, i);
}

void wq_derive(const struct wq_prog *p, struct wq_derived *d)
{
	bool changed = true;
	int q, i;

	memset(d, 0, sizeof(*d));
	for (q = 0; q < p->nwqs; q++) {
		d->destroyable[q] = true;
		d->blocks[wq_rank(q)] = p->wq_kind[q] == WQ_KIND_FREEZEABLE;
		for (i = 0; i < p->nworks; i++) {
			const struct wq_work *w = &p->work[i];

			if (w->home == q && w->delayed)
				d->destroyable[q] = false;
			if (w->home != q && targets_home(p, w, q))
				d->destroyable[q] = false;
		}
	}
	/* A work waiting on a stalled wq stalls its own wq too. */
	while (changed) {
		changed = false;
		for (i = 0; i < p->nworks; i++) {
			const struct wq_work *w = &p->work[i];
			int own = wq_rank(w->home);

			if (d->blocks[own] || !waits_on(p, d, i))
				continue;
			d->blocks[own] = true;
			changed = true;
		}
	}
	d->freeze_chain = -1;
	for (i = 0; i < p->nworks && d->freeze_chain < 0; i++)
		if (waits_on_stall(p, d, i))
			d->freeze_chain = i;
}

void wq_state_init(const struct wq_prog *p, struct wq_state *st)
{
	int q;

	memset(st, 0, sizeof(*st));
	for (q = 0; q < p->nwqs; q++)
		st->live[q] = true;
}

void wq_op_canon(const struct wq_prog *p, struct wq_op *o)
{
	int op = o->op;
	uint8_t flags = wq_ops[op].flags;

	if (!wq_op_has(op, WQ_ARG_WORK))
		o->work = 0;
	if (wq_op_has(op, WQ_ARG_WORK) && o->work < p->nworks &&
	    (flags & WQ_OPF_KEVENTD))
		o->wq = 0;	/* schedule_*: keventd */
	else if (wq_op_has(op, WQ_ARG_WORK) && o->work < p->nworks &&
		 !(flags & WQ_OPF_QUEUE))
		o->wq = wq_home_slot(p, o->work);
	else if (!wq_op_has(op, WQ_ARG_WQ))
		o->wq = 0;
	if (!wq_op_has(op, WQ_ARG_CPU))
		o->cpu = 0;
	if (!wq_op_has(op, WQ_ARG_DELAY))
		o->delay = 0;
	if (!wq_op_has(op, WQ_ARG_TICKS))
		o->ticks = 0;
	if (!wq_op_has(op, WQ_ARG_IRQ))
		o->in_irq = 0;
}

/* Per-step context. */
struct step {
	const struct wq_prog *p;
	const struct wq_derived *d;
	struct wq_state *st;
	bool freeze, thaw;
	bool destroyed[WQ_MAX_WQS], created[WQ_MAX_WQS];
	uint8_t away[WQ_MAX_WORKS];	/* queued away from home in this step */
	bool misuse;		/* the op being checked relied on misuse */
	char *why;
	size_t len;
};

static bool fields_ok(const struct step *s, const struct wq_op *o)
{
	const struct wq_prog *p = s->p;
	const char *name = wq_ops[o->op].name;

	if (wq_op_has(o->op, WQ_ARG_WORK) && o->work >= p->nworks)
		return fail(s->why, s->len, "%s: no work w%d", name, o->work);
	if (wq_op_has(o->op, WQ_ARG_WQ) && o->wq >= p->nwqs)
		return fail(s->why, s->len, "%s: no workqueue q%d", name, o->wq);
	if (wq_op_has(o->op, WQ_ARG_CPU) && o->cpu >= p->ncpus)
		return fail(s->why, s->len, "%s: no cpu %d", name, o->cpu);
	if (o->delay >= WQ_NR_DELAYS || o->in_irq > 1 ||
	    o->ticks > WQ_MAX_TICKS ||
	    (wq_op_has(o->op, WQ_ARG_TICKS) && !o->ticks))
		return fail(s->why, s->len, "%s: operand out of range", name);
	return true;
}

static bool canonical(const struct step *s, const struct wq_op *o)
{
	struct wq_op c = *o;

	wq_op_canon(s->p, &c);
	if (memcmp(&c, o, sizeof(c)))
		return fail(s->why, s->len, "%s: non-canonical operands",
			    wq_ops[o->op].name);
	return true;
}

/*
 * A freeze with a freeze chain in the header can fail in 2.6.29 too
 * (FORMAT.md, "Freezer"): a hazard of the program, legal only as misuse.
 */
static bool freeze_chain_ok(struct step *s)
{
	const struct wq_prog *p = s->p;
	int i = s->d->freeze_chain, n = p->work[i].arg;
	char b1[8], b2[8];

	if (p->misuse) {
		s->misuse = true;
		return true;
	}
	return fail(s->why, s->len,
		    "freeze: w%d on freezeable %s waits (%s) on w%d on %s, which the freezer may stall first: freezing can fail; that is API misuse ('misuse on')",
		    i, home_name(p->work[i].home, b1), wq_behs[p->work[i].beh].name,
		    n, home_name(p->work[n].home, b2));
}

static bool freeze_ok(struct step *s, const struct wq_op *o)
{
	const char *name = wq_ops[o->op].name;

	if (s->freeze || s->thaw)
		return fail(s->why, s->len,
			    "%s: only one freeze or thaw per step", name);
	if (o->op == WQ_OP_FREEZE && s->st->frozen)
		return fail(s->why, s->len, "freeze: already frozen");
	if (o->op == WQ_OP_THAW && !s->st->frozen)
		return fail(s->why, s->len, "thaw: not frozen");
	if (o->op == WQ_OP_FREEZE && s->d->freeze_chain >= 0 &&
	    !freeze_chain_ok(s))
		return false;
	if (o->op == WQ_OP_FREEZE)
		s->freeze = true;
	else
		s->thaw = true;
	return true;
}

/* ---- away from home (format v4, FORMAT.md "Away from home") ------- */

int wq_op_dest_rank(const struct wq_op *o)
{
	uint8_t flags = wq_ops[o->op].flags;

	if (!(flags & WQ_OPF_QUEUE))
		return -1;
	return (flags & WQ_OPF_KEVENTD) ? wq_rank(WQ_KEVENTD) : wq_rank(o->wq);
}

bool wq_op_away(const struct wq_prog *p, const struct wq_op *o)
{
	int r = wq_op_dest_rank(o);

	return r >= 0 && o->work < p->nworks &&
	       r != wq_rank(p->work[o->work].home);
}

void wq_op_set_dest(struct wq_op *o, int rank)
{
	uint8_t flags = wq_ops[o->op].flags;

	o->op = (uint8_t)wq_queue_op(flags & WQ_OPF_DELAYED, flags & WQ_OPF_ON,
				     rank == wq_rank(WQ_KEVENTD));
	o->wq = rank == wq_rank(WQ_KEVENTD) ? 0 : (uint8_t)(rank - 1);
}

/*
 * Must work @n stay on its home? A work that waits (flush, cancel_sync,
 * schedule_on_each_cpu, flush_scheduled_work, flush_own_wq) or that
 * another work waits for: the downward, keventd and freezer rules rank
 * waits by the homes of both, and a waiter running on the workqueue of
 * its target (or a target listed behind its waiter) deadlocks.
 */
static bool home_bound(const struct wq_prog *p, int n)
{
	int beh = p->work[n].beh, i;

	if (beh == WQ_BEH_FLUSH || beh == WQ_BEH_CANCEL_SYNC ||
	    beh == WQ_BEH_FLUSH_OWN_WQ || wq_beh_waits_keventd(beh))
		return true;
	for (i = 0; i < p->nworks; i++)
		if ((p->work[i].beh == WQ_BEH_FLUSH ||
		     p->work[i].beh == WQ_BEH_CANCEL_SYNC) &&
		    p->work[i].arg == n)
			return true;
	return false;
}

/* All ranks work @n may be on: its home and where it was queued away. */
static unsigned int ranks_of(const struct step *s, int n)
{
	return 1u << wq_rank(s->p->work[n].home) | s->st->away[n] | s->away[n];
}

/* Queue op @o queues away from home: may it, and note where. */
static bool away_ok(struct step *s, const struct wq_op *o, bool frozen)
{
	int r = wq_op_dest_rank(o), n = o->work;
	char b1[8];

	if (home_bound(s->p, n))
		return fail(s->why, s->len,
			    "%s: w%d waits, or is waited for (flush/cancel_sync): it stays on its home %s",
			    wq_ops[o->op].name, n,
			    home_name(s->p->work[n].home, b1));
	if (frozen && s->d->blocks[r])
		return fail(s->why, s->len,
			    "%s: w%d away from home onto a workqueue the freezer stalls: not while frozen",
			    wq_ops[o->op].name, n);
	s->away[n] |= (uint8_t)(1u << r);
	return true;
}

/*
 * destroy_workqueue qN with works away from home: never (misuse or not).
 * A work once queued on qN keeps pointing at qN's cwq (its data) until it
 * is queued elsewhere, and may still have its timer pending there: a later
 * flush_work/cancel_*_sync would lock the freed cwq ("the caller must keep
 * that workqueue alive", PORTING.md #3). A work homed on qN that went
 * away may still be listed elsewhere when the re-create re-initialises it.
 */
static bool away_destroy_ok(struct step *s, int q)
{
	int n;

	for (n = 0; n < s->p->nworks; n++) {
		if (!(s->st->away[n] & (1u << wq_rank(q))) &&
		    !(s->p->work[n].home == q && s->st->away[n]))
			continue;
		return fail(s->why, s->len,
			    "destroy_workqueue: w%d was queued away from its home %s q%d: it may still point at q%d (keep that workqueue alive)",
			    n, s->p->work[n].home == q ? "from" : "onto", q, q);
	}
	return true;
}

static bool life_ok(struct step *s, const struct wq_op *o)
{
	const char *name = wq_ops[o->op].name;
	int q = o->wq;

	if (s->st->frozen || s->freeze)
		return fail(s->why, s->len,
			    "%s: not allowed while frozen or freezing", name);
	if (o->op == WQ_OP_CREATE_WORKQUEUE) {
		if (s->st->live[q] || s->created[q])
			return fail(s->why, s->len,
				    "create_workqueue: q%d exists (destroy it first)",
				    q);
		s->created[q] = true;
	} else if (o->op == WQ_OP_DESTROY_WORKQUEUE) {
		if (!s->st->live[q] || s->destroyed[q])
			return fail(s->why, s->len,
				    "destroy_workqueue: q%d is already destroyed",
				    q);
		if (!s->d->destroyable[q] && misuse_v3(s->p))
			s->misuse = true;	/* destroy_pending_timer, after_destroy */
		else if (!s->d->destroyable[q])
			return fail(s->why, s->len,
				    "destroy_workqueue: q%d homes a delayed work, or a work on another workqueue targets one of its works (API misuse: 'misuse on', format v3)",
				    q);
		if (!away_destroy_ok(s, q))
			return false;
		s->destroyed[q] = true;
	}
	return true;
}

/* Is workqueue slot @q usable by the rest of the step's ops? */
static bool wq_usable(struct step *s, const char *name, int q)
{
	if (s->st->live[q] && !s->destroyed[q])
		return true;
	if (s->p->misuse) {
		s->misuse = true;
		return true;
	}
	return fail(s->why, s->len,
		    "%s: q%d is destroyed (or being destroyed in this step); using it is API misuse ('misuse on')",
		    name, q);
}

static bool work_fits(struct step *s, const struct wq_op *o)
{
	const struct wq_op_desc *od = &wq_ops[o->op];
	const struct wq_work *w = &s->p->work[o->work];
	int n = o->work;

	if ((od->flags & WQ_OPF_DELAYED) && !w->delayed)
		return fail(s->why, s->len, "%s needs a delayed work; w%d is plain",
			    od->name, n);
	if ((od->flags & WQ_OPF_PLAIN) && w->delayed && misuse_v3(s->p))
		s->misuse = true;	/* cancel_work_sync_delayed */
	else if ((od->flags & WQ_OPF_PLAIN) && w->delayed)
		return fail(s->why, s->len,
			    "%s needs a plain work; w%d is delayed (use cancel_delayed_work_sync; on the work_struct it is API misuse: 'misuse on', format v3)",
			    od->name, n);
	if (o->op == WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE &&
	    w->home == WQ_KEVENTD)
		return fail(s->why, s->len,
			    "%s: w%d lives on keventd (use cancel_rearming_delayed_work)",
			    od->name, n);
	return true;
}

/* Decoder: turn an op whose work does not fit into the one that does. */
static void work_fix(const struct wq_prog *p, struct wq_op *o)
{
	const struct wq_op_desc *od = &wq_ops[o->op];
	const struct wq_work *w;

	if (!wq_op_has(o->op, WQ_ARG_WORK) || o->work >= p->nworks)
		return;
	w = &p->work[o->work];
	if (od->flags & WQ_OPF_QUEUE)	/* the decoder chose the destination */
		o->op = (uint8_t)wq_queue_op((od->flags & WQ_OPF_DELAYED) &&
					     w->delayed,
					     od->flags & WQ_OPF_ON,
					     od->flags & WQ_OPF_KEVENTD);
	else if ((od->flags & WQ_OPF_DELAYED) && !w->delayed)
		o->op = od->alt;
	else if ((od->flags & WQ_OPF_PLAIN) && w->delayed && !misuse_v3(p))
		o->op = od->alt;
	else if (o->op == WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE &&
		 w->home == WQ_KEVENTD)
		o->op = WQ_OP_CANCEL_REARMING_DELAYED_WORK;
	wq_op_canon(p, o);
}

/* The rank of the workqueue an op may wait on. */
static int wait_rank(const struct wq_prog *p, const struct wq_op *o)
{
	if (wq_op_has(o->op, WQ_ARG_WORK))
		return wq_rank(p->work[o->work].home);
	if (wq_op_has(o->op, WQ_ARG_WQ))
		return wq_rank(o->wq);
	return wq_rank(WQ_KEVENTD);
}

/* Does op @o wait on a rank that may stall while frozen? */
static bool wait_blocks(const struct step *s, const struct wq_op *o)
{
	unsigned int ranks;
	int r;

	if (s->d->blocks[wait_rank(s->p, o)])
		return true;
	if (!wq_op_has(o->op, WQ_ARG_WORK))
		return false;
	ranks = ranks_of(s, o->work);	/* flush/cancel: the last queued wq */
	for (r = 0; r <= WQ_MAX_WQS; r++)
		if ((ranks & (1u << r)) && s->d->blocks[r])
			return true;
	return false;
}

static bool other_ok(struct step *s, const struct wq_op *o)
{
	const char *name = wq_ops[o->op].name;
	bool frozen = (s->st->frozen && !s->thaw) || s->freeze;

	if (wq_op_has(o->op, WQ_ARG_WORK)) {
		int home = s->p->work[o->work].home;

		if (!work_fits(s, o) ||
		    !self_free_op_ok(s->p, o, s->why, s->len))
			return false;
		if (home != WQ_KEVENTD && !wq_usable(s, name, home))
			return false;
		if (wq_op_away(s->p, o) && o->wq != home &&
		    !(wq_ops[o->op].flags & WQ_OPF_KEVENTD) &&
		    !wq_usable(s, name, o->wq))
			return false;
		if (wq_op_away(s->p, o) && !away_ok(s, o, frozen))
			return false;
	} else if (wq_op_has(o->op, WQ_ARG_WQ) && !wq_usable(s, name, o->wq)) {
		return false;
	}
	if (frozen && (wq_ops[o->op].flags & WQ_OPF_WAITS) && wait_blocks(s, o))
		return fail(s->why, s->len,
			    "%s may wait for a frozen workqueue: not allowed while frozen (thaw in the same step or before)",
			    name);
	return true;
}

static int phase_of(int op)
{
	if (op == WQ_OP_FREEZE || op == WQ_OP_THAW)
		return 0;
	if (wq_ops[op].flags & (WQ_OPF_LIFE | WQ_OPF_HOTPLUG))
		return 1;
	return 2;
}

static bool op_ok(struct step *s, const struct wq_op *o)
{
	if (o->op >= WQ_NR_OPS)
		return fail(s->why, s->len, "bad op %d", o->op);
	if (!fields_ok(s, o))
		return false;
	switch (phase_of(o->op)) {
	case 0:
		return freeze_ok(s, o) && canonical(s, o);
	case 1:
		return life_ok(s, o) && canonical(s, o);
	default:
		return other_ok(s, o) && canonical(s, o);
	}
}

static void state_advance(const struct step *s)
{
	int q;

	for (q = 0; q < WQ_MAX_WQS; q++) {
		if (s->destroyed[q])
			s->st->live[q] = false;
		if (s->created[q])
			s->st->live[q] = true;
	}
	for (q = 0; q < WQ_MAX_WORKS; q++)
		s->st->away[q] |= s->away[q];
	if (s->freeze)
		s->st->frozen = true;
	if (s->thaw)
		s->st->frozen = false;
}

/* Check op @o; if legal, note in *@misuse (if set) whether by misuse. */
static bool op_take(struct step *s, const struct wq_op *o, bool *misuse)
{
	s->misuse = false;
	if (!op_ok(s, o))
		return false;
	if (misuse)
		*misuse = s->misuse;
	return true;
}

int wq_step_apply(const struct wq_prog *p, const struct wq_derived *d,
		  struct wq_state *st, struct wq_op *ops, bool fix,
		  char *why, size_t len, bool *misuse)
{
	struct step s = { .p = p, .d = d, .st = st, .why = why, .len = len };
	int phase, a;

	for (phase = 0; phase < 3; phase++) {
		for (a = 0; a < p->nactors; a++) {
			struct wq_op *o = &ops[a];

			if (o->op == WQ_OP_NONE) {
				if (phase == 0 && !fix &&
				    memcmp(o, &(struct wq_op){ 0 }, sizeof(*o))) {
					fail(why, len, "none: operands not zero");
					return a;
				}
				if (phase == 0 && fix)
					memset(o, 0, sizeof(*o));
				continue;
			}
			if (o->op < WQ_NR_OPS && phase_of(o->op) != phase)
				continue;
			if (fix && o->op < WQ_NR_OPS)
				work_fix(p, o);
			if (op_take(&s, o, misuse ? &misuse[a] : NULL))
				continue;
			if (!fix)
				return a;
			if (wq_op_away(p, o)) {	/* try it on its home */
				wq_op_set_dest(o, wq_rank(p->work[o->work].home));
				wq_op_canon(p, o);
				if (op_take(&s, o, misuse ? &misuse[a] : NULL))
					continue;
			}
			memset(o, 0, sizeof(*o));
		}
	}
	state_advance(&s);
	return -1;
}

void wq_prog_misuse_ops(const struct wq_prog *p,
			bool misuse[WQ_MAX_STEPS][WQ_MAX_ACTORS])
{
	struct wq_op ops[WQ_MAX_ACTORS];
	struct wq_derived d;
	struct wq_state st;
	int s;

	memset(misuse, 0, sizeof(bool) * WQ_MAX_STEPS * WQ_MAX_ACTORS);
	wq_derive(p, &d);
	wq_state_init(p, &st);
	for (s = 0; s < p->nsteps; s++) {
		memcpy(ops, p->step[s], sizeof(ops));
		wq_step_apply(p, &d, &st, ops, false, NULL, 0, misuse[s]);
	}
}
