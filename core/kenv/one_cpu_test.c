/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * one_cpu_test: kenv_config.one_cpu pins the boot thread and every task's
 * OS thread to the CPU the boot thread was on at kenv_init(), as
 * SCHED_BATCH, and kenv_reset() gives the boot thread its own mask and
 * policy back; a later boot without one_cpu runs its tasks (on the same
 * pooled threads) with the process's mask and policy again.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include "core/testing/wqtest.h"

/* What a task saw of its own OS thread. */
struct seen {
	_Atomic int done;
	int ncpus;		/* CPUs in its affinity mask */
	int cpu;		/* the one CPU if ncpus == 1 */
	int policy;
	cpu_set_t mask;
};

static void look(struct seen *s)
{
	int i;

	memset(&s->mask, 0, sizeof(s->mask));
	sched_getaffinity(0, sizeof(s->mask), &s->mask);
	s->ncpus = CPU_COUNT(&s->mask);
	s->cpu = -1;
	for (i = 0; i < CPU_SETSIZE && s->ncpus == 1; i++)
		if (CPU_ISSET(i, &s->mask))
			s->cpu = i;
	s->policy = sched_getscheduler(0);
}

static int look_fn(void *data)
{
	struct seen *s = data;

	look(s);
	atomic_store(&s->done, 1);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/* Start a kthread that looks at its thread, wait for it, stop it. */
static void task_look(struct seen *s)
{
	struct task_struct *k;

	memset(s, 0, sizeof(*s));
	k = kthread_create(look_fn, s, "look");
	WQT_CHECK(k && !IS_ERR(k));
	wake_up_process(k);
	WQT_CHECK(wqt_wait_int(&s->done, 1, 5000));
	WQT_CHECK_EQ(kthread_stop(k), 0);
}

int main(void)
{
	struct seen before, harness, task, after, free_task;
	int i;

	look(&before);

	/* one_cpu: harness and tasks on one CPU, SCHED_BATCH */
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2, .one_cpu = true,
					    .no_subsystems = true });
	look(&harness);
	WQT_CHECK_EQ(harness.ncpus, 1);
	WQT_CHECK(CPU_ISSET(harness.cpu, &before.mask));
	for (i = 0; i < 3; i++) {	/* new and pooled threads alike */
		task_look(&task);
		WQT_CHECK_EQ(task.ncpus, 1);
		WQT_CHECK_EQ(task.cpu, harness.cpu);
		if (before.policy == SCHED_OTHER) {
			WQT_CHECK_EQ(harness.policy, SCHED_BATCH);
			WQT_CHECK_EQ(task.policy, SCHED_BATCH);
		}
	}
	wqt_shutdown();

	/* after the reset: the harness's own mask and policy */
	look(&after);
	WQT_CHECK(CPU_EQUAL(&after.mask, &before.mask));
	WQT_CHECK_EQ(after.policy, before.policy);

	/* a boot without one_cpu: the pooled threads follow */
	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
	for (i = 0; i < 3; i++) {
		task_look(&free_task);
		WQT_CHECK(CPU_EQUAL(&free_task.mask, &before.mask));
		WQT_CHECK_EQ(free_task.policy, before.policy);
	}
	wqt_shutdown();
	printf("one_cpu_test: %d CPU(s) allowed, pinned to %d: OK\n",
	       before.ncpus, harness.cpu);
	return 0;
}
