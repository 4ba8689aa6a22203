/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * flush_work(): "block until a work_struct's callback has terminated";
 * "Returns false if @work has already terminated" (never queued, or run
 * and idle); for a queued or a running work it blocks until the callback
 * returned, then returns true.
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include "core/testing/wqtest.h"

static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe blocker, target;
static _Atomic int flush_done, flush_ret, finished_at_return;

static int flush_from_actor(void *arg)
{
	int ret = flush_work(arg);

	atomic_store(&finished_at_return, atomic_load(&target.finished));
	atomic_store(&flush_ret, ret);
	atomic_store(&flush_done, 1);
	return 0;
}

/* Start flush_work(&target) in an actor; it must wait until @release. */
static void check_flush_waits(struct completion *release)
{
	struct task_struct *actor;

	atomic_store(&flush_done, 0);
	actor = wqt_actor_start(0, flush_from_actor, &target.dw.work);
	WQT_CHECK(wqt_wait_blocked_or_done(actor, &flush_done, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&flush_done), 0);
	WQT_CHECK_EQ(atomic_load(&target.finished), 0);
	complete_all(release);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&flush_ret), 1);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), 1);
}

int main(void)
{
	wqt_boot(4);
	wq = create_workqueue("flush_work");
	WQT_CHECK(wq != NULL);

	/* Never queued, then run and idle: nothing to wait for. */
	wqt_probe_init(&target, NULL);
	WQT_CHECK_EQ(flush_work(&target.dw.work), 0);
	WQT_CHECK(queue_work_on(1, wq, &target.dw.work));
	WQT_CHECK(wqt_probe_wait(&target, 1, 5000));
	flush_workqueue(wq);
	WQT_CHECK_EQ(flush_work(&target.dw.work), 0);

	/* Queued behind a blocked work: waits until it has run. */
	init_completion(&gate);
	wqt_probe_init(&blocker, &gate);
	wqt_probe_init(&target, NULL);
	WQT_CHECK(queue_work_on(2, wq, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	WQT_CHECK(queue_work_on(2, wq, &target.dw.work));
	check_flush_waits(&gate);
	WQT_CHECK_EQ(atomic_load(&target.cpu), 2);

	/* Running: waits until the callback returns. */
	init_completion(&gate);
	wqt_probe_init(&target, &gate);
	WQT_CHECK(queue_work_on(3, wq, &target.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&target, 1, 5000));
	check_flush_waits(&gate);

	/* On keventd too, from the boot task. */
	wqt_probe_init(&target, NULL);
	WQT_CHECK(schedule_work_on(1, &target.dw.work));
	flush_work(&target.dw.work);
	WQT_CHECK_EQ(atomic_load(&target.finished), 1);

	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
