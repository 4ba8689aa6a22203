/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedule_on_each_cpu(): "call a function on each online CPU from
 * keventd"; "Returns zero on success", -ENOMEM when its per-CPU allocation
 * fails (then nothing runs). It returns only after every call finished,
 * each online CPU exactly once, none on an offline CPU.
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include "core/testing/wqtest.h"

#define NCPU 4

static _Atomic int runs_on[NCPU];
static _Atomic int total, not_keventd, started;
static struct completion gate;
static _Atomic int gated, each_done, total_at_return;

static void each_fn(struct work_struct *work)
{
	int cpu = raw_smp_processor_id();

	(void)work;
	if (!current_is_keventd())
		atomic_store(&not_keventd, 1);
	atomic_fetch_add(&started, 1);
	if (atomic_load(&gated))
		wait_for_completion(&gate);
	atomic_fetch_add(&runs_on[cpu], 1);
	atomic_fetch_add(&total, 1);
}

static void reset_counts(void)
{
	int k;

	for (k = 0; k < NCPU; k++)
		atomic_store(&runs_on[k], 0);
	atomic_store(&total, 0);
	atomic_store(&started, 0);
	atomic_store(&not_keventd, 0);
}

static void check_once_per_online_cpu(void)
{
	int k;

	WQT_CHECK_EQ(atomic_load(&not_keventd), 0);
	WQT_CHECK_EQ(atomic_load(&total), num_online_cpus());
	for (k = 0; k < NCPU; k++)
		WQT_CHECK_EQ(atomic_load(&runs_on[k]), cpu_online(k) ? 1 : 0);
}

static int each_from_actor(void *arg)
{
	int ret;

	(void)arg;
	ret = schedule_on_each_cpu(each_fn);
	atomic_store(&total_at_return, atomic_load(&total));
	atomic_store(&each_done, 1);
	return ret;
}

/* It returns only once every call has finished. */
static void test_waits(void)
{
	struct task_struct *actor;

	reset_counts();
	init_completion(&gate);
	atomic_store(&gated, 1);
	atomic_store(&each_done, 0);
	actor = wqt_actor_start(2, each_from_actor, NULL);
	WQT_CHECK(wqt_wait_int(&started, NCPU, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&each_done), 0);
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	atomic_store(&gated, 0);
	WQT_CHECK_EQ(atomic_load(&total_at_return), NCPU);
	check_once_per_online_cpu();
}

int main(void)
{
	wqt_boot(NCPU);

	reset_counts();
	WQT_CHECK_EQ(schedule_on_each_cpu(each_fn), 0);
	check_once_per_online_cpu();
	WQT_CHECK_EQ(atomic_load(&total), NCPU);

	test_waits();

	WQT_CHECK_EQ(kenv_cpu_down(3), 0);
	reset_counts();
	WQT_CHECK_EQ(schedule_on_each_cpu(each_fn), 0);
	check_once_per_online_cpu();
	WQT_CHECK_EQ(atomic_load(&runs_on[3]), 0);
	WQT_CHECK_EQ(atomic_load(&total), NCPU - 1);

	/* The first allocation is the per-CPU work array. */
	reset_counts();
	kenv_fail_alloc_nth(1);
	WQT_CHECK_EQ(schedule_on_each_cpu(each_fn), -ENOMEM);
	kenv_fail_alloc_nth(0);
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&total), 0);

	WQT_CHECK_EQ(kenv_cpu_up(3), 0);
	reset_counts();
	WQT_CHECK_EQ(schedule_on_each_cpu(each_fn), 0);
	check_once_per_online_cpu();
	WQT_CHECK_EQ(atomic_load(&total), NCPU);
	wqt_shutdown();
	return 0;
}
