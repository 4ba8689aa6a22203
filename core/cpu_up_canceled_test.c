/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU_UP_CANCELED: when kthread_create() fails for one workqueue during
 * CPU_UP_PREPARE, workqueue_cpu_callback() prints "workqueue [..] for N
 * failed", returns NOTIFY_BAD and undoes its own work (goto undo): the
 * threads already created for that CPU are started unbound and stopped,
 * the CPU leaves cpu_populated_map, cpu_up() fails and the CPU stays
 * offline, nothing leaks, and a later cpu_up() succeeds with a working
 * thread per workqueue. Tried with the failure at each workqueue.
 */
#include <string.h>
#include <linux/workqueue.h>
#include <linux/cpumask.h>
#include "core/testing/wqtest.h"

#define NCPU 4
#define UPCPU 3

static struct workqueue_struct *wq_a, *wq_b;
static struct wqt_probe pa, pb, pk;

static int cpu_up_from_actor(void *arg)
{
	return kenv_cpu_up((int)(long)arg);
}

int main(void)
{
	struct kenv_config cfg = { .nr_cpus = NCPU, .online_mask = 0x7 };
	static char log[8192];
	int nth, nr_wq, tasks0, allocs0, ret;

	wqt_boot_cfg(&cfg);
	wq_a = create_workqueue("cancel_a");
	wq_b = create_workqueue("cancel_b");
	WQT_CHECK(wq_a && wq_b);
	nr_wq = wqkit_nr_listed_workqueues();
	WQT_CHECK_EQ(nr_wq, 3);		/* cancel_b, cancel_a, events */
	tasks0 = kenv_nr_tasks();
	allocs0 = kenv_nr_allocations();

	for (nth = 1; nth <= nr_wq; nth++) {
		kenv_log_clear();
		kenv_fail_kthread_nth(nth);
		ret = wqt_run_on(0, cpu_up_from_actor, (void *)(long)UPCPU);
		/* The failing notifier stops the chain: no call after it. */
		WQT_CHECK_EQ(kenv_kthread_calls(), nth);
		kenv_fail_kthread_nth(0);
		WQT_CHECK(ret < 0);
		WQT_CHECK(!cpu_online(UPCPU));
		WQT_CHECK_EQ(wqkit_cpu_populated_map(), 0x7);
		WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
		WQT_CHECK_EQ(kenv_nr_allocations(), allocs0);
		kenv_log_read(log, sizeof(log));
		WQT_CHECK(strstr(log, "for 3 failed") != NULL);
		/* The other CPUs keep working. */
		wqt_probe_init(&pa, NULL);
		WQT_CHECK(queue_work_on(1, wq_a, &pa.dw.work));
		flush_workqueue(wq_a);
		WQT_CHECK_EQ(atomic_load(&pa.finished), 1);
	}

	WQT_CHECK_EQ(kenv_cpu_up(UPCPU), 0);
	WQT_CHECK(cpu_online(UPCPU));
	WQT_CHECK_EQ(wqkit_cpu_populated_map(), 0xf);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0 + nr_wq);
	wqt_probe_init(&pa, NULL);
	wqt_probe_init(&pb, NULL);
	wqt_probe_init(&pk, NULL);
	WQT_CHECK(queue_work_on(UPCPU, wq_a, &pa.dw.work));
	WQT_CHECK(queue_work_on(UPCPU, wq_b, &pb.dw.work));
	WQT_CHECK(schedule_work_on(UPCPU, &pk.dw.work));
	flush_workqueue(wq_a);
	flush_workqueue(wq_b);
	flush_scheduled_work();
	WQT_CHECK_EQ(atomic_load(&pa.finished), 1);
	WQT_CHECK_EQ(atomic_load(&pb.finished), 1);
	WQT_CHECK_EQ(atomic_load(&pk.finished), 1);
	WQT_CHECK_EQ(atomic_load(&pa.cpu), UPCPU);
	WQT_CHECK_EQ(atomic_load(&pb.cpu), UPCPU);
	WQT_CHECK_EQ(atomic_load(&pk.cpu), UPCPU);
	WQT_CHECK(atomic_load(&pa.task) == wqt_cwq_thread(wq_a, UPCPU));
	WQT_CHECK(atomic_load(&pb.task) == wqt_cwq_thread(wq_b, UPCPU));

	destroy_workqueue(wq_b);
	destroy_workqueue(wq_a);
	wqt_shutdown();
	return 0;
}
