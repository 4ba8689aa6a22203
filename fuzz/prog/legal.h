/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Legality rules of programs (FORMAT.md, "Legal programs"). One set of
 * rules, two uses: the decoder *fixes* ops (maps them to a legal op or to
 * none), the parser and wq_prog_check() *report* the first violation.
 */
#ifndef _WQKIT_FUZZ_PROG_LEGAL_H
#define _WQKIT_FUZZ_PROG_LEGAL_H

#include "fuzz/prog/prog.h"

/* Facts that follow from the header (workqueues and works) alone. */
struct wq_derived {
	bool destroyable[WQ_MAX_WQS];	/* destroy_workqueue(qN) can be legal */
	bool blocks[WQ_MAX_WQS + 1];	/* by rank: may stall while frozen */
	/*
	 * A work homed on a freezeable workqueue that flushes or
	 * cancel_syncs a work on a workqueue that may stall while frozen:
	 * its worker can block before reaching try_to_freeze(), so a
	 * freeze can fail. -1 if none, else the first such work.
	 */
	int freeze_chain;
};

/* What is known statically before a step. */
struct wq_state {
	bool live[WQ_MAX_WQS];
	bool frozen;
	/*
	 * Per work: the workqueues (bit = wq_rank()) other than its home it
	 * was queued on (v4): it may still be listed or running there, its
	 * timer pending, and its data point at their cwqs. Only grows (a
	 * workqueue with a bit here is never destroyed, FORMAT.md "Away from
	 * home").
	 */
	uint8_t away[WQ_MAX_WORKS];
};

/* Order of workqueues for the downward rule: keventd 0, qN N+1. */
static inline int wq_rank(int home)
{
	return home + 1;
}

/* The @wq field of an op on work @w: its home slot, 0 for keventd. */
static inline uint8_t wq_home_slot(const struct wq_prog *p, int w)
{
	return p->work[w].home < 0 ? 0 : (uint8_t)p->work[w].home;
}

/**
 * wq_beh_targets - legal targets of behaviour @beh of work @self
 * @out: filled with the work indexes, ascending
 *
 * queue: index > self. cancel: any other. flush, cancel_sync: index >
 * self and home strictly later in the order keventd < q0 < ... < q3.
 * Only queue may name a work that frees itself (v4).
 * Returns the number of targets (0 for behaviours without one).
 */
int wq_beh_targets(const struct wq_prog *p, int self, int beh,
		   uint8_t out[WQ_MAX_WORKS]);

/*
 * wq_beh_drop_freed_targets - behaviours that cancel, flush or
 * cancel_sync a work that frees itself (v4) become nop: only queueing may
 * name such a work. The decoder's last pass (the targets' behaviours must
 * be known).
 */
void wq_beh_drop_freed_targets(struct wq_prog *p);

/* Does behaviour @beh wait for keventd's works (from inside a work)? */
bool wq_beh_waits_keventd(int beh);

/**
 * wq_beh_check - is the behaviour of work @self legal and canonical?
 * Returns true, or false with a reason in @why.
 */
bool wq_beh_check(const struct wq_prog *p, int self, char *why, size_t len);

/* Compute the header facts. Behaviours must already be legal. */
void wq_derive(const struct wq_prog *p, struct wq_derived *d);

/* The state before step 0: every header workqueue live, not frozen. */
void wq_state_init(const struct wq_prog *p, struct wq_state *st);

/**
 * wq_step_apply - check or fix one step, then advance @st past it
 * @ops: the step's ops, p->nactors of them (modified only if @fix)
 * @fix: map ops whose work kind or home does not fit to the fitting op,
 *       and any still illegal op to none
 * @why: reason of the first violation (when not fixing)
 * @misuse: if not NULL, per actor: legal only because p->misuse is set
 *
 * Ops are considered in three phases (freeze/thaw, then create/destroy/
 * hotplug, then the rest), each in actor order; the first of two
 * conflicting ops wins. Returns -1 if the step is legal, else the actor
 * index of the first violation (only when not fixing).
 */
int wq_step_apply(const struct wq_prog *p, const struct wq_derived *d,
		  struct wq_state *st, struct wq_op *ops, bool fix,
		  char *why, size_t len, bool *misuse);

/**
 * wq_prog_misuse_ops - which ops of @p are legal only because of misuse
 * @p: a program that passes wq_prog_check()
 * @misuse: filled per step and actor (false for programs without misuse)
 */
void wq_prog_misuse_ops(const struct wq_prog *p,
			bool misuse[WQ_MAX_STEPS][WQ_MAX_ACTORS]);

/*
 * Zero the fields op @o->op does not use; set @wq of work ops to home
 * (queue_* ops keep theirs: the destination; schedule_* ops get 0).
 */
void wq_op_canon(const struct wq_prog *p, struct wq_op *o);

/*
 * The rank (wq_rank()) of the workqueue queue-family op @o queues its
 * work on: keventd for schedule_*, else @o->wq. -1 for other ops.
 */
int wq_op_dest_rank(const struct wq_op *o);

/* Does queue op @o queue its work away from the work's home (v4)? */
bool wq_op_away(const struct wq_prog *p, const struct wq_op *o);

/*
 * wq_op_set_dest - make queue op @o queue on rank @rank (0 keventd, k
 * q(k-1)): the queue_* or schedule_* twin of the op, @wq set.
 */
void wq_op_set_dest(struct wq_op *o, int rank);

#endif /* _WQKIT_FUZZ_PROG_LEGAL_H */
