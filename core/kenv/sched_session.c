/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv controlled scheduling: the harness's session API. Begin a session
 * (register every task, the system idle), plan PCT runs, run until idle,
 * deadlock or livelock, end it, and report counters and the stuck tasks.
 * Runs in the boot task; the engine is sched_ctl.c (see its comment for
 * the baton and TSan). No lock: the state is the baton holder's.
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
	if (kenv_ctl.nslots >= CTL_MAX_TASKS)
		return 2;
	s = &kenv_ctl.slot[kenv_ctl.nslots++];
	memset(s, 0, sizeof(*s));
	s->p = ti->task;
	s->state = CS_SLEEP;
	s->prio = ctl_initial_prio(s->p);
	kenv_ctl.st.tasks++;
	return 0;
}

static void pct_change_points(void)
{
	int i;

	kenv_ctl.next_change = 0;
	if (kenv_ctl.planned) {
		kenv_ctl.nchange = kenv_ctl.plan.nchange;
		memcpy(kenv_ctl.change, kenv_ctl.plan.change,
		       sizeof(kenv_ctl.plan.change[0]) * (size_t)kenv_ctl.nchange);
		return;
	}
	kenv_ctl.nchange = kenv_ctl.prm.policy == KENV_SCHED_PCT ?
			   kenv_ctl.prm.depth - 1 : 0;
	for (i = 0; i < kenv_ctl.nchange; i++)
		kenv_ctl.change[i] = 1 + ctl_rng_below(kenv_ctl.prm.horizon);
	/* sort: change points are taken in order */
	for (i = 1; i < kenv_ctl.nchange; i++) {
		unsigned long c = kenv_ctl.change[i];
		int j = i;

		for (; j > 0 && kenv_ctl.change[j - 1] > c; j--)
			kenv_ctl.change[j] = kenv_ctl.change[j - 1];
		kenv_ctl.change[j] = c;
	}
	kenv_ctl.next_change = 0;
}

/* per_run: PCT starts over (priorities, change points) for a new run. */
static void pct_new_run(void)
{
	int i;

	if (kenv_ctl.prm.policy != KENV_SCHED_PCT)
		return;
	kenv_ctl.low_prio = 0;
	for (i = 0; i < kenv_ctl.nslots; i++) {
		if (&kenv_ctl.slot[i] == kenv_ctl.main ||
		    (kenv_ctl.planned && kenv_ctl.slot[i].state == CS_FREE))
			continue;	/* (an ended task's name may be gone) */
		kenv_ctl.slot[i].prio = ctl_initial_prio(kenv_ctl.slot[i].p);
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
	if (kenv_ctl.prm.policy != KENV_SCHED_PCT || !kenv_ctl.prm.per_run ||
	    (plan && (plan->nchange < 0 || plan->nchange > kenv_ctl.prm.depth - 1)))
		ret = -EINVAL;
	for (i = 0; !ret && plan && i < plan->nchange; i++)
		if (plan->change[i] < 1 ||
		    (i && plan->change[i] <= plan->change[i - 1]))
			ret = -EINVAL;
	if (!ret) {
		kenv_ctl.planned = plan != NULL;
		if (plan)
			kenv_ctl.plan = *plan;
	}
	kenv_tsan_ignore_end();
	return ret;
}

/* Register every task; false if the system is not idle. */
static bool setup_slots(void)
{
	struct ctl_slot *m;
	unsigned long a = kenv_activity();

	kenv_ctl.rng = kenv_ctl.prm.seed;
	kenv_ctl.nslots = 0;
	memset(&kenv_ctl.st, 0, sizeof(kenv_ctl.st));
	m = &kenv_ctl.slot[kenv_ctl.nslots++];
	memset(m, 0, sizeof(*m));
	m->p = current;
	m->state = CS_RUN;
	m->prio = LONG_MIN / 2;
	atomic_store(&m->checked_in, 1);
	kenv_ctl.main = kenv_ctl.running = m;
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
	kenv_ctl.prm = *prm;
	if (!kenv_ctl.prm.horizon)
		kenv_ctl.prm.horizon = CTL_DEF_HORIZON;
	if (!kenv_ctl.prm.budget)
		kenv_ctl.prm.budget = CTL_DEF_BUDGET;
	kenv_ctl.gen++;
	kenv_ctl.low_prio = 0;
	kenv_ctl.stopped = 0;
	kenv_ctl.planned = false;
	kenv_ctl.stuck[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!(ok = setup_slots()) && waited_ms(&t0, &waited) < CTL_BEGIN_MS)
		sched_yield();
	if (!ok) {
		kenv_tsan_ignore_end();
		return -EBUSY;
	}
	pct_change_points();
	ctl_self = kenv_ctl.main;
	ctl_self_gen = kenv_ctl.gen;
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
	for (i = 0; i < kenv_ctl.nslots; i++) {
		s = &kenv_ctl.slot[i];
		if (s == kenv_ctl.main || s->state == CS_FREE)
			continue;
		if (kenv_ctl.stopped == KENV_SCHED_LIVELOCK && s->state == CS_READY)
			continue;
		/* (one never picked nor woken still sleeps the free way) */
		atomic_store_explicit(&s->go, 1, memory_order_seq_cst);
		if (atomic_load_explicit(&s->checked_in, memory_order_seq_cst))
			kenv_futex_wake(&s->go, 1);
	}
	ctl_self = NULL;
	kenv_ctl.gen++;
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
	m = ctl_self_slot();
	if (!m || m != kenv_ctl.main || kenv_ctl.running != m) {
		kenv_tsan_ignore_end();
		return -EINVAL;
	}
	if (kenv_ctl.stopped) {
		ret = kenv_ctl.stopped;
		kenv_tsan_ignore_end();
		return ret;
	}
	kenv_ctl.done = done;
	kenv_ctl.done_arg = arg;
	kenv_ctl.flags = flags;
	kenv_ctl.run_points = 0;
	kenv_ctl.run_decisions = 0;
	kenv_ctl.run_preemptions = 0;
	if (kenv_ctl.prm.per_run)
		pct_new_run();
	kenv_ctl.st.runs++;
	ctl_in_sched = true;
	m->state = CS_HARNESS;
	ctl_leave(m, true);
	m->state = CS_RUN;
	ctl_in_sched = false;
	ret = kenv_ctl.result;
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
	*st = kenv_ctl.st;
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
	return kenv_ctl.stopped == KENV_SCHED_LIVELOCK ? kenv_ctl.stuck : "";
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
	if (kenv_ctl.stopped == KENV_SCHED_LIVELOCK)
		pos += snprintf(buf, len,
				"livelock: %s exceeded %lu scheduling points without the system going idle\n",
				kenv_ctl.stuck, kenv_ctl.prm.budget);
	for (i = 0; i < kenv_ctl.nslots && pos < len; i++) {
		struct ctl_slot *s = &kenv_ctl.slot[i];
		const char *fn = NULL, *what = NULL;
		const void *obj = NULL;
		char name[96];

		if (s->state == CS_FREE || s == kenv_ctl.main)
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
			     s->state != CS_READY && ctl_slot_runnable(s) ?
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
