/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Program edits: small structural changes of a legal program that give a
 * legal program again, for the minimizer (reports/) and the
 * structure-aware mutator. Pure data, like the rest of fuzz/prog.
 *
 * Every edit works on a copy: it applies the change, then repairs what
 * the change made illegal with the decoder's own rules (legal.h, fix
 * mode: an op that no longer fits becomes none or its fitting twin, a
 * behaviour whose target is gone becomes nop), and finally checks the
 * result with wq_prog_check(). It returns 0 and updates @p only when the
 * result is legal and differs from @p; otherwise -1 and @p is unchanged.
 * So a caller can try any edit blindly.
 *
 * The schedule is edited only through wq_edit_set_sched() (the mode, and
 * a seeded mode's seed and depth) and wq_edit_set_step_sched() (one
 * step's schedule in mode steps); steps keep their schedule when they
 * move, are dropped or spliced.
 */
#ifndef _WQKIT_FUZZ_PROG_EDIT_H
#define _WQKIT_FUZZ_PROG_EDIT_H

#include <stdint.h>

#include "fuzz/prog/prog.h"

/*
 * The size of a program, what minimization makes smaller. Compared by
 * wq_prog_size_cmp(): lexicographically on (calls, steps, actors, works,
 * wqs, cpus). Calls come first because each is an API call a reader has
 * to follow: the ops of the steps plus the works whose behaviour is not
 * nop (a behaviour is a call made from inside the work: queue, cancel,
 * flush, requeue, sleep, ...). Then the steps (each a barrier between
 * ops), the actors (concurrency), the header objects and the CPUs.
 */
struct wq_prog_size {
	int calls;	/* ops + works with a behaviour other than nop */
	int steps;	/* nsteps */
	int ops;	/* ops that are not none */
	int actors;
	int works;
	int wqs;
	int cpus;
};

/** wq_prog_measure - the size of @p */
void wq_prog_measure(const struct wq_prog *p, struct wq_prog_size *s);

/**
 * wq_prog_size_cmp - compare two sizes
 * @a: a size
 * @b: another
 *
 * Returns <0, 0 or >0 as @a is smaller than, as large as or larger than
 * @b, lexicographically on (calls, steps, actors, works, wqs, cpus); ops
 * are part of calls.
 */
int wq_prog_size_cmp(const struct wq_prog_size *a,
		     const struct wq_prog_size *b);

/**
 * wq_prog_hash - 64-bit FNV-1a hash of @p's canonical bytes (memo key)
 * @p: a legal program
 */
uint64_t wq_prog_hash(const struct wq_prog *p);

/* Steps. */
int wq_edit_drop_step(struct wq_prog *p, int step);
int wq_edit_truncate(struct wq_prog *p, int nsteps);	/* keep the first n */
/*
 * Insert a step before @at (0..nsteps) holding @ops (nactors of them) and
 * the step schedule @plan (NULL: none; kept in mode steps only).
 */
int wq_edit_insert_step(struct wq_prog *p, int at,
			const struct wq_op ops[WQ_MAX_ACTORS],
			const struct wq_sched_step *plan);
/**
 * wq_edit_splice - the steps of @p from @at on become @q's from @from on
 * @q: any legal program; its ops are read under @p's header (their bytes
 *     decoded again, as a byte splice would), steps past WQ_MAX_STEPS go
 */
int wq_edit_splice(struct wq_prog *p, int at, const struct wq_prog *q,
		   int from);

/* Ops. */
int wq_edit_drop_op(struct wq_prog *p, int step, int actor);
/* Move the op of @from to the empty slot of @to in the same step. */
int wq_edit_move_op(struct wq_prog *p, int step, int from, int to);
/* Move the op at (@step, @from) to the empty slot (@to_step, @to). */
int wq_edit_move_op_to(struct wq_prog *p, int step, int from, int to_step,
		       int to);
/* Replace the op at (@step, @actor) by @o (canonical: wq_op_decode()). */
int wq_edit_set_op(struct wq_prog *p, int step, int actor,
		   const struct wq_op *o);
/* (the moves, set_op and set_operand fail if the op would not stay legal) */
/*
 * Simpler ops, for the minimizer: the one table of how simple each op is
 * to read (wq_op_rank(); none 0, queueing, cancelling, flushing, the
 * keventd-wide calls, workqueue life, freezer, hotplug last).
 */
/** wq_op_rank - how simple op @op is: lower is simpler, WQ_OP_NONE 0 */
int wq_op_rank(int op);
/**
 * wq_ops_simpler - the ops simpler than @op (lower wq_op_rank()), simplest
 * first
 * @op: an op
 * @out: receives them (WQ_NR_OPS entries suffice)
 *
 * Returns how many. Ranks are distinct, so replacing ops by simpler
 * ones only always ends.
 */
int wq_ops_simpler(int op, uint8_t out[WQ_NR_OPS]);
/**
 * wq_edit_replace_op - replace the op at (@step, @actor) by op @op
 * @op: another op; the old op's operands carry over by kind (its work,
 *      workqueue, CPU, delay, ticks, in_interrupt), the others are the
 *      simplest (w0, q0, CPU 0, delay 0, 1 tick); a queue_* op's
 *      destination is the old op's workqueue operand, else the work's home
 *
 * Fails, like wq_edit_set_op(), if the result would not keep @op there.
 */
int wq_edit_replace_op(struct wq_prog *p, int step, int actor, int op);
/**
 * wq_work_simpler - is work @a simpler to use than work @b?
 *
 * A work whose behaviour is nop is simpler than one that makes a call;
 * between two alike, the lower index. A strict order (for the minimizer:
 * an op's work operand only moves to a simpler work, so it ends).
 */
bool wq_work_simpler(const struct wq_prog *p, int a, int b);

/**
 * wq_edit_set_operand - set one operand of an op
 * @kind: WQ_ARG_WORK, WQ_ARG_WQ, WQ_ARG_CPU, WQ_ARG_DELAY, WQ_ARG_TICKS or
 *        WQ_ARG_IRQ (ops.h); a work op's wq follows its work's home
 * @val: the new value (must be in range for the program)
 */
int wq_edit_set_operand(struct wq_prog *p, int step, int actor, char kind,
			int val);

/* Header objects, appended: one more actor (idle), workqueue, work. */
int wq_edit_add_actor(struct wq_prog *p);
int wq_edit_add_wq(struct wq_prog *p, int kind);
int wq_edit_add_work(struct wq_prog *p, bool delayed, int home);	/* nop */

/* Header objects; later ones are renumbered down. */
int wq_edit_drop_actor(struct wq_prog *p, int actor);	/* and its ops */
/*
 * Renumber the actors: actor i's ops become those of actor @perm[i] (a
 * permutation of 0..nactors-1). Actor i runs on CPU i % ncpus, so this
 * moves ops between CPUs; the minimizer uses it to drop an actor while
 * the others keep, or swap, their CPUs.
 */
int wq_edit_permute_actors(struct wq_prog *p, const int *perm);
/* Drop work @w: ops on it go, behaviours targeting it become nop. */
int wq_edit_drop_work(struct wq_prog *p, int w);
/* Drop workqueue @q: its works move to keventd, ops naming it go. */
int wq_edit_drop_wq(struct wq_prog *p, int q);
/* Fewer CPUs: CPU operands wrap (cpu % n), as the decoder maps them. */
int wq_edit_set_cpus(struct wq_prog *p, int ncpus);

/* Header properties. */
int wq_edit_set_beh(struct wq_prog *p, int w, int beh, int arg);
int wq_edit_set_delayed(struct wq_prog *p, int w, bool delayed);
int wq_edit_set_home(struct wq_prog *p, int w, int home);
int wq_edit_set_wq_kind(struct wq_prog *p, int q, int kind);
/* @kind WQ_FAULT_NONE (then @nth is ignored) or a fault with n-th 1..64. */
int wq_edit_set_fault(struct wq_prog *p, int kind, int nth);
/* The schedule mode; seed and depth are ignored (0, 1) in mode steps. */
int wq_edit_set_sched(struct wq_prog *p, int mode, uint32_t seed,
		      int depth);
/* Step @step's schedule (mode steps only; the change points are sorted). */
int wq_edit_set_step_sched(struct wq_prog *p, int step,
			   const struct wq_sched_step *sp);

#endif /* _WQKIT_FUZZ_PROG_EDIT_H */
