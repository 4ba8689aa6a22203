/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv controlled scheduling: one task runs at a time, the interleaving
 * is chosen by a seeded policy (PCT or a random walk), so a run replays
 * exactly. This file is the engine (baton, policies, the hooks kenv
 * calls); the harness's session API (begin, run, end, stats, reports) is
 * sched_session.c.
 *
 * Every task stays a real pthread; the right to run is a baton. The task
 * holding it runs; every other controlled task waits on its own futex
 * word (slot->go). At each scheduling point (kenv_sched_point(), the hook
 * installed here) the holder asks the policy which runnable task runs
 * next and, if it is another one, posts that task's word and waits on
 * its own. A task that sleeps (schedule(), a contended spinlock or the
 * stop_machine lock) hands the baton on and is runnable again only when
 * its condition holds: runnability is computed from the task's state
 * each time (kenv_task_can_run(), the lock's owner), so wake-ups need no
 * hook of their own. With nothing runnable the scheduler moves the
 * virtual clock to the next timer (if the run allows it), or hands the
 * baton back to the harness (the boot task waiting in
 * kenv_sched_controlled_run()): idle, or a deadlock when the harness's
 * condition does not hold. A run that exceeds a budget of scheduling
 * points is a livelock.
 *
 * ThreadSanitizer: the hand-off and the scheduler's own state are
 * executed with synchronisation and accesses ignored (as kenv_ilock), so
 * the baton adds no happens-before edge between tasks: TSan sees only
 * the kernel's own synchronisation and still reports real races.
 *
 * Locking: the scheduler's state (struct ctl) is only touched by the
 * thread holding the baton, except the futex words, the on flag and the
 * check-in flags (atomics). There is no lock.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/sched.h>

#include "futex.h"
#include "sched_ctl.h"
#include "sched_internal.h"

/* The scheduler's state (sched_ctl.h). */
struct ctl kenv_ctl;
_Atomic int kenv_ctl_on;
__thread struct ctl_slot *ctl_self;	/* slot of this thread */
__thread unsigned int ctl_self_gen;
__thread bool ctl_in_sched;			/* no re-entry */

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static unsigned long long rng_next(void)
{
	/* splitmix64 */
	unsigned long long z = (kenv_ctl.rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned long ctl_rng_below(unsigned long n)
{
	return n ? (unsigned long)(rng_next() % n) : 0;
}

struct ctl_slot *ctl_self_slot(void)
{
	if (ctl_self && ctl_self_gen == kenv_ctl.gen)
		return ctl_self;
	return NULL;
}

static struct ctl_slot *slot_of(struct task_struct *p)
{
	int i;

	for (i = 0; i < kenv_ctl.nslots; i++)
		if (kenv_ctl.slot[i].state != CS_FREE && kenv_ctl.slot[i].p == p)
			return &kenv_ctl.slot[i];
	return NULL;
}

long ctl_initial_prio(struct task_struct *p)
{
	if (kenv_ctl.planned)
		return kenv_sched_plan_prio(p->comm, kenv_ctl.plan.order);
	return kenv_ctl.prm.depth + (long)ctl_rng_below(1UL << 30);
}

bool ctl_slot_runnable(struct ctl_slot *s)
{
	switch (s->state) {
	case CS_READY:
		return true;
	case CS_SLEEP:
		return kenv_task_can_run(s->p);
	case CS_WAIT:
		return s->ready(s->obj);
	}
	return false;
}

/* Wait until the baton is ours (or the session ended and released us). */
static void wait_turn(struct ctl_slot *s)
{
	/* seq_cst: pairs with post() (checked in, then read go) */
	while (!atomic_exchange_explicit(&s->go, 0, memory_order_seq_cst))
		kenv_futex_wait(&s->go, 0, NULL);
	ctl_self = s;
	ctl_self_gen = kenv_ctl.gen;
}

/*
 * Post @s's futex word: wake its thread where it waits. A task that has
 * not checked in since begin still sleeps on its condvar in
 * kenv_sched_ctl_resume()'s caller: poke it there, and it checks in and
 * finds its word set. seq_cst store then load, against the task's
 * check-in then read of the word: one of the two sees the other.
 */
static void post(struct ctl_slot *s)
{
	atomic_store_explicit(&s->go, 1, memory_order_seq_cst);
	if (atomic_load_explicit(&s->checked_in, memory_order_seq_cst))
		kenv_futex_wake(&s->go, 1);
	else
		kenv_task_poke(s->p);
}

/* Check in: from now on @s waits for the baton on its futex word. */
static void check_in(struct ctl_slot *s)
{
	atomic_store_explicit(&s->checked_in, 1, memory_order_seq_cst);
}

/* Give the baton to @next (not the caller's slot). */
static void hand(struct ctl_slot *next)
{
	kenv_ctl.running = next;
	next->state = CS_RUN;
	kenv_ctl.st.switches++;
	post(next);
}

/* ------------------------------------------------------------------ */
/* Policies                                                            */

/* Runnable slots into @v (the boot task only when it sleeps). */
static int candidates(struct ctl_slot **v)
{
	int i, n = 0;

	for (i = 0; i < kenv_ctl.nslots; i++)
		if (ctl_slot_runnable(&kenv_ctl.slot[i]))
			v[n++] = &kenv_ctl.slot[i];
	return n;
}

/*
 * PCT without the candidate array (most scheduling points decide
 * nothing, and filling v[] was the hottest part of the scheduler): the
 * number of runnable slots, exact up to 2 (only "more than one" matters),
 * and in *@best the first runnable slot of highest priority other than
 * @self, in slot order, as pick() finds it. @self (decide()'s caller,
 * CS_READY, its priority still to be updated) is counted, not compared:
 * pct_pick() does that. Once two are counted, a slot that cannot beat
 * *@best is not checked.
 */
static int pct_scan(const struct ctl_slot *self, struct ctl_slot **best)
{
	struct ctl_slot *s, *b = NULL;
	int i, n = self ? 1 : 0;

	for (i = 0; i < kenv_ctl.nslots; i++) {
		s = &kenv_ctl.slot[i];
		if (s == self || (n >= 2 && s->prio <= b->prio) ||
		    !ctl_slot_runnable(s))
			continue;
		n++;
		if (!b || s->prio > b->prio)
			b = s;
	}
	*best = b;
	return n;
}

/* pick() for PCT after pct_scan(): *@best, or @self if it comes first in
 * pick()'s order (higher priority, or equal and an earlier slot). */
static struct ctl_slot *pct_pick(struct ctl_slot *self, struct ctl_slot *best)
{
	if (!best || (self && (self->prio > best->prio ||
			       (self->prio == best->prio && self < best))))
		return self;
	return best;
}

static struct ctl_slot *pick(struct ctl_slot **v, int n)
{
	struct ctl_slot *best;
	int i;

	if (kenv_ctl.prm.policy == KENV_SCHED_RANDOM)
		return v[ctl_rng_below(n)];
	best = v[0];
	for (i = 1; i < n; i++)
		if (v[i]->prio > best->prio)
			best = v[i];
	return best;
}

/*
 * Nothing runnable: move the clock if the run allows it and the harness's
 * condition does not hold yet, else return the baton to the harness.
 * Returns the slot to run, or NULL when the harness itself is blocked.
 */
struct ctl_slot *ctl_idle(struct ctl_slot **v, int *n)
{
	unsigned long exp, now;

	for (;;) {
		if (kenv_ctl.main->state != CS_HARNESS)
			return NULL;
		if (!kenv_ctl.done || kenv_ctl.done(kenv_ctl.done_arg)) {
			kenv_ctl.result = KENV_SCHED_IDLE;
			return kenv_ctl.main;
		}
		if (!(kenv_ctl.flags & KENV_RUN_CLOCK) || !kenv_clock_next(&exp))
			break;
		now = jiffies;
		kenv_clock_advance(time_after(exp, now) ? exp - now : 0);
		kenv_ctl.st.clock_jumps++;
		*n = candidates(v);
		if (*n)
			return pick(v, *n);
		if (!time_after(exp, now))
			break;
	}
	kenv_ctl.result = KENV_SCHED_DEADLOCK;
	kenv_ctl.stopped = KENV_SCHED_DEADLOCK;
	return kenv_ctl.main;
}

static void count_point(struct ctl_slot *s)
{
	kenv_ctl.st.points++;
	if (++kenv_ctl.run_points > kenv_ctl.st.max_run_points)
		kenv_ctl.st.max_run_points = kenv_ctl.run_points;
}

/* A scheduling choice among two or more runnable tasks. */
static void count_decision(void)
{
	kenv_ctl.st.decisions++;
	kenv_ctl.run_decisions++;
}

static bool over_budget(struct ctl_slot *s)
{
	if (kenv_ctl.run_points <= kenv_ctl.prm.budget ||
	    kenv_ctl.main->state != CS_HARNESS)
		return false;
	snprintf(kenv_ctl.stuck, sizeof(kenv_ctl.stuck), "%s", s->p->comm);
	kenv_ctl.result = KENV_SCHED_LIVELOCK;
	kenv_ctl.stopped = KENV_SCHED_LIVELOCK;
	return true;
}

/* The choice of ctl_leave() from the candidate array (the random walk,
 * and PCT when nothing can run). */
static noinline struct ctl_slot *leave_pick(void)
{
	struct ctl_slot *v[CTL_MAX_TASKS];
	int n;

	n = candidates(v);
	if (n > 1)
		count_decision();
	return n ? pick(v, n) : ctl_idle(v, &n);
}

/*
 * The holder @s leaves the baton: it sleeps (@s->state set by the caller)
 * or ended (CS_FREE). Picks the next task, hands over and, if @wait,
 * waits for its own turn.
 */
void ctl_leave(struct ctl_slot *s, bool wait)
{
	struct ctl_slot *next;
	int n;

	count_point(s);
	if (s != kenv_ctl.main && over_budget(s)) {
		next = kenv_ctl.main;
	} else if (kenv_ctl.prm.policy != KENV_SCHED_PCT) {
		next = leave_pick();
	} else {
		n = pct_scan(NULL, &next);
		if (n > 1)
			count_decision();
		if (!n)
			next = leave_pick();	/* none: ctl_idle() */
	}
	if (!next) {
		kenv_ctl.stopped = KENV_SCHED_DEADLOCK;
		kenv_fail(KENV_FAIL_OOPS, __func__, __FILE__, __LINE__,
			  "deadlock with the boot task blocked (controlled scheduler)",
			  "no task can run and the boot task is blocked\n");
		if (wait)
			wait_turn(s);
		return;
	}
	if (next == s) {
		s->state = CS_RUN;
		return;
	}
	hand(next);
	if (wait)
		wait_turn(s);
}

/* A decision at a point of @s: count it; a long streak becomes a yield. */
static enum ctl_why note_decision(struct ctl_slot *s, enum ctl_why why)
{
	count_decision();
	if (why == WHY_POINT && ++s->streak >= CTL_FAIR_POINTS)
		why = WHY_YIELD;
	if (why == WHY_YIELD)
		s->streak = 0;
	return why;
}

/* The random walk's choice at a point of @s (CS_READY); @s: no switch. */
static noinline struct ctl_slot *
random_next(struct ctl_slot *s, enum ctl_why why)
{
	struct ctl_slot *v[CTL_MAX_TASKS];
	int n, i;

	n = candidates(v);
	if (n <= 1)
		return s;
	why = note_decision(s, why);
	if (why == WHY_YIELD) {
		/* another task: drop the caller from the draw */
		for (i = 0; i < n && v[i] != s; i++)
			;
		v[i] = v[n - 1];
		return pick(v, n - 1);
	}
	if (kenv_ctl.prm.max_preemptions &&
	    (kenv_ctl.prm.per_run ? kenv_ctl.run_preemptions :
				    kenv_ctl.st.preemptions) >=
	    kenv_ctl.prm.max_preemptions)
		return s;
	return pick(v, n);
}

/* PCT's choice at a point of @s (CS_READY); @s: no switch. */
static struct ctl_slot *pct_next(struct ctl_slot *s, enum ctl_why why)
{
	struct ctl_slot *best;

	if (pct_scan(s, &best) <= 1)
		return s;
	why = note_decision(s, why);
	if (kenv_ctl.next_change < kenv_ctl.nchange &&
	    (kenv_ctl.prm.per_run ? kenv_ctl.run_decisions : kenv_ctl.st.decisions) >=
	    kenv_ctl.change[kenv_ctl.next_change]) {
		s->prio = kenv_ctl.prm.depth - 1 - kenv_ctl.next_change;
		kenv_ctl.next_change++;
	}
	if (why == WHY_YIELD)
		s->prio = --kenv_ctl.low_prio;
	return pct_pick(s, best);
}

/* A preemption point in the holder @s. */
static void decide(struct ctl_slot *s, enum ctl_why why)
{
	struct ctl_slot *next;

	count_point(s);
	if (over_budget(s)) {
		s->state = CS_READY;
		hand(kenv_ctl.main);
		wait_turn(s);
		return;
	}
	s->state = CS_READY;
	if (kenv_ctl.prm.policy == KENV_SCHED_PCT)
		next = pct_next(s, why);
	else
		next = random_next(s, why);
	if (next == s) {
		s->state = CS_RUN;
		return;
	}
	s->streak = 0;
	kenv_ctl.st.preemptions++;
	kenv_ctl.run_preemptions++;
	hand(next);
	wait_turn(s);
}

/* ------------------------------------------------------------------ */
/* Hooks called by kenv                                                */

/* The scheduling hook (installed while controlled). */
void ctl_point(enum kenv_sched_point sp, const void *obj, void *arg)
{
	struct ctl_slot *s;

	(void)obj;
	(void)arg;
	if (ctl_in_sched)
		return;
	kenv_tsan_ignore_begin();
	s = ctl_self_slot();
	if (!s || kenv_ctl.running != s || s == kenv_ctl.main || kenv_ctl.stopped)
		goto out;
	ctl_in_sched = true;
	switch (sp) {
	case KENV_SP_TASK_EXIT:
		s->state = CS_FREE;
		ctl_self = NULL;
		ctl_leave(s, false);
		break;
	case KENV_SP_UNBLOCK:
	case KENV_SP_TASK_START:
		break;
	case KENV_SP_RELAX:
		decide(s, WHY_YIELD);
		break;
	default:
		decide(s, WHY_POINT);
		break;
	}
	ctl_in_sched = false;
out:
	kenv_tsan_ignore_end();
}

/**
 * kenv_sched_ctl_task_new - register a task just created (controlled)
 * @p: the new task, not yet started
 *
 * Called by its creator, the baton holder, so the set of tasks and their
 * order are the same in every run.
 */
void kenv_sched_ctl_task_new(struct task_struct *p)
{
	struct ctl_slot *s = NULL;
	int i;

	if (!kenv_sched_ctl_on())
		return;
	kenv_tsan_ignore_begin();
	for (i = 0; i < kenv_ctl.nslots && !s; i++)
		if (kenv_ctl.slot[i].state == CS_FREE)
			s = &kenv_ctl.slot[i];
	if (!s && kenv_ctl.nslots < CTL_MAX_TASKS)
		s = &kenv_ctl.slot[kenv_ctl.nslots++];
	if (s) {
		memset(s, 0, sizeof(*s));
		s->p = p;
		s->state = CS_SLEEP;
		s->prio = ctl_initial_prio(p);
		atomic_store_explicit(&s->checked_in, 1, memory_order_relaxed);
		kenv_ctl.st.tasks++;
	}
	kenv_tsan_ignore_end();
}

/**
 * kenv_sched_ctl_task_gone - forget a task that could not be started
 * @p: a task registered by kenv_sched_ctl_task_new()
 */
void kenv_sched_ctl_task_gone(struct task_struct *p)
{
	struct ctl_slot *s;

	if (!kenv_sched_ctl_on())
		return;
	kenv_tsan_ignore_begin();
	s = slot_of(p);
	if (s)
		s->state = CS_FREE;
	kenv_tsan_ignore_end();
}

/**
 * kenv_sched_ctl_enter - the thread of task @p is about to run its code
 * @p: a task starting on its pool thread
 *
 * Waits for the task's first turn when it is controlled.
 */
void kenv_sched_ctl_enter(struct task_struct *p)
{
	struct ctl_slot *s;

	if (!kenv_sched_ctl_on())
		return;
	kenv_tsan_ignore_begin();
	s = slot_of(p);
	if (s && ctl_self_slot() != s)
		wait_turn(s);
	kenv_tsan_ignore_end();
}

/**
 * kenv_sched_ctl_block - sleep in schedule() under the controlled scheduler
 * @p: the current task, which may not run now
 * @m: its sleep lock, held; dropped around the wait
 *
 * Returns false when @p is not controlled: the caller sleeps the normal
 * way. Otherwise hands the baton on, returns when @p runs again (or the
 * session ended) with @m held again; the caller re-checks its condition.
 */
bool kenv_sched_ctl_block(struct task_struct *p, pthread_mutex_t *m)
{
	struct ctl_slot *s;

	if (!kenv_sched_ctl_on())
		return false;
	kenv_tsan_ignore_begin();
	atomic_thread_fence(memory_order_acquire);	/* pairs with begin */
	s = slot_of(p);
	if (!s) {
		kenv_tsan_ignore_end();
		return false;
	}
	pthread_mutex_unlock(m);
	if (ctl_self_slot() == s && kenv_ctl.running == s && !kenv_ctl.stopped) {
		ctl_in_sched = true;
		s->state = CS_SLEEP;
		ctl_leave(s, true);
		ctl_in_sched = false;
	} else {
		/* asleep since before begin: park until picked */
		check_in(s);
		wait_turn(s);
	}
	kenv_tsan_ignore_end();
	pthread_mutex_lock(m);
	return true;
}

/**
 * kenv_sched_ctl_resume - a task woke from its free-mode sleep
 * @p: the current task, back from its condvar wait
 * @m: its sleep lock, held; dropped around the wait
 *
 * The controlled scheduler does not make the tasks asleep at its start
 * check in (two thread switches each, and two more at its end): a task
 * stays in its condvar wait until the scheduler first picks it (post()
 * pokes it) or a controlled wake-up signals it. Either way it must not
 * run on without the baton: it checks in and waits for its turn, as
 * though it had been parked on the baton all along.
 */
void kenv_sched_ctl_resume(struct task_struct *p, pthread_mutex_t *m)
{
	struct ctl_slot *s;

	if (!kenv_sched_ctl_on())
		return;
	kenv_tsan_ignore_begin();
	atomic_thread_fence(memory_order_acquire);	/* pairs with begin */
	s = slot_of(p);
	if (!s || ctl_self_slot() == s) {
		kenv_tsan_ignore_end();
		return;
	}
	pthread_mutex_unlock(m);
	check_in(s);
	wait_turn(s);
	kenv_tsan_ignore_end();
	pthread_mutex_lock(m);
}

/**
 * kenv_sched_ctl_wait - wait for a lock under the controlled scheduler
 * @ready: true when the lock may be taken
 * @obj: the lock
 * @func: kernel function waiting (reports)
 * @what: "spinlock", "stop_machine", ...
 *
 * Returns false when the caller is not a controlled task holding the
 * baton: it then blocks on the lock the normal way. Otherwise returns
 * when it runs again; the caller retries its trylock.
 */
bool kenv_sched_ctl_wait(bool (*ready)(const void *obj), const void *obj,
			 const char *func, const char *what)
{
	struct ctl_slot *s;

	if (!kenv_sched_ctl_on())
		return false;
	kenv_tsan_ignore_begin();
	s = ctl_self_slot();
	if (!s || kenv_ctl.running != s || kenv_ctl.stopped || ctl_in_sched) {
		kenv_tsan_ignore_end();
		return false;
	}
	ctl_in_sched = true;
	s->state = CS_WAIT;
	s->ready = ready;
	s->obj = obj;
	s->func = func;
	s->what = what;
	ctl_leave(s, true);
	ctl_in_sched = false;
	kenv_tsan_ignore_end();
	return true;
}

