/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv: the freezer for kernel threads, after 2.6.29 kernel/freezer.c
 * (refrigerator, thaw_process) and kernel/power/process.c
 * (freeze_processes, thaw_processes).
 *
 * A freezable task (one without PF_NOFREEZE, i.e. that called
 * set_freezable()) is marked with ->freeze and a fake signal
 * (->sigpending) and woken if it sleeps interruptibly; it parks itself
 * in refrigerator() from try_to_freeze(). freeze_processes() polls until
 * every marked task is frozen or the timeout passes.
 */
#include <stdio.h>
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/freezer.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#include <kenv/kenv.h>
#include "sys_internal.h"

/*
 * wqkit: 2.6.29 pairs ->freeze and PF_FROZEN under task_lock(p). Here the
 * freezer marks and thaws tasks from kenv_for_each_task() callbacks, where
 * taking a spinlock could deadlock against cpu_down()'s stop_machine
 * (which walks the task list), so the pairing is a store-then-load
 * handshake on seq_cst atomics instead:
 *   refrigerator:  set PF_FROZEN, then read ->freeze (0: undo, return)
 *   thaw:          clear ->freeze, then read PF_FROZEN (1: clear, wake)
 * One side always sees the other, so a thaw racing with a task entering
 * the refrigerator never leaves it frozen.
 */

/* Serializes freeze_processes() and thaw_processes() (pm_mutex). */
static DEFINE_MUTEX(freezer_mutex);

#define FREEZE_TIMEOUT_MS_DEFAULT	20000u

/*
 * wqkit: 2.6.29 yield()s between rounds and times out on real jiffies. On
 * the virtual clock a yield would never let time pass, so the freezer
 * sleeps instead: until a task enters the refrigerator (it wakes
 * freezer_wait) or one jiffy passes. A task that cannot freeze yet (e.g.
 * a work sleeping uninterruptibly) then leaves everyone idle and the
 * harness moves the clock, as time passes on a real machine; the timeout
 * is in virtual time too, so a failed freeze replays exactly.
 */
static DECLARE_WAIT_QUEUE_HEAD(freezer_wait);
/* Bumped by every task entering the refrigerator. */
static _Atomic unsigned long nr_freeze_events;


/**
 * refrigerator - park the current task while the system is frozen
 *
 * Called from try_to_freeze() by a task marked freezing. Returns when
 * thaw_processes() has cleared PF_FROZEN, with the task state restored.
 */
void refrigerator(void)
{
	struct task_struct *p = current;
	long save;

	if (!freezing(p))
		return;
	if (atomic_load(&p->flags) & PF_NOFREEZE) {
		atomic_store(&p->freeze, 0);
		return;
	}
	/* frozen_process(), see the handshake above */
	atomic_fetch_or(&p->flags, PF_FROZEN);
	if (!freezing(p)) {
		/* thawed meanwhile */
		atomic_fetch_and(&p->flags, ~PF_FROZEN);
		return;
	}
	atomic_store(&p->freeze, 0);
	atomic_fetch_add(&nr_freeze_events, 1);
	wake_up(&freezer_wait);

	save = atomic_load_explicit(&p->state, memory_order_relaxed);

	/* recalc_sigpending(): we sent a fake signal, clean it up */
	atomic_store(&p->sigpending, 0);

	kenv_set_blocked(__func__, p, "frozen");
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!frozen(p))
			break;
		schedule();
	}
	kenv_clear_blocked();
	__set_current_state(save);
}

/* ------------------------------------------------------------------ */
/* freeze_processes                                                    */

/* 2.6.29 freezeable(): not the freezer itself, not PF_NOFREEZE, alive. */
static bool freezeable(const struct kenv_task_info *ti)
{
	struct task_struct *p = ti->task;
	unsigned int flags = atomic_load(&p->flags);

	if (p == current)
		return false;
	if (flags & (PF_NOFREEZE | PF_EXITING))
		return false;
	if (ti->state == TASK_DEAD)
		return false;
	return true;
}

/*
 * freeze_task(): mark @p and send it the fake signal. wqkit: the kernel
 * wakes it once (signal_wake_up) and relies on a pending signal keeping
 * interruptible sleeps from sleeping; here it is woken every round.
 */
static void freeze_task(struct task_struct *p)
{
	if (frozen(p))
		return;
	atomic_store(&p->freeze, 1);
	atomic_store(&p->sigpending, 1);
	wake_up_state(p, TASK_INTERRUPTIBLE);
}

/* One round: mark every freezable task; count those not frozen yet. */
static int freeze_round_fn(const struct kenv_task_info *ti, void *arg)
{
	int *todo = arg;
	struct task_struct *p = ti->task;

	if (frozen(p) || !freezeable(ti))
		return 0;
	freeze_task(p);
	if (!frozen(p) && !(atomic_load(&p->flags) & PF_FREEZER_SKIP))
		(*todo)++;
	return 0;
}

struct refusers {
	char *buf;
	size_t len;
	size_t size;
	int nr;
};

static void refusers_add(struct refusers *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->len >= r->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, r->size - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len += (size_t)n < r->size - r->len ? (size_t)n :
			  r->size - r->len - 1;
}

