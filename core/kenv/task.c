/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv tasks: the OS-thread pool, current, schedule() and wake-ups,
 * migration, the reset's kill. (kthreads and actors: kthread.c;
 * preempt_count, irq flag, stop_machine, smp.h: preempt.c.)
 *
 * Every task is a struct kenv_task (task_struct + private state) run by a
 * pooled OS thread. There is one real way to sleep: schedule() waits on
 * the task's sleep lock/condvar while the task may not run (state not
 * TASK_RUNNING, or bound to an offline CPU). wake_up_state() takes the
 * same sleep lock, so a wake-up between set_current_state() and
 * schedule() is never lost. The sleep lock is a pthread mutex: the
 * happens-before edge waker -> wakee that ThreadSanitizer sees through it
 * is the one the kernel's runqueue lock gives.
 *
 * The pool hands a task to a thread with a release/acquire on the
 * thread's futex word (creator -> task, as kthreadd gives). Pool
 * bookkeeping is under kenv_ilock (no TSan edges). A pooled thread does
 * carry the TSan history of the tasks it ran before into the next one
 * (TSan fibers would avoid that, but then TSan reports every reuse of a
 * pooled thread's stack and TLS by the next task as a race).
 *
 * Task memory is plain calloc: it is bookkeeping, not a kernel allocation
 * the leak check counts; live tasks are counted by kenv_nr_tasks().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "internal.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#endif
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(addr, size)	((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size)	((void)(addr), (void)(size))
#endif


/* An OS thread of the pool. */
struct kenv_thread {
	_Atomic unsigned int seq;	/* futex word, bumped per hand-off */
	unsigned int pin_seen;		/* pin_gen its affinity follows */
	struct kenv_task *_Atomic task;	/* the task handed over */
	struct kenv_thread *next_free;	/* on pool_free, under pool_lock */
};

/* A task: the kernel-visible task_struct and kenv's state for it. */
struct kenv_task {
	struct task_struct task;
	struct completion exited;
	/* sleep lock: protects sleeping in schedule() against wake-ups */
	pthread_mutex_t sleep_lock;
	pthread_cond_t sleep_cond;	/* signalled under sleep_lock */
	_Atomic int usage;	/* references: its OS thread + its reaper */
	_Atomic int reaped;	/* kenv_task_free() was called */
	_Atomic int kill;	/* kenv_tasks_kill_all(): die in schedule() */
	_Atomic int started;	/* fn was called */
	_Atomic int parked;	/* in kenv_task_park_forever() (after an oops) */
	_Atomic int asleep;	/* KT_AWAKE, KT_ASLEEP (waiting in schedule()/
				 * for its first wake-up, parked) or KT_ENDED
				 * (written under sleep_lock, read lockless) */
	int first_wake;		/* 0 never woken, 1 woken, 2 woken by
				 * kthread_stop(); under sleep_lock */
	int (*fn)(void *);
	void *arg;
	bool boot;		/* the boot task (no OS thread of ours) */
	/* task-local: */
	void (*cleanup)(void *a, void *b); /* undo the current wait if killed */
	void *cleanup_a, *cleanup_b;
	sigjmp_buf kill_jmp;	/* back to task_body() when killed */
};

#define to_kt(p)	container_of((p), struct kenv_task, task)

static __thread struct task_struct *kenv_current;

/* pool_lock protects pool_free (the parked OS threads). */
static struct kenv_ilock pool_lock = KENV_ILOCK_INIT;
static struct kenv_thread *pool_free;
static _Atomic int nr_os_threads;
/*
 * A creator that finds the pool empty while a task's thread is on its way
 * back waits for it (futex on pool_gen) rather than growing the pool.
 * Relaxed atomics + fences: no happens-before edge for TSan.
 */
static _Atomic unsigned int pool_gen;	/* futex word, bumped by pool_put */
static _Atomic int pool_waiters;	/* creators waiting on pool_gen */
static _Atomic int nr_transit;		/* ended tasks' threads not back yet */
#define POOL_WAIT_NS	1000000		/* safety net per wait: 1 ms */
#define POOL_WAIT_TRIES	20

/* tasks_lock protects task_list, nr_live_tasks and boot_task. */
static struct kenv_ilock tasks_lock = KENV_ILOCK_INIT;
static LIST_HEAD(task_list);
static int nr_live_tasks;
static struct kenv_task *boot_task;

static _Atomic int next_pid = 1;

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

/* ->asleep: 0 awake, 1 asleep, 2 ended (never awake again) */
enum { KT_AWAKE, KT_ASLEEP, KT_ENDED };

static void awake_dec(void)
{
	if (atomic_fetch_sub_explicit(&nr_awake, 1, memory_order_relaxed) != 1)
		return;
	/* Pairs with kenv_wait_idle(): count written, then waiters read. */
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&idle_waiters, memory_order_relaxed))
		syscall(SYS_futex, &nr_awake, FUTEX_WAKE_PRIVATE, INT_MAX,
			NULL, NULL, 0);
}

