/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * create_freezeable_workqueue(): its thread is freezable ("Freeze threads
 * during suspend"): between freeze_processes() and thaw_processes() no work
 * of it runs, even though queue_work() succeeds; after thaw_processes() it
 * runs. Works of a non-freezeable workqueue (keventd) keep running while
 * frozen.
 */
#include <linux/workqueue.h>
#include <linux/freezer.h>
#include "core/testing/wqtest.h"

static struct workqueue_struct *wq;
static struct wqt_probe before, during, delayed, kev;

int main(void)
{
	wqt_boot(4);
	wq = create_freezeable_workqueue("freezer");
	WQT_CHECK(wq != NULL);
	WQT_CHECK(wqkit_wq_is_freezeable(wq));
	WQT_CHECK(wqkit_wq_is_singlethread(wq));

	/*
	 * Runs normally before the freeze. This also makes sure the worker
	 * ran set_freezable(): a freeze before that would skip it.
	 */
	wqt_probe_init(&before, NULL);
	WQT_CHECK(queue_work(wq, &before.dw.work));
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&before.finished), 1);

	WQT_CHECK_EQ(freeze_processes(), 0);
	wqt_probe_init(&during, NULL);
	wqt_probe_init(&delayed, NULL);
	wqt_probe_init(&kev, NULL);
	WQT_CHECK(queue_work_on(1, wq, &during.dw.work));
	WQT_CHECK(queue_delayed_work(wq, &delayed.dw, 3));
	wqt_advance(3);
	WQT_CHECK(schedule_work_on(2, &kev.dw.work));
	WQT_CHECK(wqt_probe_wait(&kev, 1, 5000));	/* keventd not frozen */
	wqt_settle(50);
	WQT_CHECK_EQ(atomic_load(&during.started), 0);
	WQT_CHECK_EQ(atomic_load(&delayed.started), 0);
	WQT_CHECK(work_pending(&during.dw.work));

	thaw_processes();
	WQT_CHECK(wqt_probe_wait(&during, 1, 5000));
	WQT_CHECK(wqt_probe_wait(&delayed, 1, 5000));
	flush_workqueue(wq);

	/* A second freeze/thaw cycle works as well. */
	WQT_CHECK_EQ(freeze_processes(), 0);
	wqt_probe_init(&during, NULL);
	WQT_CHECK(queue_work(wq, &during.dw.work));
	wqt_settle(30);
	WQT_CHECK_EQ(atomic_load(&during.started), 0);
	thaw_processes();
	WQT_CHECK(wqt_probe_wait(&during, 1, 5000));

	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