static const char *state_name(long state)
{
	switch (state) {
	case TASK_RUNNING:		return "R";
	case TASK_INTERRUPTIBLE:	return "S";
	case TASK_UNINTERRUPTIBLE:	return "D";
	case TASK_STOPPED:		return "T";
	case TASK_DEAD:			return "X";
	default:			return "?";
	}
}

/* Describe a task that was asked to freeze and did not. */
static int refuser_fn(const struct kenv_task_info *ti, void *arg)
{
	struct refusers *r = arg;
	struct task_struct *p = ti->task;

	if (!freezing(p) || frozen(p) || !freezeable(ti) ||
	    (atomic_load(&p->flags) & PF_FREEZER_SKIP))
		return 0;
	r->nr++;
	refusers_add(r, " %-16s pid %d cpu %d state %s blocked in %s%s%s\n",
		     ti->comm, ti->pid, ti->cpu, state_name(ti->state),
		     ti->blocked_in ? ti->blocked_in : "-",
		     ti->blocked_what ? " on " : "",
		     ti->blocked_what ? ti->blocked_what : "");
	return 0;
}

/* cancel_freezing() for every task after a failed attempt. */
static int cancel_fn(const struct kenv_task_info *ti, void *arg)
{
	struct task_struct *p = ti->task;

	(void)arg;
	if (p == current)
		return 0;
	if (freezing(p)) {
		atomic_store(&p->freeze, 0);
		atomic_store(&p->sigpending, 0);
	}
	return 0;
}

static void freeze_pause(unsigned long seen)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(&freezer_wait, &wait, TASK_UNINTERRUPTIBLE);
	if (atomic_load(&nr_freeze_events) == seen) {
		kenv_set_blocked("freeze_processes", &freezer_wait, "freezer");
		schedule_timeout(1);
		kenv_clear_blocked();
	}
	finish_wait(&freezer_wait, &wait);
}

static void freeze_failed(unsigned int ms, int todo)
{
	static char buf[1792];
	struct refusers r = { .buf = buf, .size = sizeof(buf) };

	buf[0] = '\0';
	kenv_for_each_task(refuser_fn, &r);
	kenv_fail(KENV_FAIL_FREEZE, "freeze_processes", __FILE__, __LINE__,
		  "freezing of tasks failed",
		  "Freezing of tasks failed after %u ms "
		  "(%d tasks refusing to freeze):\n%s",
		  ms, r.nr ? r.nr : todo, buf);
	kenv_for_each_task(cancel_fn, NULL);
}

static void thaw_tasks(void);

/**
 * freeze_processes - freeze every freezable task
 *
 * Returns 0 when all are frozen, or -EBUSY after the timeout
 * (kenv_config.freeze_timeout_ms, default 20 s): then a KENV_FAIL_FREEZE
 * failure names the tasks that refused, and every task is thawed.
 */
int freeze_processes(void)
{
	unsigned int timeout = kenv_cfg.freeze_timeout_ms;
	unsigned long start, end, seen;
	int todo;

	if (!timeout)
		timeout = FREEZE_TIMEOUT_MS_DEFAULT;

	mutex_lock(&freezer_mutex);
	start = jiffies;
	end = start + msecs_to_jiffies(timeout);
	for (;;) {
		seen = atomic_load(&nr_freeze_events);
		todo = 0;
		kenv_for_each_task(freeze_round_fn, &todo);
		if (!todo)
			break;
		if (time_after(jiffies, end))
			break;
		freeze_pause(seen);
	}

	if (todo) {
		/*
		 * wqkit: freeze_failed() runs under freezer_mutex; the
		 * failure handler must not call back into the freezer.
		 */
		freeze_failed((jiffies - start) * (1000 / HZ), todo);
		thaw_tasks();
	}
	mutex_unlock(&freezer_mutex);

	BUG_ON(in_atomic());
	return todo ? -EBUSY : 0;
}

/* ------------------------------------------------------------------ */
/* thaw_processes                                                      */

static int thaw_fn(const struct kenv_task_info *ti, void *arg)
{
	struct task_struct *p = ti->task;

	(void)arg;
	if (p == current)
		return 0;
	/* __thaw_process(), see the handshake above */
	atomic_store(&p->freeze, 0);
	atomic_store(&p->sigpending, 0);
	if (atomic_fetch_and(&p->flags, ~PF_FROZEN) & PF_FROZEN)
		wake_up_process(p);
	return 0;
}

static void thaw_tasks(void)
{
	kenv_for_each_task(thaw_fn, NULL);
}

/**
 * thaw_processes - let every frozen task run again
 *
 * Clears the freeze marks and wakes the frozen tasks.
 */
void thaw_processes(void)
{
	mutex_lock(&freezer_mutex);
	thaw_tasks();
	mutex_unlock(&freezer_mutex);
}

/**
 * kenv_freezer_reset - forget the freezer's state
 *
 * Called by kenv_reset() with no other task running; the per-task marks
 * go with the tasks. A lock left held by a killed task is re-initialized.
 */
void kenv_freezer_reset(void)
{
	static struct lock_class_key reset_key;

	if (mutex_is_locked(&freezer_mutex))
		__mutex_init(&freezer_mutex, "freezer_mutex", &reset_key);
}