/* @t stops being runnable. Under its sleep lock. */
static void task_mark_asleep(struct kenv_task *t)
{
	if (atomic_load_explicit(&t->asleep, memory_order_relaxed) != KT_AWAKE)
		return;
	atomic_store_explicit(&t->asleep, KT_ASLEEP, memory_order_relaxed);
	activity_bump();
	if (!t->boot)
		awake_dec();
}

/* @t is runnable again (woken, kicked or killed). Under its sleep lock. */
static void task_mark_awake(struct kenv_task *t)
{
	if (atomic_load_explicit(&t->asleep, memory_order_relaxed) != KT_ASLEEP)
		return;
	atomic_store_explicit(&t->asleep, KT_AWAKE, memory_order_relaxed);
	activity_bump();
	if (!t->boot)
		atomic_fetch_add_explicit(&nr_awake, 1, memory_order_relaxed);
}

/*
 * @t ends (task_exit, in the task) or never started (pool_start failed).
 * No sleep lock: an awake task's ->asleep is changed only by the task
 * itself, and taking the lock would add an edge TSan should not see.
 */
static void task_mark_ended(struct kenv_task *t)
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
 * wake-up, parked after an oops, or ended) and kenv_timers_idle(). Exact
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
		if (!n && kenv_timers_idle())
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
			syscall(SYS_futex, &nr_awake, FUTEX_WAIT_PRIVATE, n,
				&ts, NULL, 0);
		atomic_fetch_sub_explicit(&idle_waiters, 1,
					  memory_order_relaxed);
	}
}

/* ------------------------------------------------------------------ */
/* Task structures                                                     */

/**
 * get_current - the running task
 *
 * Returns NULL in a thread kenv does not know.
 */
struct task_struct *get_current(void)
{
	return kenv_current;
}

/*
 * Freed task structures are kept for the next tasks (every input creates
 * and ends dozens): under ASan a fresh calloc() of a few KB comes from
 * memory the quarantine has not handed out before and page-faults on
 * every use. A cached structure stays poisoned for ASan while it is
 * cached, so a use of a task after it was freed is still reported until
 * the structure is reused. kt_cache_lock protects kt_cache and
 * kt_cache_len. Not under TSan: a structure handed from the thread that
 * freed it to another through kenv_ilock would look like a race (free()
 * and calloc() reset TSan's shadow; the cache would not).
 */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define KENV_TSAN_BUILD	1
#endif
#endif
#if defined(WQKIT_TSAN) || defined(KENV_TSAN_BUILD)
#define KT_CACHE_MAX	0
#else
#define KT_CACHE_MAX	256
#endif
static struct kenv_ilock kt_cache_lock = KENV_ILOCK_INIT;
static struct kenv_task *kt_cache[KT_CACHE_MAX + 1];
static int kt_cache_len;

static struct kenv_task *kt_cache_get(void)
{
	struct kenv_task *t = NULL;

	kenv_ilock_lock(&kt_cache_lock);
	if (kt_cache_len)
		t = kt_cache[--kt_cache_len];
	kenv_ilock_unlock(&kt_cache_lock);
	if (!t)
		return calloc(1, sizeof(*t));
	ASAN_UNPOISON_MEMORY_REGION(t, sizeof(*t));
	memset(t, 0, sizeof(*t));
	return t;
}

static void kt_cache_put(struct kenv_task *t)
{
	kenv_ilock_lock(&kt_cache_lock);
	if (kt_cache_len < KT_CACHE_MAX) {
		ASAN_POISON_MEMORY_REGION(t, sizeof(*t));
		kt_cache[kt_cache_len++] = t;
		t = NULL;
	}
	kenv_ilock_unlock(&kt_cache_lock);
	free(t);
}

