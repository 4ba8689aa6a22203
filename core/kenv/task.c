/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv tasks: current, schedule() and wake-ups, the life of a task,
 * migration, the reset's kill. (The OS threads behind tasks: pool.c;
 * kthreads and actors: kthread.c; preempt_count, irq flag, stop_machine,
 * smp.h: preempt.c.)
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
 * Task memory is plain calloc: it is bookkeeping, not a kernel allocation
 * the leak check counts; live tasks are counted by kenv_nr_tasks().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "sched_internal.h"
#include "task.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#endif
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(addr, size)	((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size)	((void)(addr), (void)(size))
#endif


/* The running task of this thread (task.h). */
__thread struct task_struct *kenv_current;

/* tasks_lock protects task_list, nr_live_tasks and boot_task. */
static struct kenv_ilock tasks_lock = KENV_ILOCK_INIT;
static LIST_HEAD(task_list);
static int nr_live_tasks;
static struct kenv_task *boot_task;

static _Atomic int next_pid = 1;

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

void kt_put(struct kenv_task *t)
{
	if (atomic_fetch_sub_explicit(&t->usage, 1, memory_order_acq_rel) == 1)
		kt_destroy(t);
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
/* The life of a task (its OS thread: pool.c)                         */

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

	kenv_pool_transit_begin();
	atomic_fetch_or(&p->flags, PF_EXITING);
	kenv_clear_blocked();
	atomic_store(&p->state, TASK_DEAD);
	task_mark_ended(t);
	complete(p->exited);
	kenv_sched_point(KENV_SP_TASK_EXIT, p);
	kenv_current = NULL;
	kt_put(t);		/* may free t */
}

/**
 * kenv_task_body - the life of task @t, run by its pool thread (pool.c)
 * @t: the task handed to the thread
 */
void kenv_task_body(struct kenv_task *t)
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
	task_mark_created();	/* awake until it waits for its first wake-up */
	task_list_add(t);
	kenv_sched_ctl_task_new(&t->task);	/* controlled: register */
	if (kenv_pool_start(t)) {
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
	kenv_pool_wait_transit();
	return n;
}
