/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv kthreads (2.6.29 kernel/kthread.c) and harness actors, on top of
 * the tasks of task.c. (Split out of task.c for size.)
 *
 * A kthread is a task created sleeping, PF_KTHREAD | PF_NOFREEZE, on its
 * creator's CPU. Its first wake-up starts threadfn unless kthread_stop()
 * came first (then threadfn never runs and kthread_stop() returns
 * -EINTR, as in 2.6.29's kthread()).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>

#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "sys_internal.h"

/**
 * kthread_create - create a kthread, sleeping until wake_up_process()
 * @threadfn: the function to run; its result is kthread_stop()'s
 * @data: its argument
 * @namefmt: printf-style name
 *
 * Returns the task or ERR_PTR(-ENOMEM) (also when fault injection says
 * this call fails). May sleep.
 */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char namefmt[], ...)
{
	struct task_struct *p;
	char comm[TASK_COMM_LEN];
	va_list ap;

	might_sleep();
	if (kenv_should_fail_kthread())
		return ERR_PTR(-ENOMEM);
	va_start(ap, namefmt);
	vsnprintf(comm, sizeof(comm), namefmt, ap);
	va_end(ap);
	p = kenv_task_create(threadfn, data, PF_KTHREAD | PF_NOFREEZE,
			     raw_smp_processor_id(), comm);
	return p ? p : ERR_PTR(-ENOMEM);
}

/**
 * kthread_bind - bind a just-created kthread to a CPU
 * @k: a task from kthread_create() that has not been woken yet
 * @cpu: the CPU; the task runs only while it is online
 *
 * As in 2.6.29, binding a task that is not inactive in its creation
 * sleep is a WARNING and does nothing.
 */
void kthread_bind(struct task_struct *k, unsigned int cpu)
{
	if (atomic_load(&k->state) != TASK_UNINTERRUPTIBLE ||
	    (atomic_load(&k->flags) & PF_EXITING)) {
		WARN_ON(1);
		return;
	}
	atomic_store_explicit(&k->cpu, (int)cpu, memory_order_relaxed);
	atomic_fetch_or(&k->flags, PF_THREAD_BOUND);
}

/**
 * kthread_should_stop - whether kthread_stop() was called on current
 */
int kthread_should_stop(void)
{
	struct task_struct *p = current;

	return p ? atomic_load(&p->should_stop) : 0;
}

/**
 * kthread_stop - stop a kthread and reap it
 * @k: the task from kthread_create()
 *
 * Sets should_stop, wakes @k and waits until it ends. Returns threadfn's
 * result, or -EINTR if @k was stopped before it ever ran. @k is freed.
 */
int kthread_stop(struct task_struct *k)
{
	int ret;

	might_sleep();
	atomic_store(&k->should_stop, 1);
	wake_up_process(k);
	wait_for_completion(k->exited);
	ret = k->exit_code;
	kenv_task_free(k);
	return ret;
}

/**
 * kenv_actor_start - run harness code @fn(@arg) as a kernel task
 * @name: its comm
 * @cpu: its initial CPU
 * @fn: the function
 * @arg: its argument
 *
 * An unbound, non-freezable task, already woken. Returns NULL if no
 * thread could be had.
 */
struct task_struct *kenv_actor_start(const char *name, int cpu,
				     int (*fn)(void *), void *arg)
{
	struct task_struct *p;

	p = kenv_task_create(fn, arg, PF_KENV_ACTOR | PF_NOFREEZE, cpu, name);
	if (p)
		wake_up_process(p);
	return p;
}

/**
 * kenv_actor_join - wait for an actor to end and reap it
 * @task: from kenv_actor_start()
 *
 * Returns fn's result. Works from a thread kenv does not know too.
 */
int kenv_actor_join(struct task_struct *task)
{
	int ret;

	if (current) {
		wait_for_completion(task->exited);
	} else {
		while (!completion_done(task->exited))
			sched_yield();
	}
	ret = task->exit_code;
	kenv_task_free(task);
	return ret;
}
