/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv controlled scheduling: the scheduler's state and what the engine
 * (sched_ctl.c: baton, policies, the hooks kenv calls) and the harness's
 * session API (sched_session.c) share. Private to those two files.
 */
#ifndef _KENV_SCHED_CTL_H
#define _KENV_SCHED_CTL_H

#include <stdatomic.h>
#include <stdbool.h>

#include <kenv/kenv.h>
#include <linux/sched.h>

#include "base_internal.h"

#define CTL_MAX_TASKS		256
#define CTL_DEF_HORIZON		256
#define CTL_DEF_BUDGET		(1UL << 21)
/*
 * Fairness (as in CHESS): a task that kept the baton for this many
 * consecutive decisions while others were runnable is made to yield. The
 * kernel's retry loops (e.g. __cancel_work_timer() while the timer handler
 * or a queuer is half-way) wait for another CPU without cpu_relax(); a
 * scheduler that never lets that CPU run would report a livelock the
 * kernel cannot have.
 */
#define CTL_FAIR_POINTS		256
#define CTL_BEGIN_MS		5000	/* begin: wait for idle */
#define CTL_ROUND_MS		10	/* ... counting a round this much at most */


enum ctl_state {
	CS_FREE,	/* slot unused (or its task ended) */
	CS_RUN,		/* holds the baton */
	CS_READY,	/* preempted at a scheduling point: runnable */
	CS_SLEEP,	/* in schedule() or before its first wake-up:
			 * runnable when kenv_task_can_run() */
	CS_WAIT,	/* on a lock: runnable when ->ready(->obj) */
	CS_HARNESS,	/* the boot task in kenv_sched_controlled_run() */
};

enum ctl_why {
	WHY_POINT,	/* an ordinary scheduling point: may preempt */
	WHY_YIELD,	/* cpu_relax(): prefer another task */
};

struct ctl_slot {
	_Atomic unsigned int go;	/* futex word: 1 = your turn */
	_Atomic int checked_in;		/* parked on @go since begin (else
					 * still in its free-mode sleep) */
	struct task_struct *p;
	int state;			/* enum ctl_state */
	long prio;			/* PCT priority, higher runs */
	unsigned int streak;		/* decisions won in a row (fairness) */
	bool (*ready)(const void *obj);	/* CS_WAIT */
	const void *obj;
	const char *func, *what;
};

/* Only the baton holder touches this, but for the atomics (see top). */
struct ctl {
	struct kenv_sched_params prm;
	unsigned int gen;		/* session number */
	struct ctl_slot slot[CTL_MAX_TASKS];
	int nslots;			/* slots in use: [0, nslots) */
	struct ctl_slot *running;	/* baton holder */
	struct ctl_slot *main;		/* the boot task */
	unsigned long long rng;
	unsigned long change[KENV_SCHED_MAX_DEPTH]; /* PCT change points */
	int nchange, next_change;
	bool planned;			/* the next runs follow @plan */
	struct kenv_sched_plan plan;
	long low_prio;			/* below every priority given */
	/* the harness's run */
	bool (*done)(void *arg);
	void *done_arg;
	unsigned int flags;
	unsigned long run_points;
	unsigned long run_decisions;	/* decisions in this run */
	unsigned int run_preemptions;	/* preemptions in this run */
	int result;			/* KENV_SCHED_* of the run */
	int stopped;			/* deadlock/livelock: no more runs */
	char stuck[64];			/* livelock: the spinning task */
	struct kenv_sched_stats st;
};

/* Only the baton holder touches it, but for the atomics (sched_ctl.c). */
extern struct ctl kenv_ctl KENV_HIDDEN;
extern __thread struct ctl_slot *ctl_self KENV_HIDDEN; /* this thread's */
extern __thread unsigned int ctl_self_gen KENV_HIDDEN;
/* In the scheduler: no re-entry. */
extern __thread bool ctl_in_sched KENV_HIDDEN;

/* sched_ctl.c */
unsigned long ctl_rng_below(unsigned long n) KENV_HIDDEN;
struct ctl_slot *ctl_self_slot(void) KENV_HIDDEN;
long ctl_initial_prio(struct task_struct *p) KENV_HIDDEN;
bool ctl_slot_runnable(struct ctl_slot *s) KENV_HIDDEN;
struct ctl_slot *ctl_idle(struct ctl_slot **v, int *n) KENV_HIDDEN;
void ctl_leave(struct ctl_slot *s, bool wait) KENV_HIDDEN;
void ctl_point(enum kenv_sched_point sp, const void *obj,
	       void *arg) KENV_HIDDEN;

#endif /* _KENV_SCHED_CTL_H */