static struct kenv_task *kt_alloc(int (*fn)(void *), void *arg,
				  unsigned int flags, int cpu,
				  const char *comm)
{
	struct kenv_task *t = kt_cache_get();
	struct task_struct *p;

	if (!t)
		return NULL;
	p = &t->task;
	snprintf(p->comm, sizeof(p->comm), "%s", comm ? comm : "?");
	atomic_init(&p->state, TASK_UNINTERRUPTIBLE);
	atomic_init(&p->flags, flags);
	atomic_init(&p->cpu, cpu >= 0 && cpu < NR_CPUS ? cpu : 0);
	p->threadfn = fn;
	p->data = arg;
	p->exited = &t->exited;
	p->kenv_private = t;
	INIT_LIST_HEAD(&p->tasks);
	init_completion(&t->exited);
	pthread_mutex_init(&t->sleep_lock, NULL);
	pthread_cond_init(&t->sleep_cond, NULL);
	atomic_init(&t->usage, 2);
	t->fn = fn;
	t->arg = arg;
	return t;
}

static void kt_destroy(struct kenv_task *t)
{
	pthread_cond_destroy(&t->sleep_cond);
	pthread_mutex_destroy(&t->sleep_lock);
	pthread_mutex_destroy(&t->exited.wait.lock.mutex);
	kt_cache_put(t);
}

static void kt_put(struct kenv_task *t)
{
	if (atomic_fetch_sub_explicit(&t->usage, 1, memory_order_acq_rel) == 1)
		kt_destroy(t);
}

static bool task_is_bound(struct task_struct *p)
{
	return atomic_load_explicit(&p->flags, memory_order_relaxed) &
		(PF_THREAD_BOUND | PF_KENV_SOFTIRQ);
}

/* May @p run now? Called under its sleep lock. */
static bool task_may_run(struct task_struct *p)
{
	if (atomic_load(&p->state) != TASK_RUNNING)
		return false;
	return !task_is_bound(p) || cpu_online(task_cpu(p));
}

/* An unbound task whose CPU is offline moves to an online CPU. */
static void task_fix_cpu(struct task_struct *p)
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
static void task_kick(struct kenv_task *t)
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
static void __noreturn task_die(struct kenv_task *t)
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
static void task_sleep_once(struct kenv_task *t)
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

/* ------------------------------------------------------------------ */
/* Task list                                                           */

static void task_list_add(struct kenv_task *t)
{
	kenv_ilock_lock(&tasks_lock);
	list_add_tail(&t->task.tasks, &task_list);
	nr_live_tasks++;
	kenv_ilock_unlock(&tasks_lock);
}

static void task_list_del(struct kenv_task *t)
{
	kenv_ilock_lock(&tasks_lock);
	if (!list_empty(&t->task.tasks)) {
		list_del_init(&t->task.tasks);
		nr_live_tasks--;
	}
	kenv_ilock_unlock(&tasks_lock);
}

/**
 * kenv_nr_tasks - number of live kernel tasks (not the boot task)
 *
 * A task stays live until it is reaped (kthread_stop, kenv_actor_join,
 * kenv_task_free or the reset's kill).
 */
int kenv_nr_tasks(void)
{
	int n;

	kenv_ilock_lock(&tasks_lock);
	n = nr_live_tasks;
	kenv_ilock_unlock(&tasks_lock);
	return n;
}

static void task_info(struct task_struct *p, struct kenv_task_info *ti)
{
	unsigned int flags = atomic_load(&p->flags);

	memset(ti, 0, sizeof(*ti));
	ti->task = p;
	memcpy(ti->comm, p->comm, sizeof(ti->comm));
	ti->comm[sizeof(ti->comm) - 1] = '\0';
	ti->pid = p->pid;
	ti->cpu = task_cpu(p);
	ti->state = atomic_load(&p->state);
	ti->kthread = flags & PF_KTHREAD;
	ti->frozen = flags & PF_FROZEN;
	ti->blocked_in = atomic_load(&p->blocked_in);
	ti->blocked_on = atomic_load(&p->blocked_on);
	ti->blocked_what = atomic_load(&p->blocked_what);
	/* Not runnable: waiting in schedule() or for its first wake-up,
	 * parked after an oops, or ended. */
	ti->asleep = ti->state == TASK_DEAD ||
		(atomic_load_explicit(&to_kt(p)->asleep, memory_order_relaxed) &&
		 !task_may_run(p));
}

