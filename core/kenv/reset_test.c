/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * reset_test: kenv_init()/kenv_reset() life cycle.
 *  - kenv_init() while up fails and leaves the environment intact;
 *  - kenv_reset() with a leaked kthread (never stopped) and a leaked
 *    kzalloc reports both in struct kenv_leaks and returns 1; a clean
 *    reset returns 0 with zero leaks;
 *  - with the workqueue, a workqueue the caller did not destroy is
 *    reported in leaks.objects (keventd is not a leak);
 *  - the next kenv_init() works and starts from scratch (no tasks or
 *    allocations left over);
 *  - kenv_nr_os_threads() does not grow over 1000 init/reset cycles that
 *    start and stop kthreads (pooled threads are reused).
 */
#include <stdatomic.h>
#include <string.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

static const struct kenv_config kcfg = { .nr_cpus = 4, .no_subsystems = true };

static int sleep_fn(void *arg)
{
	_Atomic int *started = arg;

	if (started)
		atomic_store(started, 1);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static void test_leaks(void)
{
	struct kenv_leaks leaks;
	struct task_struct *k;
	_Atomic int started = 0;
	int tasks0, allocs0;
	void *p;

	wqt_boot_cfg(&kcfg);
	tasks0 = kenv_nr_tasks();
	allocs0 = kenv_nr_allocations();
	WQT_CHECK(kenv_init(&kcfg) != 0);	/* already up */
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);

	k = kthread_run(sleep_fn, &started, "leaky");
	WQT_CHECK(!IS_ERR(k));
	WQT_CHECK(wqt_wait_int(&started, 1, 5000));
	p = kzalloc(100, GFP_KERNEL);
	WQT_CHECK(p);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0 + 1);
	WQT_CHECK_EQ(kenv_nr_allocations(), allocs0 + 1);
	wqt_expect_no_failure();

	memset(&leaks, 0xff, sizeof(leaks));
	WQT_CHECK_EQ(kenv_reset(&leaks), 1);
	WQT_CHECK_EQ(leaks.tasks, 1);
	WQT_CHECK_EQ(leaks.allocations, 1);
	WQT_CHECK(leaks.bytes >= 100);
	WQT_CHECK_EQ(leaks.objects, 0);

	/* the next boot is clean */
	wqt_boot_cfg(&kcfg);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
	WQT_CHECK_EQ(kenv_nr_allocations(), allocs0);
	k = kthread_run(sleep_fn, NULL, "fine");
	WQT_CHECK(!IS_ERR(k));
	WQT_CHECK_EQ(kthread_stop(k), 0);
	memset(&leaks, 0xff, sizeof(leaks));
	WQT_CHECK_EQ(kenv_reset(&leaks), 0);
	WQT_CHECK_EQ(leaks.tasks, 0);
	WQT_CHECK_EQ(leaks.allocations, 0);
	WQT_CHECK_EQ(leaks.objects, 0);
}

static void test_leaked_workqueue(void)
{
	struct kenv_leaks leaks;
	struct workqueue_struct *wq;

	wqt_boot(2);
	wq = create_workqueue("leaked_wq");
	WQT_CHECK(wq);
	memset(&leaks, 0xff, sizeof(leaks));
	WQT_CHECK_EQ(kenv_reset(&leaks), 1);
	WQT_CHECK_EQ(leaks.objects, 1);
	WQT_CHECK_EQ(leaks.tasks, 0);	/* its threads were stopped by destroy */
	WQT_CHECK_EQ(leaks.allocations, 0);

	wqt_boot(2);
	wqt_shutdown();
}

static void cycle(void)
{
	struct task_struct *k[3];
	int i;

	wqt_boot_cfg(&kcfg);
	for (i = 0; i < 3; i++) {
		k[i] = kthread_create(sleep_fn, NULL, "cycle-%d", i);
		WQT_CHECK(!IS_ERR(k[i]));
		kthread_bind(k[i], i);
		wake_up_process(k[i]);
	}
	for (i = 0; i < 3; i++)
		WQT_CHECK_EQ(kthread_stop(k[i]), 0);
	wqt_shutdown();
}

static void test_no_thread_growth(void)
{
	int i, after_warmup, now;

	for (i = 0; i < 10; i++)
		cycle();
	after_warmup = kenv_nr_os_threads();
	WQT_CHECK(after_warmup > 0);
	for (i = 0; i < 1000; i++) {
		cycle();
		now = kenv_nr_os_threads();
		if (now > after_warmup)
			wqt_fatal(__FILE__, __LINE__,
				  "OS threads grew from %d to %d at cycle %d",
				  after_warmup, now, i);
	}
}

int main(void)
{
	test_leaks();
	test_leaked_workqueue();
	test_no_thread_growth();
	printf("reset_test: OK\n");
	return 0;
}
