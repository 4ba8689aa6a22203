/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv preemption, interrupts and CPUs of the current task:
 * preempt_count, the irq flag, stop_machine, smp_processor_id(),
 * get_cpu()/put_cpu(), barriers. (Split out of task.c for size.)
 *
 * preempt_count is per task (task->preempt_count, touched only by the
 * task). A task in atomic context -- preempt_count non-zero or
 * interrupts off, either of which keeps a real CPU from running
 * stop_machine's thread -- holds the read side of the stop_machine
 * rwlock; leaving atomic context releases it; cpu_down takes the write
 * side around the online-map change. (spin_unlock(a); spin_lock(b) with
 * interrupts still off, as __mod_timer does, must not let a cpu_down
 * in between.) A task always runs on one OS thread
 * for its whole life and an OS thread runs one task at a time, so whether
 * the thread holds the rwlock is thread-local state here.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include "sched_internal.h"

/*
 * stop_machine: read side held by every task whose preempt_count is
 * non-zero, write side by cpu_down around the online-map change.
 * Writer-preferring, so a pending cpu_down holds off new readers.
 */
static pthread_rwlock_t stop_machine_lock =
	PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;

static __thread bool rd_held;		/* this thread holds the read side */
static __thread bool sm_held;		/* this thread holds the write side */
/* For the controlled scheduler (relaxed, no TSan edge): readers, writer. */
static _Atomic int sm_readers;
static _Atomic int sm_writer;

static bool sm_read_ok(const void *obj)
{
	(void)obj;
	return !atomic_load_explicit(&sm_writer, memory_order_relaxed);
}

static bool sm_write_ok(const void *obj)
{
	(void)obj;
	return !atomic_load_explicit(&sm_readers, memory_order_relaxed);
}

static void stop_machine_read_lock(void)
{
	if (rd_held || sm_held)
		return;
	if (unlikely(kenv_sched_ctl_on())) {
		/* controlled: a writer switched away must get to run */
		while (pthread_rwlock_tryrdlock(&stop_machine_lock))
			if (!kenv_sched_ctl_wait(sm_read_ok, &stop_machine_lock,
						 "preempt_disable",
						 "stop_machine")) {
				pthread_rwlock_rdlock(&stop_machine_lock);
				break;
			}
	} else {
		pthread_rwlock_rdlock(&stop_machine_lock);
	}
	atomic_fetch_add_explicit(&sm_readers, 1, memory_order_relaxed);
	rd_held = true;
}

static void stop_machine_read_unlock(void)
{
	if (!rd_held)
		return;
	rd_held = false;
	atomic_fetch_sub_explicit(&sm_readers, 1, memory_order_relaxed);
	pthread_rwlock_unlock(&stop_machine_lock);
}

static void stop_machine_write_lock(void)
{
	if (unlikely(kenv_sched_ctl_on())) {
		/* controlled: readers switched away must get to run */
		while (pthread_rwlock_trywrlock(&stop_machine_lock))
			if (!kenv_sched_ctl_wait(sm_write_ok, &stop_machine_lock,
						 "stop_machine",
						 "stop_machine")) {
				pthread_rwlock_wrlock(&stop_machine_lock);
				break;
			}
	} else {
		pthread_rwlock_wrlock(&stop_machine_lock);
	}
	atomic_store_explicit(&sm_writer, 1, memory_order_relaxed);
	sm_held = true;
}

static void stop_machine_write_unlock(void)
{
	sm_held = false;
	atomic_store_explicit(&sm_writer, 0, memory_order_relaxed);
	pthread_rwlock_unlock(&stop_machine_lock);
}

/* Hold the read side exactly while @p is in atomic context. */
static void stop_machine_sync(struct task_struct *p)
{
	if (p->preempt_count || p->irqs_off)
		stop_machine_read_lock();
	else
		stop_machine_read_unlock();
}

/**
 * preempt_count - the current task's preempt_count (0 outside a task)
 */
int preempt_count(void)
{
	struct task_struct *p = current;

	return p ? p->preempt_count : 0;
}

/**
 * add_preempt_count - raise the current task's preempt_count
 * @val: PREEMPT_OFFSET, SOFTIRQ_OFFSET or HARDIRQ_OFFSET multiples
 *
 * The 0 -> non-zero transition holds off stop_machine (cpu_down).
 */
void add_preempt_count(int val)
{
	struct task_struct *p = current;

	if (!p || !val)
		return;
	p->preempt_count += val;
	stop_machine_sync(p);
}

/**
 * sub_preempt_count - lower the current task's preempt_count
 * @val: what add_preempt_count() added
 *
 * Back to 0 lets stop_machine in again. Underflow is a WARNING (as with
 * CONFIG_DEBUG_PREEMPT) and leaves the count alone.
 */
void sub_preempt_count(int val)
{
	struct task_struct *p = current;

	if (!p || !val)
		return;
	if (unlikely(val > p->preempt_count)) {
		kenv_fail(KENV_FAIL_WARN, __func__, __FILE__, __LINE__,
			  "WARNING: preempt_count underflow in sub_preempt_count",
			  "DEBUG_LOCKS_WARN_ON(val > preempt_count()): %d > %d\n",
			  val, p->preempt_count);
		return;
	}
	p->preempt_count -= val;
	stop_machine_sync(p);
}

