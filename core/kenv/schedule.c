/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv tasks: sleeping and waking. schedule(), wake_up_state(),
 * wake_up_process(), yield(), which CPU a task may run on, the awake
 * count behind kenv_wait_idle() and the activity counter. (Task
 * structures, the task list, the life of a task and the reset: task.c;
 * the OS threads: pool.c.)
 *
 * There is one real way to sleep: schedule() waits on the task's sleep
 * lock/condvar while the task may not run (state not TASK_RUNNING, or
 * bound to an offline CPU). wake_up_state() takes the same sleep lock, so
 * a wake-up between set_current_state() and schedule() is never lost. The
 * sleep lock is a pthread mutex: the happens-before edge waker -> wakee
 * that ThreadSanitizer sees through it is the one the kernel's runqueue
 * lock gives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdio.h>
#include <time.h>

#include <linux/kernel.h>
#include <linux/sched.h>

#include "futex.h"
#include "sched_internal.h"
#include "task.h"

/*
 * Activity counter: bumped whenever a task starts or stops waiting in
 * schedule() and on every successful wake-up. A harness that sees it
 * unchanged around a walk of the task list saw a consistent picture
 * (kenv_activity()). Relaxed: no happens-before edge for TSan.
 */
static _Atomic unsigned long activity;

static void activity_bump(void)
{
	atomic_fetch_add_explicit(&activity, 1, memory_order_relaxed);
}

/**
 * kenv_activity - count of blocks, unblocks and wake-ups so far
 */
unsigned long kenv_activity(void)
{
	return atomic_load_explicit(&activity, memory_order_relaxed);
}

/*
 * Awake count: live tasks other than the boot task that are not asleep
 * (kenv_task_info->asleep): created and not yet waiting for their first
 * wake-up, running, or woken. It moves with every change of a task's
 * ->asleep, which is made under the task's sleep lock; a waker marks the
 * wakee awake at wake time, so a woken task that has not run yet never
 * looks asleep. kenv_wait_idle() futex-waits for it to reach zero.
 * Relaxed atomics + fences + raw futex: no happens-before edge for TSan.
 */
static _Atomic unsigned int nr_awake;	/* futex word */
static _Atomic int idle_waiters;	/* threads in kenv_wait_idle() */

static void awake_dec(void)
{
	if (atomic_fetch_sub_explicit(&nr_awake, 1, memory_order_relaxed) != 1)
		return;
	/* Pairs with kenv_wait_idle(): count written, then waiters read. */
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&idle_waiters, memory_order_relaxed))
		kenv_futex_wake(&nr_awake, INT_MAX);
}

/* @t stops being runnable. Under its sleep lock. */
void task_mark_asleep(struct kenv_task *t)
{
	if (atomic_load_explicit(&t->asleep, memory_order_relaxed) != KT_AWAKE)
		return;
	atomic_store_explicit(&t->asleep, KT_ASLEEP, memory_order_relaxed);
	activity_bump();
	if (!t->boot)
		awake_dec();
}

/* @t is runnable again (woken, kicked or killed). Under its sleep lock. */
void task_mark_awake(struct kenv_task *t)
{
	if (atomic_load_explicit(&t->asleep, memory_order_relaxed) != KT_ASLEEP)
		return;
	atomic_store_explicit(&t->asleep, KT_AWAKE, memory_order_relaxed);
	activity_bump();
	if (!t->boot)
		atomic_fetch_add_explicit(&nr_awake, 1, memory_order_relaxed);
}

/* A new task counts as awake until its thread waits for the first
 * wake-up (kenv_task_create). */
void task_mark_created(void)
{
	atomic_fetch_add_explicit(&nr_awake, 1, memory_order_relaxed);
}

/*
 * @t ends (task_exit, in the task) or never started (pool_start failed).
 * No sleep lock: an awake task's ->asleep is changed only by the task
 * itself, and taking the lock would add an edge TSan should not see.
 */
