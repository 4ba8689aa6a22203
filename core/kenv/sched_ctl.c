/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv controlled scheduling: one task runs at a time, the interleaving
 * is chosen by a seeded policy (PCT or a random walk), so a run replays
 * exactly.
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
#include "sched_internal.h"

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
static struct ctl {
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
} ctl;

_Atomic int kenv_ctl_on;
static __thread struct ctl_slot *ctl_self;	/* slot of this thread */
static __thread unsigned int ctl_self_gen;
static __thread bool in_sched;			/* no re-entry */

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static unsigned long long rng_next(void)
{
	/* splitmix64 */
	unsigned long long z = (ctl.rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long rng_below(unsigned long n)
{
	return n ? (unsigned long)(rng_next() % n) : 0;
}

static struct ctl_slot *self(void)
{
	if (ctl_self && ctl_self_gen == ctl.gen)
		return ctl_self;
	return NULL;
}

static struct ctl_slot *slot_of(struct task_struct *p)
{
	int i;

	for (i = 0; i < ctl.nslots; i++)
		if (ctl.slot[i].state != CS_FREE && ctl.slot[i].p == p)
			return &ctl.slot[i];
	return NULL;
}

static long initial_prio(struct task_struct *p)
{
	if (ctl.planned)
		return kenv_sched_plan_prio(p->comm, ctl.plan.order);
	return ctl.prm.depth + (long)rng_below(1UL << 30);
}

static bool slot_runnable(struct ctl_slot *s)
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
	ctl_self_gen = ctl.gen;
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
	ctl.running = next;
	next->state = CS_RUN;
	ctl.st.switches++;
	post(next);
}

/* ------------------------------------------------------------------ */
/* Policies                                                            */

/* Runnable slots into @v (the boot task only when it sleeps). */
static int candidates(struct ctl_slot **v)
{
	int i, n = 0;

	for (i = 0; i < ctl.nslots; i++)
		if (slot_runnable(&ctl.slot[i]))
			v[n++] = &ctl.slot[i];
	return n;
}

static struct ctl_slot *pick(struct ctl_slot **v, int n)
{
	struct ctl_slot *best;
	int i;

	if (ctl.prm.policy == KENV_SCHED_RANDOM)
		return v[rng_below(n)];
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
static struct ctl_slot *idle(struct ctl_slot **v, int *n)
{
	unsigned long exp, now;

	for (;;) {
		if (ctl.main->state != CS_HARNESS)
			return NULL;
		if (!ctl.done || ctl.done(ctl.done_arg)) {
			ctl.result = KENV_SCHED_IDLE;
			return ctl.main;
		}
		if (!(ctl.flags & KENV_RUN_CLOCK) || !kenv_clock_next(&exp))
			break;
		now = jiffies;
		kenv_clock_advance(time_after(exp, now) ? exp - now : 0);
		ctl.st.clock_jumps++;
		*n = candidates(v);
		if (*n)
			return pick(v, *n);
		if (!time_after(exp, now))
			break;
	}
	ctl.result = KENV_SCHED_DEADLOCK;
	ctl.stopped = KENV_SCHED_DEADLOCK;
	return ctl.main;
}

static void count_point(struct ctl_slot *s)
{
	ctl.st.points++;
	if (++ctl.run_points > ctl.st.max_run_points)
		ctl.st.max_run_points = ctl.run_points;
}

static bool over_budget(struct ctl_slot *s)
{
	if (ctl.run_points <= ctl.prm.budget || ctl.main->state != CS_HARNESS)
		return false;
	snprintf(ctl.stuck, sizeof(ctl.stuck), "%s", s->p->comm);
	ctl.result = KENV_SCHED_LIVELOCK;
	ctl.stopped = KENV_SCHED_LIVELOCK;
	return true;
}

/*
 * The holder @s leaves the baton: it sleeps (@s->state set by the caller)
 * or ended (CS_FREE). Picks the next task, hands over and, if @wait,
 * waits for its own turn.
 */
static void leave(struct ctl_slot *s, bool wait)
{
	struct ctl_slot *v[CTL_MAX_TASKS], *next;
	int n;

	count_point(s);
	if (s != ctl.main && over_budget(s)) {
		next = ctl.main;
	} else {
		n = candidates(v);
		if (n > 1) {
			ctl.st.decisions++;
			ctl.run_decisions++;
		}
		next = n ? pick(v, n) : idle(v, &n);
	}
	if (!next) {
		ctl.stopped = KENV_SCHED_DEADLOCK;
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

/* A preemption point in the holder @s. */
static void decide(struct ctl_slot *s, enum ctl_why why)
{
	struct ctl_slot *v[CTL_MAX_TASKS], *next;
	int n, i;

	count_point(s);
	if (over_budget(s)) {
		s->state = CS_READY;
		hand(ctl.main);
		wait_turn(s);
		return;
	}
	s->state = CS_READY;
	n = candidates(v);
	if (n <= 1) {
		s->state = CS_RUN;
		return;
	}
	ctl.st.decisions++;
	ctl.run_decisions++;
	if (why == WHY_POINT && ++s->streak >= CTL_FAIR_POINTS)
		why = WHY_YIELD;
	if (why == WHY_YIELD)
		s->streak = 0;
	if (ctl.prm.policy == KENV_SCHED_PCT) {
		if (ctl.next_change < ctl.nchange &&
		    (ctl.prm.per_run ? ctl.run_decisions : ctl.st.decisions) >=
		    ctl.change[ctl.next_change]) {
			s->prio = ctl.prm.depth - 1 - ctl.next_change;
			ctl.next_change++;
		}
		if (why == WHY_YIELD)
			s->prio = --ctl.low_prio;
		next = pick(v, n);
	} else if (why == WHY_YIELD) {
		/* another task: drop the caller from the draw */
		for (i = 0; i < n && v[i] != s; i++)
			;
		v[i] = v[n - 1];
		next = pick(v, n - 1);
	} else if (ctl.prm.max_preemptions &&
		   (ctl.prm.per_run ? ctl.run_preemptions : ctl.st.preemptions) >=
		   ctl.prm.max_preemptions) {
		next = s;
	} else {
		next = pick(v, n);
	}
	if (next == s) {
		s->state = CS_RUN;
		return;
	}
	s->streak = 0;
	ctl.st.preemptions++;
	ctl.run_preemptions++;
	hand(next);
	wait_turn(s);
}

/* ------------------------------------------------------------------ */
/* Hooks called by kenv                                                */

/* The scheduling hook (installed while controlled). */
static void ctl_point(enum kenv_sched_point sp, const void *obj, void *arg)
{
	struct ctl_slot *s;

	(void)obj;
	(void)arg;
	if (in_sched)
		return;
	kenv_tsan_ignore_begin();
	s = self();
	if (!s || ctl.running != s || s == ctl.main || ctl.stopped)
		goto out;
	in_sched = true;
	switch (sp) {
	case KENV_SP_TASK_EXIT:
		s->state = CS_FREE;
		ctl_self = NULL;
		leave(s, false);
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
	in_sched = false;
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
	for (i = 0; i < ctl.nslots && !s; i++)
		if (ctl.slot[i].state == CS_FREE)
			s = &ctl.slot[i];
	if (!s && ctl.nslots < CTL_MAX_TASKS)
		s = &ctl.slot[ctl.nslots++];
	if (s) {
		memset(s, 0, sizeof(*s));
		s->p = p;
		s->state = CS_SLEEP;
		s->prio = initial_prio(p);
		atomic_store_explicit(&s->checked_in, 1, memory_order_relaxed);
		ctl.st.tasks++;
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
	if (s && self() != s)
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
	if (self() == s && ctl.running == s && !ctl.stopped) {
		in_sched = true;
		s->state = CS_SLEEP;
		leave(s, true);
		in_sched = false;
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
	if (!s || self() == s) {
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
	s = self();
	if (!s || ctl.running != s || ctl.stopped || in_sched) {
		kenv_tsan_ignore_end();
		return false;
	}
	in_sched = true;
	s->state = CS_WAIT;
	s->ready = ready;
	s->obj = obj;
	s->func = func;
	s->what = what;
	leave(s, true);
	in_sched = false;
	kenv_tsan_ignore_end();
	return true;
}

/* ------------------------------------------------------------------ */
/* Harness API                                                         */

/*
 * Waiting in real time, fairly: @last is the previous round's time, and
 * the return value the waited milliseconds so far (@acc), each round
 * counting CTL_ROUND_MS at most. A round much longer than a yield means
 * the process was not scheduled (a loaded machine), not that a task is
 * stuck, so a starved process does not run out of its bound.
 */
static long waited_ms(struct timespec *last, long *acc)
{
	struct timespec t;
	long d;

	clock_gettime(CLOCK_MONOTONIC, &t);
	d = (t.tv_sec - last->tv_sec) * 1000L +
		(t.tv_nsec - last->tv_nsec) / 1000000L;
	*last = t;
	*acc += d < CTL_ROUND_MS ? d : CTL_ROUND_MS;
	return *acc;
}

static int register_fn(const struct kenv_task_info *ti, void *arg)
{
	struct ctl_slot *s;

	(void)arg;
	if (ti->pid == 0 || ti->state == TASK_DEAD)
		return 0;	/* the boot task is slot 0; ended tasks */
	if (!ti->asleep)
		return 1;	/* not idle */
	if (ctl.nslots >= CTL_MAX_TASKS)
		return 2;
	s = &ctl.slot[ctl.nslots++];
	memset(s, 0, sizeof(*s));
	s->p = ti->task;
	s->state = CS_SLEEP;
	s->prio = initial_prio(s->p);
	ctl.st.tasks++;
	return 0;
}

static void pct_change_points(void)
{
	int i;

	ctl.next_change = 0;
	if (ctl.planned) {
		ctl.nchange = ctl.plan.nchange;
		memcpy(ctl.change, ctl.plan.change,
		       sizeof(ctl.plan.change[0]) * (size_t)ctl.nchange);
		return;
	}
	ctl.nchange = ctl.prm.policy == KENV_SCHED_PCT ? ctl.prm.depth - 1 : 0;
	for (i = 0; i < ctl.nchange; i++)
		ctl.change[i] = 1 + rng_below(ctl.prm.horizon);
	/* sort: change points are taken in order */
	for (i = 1; i < ctl.nchange; i++) {
		unsigned long c = ctl.change[i];
		int j = i;

		for (; j > 0 && ctl.change[j - 1] > c; j--)
			ctl.change[j] = ctl.change[j - 1];
		ctl.change[j] = c;
	}
	ctl.next_change = 0;
}

/* per_run: PCT starts over (priorities, change points) for a new run. */
static void pct_new_run(void)
{
	int i;

	if (ctl.prm.policy != KENV_SCHED_PCT)
		return;
	ctl.low_prio = 0;
	for (i = 0; i < ctl.nslots; i++) {
		if (&ctl.slot[i] == ctl.main ||
		    (ctl.planned && ctl.slot[i].state == CS_FREE))
			continue;	/* (an ended task's name may be gone) */
		ctl.slot[i].prio = initial_prio(ctl.slot[i].p);
	}
	pct_change_points();
}

/**
 * kenv_sched_controlled_plan - plan the next runs (planned PCT)
 * @plan: order and change points, or NULL for the seeded draw again
 *
 * Call from the boot task between runs of a session whose policy is PCT
 * per run. Returns 0 or -EINVAL.
 */
int kenv_sched_controlled_plan(const struct kenv_sched_plan *plan)
{
	int i, ret = 0;

	if (!kenv_sched_ctl_on())
		return -EINVAL;
	kenv_tsan_ignore_begin();
	if (ctl.prm.policy != KENV_SCHED_PCT || !ctl.prm.per_run ||
	    (plan && (plan->nchange < 0 || plan->nchange > ctl.prm.depth - 1)))
		ret = -EINVAL;
	for (i = 0; !ret && plan && i < plan->nchange; i++)
		if (plan->change[i] < 1 ||
		    (i && plan->change[i] <= plan->change[i - 1]))
			ret = -EINVAL;
	if (!ret) {
		ctl.planned = plan != NULL;
		if (plan)
			ctl.plan = *plan;
	}
	kenv_tsan_ignore_end();
	return ret;
}

/* Register every task; false if the system is not idle. */
static bool setup_slots(void)
{
	struct ctl_slot *m;
	unsigned long a = kenv_activity();

	ctl.rng = ctl.prm.seed;
	ctl.nslots = 0;
	memset(&ctl.st, 0, sizeof(ctl.st));
	m = &ctl.slot[ctl.nslots++];
	memset(m, 0, sizeof(*m));
	m->p = current;
	m->state = CS_RUN;
	m->prio = LONG_MIN / 2;
	atomic_store(&m->checked_in, 1);
	ctl.main = ctl.running = m;
	if (!kenv_clock_idle() || kenv_for_each_task(register_fn, NULL))
		return false;
	return kenv_clock_idle() && kenv_activity() == a;
}

/**
 * kenv_sched_controlled_begin - switch to controlled scheduling
 * @prm: policy, seed, depth, bounds (see struct kenv_sched_params)
 *
 * Call from the boot task with the system idle (every task asleep, no
 * timer due): waits (in real time, bounded; rounds in which the process
 * was starved count little) for idleness and registers every task. The
 * tasks stay in their sleep until first picked or woken, then check in
 * (kenv_sched_ctl_resume()). The boot task keeps the baton; tasks
 * run only inside kenv_sched_controlled_run(). Returns 0, -EINVAL (bad
 * parameters, not the boot task), -EALREADY or -EBUSY (not idle).
 */
int kenv_sched_controlled_begin(const struct kenv_sched_params *prm)
{
	static const struct kenv_sched_hook hook = { .point = ctl_point };
	struct timespec t0;
	long waited = 0;
	bool ok;

	if (!prm || prm->depth < 1 || prm->depth > KENV_SCHED_MAX_DEPTH ||
	    !current || current->pid != 0)
		return -EINVAL;
	if (kenv_sched_ctl_on())
		return -EALREADY;
	kenv_tsan_ignore_begin();
	ctl.prm = *prm;
	if (!ctl.prm.horizon)
		ctl.prm.horizon = CTL_DEF_HORIZON;
	if (!ctl.prm.budget)
		ctl.prm.budget = CTL_DEF_BUDGET;
	ctl.gen++;
	ctl.low_prio = 0;
	ctl.stopped = 0;
	ctl.planned = false;
	ctl.stuck[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!(ok = setup_slots()) && waited_ms(&t0, &waited) < CTL_BEGIN_MS)
		sched_yield();
	if (!ok) {
		kenv_tsan_ignore_end();
		return -EBUSY;
	}
	pct_change_points();
	ctl_self = ctl.main;
	ctl_self_gen = ctl.gen;
	atomic_store(&kenv_ctl_on, 1);
	kenv_set_sched_hook(&hook);
	kenv_tsan_ignore_end();
	return 0;
}

/**
 * kenv_sched_controlled_end - back to free threads
 *
 * Releases every parked task (they sleep the normal way again), except a
 * task caught spinning by the livelock check: it stays parked for good.
 * Call from the boot task. kenv_reset() calls it too.
 */
void kenv_sched_controlled_end(void)
{
	struct ctl_slot *s;
	int i;

	if (!kenv_sched_ctl_on())
		return;
	kenv_tsan_ignore_begin();
	kenv_set_sched_hook(NULL);
	atomic_store(&kenv_ctl_on, 0);
	for (i = 0; i < ctl.nslots; i++) {
		s = &ctl.slot[i];
		if (s == ctl.main || s->state == CS_FREE)
			continue;
		if (ctl.stopped == KENV_SCHED_LIVELOCK && s->state == CS_READY)
			continue;
		/* (one never picked nor woken still sleeps the free way) */
		atomic_store_explicit(&s->go, 1, memory_order_seq_cst);
		if (atomic_load_explicit(&s->checked_in, memory_order_seq_cst))
			kenv_futex_wake(&s->go, 1);
	}
	ctl_self = NULL;
	ctl.gen++;
	kenv_tsan_ignore_end();
}

/**
 * kenv_sched_controlled - whether controlled scheduling is on
 */
bool kenv_sched_controlled(void)
{
	return kenv_sched_ctl_on();
}

/**
 * kenv_sched_controlled_run - let the tasks run until nothing can run
 * @done: the harness's condition, or NULL (run until idle)
 * @arg: its argument
 * @flags: KENV_RUN_CLOCK: when no task can run and @done does not hold,
 *         move the virtual clock to the next timer
 *
 * The boot task hands the baton to the tasks and gets it back when no
 * task is runnable. Returns KENV_SCHED_IDLE (and @done holds),
 * KENV_SCHED_DEADLOCK (nothing can run, @done does not hold, no timer to
 * move to) or KENV_SCHED_LIVELOCK (more than the budget of scheduling
 * points); after these two the session is stopped and every further run
 * returns the same. -EINVAL outside a session or the boot task.
 * No wall clock is involved.
 */
int kenv_sched_controlled_run(bool (*done)(void *arg), void *arg,
			      unsigned int flags)
{
	struct ctl_slot *m;
	int ret;

	if (!kenv_sched_ctl_on())
		return -EINVAL;
	kenv_tsan_ignore_begin();
	m = self();
	if (!m || m != ctl.main || ctl.running != m) {
		kenv_tsan_ignore_end();
		return -EINVAL;
	}
	if (ctl.stopped) {
		ret = ctl.stopped;
		kenv_tsan_ignore_end();
		return ret;
	}
	ctl.done = done;
	ctl.done_arg = arg;
	ctl.flags = flags;
	ctl.run_points = 0;
	ctl.run_decisions = 0;
	ctl.run_preemptions = 0;
	if (ctl.prm.per_run)
		pct_new_run();
	ctl.st.runs++;
	in_sched = true;
	m->state = CS_HARNESS;
	leave(m, true);
	m->state = CS_RUN;
	in_sched = false;
	ret = ctl.result;
	kenv_tsan_ignore_end();
	return ret;
}

/**
 * kenv_sched_controlled_stats - counters of the session (or the last one)
 * @st: filled
 */
void kenv_sched_controlled_stats(struct kenv_sched_stats *st)
{
	kenv_tsan_ignore_begin();
	*st = ctl.st;
	kenv_tsan_ignore_end();
}

static const char *state_name(int state)
{
	static const char *const names[] = {
		[CS_FREE] = "ended", [CS_RUN] = "running",
		[CS_READY] = "runnable", [CS_SLEEP] = "sleeping",
		[CS_WAIT] = "waiting", [CS_HARNESS] = "harness",
	};

	return names[state];
}

/**
 * kenv_sched_controlled_stuck - the task a livelock caught spinning
 *
 * Its comm after kenv_sched_controlled_run() returned
 * %KENV_SCHED_LIVELOCK, else "". Call from the boot task.
 */
const char *kenv_sched_controlled_stuck(void)
{
	return ctl.stopped == KENV_SCHED_LIVELOCK ? ctl.stuck : "";
}

/**
 * kenv_sched_controlled_report - every controlled task and what it waits on
 * @buf: output, NUL-terminated
 * @len: its size
 *
 * One line per task: comm, pid, state, kernel function it sleeps in and
 * the object (kind and name, kenv_obj_name()). For a livelock, first the task that
 * exceeded the budget. Call from the boot task after a run returned.
 * Returns the length written.
 */
size_t kenv_sched_controlled_report(char *buf, size_t len)
{
	size_t pos = 0;
	int i, n;

	if (!len)
		return 0;
	buf[0] = '\0';
	kenv_tsan_ignore_begin();
	if (ctl.stopped == KENV_SCHED_LIVELOCK)
		pos += snprintf(buf, len,
				"livelock: %s exceeded %lu scheduling points without the system going idle\n",
				ctl.stuck, ctl.prm.budget);
	for (i = 0; i < ctl.nslots && pos < len; i++) {
		struct ctl_slot *s = &ctl.slot[i];
		const char *fn = NULL, *what = NULL;
		const void *obj = NULL;
		char name[96];

		if (s->state == CS_FREE || s == ctl.main)
			continue;
		if (s->state == CS_WAIT) {
			fn = s->func;
			what = s->what;
			obj = s->obj;
		} else {
			fn = atomic_load(&s->p->blocked_in);
			what = atomic_load(&s->p->blocked_what);
			obj = atomic_load(&s->p->blocked_on);
		}
		n = snprintf(buf + pos, len - pos,
			     "task %-14s pid %d %s%s in %s on %s %s\n",
			     s->p->comm, s->p->pid, state_name(s->state),
			     s->state != CS_READY && slot_runnable(s) ?
			     " (runnable)" : "",
			     fn ? fn : "-", what ? what : "-",
			     kenv_obj_name(obj, what, name, sizeof(name)));
		if (n < 0)
			break;
		pos += n;
	}
	kenv_tsan_ignore_end();
	return pos < len ? pos : len - 1;
}
