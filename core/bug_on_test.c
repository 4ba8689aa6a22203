/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BUG_ON in the seed becomes a failure record, and the task that hit it
 * is killed (parked for good) as an oops would: queue_work_on() of a work
 * whose PENDING bit is clear but whose entry is still on a list trips
 * BUG_ON(!list_empty(&work->entry)). The failure is KENV_FAIL_BUG titled
 * with queue_work_on; the other tasks keep working; kenv_reset() then has
 * to force-stop exactly that one task and nothing else leaks.
 */
#include <string.h>
#include <linux/workqueue.h>
#include <linux/list.h>
#include "core/testing/wqtest.h"

static struct workqueue_struct *wq;
static struct work_struct bad;
static LIST_HEAD(stray_list);
static _Atomic int before_bug, after_bug;

static int queue_corrupt_work(void *arg)
{
	(void)arg;
	INIT_WORK(&bad, NULL);
	list_add(&bad.entry, &stray_list);	/* listed, yet not PENDING */
	atomic_store(&before_bug, 1);
	queue_work_on(1, wq, &bad);
	atomic_store(&after_bug, 1);		/* never reached */
	return 0;
}

int main(void)
{
	struct kenv_failure f;
	struct wqt_probe p;
	int tasks0;

	wqt_boot(4);
	wq = create_workqueue("bug_on");
	WQT_CHECK(wq != NULL);
	tasks0 = kenv_nr_tasks();
	INIT_LIST_HEAD(&stray_list);

	wqt_actor_start(2, queue_corrupt_work, NULL);	/* never joined */
	WQT_CHECK(wqt_wait_failures(1, 5000));
	WQT_CHECK(wqt_take_failure(&f));
	if (f.kind != KENV_FAIL_BUG || !strstr(f.title, "queue_work_on"))
		wqt_fatal(__FILE__, __LINE__, "expected a BUG in queue_work_on, "
			  "got [%s] %s", kenv_failure_kind_name(f.kind), f.title);
	WQT_CHECK(f.function && !strcmp(f.function, "queue_work_on"));
	WQT_CHECK(atomic_load(&before_bug));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&after_bug), 0);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0 + 1);	/* parked, alive */

	/* The rest of the kernel is fine: the BUG held no lock. */
	wqt_probe_init(&p, NULL);
	WQT_CHECK(queue_work_on(1, wq, &p.dw.work));
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&p.finished), 1);
	destroy_workqueue(wq);

	wqt_shutdown_leaking(1);

	/* The forced stop left nothing behind: the next boot is clean. */
	wqt_boot(4);
	wqt_probe_init(&p, NULL);
	WQT_CHECK(schedule_work_on(2, &p.dw.work));
	flush_scheduled_work();
	WQT_CHECK_EQ(atomic_load(&p.finished), 1);
	wqt_shutdown();
	return 0;
}