void task_mark_ended(struct kenv_task *t)
{
	int was = atomic_exchange_explicit(&t->asleep, KT_ENDED,
					   memory_order_relaxed);

	if (was == KT_AWAKE && !t->boot)
		awake_dec();
}

/**
 * kenv_wait_idle - wait until no task is runnable and no timer is due
 * @timeout_us: real-time bound in microseconds (0: just look)
 *
 * Idle: every live task but the boot task is asleep (as
 * kenv_task_info->asleep says: waiting in schedule() or for its first
 * wake-up, parked after an oops, or ended) and kenv_clock_idle(). Exact
 * without a walk of the task list: a waker counts its wakee runnable at
 * wake time, and a kicked softirq task is woken by its kicker. Adds no
 * happens-before edge. Returns 0 when idle, -ETIMEDOUT otherwise.
 */
int kenv_wait_idle(long timeout_us)
{
	struct timespec now, end, ts;
	unsigned int n;
	long ns;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout_us / 1000000;
	end.tv_nsec += (timeout_us % 1000000) * 1000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
	for (;;) {
		n = atomic_load_explicit(&nr_awake, memory_order_relaxed);
		if (!n && kenv_clock_idle())
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		ns = (end.tv_sec - now.tv_sec) * 1000000000L +
			(end.tv_nsec - now.tv_nsec);
		if (ns <= 0)
			return -ETIMEDOUT;
		if (!n) {
			/* A kick between its flag and its wake-up: brief. */
			sched_yield();
			continue;
		}
		ts.tv_sec = ns / 1000000000L;
		ts.tv_nsec = ns % 1000000000L;
		atomic_fetch_add_explicit(&idle_waiters, 1,
					  memory_order_relaxed);
		atomic_thread_fence(memory_order_seq_cst);
		n = atomic_load_explicit(&nr_awake, memory_order_relaxed);
		if (n)
			kenv_futex_wait(&nr_awake, n, &ts);
		atomic_fetch_sub_explicit(&idle_waiters, 1,
					  memory_order_relaxed);
	}
}

static bool task_is_bound(struct task_struct *p)
{
	return atomic_load_explicit(&p->flags, memory_order_relaxed) &
		(PF_THREAD_BOUND | PF_KENV_SOFTIRQ);
}

/* May @p run now? Called under its sleep lock. */
bool task_may_run(struct task_struct *p)
{
	if (atomic_load(&p->state) != TASK_RUNNING)
		return false;
	return !task_is_bound(p) || cpu_online(task_cpu(p));
}

/* An unbound task whose CPU is offline moves to an online CPU. */
void task_fix_cpu(struct task_struct *p)
{
	struct task_struct *waker = kenv_current;
	int cpu = task_cpu(p);

	if (task_is_bound(p) || cpu_online(cpu))
		return;
	if (waker && cpu_online(task_cpu(waker)))
		cpu = task_cpu(waker);
	else
		cpu = first_cpu(cpu_online_map);
	if (cpu < NR_CPUS)
		atomic_store_explicit(&p->cpu, cpu, memory_order_relaxed);
}

/* Make a sleeping task re-evaluate whether it may run. */
void task_kick(struct kenv_task *t)
{
	activity_bump();
	pthread_mutex_lock(&t->sleep_lock);
	if (atomic_load(&t->kill) || task_may_run(&t->task))
		task_mark_awake(t);
	pthread_cond_signal(&t->sleep_cond);
	pthread_mutex_unlock(&t->sleep_lock);
}

/**
 * kenv_task_can_run - may @p run now, or was it told to die? (lockless)
 * @p: a task; for the controlled scheduler, which reads it while @p is
 *     parked and only the baton holder can change it
 */
bool kenv_task_can_run(struct task_struct *p)
{
	return atomic_load(&to_kt(p)->kill) || task_may_run(p);
}

/**
 * kenv_task_poke - make a sleeping @p re-evaluate whether it may run
 * @p: a task
 */
