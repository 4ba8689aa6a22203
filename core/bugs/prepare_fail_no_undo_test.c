/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * prepare_fail_no_undo: when kthread_create() fails for a workqueue at
 * CPU_UP_PREPARE, workqueue_cpu_callback() must undo what it did for the
 * workqueues before it (goto undo with CPU_UP_CANCELED): cpu_up() does not
 * send CPU_UP_CANCELED to the notifier that failed.
 *
 * Scenario (deterministic, fault injection): workqueues are listed
 * zoo_b, zoo_a, events; the 2nd kthread_create() (zoo_a's) fails during
 * cpu_up(3). Clean: cpu_up() fails, no task is left over, CPU 3 is not in
 * cpu_populated_map, and a later cpu_up(3) gives each workqueue a working
 * thread. Bug: zoo_b's thread for CPU 3 is leaked (one extra task, never
 * started) and CPU 3 stays in cpu_populated_map although offline.
 */
#include <stdatomic.h>
#include <linux/cpumask.h>
#include "core/bugs/bugtest.h"

#define NCPU	4
#define UPCPU	3

static int cpu_up_actor(void *arg)
{
	(void)arg;
	return kenv_cpu_up(UPCPU);
}

int main(void)
{
	struct kenv_config cfg = { .nr_cpus = NCPU, .online_mask = 0x7 };
	struct workqueue_struct *wq_a, *wq_b;
	static struct wqt_probe pa, pb;
	int tasks0, ret;

	wqt_boot_cfg(&cfg);
	wq_a = create_workqueue("zoo_a");
	wq_b = create_workqueue("zoo_b");
	WQT_CHECK(wq_a && wq_b);
	WQT_CHECK_EQ(wqkit_nr_listed_workqueues(), 3);
	tasks0 = kenv_nr_tasks();

	kenv_fail_kthread_nth(2);
	ret = wqt_run_on(0, cpu_up_actor, NULL);
	WQT_CHECK_EQ(kenv_kthread_calls(), 2);
	kenv_fail_kthread_nth(0);
	WQT_CHECK(ret < 0);
	WQT_CHECK(!cpu_online(UPCPU));
	WQB_CHECK(kenv_nr_tasks() == tasks0,
		  "CPU_UP_PREPARE failure leaked the worker created for another workqueue");
	WQB_CHECK(!(wqkit_cpu_populated_map() & (1UL << UPCPU)),
		  "CPU_UP_PREPARE failure left the CPU in cpu_populated_map");

	/* The CPU comes up for real and every workqueue works there. */
	WQT_CHECK_EQ(kenv_cpu_up(UPCPU), 0);
	wqt_probe_init(&pa, NULL);
	wqt_probe_init(&pb, NULL);
	WQT_CHECK(queue_work_on(UPCPU, wq_a, &pa.dw.work));
	WQT_CHECK(queue_work_on(UPCPU, wq_b, &pb.dw.work));
	flush_workqueue(wq_a);
	flush_workqueue(wq_b);
	WQT_CHECK_EQ(atomic_load(&pa.finished), 1);
	WQT_CHECK_EQ(atomic_load(&pb.finished), 1);
	WQT_CHECK_EQ(atomic_load(&pb.cpu), UPCPU);
	WQB_CHECK(kenv_nr_tasks() == tasks0 + 3,
		  "after a failed and a successful cpu_up() there are more workers than workqueues");

	destroy_workqueue(wq_b);
	destroy_workqueue(wq_a);
	if (WQB_EXPECT_BUG && wqb_observed) {
		/* the leaked, never-started kthread is still there */
		wqb_shutdown_tainted(1);
	} else {
		wqt_shutdown();
	}
	wqb_done("prepare_fail_no_undo");
	return 0;
}
