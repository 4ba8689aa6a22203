/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * clear_pending_late: run_workqueue() must clear PENDING before calling
 * f(work), so a queue_work() issued while the work runs re-queues it.
 *
 * Scenario (deterministic): a gated work runs on CPU 1 and sleeps on its
 * gate; the test queues it again while it runs. Clean: queue_work_on()
 * returns 1 and the work runs a second time. Bug: PENDING is still set,
 * queue_work_on() returns 0 and the request is lost (one run only).
 *
 * On the bug build no flush follows: a flush barrier lives on the
 * flusher's stack, and the late clear_bit(PENDING) would hit it after
 * the flusher returned (ASan: stack-use-after-return), a second symptom
 * of the same bug. The test waits with the probe and ends there.
 */
#include <stdatomic.h>
#include "core/bugs/bugtest.h"

int main(void)
{
	struct workqueue_struct *wq;
	struct completion gate;
	static struct wqt_probe p;
	int ret;

	wqt_boot(2);
	wq = create_workqueue("zoo_late");
	WQT_CHECK(wq != NULL);
	init_completion(&gate);
	wqt_probe_init(&p, &gate);

	WQT_CHECK_EQ(queue_work_on(1, wq, &p.dw.work), 1);
	WQT_CHECK(wqt_probe_wait_started(&p, 1, 5000));
	/* p is running, its PENDING bit must be clear by now */
	ret = queue_work_on(1, wq, &p.dw.work);
	WQB_CHECK(ret == 1,
		  "queue_work() on a running work returned 0: PENDING still set while f(work) runs, requeue lost");
	complete_all(&gate);
	if (ret != 1) {
		WQT_CHECK(wqt_probe_wait(&p, 1, 5000));
		wqt_settle(50);		/* time for a second run, if any */
		WQB_CHECK(atomic_load(&p.finished) == 2,
			  "the work ran once although queued twice");
		wqb_exit_wrecked("clear_pending_late");
	}
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&p.finished), ret == 1 ? 2 : 1);
	WQB_CHECK(atomic_load(&p.finished) == 2,
		  "the work ran once although queued twice");
	WQT_CHECK(!work_pending(&p.dw.work));
	WQT_CHECK_EQ(atomic_load(&p.overlapped), 0);

	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("clear_pending_late");
	return 0;
}