void kenv_task_poke(struct task_struct *p)
{
	struct kenv_task *t = to_kt(p);

	/*
	 * The poked task may run, end and be reaped as soon as it is woken
	 * (the controlled scheduler pokes the task it hands the baton to):
	 * hold it until the kick has let go of its sleep lock, as
	 * kenv_tasks_kill_all() does. TSan saw the unlock of a destroyed
	 * sleep lock in sched_determinism_test once.
	 */
	atomic_fetch_add_explicit(&t->usage, 1, memory_order_relaxed);
	task_kick(t);
	kt_put(t);
}

/* ------------------------------------------------------------------ */
/* Sleeping and waking                                                 */

/* Killed by kenv_tasks_kill_all(): undo the current wait, unwind. */
void __noreturn task_die(struct kenv_task *t)
{
	if (t->cleanup)
		t->cleanup(t->cleanup_a, t->cleanup_b);
	t->cleanup = NULL;
	siglongjmp(t->kill_jmp, 1);
}

/**
 * kenv_set_kill_cleanup - what to undo if the current task is killed
 * @fn: called with @a, @b in the task before it unwinds, or NULL
 * @a: first argument
 * @b: second argument
 *
 * Wait primitives register the removal of their on-stack wait entry, so a
 * task force-killed at reset leaves no dangling entry on a wait list.
 */
void kenv_set_kill_cleanup(void (*fn)(void *a, void *b), void *a, void *b)
{
	struct task_struct *p = kenv_current;
	struct kenv_task *t;

	if (!p)
		return;
	t = to_kt(p);
	t->cleanup = fn;
	t->cleanup_a = a;
	t->cleanup_b = b;
}

static void schedule_bug(struct task_struct *p)
{
	const char *where = atomic_load_explicit(&p->blocked_in,
						 memory_order_relaxed);
	char title[160];
	char locks[1024];

	locks[0] = '\0';
	kenv_lockdep_held_str(p, locks, sizeof(locks));
	/* One signature with might_sleep()'s report: same bug. */
	snprintf(title, sizeof(title),
		 "BUG: sleeping function called from invalid context in %s",
		 where ? where : "schedule");
	kenv_fail(KENV_FAIL_SLEEP_ATOMIC, where ? where : "schedule",
		  __FILE__, __LINE__, title,
		  "BUG: scheduling while atomic: %s/%d/0x%08x%s\n%s",
		  p->comm, p->pid, p->preempt_count,
		  p->irqs_off ? " (irqs disabled)" : "", locks);
}

/*
 * Sleep once; the caller holds @t's sleep lock, marked it asleep and
 * re-checks its condition after. Controlled: hand the baton on and come
 * back when picked. Free: wait on the condvar; if the controlled
 * scheduler started while we slept there (tasks are not made to check
 * in at its start: it pokes a task when it first picks it, and a
 * controlled wake-up signals the condvar), wait for the baton before
 * running on.
 */
void task_sleep_once(struct kenv_task *t)
{
	struct task_struct *p = &t->task;

	if (kenv_sched_ctl_block(p, &t->sleep_lock))
		return;
	pthread_cond_wait(&t->sleep_cond, &t->sleep_lock);
	kenv_sched_ctl_resume(p, &t->sleep_lock);
}

/**
 * schedule - sleep until the current task may run again
 *
 * Returns at once if the task is TASK_RUNNING (a wake-up came after
 * set_current_state()) or sleeps interruptibly with a signal pending.
 * Otherwise blocks until a wake-up sets TASK_RUNNING and, for a bound
 * task, until its CPU is online. Sleeping in atomic context or with irqs
 * off is reported. A task killed by kenv_tasks_kill_all() does not return.
 */