/**
 * local_irq_disable - mark interrupts off for the current task
 *
 * Like a raised preempt_count, holds off stop_machine (cpu_down).
 */
void local_irq_disable(void)
{
	struct task_struct *p = current;

	if (p) {
		p->irqs_off = 1;
		stop_machine_sync(p);
	}
}

/**
 * local_irq_enable - mark interrupts on for the current task
 */
void local_irq_enable(void)
{
	struct task_struct *p = current;

	if (p) {
		p->irqs_off = 0;
		stop_machine_sync(p);
	}
}

/**
 * irqs_disabled - whether the current task has interrupts off
 */
int irqs_disabled(void)
{
	struct task_struct *p = current;

	return p ? p->irqs_off : 0;
}

/**
 * kenv_stop_machine_begin - exclude every preempt-disabled section
 *
 * Waits until no task has a non-zero preempt_count and keeps new ones
 * out until kenv_stop_machine_end(). The caller may disable preemption
 * inside. Calling it with preemption disabled is reported (it sleeps).
 */
void kenv_stop_machine_begin(void)
{
	struct task_struct *p = current;

	if (rd_held) {
		kenv_fail(KENV_FAIL_SLEEP_ATOMIC, __func__, __FILE__, __LINE__,
			  "sleeping function called from invalid context in stop_machine",
			  "stop_machine() with preempt_count %#x\n",
			  p ? p->preempt_count : 0);
		stop_machine_read_unlock();
	}
	stop_machine_write_lock();
}

/**
 * kenv_stop_machine_end - let preempt-disabled sections run again
 */
void kenv_stop_machine_end(void)
{
	struct task_struct *p = current;

	stop_machine_write_unlock();
	if (p)
		stop_machine_sync(p);
}

/**
 * kenv_preempt_drop - forget the current task's atomic context
 *
 * For a task that dies (exit with preemption disabled, oops, forced
 * kill): zero preempt_count and the irq flag and release whatever side
 * of the stop_machine lock the thread holds.
 */
void kenv_preempt_drop(void)
{
	struct task_struct *p = current;

	if (p) {
		p->preempt_count = 0;
		p->irqs_off = 0;
	}
	stop_machine_read_unlock();
	if (sm_held)
		stop_machine_write_unlock();
}

/* ------------------------------------------------------------------ */
/* smp.h                                                               */

static bool task_is_bound(struct task_struct *p)
{
	return atomic_load_explicit(&p->flags, memory_order_relaxed) &
		(PF_THREAD_BOUND | PF_KENV_SOFTIRQ);
}

/**
 * raw_smp_processor_id - current task's CPU (0 outside a task)
 */
int raw_smp_processor_id(void)
{
	struct task_struct *p = current;

	return p ? task_cpu(p) : 0;
}

/**
 * debug_smp_processor_id - smp_processor_id() with CONFIG_DEBUG_PREEMPT
 * @func: caller
 * @file: caller's file
 * @line: caller's line
 *
 * WARNs when the caller could migrate: preemptible, irqs on, and not a
 * task bound to its CPU.
 */
int debug_smp_processor_id(const char *func, const char *file, int line)
{
	struct task_struct *p = current;
	char title[160];

	if (!p)
		return 0;
	if (likely(p->preempt_count) || p->irqs_off || task_is_bound(p))
		return task_cpu(p);
	snprintf(title, sizeof(title),
		 "BUG: using smp_processor_id() in preemptible code in %s",
		 func);
	kenv_fail(KENV_FAIL_WARN, func, file, line, title,
		  "BUG: using smp_processor_id() in preemptible [%08x] code: %s/%d\ncaller is %s\n",
		  p->preempt_count, p->comm, p->pid, func);
	return task_cpu(p);
}

/**
 * get_cpu - disable preemption and return the current CPU
 */
int get_cpu(void)
{
	preempt_disable();
	return raw_smp_processor_id();
}

/**
 * put_cpu - enable preemption again after get_cpu()
 */
void put_cpu(void)
{
	preempt_enable();
}

/**
 * kenv_barrier - smp_mb()/smp_rmb()/smp_wmb(): scheduling point + fence
 * @kind: 0 full, 1 read, 2 write (all are full fences here)
 */
void kenv_barrier(int kind)
{
	(void)kind;
	kenv_sched_point(KENV_SP_BARRIER, NULL);
	atomic_thread_fence(memory_order_seq_cst);
}

/**
 * kenv_cpu_relax - cpu_relax() in a retry loop: let others run
 */
void kenv_cpu_relax(void)
{
	kenv_sched_point(KENV_SP_RELAX, NULL);
	sched_yield();
}

int kenv_debug_sm_readers(void)
{
	return atomic_load(&sm_readers) * 100 + atomic_load(&sm_writer) * 10 + rd_held;
}