/**
 * kenv_for_each_task - call @fn for every live task (boot task first)
 * @fn: callback; a non-zero return stops the walk and is returned
 * @arg: passed to @fn
 *
 * Works on a snapshot, so @fn may call back into kenv.
 */
int kenv_for_each_task(int (*fn)(const struct kenv_task_info *ti, void *arg),
		       void *arg)
{
	struct kenv_task_info *v;
	struct task_struct *p;
	int i, n = 0, ret = 0;

	kenv_ilock_lock(&tasks_lock);
	v = malloc((nr_live_tasks + 1) * sizeof(*v));
	if (v) {
		if (boot_task)
			task_info(&boot_task->task, &v[n++]);
		list_for_each_entry(p, &task_list, tasks)
			task_info(p, &v[n++]);
	}
	kenv_ilock_unlock(&tasks_lock);
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n && !ret; i++)
		ret = fn(&v[i], arg);
	free(v);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The OS-thread pool and the life of a task                           */

/*
 * One-CPU mode (kenv_config.one_cpu): pin_cpu is the real CPU every pool
 * thread and the boot thread run on, -1 for none (the process's own mask
 * and policy, saved in pin_all and pin_policy at the first call).
 * kenv_tasks_one_cpu() sets it from the boot thread while no task exists
 * (kenv_init(), kenv_reset()) and bumps pin_gen when it changed; a pool
 * thread follows it when it adopts its next task (the hand-off's
 * release/acquire orders the two), so pinning costs system calls only
 * when the CPU changes. Relaxed atomics: no TSan edge. The boot thread is
 * pinned for one boot only, so the OS may move the harness between
 * inputs, and the threads follow it.
 *
 * Pinned threads also run as SCHED_BATCH (same share of the CPU, but a
 * woken thread does not preempt its waker): a hand-off is "post the next
 * task's word, then sleep on our own", and a wakee that preempted the
 * waker in between cost two more context switches per hand-off (about 100
 * involuntary switches per exec, 2 with SCHED_BATCH). Only from
 * SCHED_OTHER: a process started as SCHED_IDLE stays so.
 */
static _Atomic int pin_cpu = -1;
static _Atomic unsigned int pin_gen;
static cpu_set_t pin_all;
static int pin_policy;
static bool pin_all_saved;	/* written once, before any task follows */

static void pin_self(int cpu)
{
	struct sched_param prm = { 0 };
	cpu_set_t one;

	if (cpu < 0) {
		sched_setaffinity(0, sizeof(pin_all), &pin_all);
		if (pin_policy == SCHED_OTHER)
			sched_setscheduler(0, SCHED_OTHER, &prm);
		return;
	}
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	sched_setaffinity(0, sizeof(one), &one);
	if (pin_policy == SCHED_OTHER)
		sched_setscheduler(0, SCHED_BATCH, &prm);
}

/**
 * kenv_tasks_one_cpu - pin the boot thread and every task to one CPU
 * @on: to the CPU the caller is on now; false: back to the process's
 *      mask and policy
 *
 * Called by kenv_init() and kenv_reset(), with no task alive.
 */
void kenv_tasks_one_cpu(bool on)
{
	int cpu = -1;

	if (!pin_all_saved) {
		if (!on)
			return;
		pin_policy = sched_getscheduler(0);
		if (sched_getaffinity(0, sizeof(pin_all), &pin_all) ||
		    pin_policy < 0)
			return;
		pin_all_saved = true;
	}
	if (on)
		cpu = sched_getcpu();
	if (cpu != atomic_load_explicit(&pin_cpu, memory_order_relaxed)) {
		atomic_store_explicit(&pin_cpu, cpu, memory_order_relaxed);
		atomic_fetch_add_explicit(&pin_gen, 1, memory_order_relaxed);
	}
	pin_self(cpu);
}