void schedule(void)
{
	struct task_struct *p = kenv_current;
	struct kenv_task *t;

	if (unlikely(!p)) {
		kenv_fail(KENV_FAIL_OOPS, __func__, __FILE__, __LINE__,
			  "schedule() outside a kernel task",
			  "schedule() called by a thread kenv does not know\n");
		return;
	}
	t = to_kt(p);
	if (unlikely(p->preempt_count || p->irqs_off))
		schedule_bug(p);
	if (unlikely(atomic_load(&t->kill)))
		task_die(t);
	kenv_sched_point(KENV_SP_BLOCK, p);
	pthread_mutex_lock(&t->sleep_lock);
	if (atomic_load(&p->state) == TASK_INTERRUPTIBLE &&
	    atomic_load(&p->sigpending))
		atomic_store(&p->state, TASK_RUNNING);
	while (!task_may_run(p)) {
		if (unlikely(atomic_load(&t->kill))) {
			task_mark_awake(t);
			pthread_mutex_unlock(&t->sleep_lock);
			task_die(t);
		}
		task_mark_asleep(t);
		task_sleep_once(t);
	}
	task_mark_awake(t);	/* normally done by the waker already */
	task_fix_cpu(p);
	pthread_mutex_unlock(&t->sleep_lock);
	kenv_sched_point(KENV_SP_UNBLOCK, p);
}

/**
 * wake_up_state - wake @p if its state is in @state
 * @p: the task
 * @state: mask of states to wake from
 *
 * Sets TASK_RUNNING under the task's sleep lock; an unbound task whose
 * CPU is offline moves to an online one. Returns 1 if it woke the task.
 */
int wake_up_state(struct task_struct *p, unsigned int state)
{
	struct kenv_task *t = to_kt(p);
	bool waiting = false;
	int ret = 0;

	kenv_sched_point(KENV_SP_WAKE, p);
	/* Order the waker's condition store before reading the state. */
	atomic_thread_fence(memory_order_seq_cst);
	pthread_mutex_lock(&t->sleep_lock);
	if (atomic_load(&p->state) & state) {
		if (!t->first_wake)
			t->first_wake = atomic_load(&p->should_stop) ? 2 : 1;
		/* Only a task marked asleep is in (or committed to) its
		 * cond wait; any other one checks its state under the lock. */
		waiting = atomic_load_explicit(&t->asleep,
					       memory_order_relaxed) == KT_ASLEEP;
		atomic_store(&p->state, TASK_RUNNING);
		task_fix_cpu(p);
		/* Runnable from now on, not from when it gets to run. */
		if (task_may_run(p))
			task_mark_awake(t);
		/* Under the lock: once it is dropped, the task may end and
		 * be freed (callers such as the freezer's walk do not pin
		 * it). */
		if (waiting)
			pthread_cond_signal(&t->sleep_cond);
		activity_bump();
		ret = 1;
	}
	pthread_mutex_unlock(&t->sleep_lock);
	return ret;
}

/**
 * wake_up_process - wake a sleeping (or not yet started) task
 * @p: the task
 *
 * Returns 1 if it was sleeping, 0 if it was already running.
 */
int wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL | TASK_STOPPED);
}

/**
 * yield - let other tasks run; the current task stays runnable
 */
void yield(void)
{
	if (kenv_current) {
		__set_current_state(TASK_RUNNING);
		schedule();
	}
	sched_yield();
}

/**
 * signal_pending - whether @p has a (freezer) signal pending
 * @p: the task
 */
int signal_pending(struct task_struct *p)
{
	return atomic_load(&p->sigpending);
}

/**
 * kenv_set_blocked - record where the current task sleeps (hang reports)
 * @func: kernel function it sleeps in
 * @obj: what it waits for
 * @what: "completion", "mutex", "waitqueue", ...
 */
void kenv_set_blocked(const char *func, const void *obj, const char *what)
{
	struct task_struct *p = kenv_current;

	if (!p)
		return;
	atomic_store_explicit(&p->blocked_in, func, memory_order_relaxed);
	atomic_store_explicit(&p->blocked_on, obj, memory_order_relaxed);
	atomic_store_explicit(&p->blocked_what, what, memory_order_relaxed);
}

/**
 * kenv_clear_blocked - the current task no longer sleeps on anything
 */
void kenv_clear_blocked(void)
{
	kenv_set_blocked(NULL, NULL, NULL);
}

