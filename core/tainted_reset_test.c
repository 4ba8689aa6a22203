/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A BUG inside a work kills its worker thread with current_work set, so a
 * graceful reset (destroy_workqueue -> flush) would wait forever. kenv
 * marks itself tainted on a BUG in a kthread and kenv_reset() then kills
 * every task and forgets the workqueues instead: it must return, report
 * what it had to clean up, and leave kenv usable for the next boot.
 */
#include <stdatomic.h>
#include <string.h>
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

static _Atomic int reached;

static void bug_work(struct work_struct *work)
{
	atomic_store(&reached, 1);
	BUG_ON(work != NULL);
}

static void nop_work(struct work_struct *work)
{
	atomic_fetch_add(&reached, 1);
}

int main(void)
{
	struct workqueue_struct *wq;
	struct work_struct w, w2;
	struct kenv_failure f;
	struct kenv_leaks leaks;

	wqt_boot(2);
	wq = create_workqueue("taint");
	WQT_CHECK(wq != NULL);
	INIT_WORK(&w, bug_work);
	WQT_CHECK(queue_work_on(1, wq, &w));
	WQT_CHECK(wqt_wait_int(&reached, 1, 5000));
	while (!wqt_take_failure(&f))
		wqt_settle(1);
	WQT_CHECK_EQ(f.kind, KENV_FAIL_BUG);
	WQT_CHECK(strstr(f.title, "in bug_work") != NULL);
	WQT_CHECK(kenv_tainted());

	/* Must not hang on the dead worker; it leaked wq and its tasks. */
	WQT_CHECK_EQ(kenv_reset(&leaks), 1);
	WQT_CHECK_EQ(leaks.objects, 1);
	WQT_CHECK(leaks.tasks >= 1);
	WQT_CHECK(!kenv_tainted());

	/* The next boot is clean and works. */
	atomic_store(&reached, 0);
	wqt_boot(2);
	INIT_WORK(&w2, nop_work);
	WQT_CHECK(schedule_work_on(1, &w2));
	flush_scheduled_work();
	WQT_CHECK_EQ(atomic_load(&reached), 1);
	wqt_shutdown();
	return 0;
}