/* A pool thread about to run a task: follow pin_cpu if it moved. */
static void pool_follow_pin(struct kenv_thread *th)
{
	unsigned int gen = atomic_load_explicit(&pin_gen, memory_order_relaxed);

	if (gen == th->pin_seen)
		return;
	th->pin_seen = gen;
	if (pin_all_saved)
		pin_self(atomic_load_explicit(&pin_cpu, memory_order_relaxed));
}

static void pool_futex_wait(_Atomic unsigned int *word, unsigned int val)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void pool_futex_wake(_Atomic unsigned int *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/*
 * Wait for the first wake-up (and an online CPU if bound). Returns whether
 * fn should run: not if killed, nor if the first wake-up was
 * kthread_stop()'s (2.6.29: -EINTR). A task woken before kthread_stop()
 * runs fn, deterministically.
 */
static bool task_wait_start(struct kenv_task *t)
{
	struct task_struct *p = &t->task;
	bool run;

	kenv_sched_ctl_enter(p);	/* controlled: wait for its first turn */
	pthread_mutex_lock(&t->sleep_lock);
	while (!atomic_load(&t->kill) && !task_may_run(p)) {
		task_mark_asleep(t);
		task_sleep_once(t);
	}
	task_mark_awake(t);	/* normally done by the waker already */
	run = !atomic_load(&t->kill) && t->first_wake == 1;
	task_fix_cpu(p);
	pthread_mutex_unlock(&t->sleep_lock);
	return run;
}

/* do_exit(): report leaked locks and atomic context, then drop them. */
static void task_exit_checks(struct kenv_task *t)
{
	struct task_struct *p = &t->task;
	char title[160];
	char locks[1024];

	if (p->lockdep_depth > 0) {
		locks[0] = '\0';
		kenv_lockdep_held_str(p, locks, sizeof(locks));
		snprintf(title, sizeof(title),
			 "BUG: lock held when task exited in %s",
			 p->held_locks[0].func ? p->held_locks[0].func : "?");
		kenv_fail(KENV_FAIL_LOCKDEP, __func__, __FILE__, __LINE__,
			  title,
			  "[ BUG: lock held when task exited! ]\n%s/%d is exiting with locks still held!\n%s",
			  p->comm, p->pid, locks);
	}
	if (p->preempt_count)
		printk(KERN_ERR "note: %s[%d] exited with preempt_count %d\n",
		       p->comm, p->pid, p->preempt_count);
	p->lockdep_depth = 0;
	kenv_preempt_drop();
}

static void task_exit(struct kenv_task *t)
{
	struct task_struct *p = &t->task;

	atomic_fetch_add_explicit(&nr_transit, 1, memory_order_relaxed);
	atomic_fetch_or(&p->flags, PF_EXITING);
	kenv_clear_blocked();
	atomic_store(&p->state, TASK_DEAD);
	task_mark_ended(t);
	complete(p->exited);
	kenv_sched_point(KENV_SP_TASK_EXIT, p);
	kenv_current = NULL;
	kt_put(t);		/* may free t */
}

/* The life of a task on its pool thread. */
static void task_body(struct kenv_task *t)
{
	struct task_struct *p = &t->task;

	kenv_current = p;
	if (sigsetjmp(t->kill_jmp, 0)) {
		/* Killed in schedule() or while parked after a BUG. */
		t->cleanup = NULL;
		p->lockdep_depth = 0;
		kenv_preempt_drop();
		p->exit_code = -EINTR;
		task_exit(t);
		return;
	}
	p->exit_code = -EINTR;
	if (task_wait_start(t)) {
		atomic_store(&t->started, 1);
		kenv_sched_point(KENV_SP_TASK_START, p);
		p->exit_code = t->fn(t->arg);
		task_exit_checks(t);
	}
	task_exit(t);
}

static void pool_put(struct kenv_thread *th)
{
	kenv_ilock_lock(&pool_lock);
	th->next_free = pool_free;
	pool_free = th;
	kenv_ilock_unlock(&pool_lock);
	atomic_fetch_add_explicit(&pool_gen, 1, memory_order_relaxed);
	atomic_fetch_sub_explicit(&nr_transit, 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&pool_waiters, memory_order_relaxed))
		syscall(SYS_futex, &pool_gen, FUTEX_WAKE_PRIVATE, INT_MAX,
			NULL, NULL, 0);
}

static struct kenv_thread *pool_pop(void)
{
	struct kenv_thread *th;

