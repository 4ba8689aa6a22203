/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv tasks: the OS threads behind them. A task never gets a thread of
 * its own: kenv_task_create() (task.c) hands it to a parked pool thread,
 * or to a new one, which runs kenv_task_body() and parks again. One-CPU
 * mode pins the boot thread and every pool thread to one real CPU.
 *
 * The pool hands a task to a thread with a release/acquire on the
 * thread's futex word (creator -> task, as kthreadd gives). Pool
 * bookkeeping is under kenv_ilock (no TSan edges). A pooled thread does
 * carry the TSan history of the tasks it ran before into the next one
 * (TSan fibers would avoid that, but then TSan reports every reuse of a
 * pooled thread's stack and TLS by the next task as a race).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "futex.h"
#include "sched_internal.h"
#include "task.h"

/* An OS thread of the pool. */
struct kenv_thread {
	_Atomic unsigned int seq;	/* futex word, bumped per hand-off */
	int pinned;			/* the pin_cpu it follows now */
	struct kenv_task *_Atomic task;	/* the task handed over */
	struct kenv_thread *next_free;	/* on pool_free, under pool_lock */
};

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

/*
 * One-CPU mode (kenv_config.one_cpu): pin_cpu is the real CPU every pool
 * thread and the boot thread run on, -1 for none (the process's own mask
 * and policy, saved in pin_all and pin_policy at the first call).
 * kenv_tasks_one_cpu() sets it from the boot thread while no task exists
 * (kenv_init(), kenv_reset()); a pool thread follows it when it adopts
 * its next task (the hand-off's release/acquire orders the two) if its
 * own pin differs, so pinning costs system calls only when the CPU (or
 * one-CPU mode itself) changes between the tasks a thread runs: not at
 * every boot, though the reset unpins the boot thread each time (a
 * parked thread's affinity does not matter until it adopts a task; two
 * system calls per adopted task were ~3% of an exec's CPU). Relaxed
 * atomics: no TSan edge. The boot thread is pinned for one boot only, so
 * the OS may move the harness between inputs, and the threads follow it.
 *
 * Pinned threads also run as SCHED_BATCH (same share of the CPU, but a
 * woken thread does not preempt its waker): a hand-off is "post the next
 * task's word, then sleep on our own", and a wakee that preempted the
 * waker in between cost two more context switches per hand-off (about 100
 * involuntary switches per exec, 2 with SCHED_BATCH). Only from
 * SCHED_OTHER: a process started as SCHED_IDLE stays so.
 */
static _Atomic int pin_cpu = -1;
#define PIN_UNKNOWN	(-2)	/* a new thread: its creator's mask */
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
	atomic_store_explicit(&pin_cpu, cpu, memory_order_relaxed);
	pin_self(cpu);
}

/* A pool thread about to run a task: follow pin_cpu if it is not on it. */
static void pool_follow_pin(struct kenv_thread *th)
{
	int cpu = atomic_load_explicit(&pin_cpu, memory_order_relaxed);

	if (cpu == th->pinned || !pin_all_saved)
		return;
	th->pinned = cpu;
	pin_self(cpu);
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
		kenv_futex_wake(&pool_gen, INT_MAX);
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
		kenv_futex_wait(&pool_gen, gen, &ts);
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
			kenv_futex_wait(&th->seq, seen, NULL);
		seen = seq;
		pool_follow_pin(th);
		kenv_task_body(atomic_load_explicit(&th->task, memory_order_relaxed));
		pool_put(th);
	}
	return NULL;
}

/**
 * kenv_pool_start - run kenv_task_body(@t) on a pooled thread
 * @t: the task
 *
 * A parked thread, or a new one. Returns 0 or -errno (no thread could
 * be had).
 */
int kenv_pool_start(struct kenv_task *t)
{
	struct kenv_thread *th;
	pthread_attr_t attr;
	pthread_t tid;
	int err;

	th = pool_get();
	if (th) {
		atomic_store_explicit(&th->task, t, memory_order_relaxed);
		atomic_fetch_add_explicit(&th->seq, 1, memory_order_release);
		kenv_futex_wake(&th->seq, 1);
		return 0;
	}
	th = calloc(1, sizeof(*th));
	if (!th)
		return -ENOMEM;
	atomic_init(&th->task, t);
	atomic_init(&th->seq, 1);
	/* its creator's mask may not be the one to follow */
	th->pinned = PIN_UNKNOWN;
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
 * kenv_pool_transit_begin - an ending task's thread is on its way back
 *
 * Called by task_exit() before the task counts as ended; pool_put()
 * undoes it when the thread is parked again.
 */
void kenv_pool_transit_begin(void)
{
	atomic_fetch_add_explicit(&nr_transit, 1, memory_order_relaxed);
}

/**
 * kenv_pool_wait_transit - wait until every ended task's thread is parked
 *
 * Wait until every ended task's thread is back in the pool. A thread
 * still runs the end of task_exit() (complete(&exited) under a spinlock,
 * the last scheduling point) after its task counts as ended: the reset
 * must not return while it may hold kernel state such as the
 * stop_machine read side, or the next boot's cpu_down would wait for a
 * task of the previous one. Bounded: a thread stuck for good is left.
 */
void kenv_pool_wait_transit(void)
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

