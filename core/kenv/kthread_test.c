/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kthread_test: kenv's kthreads behave as in 2.6.29 kernel/kthread.c.
 *  - kthread_create() returns a task that does not run until
 *    wake_up_process(); it runs on its creator's CPU;
 *  - kthread_stop() returns threadfn's result, and kthread_should_stop()
 *    turns true only after kthread_stop();
 *  - kthread_stop() before the first wake-up returns -EINTR and threadfn
 *    never runs;
 *  - a task kthread_bind()ed to an offline CPU does not run when woken,
 *    only once that CPU comes online, and then runs on it.
 */
#include <stdatomic.h>
#include <string.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include "core/testing/wqtest.h"

struct kt {
	_Atomic int ran;		/* threadfn entered */
	_Atomic int cpu;		/* raw_smp_processor_id() in threadfn */
	_Atomic int saw_stop_early;	/* kthread_should_stop() before stop */
	_Atomic int may_check;		/* main: "should_stop is still false" */
	_Atomic int checked;
	int result;
};

static int loop_fn(void *data)
{
	struct kt *kt = data;

	atomic_store(&kt->cpu, raw_smp_processor_id());
	atomic_store(&kt->ran, 1);
	/* main lets us look at kthread_should_stop() before stopping us */
	while (!atomic_load(&kt->may_check))
		wqt_settle(1);
	if (kthread_should_stop())
		atomic_store(&kt->saw_stop_early, 1);
	atomic_store(&kt->checked, 1);

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return kt->result;
}

/* create -> nothing runs -> wake -> runs -> stop returns threadfn's value */
static void test_create_wake_stop(void)
{
	struct kt kt = { .result = 42, .cpu = -1 };
	struct task_struct *k;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
	k = kthread_create(loop_fn, &kt, "kt-%s-%d", "loop", 7);
	WQT_CHECK(k && !IS_ERR(k));
	WQT_CHECK_EQ(strcmp(k->comm, "kt-loop-7"), 0);
	WQT_CHECK(atomic_load(&k->flags) & PF_KTHREAD);

	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&kt.ran), 0);	/* not before wake_up_process */

	WQT_CHECK_EQ(wake_up_process(k), 1);
	WQT_CHECK(wqt_wait_int(&kt.ran, 1, 5000));
	/* created by the boot task, which runs on CPU 0 */
	WQT_CHECK_EQ(atomic_load(&kt.cpu), 0);

	atomic_store(&kt.may_check, 1);
	WQT_CHECK(wqt_wait_int(&kt.checked, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&kt.saw_stop_early), 0);

	WQT_CHECK_EQ(kthread_stop(k), 42);
	wqt_shutdown();
}

static int never_fn(void *data)
{
	atomic_store(&((struct kt *)data)->ran, 1);
	return 7;
}

/* kthread_stop before the first wake-up: -EINTR, threadfn never called */
static void test_stop_before_wake(void)
{
	struct kt kt = { 0 };
	struct task_struct *k;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2,
					    .no_subsystems = true });
	k = kthread_create(never_fn, &kt, "kt-never");
	WQT_CHECK(k && !IS_ERR(k));
	WQT_CHECK_EQ(kthread_stop(k), -EINTR);
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&kt.ran), 0);
	wqt_shutdown();
}

/* A kthread created by a task on CPU 2 runs on CPU 2 (creator's CPU). */
struct create_on {
	struct task_struct *k;
	struct kt kt;
};

static int create_from_actor(void *arg)
{
	struct create_on *c = arg;

	c->k = kthread_create(loop_fn, &c->kt, "kt-cpu2");
	if (!c->k || IS_ERR(c->k))
		return -1;
	wake_up_process(c->k);
	return 0;
}

static void test_creator_cpu(void)
{
	struct create_on c = { .kt = { .result = 3, .cpu = -1 } };

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 4,
					    .no_subsystems = true });
	WQT_CHECK_EQ(wqt_run_on(2, create_from_actor, &c), 0);
	WQT_CHECK(wqt_wait_int(&c.kt.ran, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&c.kt.cpu), 2);
	atomic_store(&c.kt.may_check, 1);
	WQT_CHECK_EQ(kthread_stop(c.k), 3);
	wqt_shutdown();
}

/* kthread_bind to an offline CPU: runs only after that CPU comes up. */
static void test_bind_offline(void)
{
	struct kt kt = { .result = 5, .cpu = -1 };
	struct task_struct *k;

	wqt_boot_cfg(&(struct kenv_config){ .nr_cpus = 2, .online_mask = 1,
					    .no_subsystems = true });
	WQT_CHECK(!cpu_online(1));
	k = kthread_create(loop_fn, &kt, "kt-bound");
	WQT_CHECK(k && !IS_ERR(k));
	kthread_bind(k, 1);
	WQT_CHECK_EQ(task_cpu(k), 1);
	WQT_CHECK(atomic_load(&k->flags) & PF_THREAD_BOUND);
	wake_up_process(k);

	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&kt.ran), 0);	/* CPU 1 is offline */

	WQT_CHECK_EQ(kenv_cpu_up(1), 0);
	WQT_CHECK(cpu_online(1));
	WQT_CHECK(wqt_wait_int(&kt.ran, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&kt.cpu), 1);

	atomic_store(&kt.may_check, 1);
	WQT_CHECK_EQ(kthread_stop(k), 5);
	wqt_shutdown();
}

int main(void)
{
	test_create_wake_stop();
	test_stop_before_wake();
	test_creator_cpu();
	test_bind_offline();
	printf("kthread_test: OK\n");
	return 0;
}