	kenv_ilock_lock(&pool_lock);
	th = pool_free;
	if (th)
		pool_free = th->next_free;
	kenv_ilock_unlock(&pool_lock);
	return th;
}

/*
 * Waiting for a thread to come back to the pool: announce the waiter
 * (pool_put() wakes pool_gen only when there is one), read the
 * generation, check the condition, then pool_wait_finish().
 */
static unsigned int pool_wait_prepare(void)
{
	atomic_fetch_add_explicit(&pool_waiters, 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	return atomic_load_explicit(&pool_gen, memory_order_relaxed);
}

/* If @sleep, wait (at most POOL_WAIT_NS) for pool_gen to move past @gen. */
static void pool_wait_finish(unsigned int gen, bool sleep)
{
	struct timespec ts = { 0, POOL_WAIT_NS };

	if (sleep)
		syscall(SYS_futex, &pool_gen, FUTEX_WAIT_PRIVATE, gen, &ts,
			NULL, 0);
	atomic_fetch_sub_explicit(&pool_waiters, 1, memory_order_relaxed);
}

/* Pop a parked thread, waiting a little for one that is coming back. */
static struct kenv_thread *pool_get(void)
{
	struct kenv_thread *th = pool_pop();
	unsigned int gen;
	int tries;

	for (tries = 0; !th && tries < POOL_WAIT_TRIES; tries++) {
		if (!atomic_load_explicit(&nr_transit, memory_order_relaxed))
			break;
		gen = pool_wait_prepare();
		th = pool_pop();
		pool_wait_finish(gen, !th);
		if (!th)
			th = pool_pop();
	}
	return th;
}

static void *pool_thread(void *arg)
{
	struct kenv_thread *th = arg;
	unsigned int seen = 0, seq;

	for (;;) {
		while ((seq = atomic_load_explicit(&th->seq,
				memory_order_acquire)) == seen)
			pool_futex_wait(&th->seq, seen);
		seen = seq;
		pool_follow_pin(th);
		task_body(atomic_load_explicit(&th->task, memory_order_relaxed));
		pool_put(th);
	}
	return NULL;
}

/* Hand @t to a parked pool thread, or to a new one. */
static int pool_start(struct kenv_task *t)
{
	struct kenv_thread *th;
	pthread_attr_t attr;
	pthread_t tid;
	int err;

	th = pool_get();
	if (th) {
		atomic_store_explicit(&th->task, t, memory_order_relaxed);
		atomic_fetch_add_explicit(&th->seq, 1, memory_order_release);
		pool_futex_wake(&th->seq);
		return 0;
	}
	th = calloc(1, sizeof(*th));
	if (!th)
		return -ENOMEM;
	atomic_init(&th->task, t);
	atomic_init(&th->seq, 1);
	/* its creator's mask may not be the one to follow */
	th->pin_seen = atomic_load_explicit(&pin_gen, memory_order_relaxed) - 1;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&tid, &attr, pool_thread, th);
	pthread_attr_destroy(&attr);
	if (err) {
		free(th);
		return -err;
	}
	atomic_fetch_add(&nr_os_threads, 1);
	return 0;
}

/**
 * kenv_nr_os_threads - OS threads kenv owns (parked in the pool or busy)
 */
int kenv_nr_os_threads(void)
{
	return atomic_load(&nr_os_threads);
}

/**
 * kenv_task_create - create a task running @fn(@arg) on a pooled thread
 * @fn: the task's function; its result becomes exit_code
 * @arg: its argument
 * @flags: PF_* flags
 * @cpu: initial CPU
 * @comm: name
 *
 * The task sleeps (TASK_UNINTERRUPTIBLE) until its first wake-up.
 * Returns NULL if no thread could be had.
 */
struct task_struct *kenv_task_create(int (*fn)(void *), void *arg,
				     unsigned int flags, int cpu,
				     const char *comm)
{
	struct kenv_task *t = kt_alloc(fn, arg, flags, cpu, comm);

	if (!t)
		return NULL;
	t->task.pid = atomic_fetch_add(&next_pid, 1);
	/* Awake until its thread waits for the first wake-up. */
	atomic_fetch_add_explicit(&nr_awake, 1, memory_order_relaxed);
	task_list_add(t);
	kenv_sched_ctl_task_new(&t->task);	/* controlled: register */
	if (pool_start(t)) {
		kenv_sched_ctl_task_gone(&t->task);
		task_list_del(t);
		task_mark_ended(t);
		kt_destroy(t);
		return NULL;
	}
	return &t->task;
}

/**
 * kenv_task_free - reap an ended task
 * @p: the task; the caller has waited on p->exited
 *
 * Idempotent: only the first call drops the reaper's reference.
 */
void kenv_task_free(struct task_struct *p)
{
	struct kenv_task *t = to_kt(p);

	if (atomic_exchange(&t->reaped, 1))
		return;
	task_list_del(t);
	kt_put(t);
}

/* Wait for @t to end, also from a thread kenv does not know. */
static void task_wait_exited(struct kenv_task *t)
{
	if (kenv_current) {
		wait_for_completion(&t->exited);
		return;
	}
	while (!completion_done(&t->exited))
		sched_yield();
}

/* ------------------------------------------------------------------ */
/* Boot task, migration, reset                                         */

/**
 * kenv_attach_boot_task - make the calling OS thread a task ("swapper")
 * @comm: its name
 * @cpu: its CPU
 *
 * The boot task has pid 0, is running, and is never killed by the reset.
 * Returns the task (the existing one if the thread already is a task).
 */
struct task_struct *kenv_attach_boot_task(const char *comm, int cpu)
{
	struct kenv_task *t;

	if (kenv_current)
		return kenv_current;
	t = kt_alloc(NULL, NULL, PF_NOFREEZE, cpu, comm);
	if (!t)
		return NULL;
	t->boot = true;
	t->task.pid = 0;
	atomic_store(&t->task.state, TASK_RUNNING);
	atomic_store(&t->started, 1);
	kenv_ilock_lock(&tasks_lock);
	boot_task = t;
	kenv_ilock_unlock(&tasks_lock);
	kenv_current = &t->task;
	return &t->task;
}

/**
 * kenv_detach_boot_task - the calling thread stops being the boot task
 */
void kenv_detach_boot_task(void)
{
	struct task_struct *p = kenv_current;
	struct kenv_task *t;

	if (!p || !to_kt(p)->boot)
		return;
	t = to_kt(p);
	kenv_preempt_drop();
	kenv_ilock_lock(&tasks_lock);
	if (boot_task == t)
		boot_task = NULL;
	kenv_ilock_unlock(&tasks_lock);
	kenv_current = NULL;
	kt_destroy(t);
}

/**
 * kenv_tasks_init - per-boot task state (pids start again at 1)
 */
void kenv_tasks_init(void)
{
	atomic_store(&next_pid, 1);
}

/* Call @fn on every task (boot task included) on @cpu, under tasks_lock. */
static void for_each_task_on(int cpu, void (*fn)(struct kenv_task *t, int arg),
			     int arg)
{
	struct task_struct *p;

	kenv_ilock_lock(&tasks_lock);
	if (boot_task && task_cpu(&boot_task->task) == cpu)
		fn(boot_task, arg);
	list_for_each_entry(p, &task_list, tasks)
		if (task_cpu(p) == cpu)
			fn(to_kt(p), arg);
	kenv_ilock_unlock(&tasks_lock);
}

static void migrate_one(struct kenv_task *t, int to_cpu)
{
	if (atomic_load(&t->task.flags) & PF_KENV_SOFTIRQ)
		return;
	atomic_store_explicit(&t->task.cpu, to_cpu, memory_order_relaxed);
	task_kick(t);
}

/**
 * kenv_migrate_tasks - move every task off a dead CPU
 * @dead_cpu: the CPU that went offline
 * @to_cpu: where its tasks go (affinity broken, as the kernel does)
 *
 * The per-CPU softirq tasks stay: they do not run while it is offline.
 * Called under stop_machine.
 */
void kenv_migrate_tasks(int dead_cpu, int to_cpu)
{
	for_each_task_on(dead_cpu, migrate_one, to_cpu);
}

static void kick_one(struct kenv_task *t, int unused)
{
	(void)unused;
	task_kick(t);
}

/**
 * kenv_cpu_came_online - let tasks bound to @cpu run again
 * @cpu: the CPU now online
 */
void kenv_cpu_came_online(int cpu)
{
	for_each_task_on(cpu, kick_one, 0);
}

/**
 * kenv_migrate_current - move the calling task to @cpu
 * @cpu: an online CPU
 *
 * Returns 0, -EINVAL if @cpu is not online, -ESRCH outside a task.
 */
int kenv_migrate_current(int cpu)
{
	struct task_struct *p = kenv_current;
	int ret = 0;

	if (!p)
		return -ESRCH;
	if (cpu < 0 || cpu >= NR_CPUS)
		return -EINVAL;
	preempt_disable();	/* cpu_down cannot run in between */
	if (cpu_online(cpu))
		atomic_store_explicit(&p->cpu, cpu, memory_order_relaxed);
	else
		ret = -EINVAL;
	preempt_enable();
	return ret;
}

/* Was @p parked for good by an oops (kenv_task_park_forever())? Lockless. */
bool kenv_task_parked(struct task_struct *p)
{
	return atomic_load(&to_kt(p)->parked);
}

/**
 * kenv_task_park_forever - an oops kills the current task
 *
 * Releases its atomic context (so stop_machine is not held off for good)
 * but not the locks it holds, marks it exiting and sleeps until the
 * reset kills it. A thread kenv does not know, or the boot task, blocks
 * for good.
 */
void kenv_task_park_forever(void)
{
	struct task_struct *p = kenv_current;
	struct kenv_task *t;

	if (!p)
		for (;;)
			pause();
	t = to_kt(p);
	atomic_store(&t->parked, 1);
	kenv_preempt_drop();
	atomic_fetch_or(&p->flags, PF_EXITING | PF_NOFREEZE);
	kenv_set_blocked("do_exit", p, "oops");
	atomic_store(&p->state, TASK_DEAD);
	if (t->boot)
		for (;;)
			pause();
	pthread_mutex_lock(&t->sleep_lock);
	while (!atomic_load(&t->kill)) {
		task_mark_asleep(t);
		task_sleep_once(t);
	}
	task_mark_awake(t);	/* normally done by the killer already */
	pthread_mutex_unlock(&t->sleep_lock);
	task_die(t);
}

/*
 * Wait until every ended task's thread is back in the pool. A thread
 * still runs the end of task_exit() (complete(&exited) under a spinlock,
 * the last scheduling point) after its task counts as ended: the reset
 * must not return while it may hold kernel state such as the
 * stop_machine read side, or the next boot's cpu_down would wait for a
 * task of the previous one. Bounded: a thread stuck for good is left.
 */
static void wait_transit(void)
{
	unsigned int gen;
	bool done;
	int tries;

	for (tries = 0; tries < 100 * POOL_WAIT_TRIES; tries++) {
		gen = pool_wait_prepare();
		done = !atomic_load_explicit(&nr_transit, memory_order_relaxed);
		pool_wait_finish(gen, !done);
		if (done)
			return;
	}
	fprintf(stderr, "kenv: %d ended task(s) still not back in the pool at reset\n",
		atomic_load(&nr_transit));
}

/**
 * kenv_tasks_kill_all - force every task but the boot task to end
 *
 * Sets each task's kill flag and wakes it: a task in schedule() (or
 * parked after a BUG, or not yet started) unwinds to its pool thread,
 * which ends it. Waits for all and reaps them. A task spinning outside
 * schedule() cannot be killed (the wait hangs). Then waits until the
 * threads of all ended tasks are back in the pool. Returns how many tasks
 * were still alive or unreaped.
 */
int kenv_tasks_kill_all(void)
{
	struct kenv_task **v = NULL, **nv;
	struct task_struct *p;
	int i, n = 0, cap = 0;

	kenv_ilock_lock(&tasks_lock);
	list_for_each_entry(p, &task_list, tasks) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				abort();
			v = nv;
		}
		atomic_store(&to_kt(p)->kill, 1);
		atomic_fetch_add(&to_kt(p)->usage, 1);
		v[n++] = to_kt(p);
	}
	kenv_ilock_unlock(&tasks_lock);
	for (i = 0; i < n; i++)
		task_kick(v[i]);
	for (i = 0; i < n; i++) {
		task_wait_exited(v[i]);
		kenv_task_free(&v[i]->task);
		kt_put(v[i]);
	}
	free(v);
	wait_transit();
	return n;
}
