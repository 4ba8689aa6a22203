/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cancel_delayed_work() and cancel_delayed_work_sync(): with the timer
 * pending both return 1 and the work never runs; cancel_delayed_work_sync()
 * also takes a work already queued by the timer (returns 1, never runs),
 * waits for a running callback (while cancel_delayed_work() "may" return
 * with it still running), and kills a work that re-arms itself via
 * queue_delayed_work().
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/timer.h>
#include "core/testing/wqtest.h"

static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe p, blocker;

static _Atomic int cancel_done, cancel_ret, finished_at_return;

static int cancel_sync_from_actor(void *arg)
{
	int ret = cancel_delayed_work_sync(arg);

	atomic_store(&finished_at_return, atomic_load(&p.finished));
	atomic_store(&cancel_ret, ret);
	atomic_store(&cancel_done, 1);
	return 0;
}

static void check_never_runs(void)
{
	WQT_CHECK(!delayed_work_pending(&p.dw));
	WQT_CHECK(!timer_pending(&p.dw.timer));
	wqt_advance(100);
	wqt_settle(20);
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&p.started), 0);
}

static int cancel_from_actor(void *arg)
{
	int ret = arg ? cancel_delayed_work_sync(&p.dw) :
			cancel_delayed_work(&p.dw);

	atomic_store(&cancel_ret, ret);
	atomic_store(&cancel_done, 1);
	return 0;
}

/* Cancel in an actor, so that a cancel that never returns fails fast. */
static int cancel_bounded(int sync)
{
	struct task_struct *actor;

	atomic_store(&cancel_done, 0);
	actor = wqt_actor_start(0, cancel_from_actor, sync ? &p : NULL);
	if (!wqt_wait_int(&cancel_done, 1, 10000))
		wqt_fatal(__FILE__, __LINE__, "cancel_delayed_work%s() hangs",
			  sync ? "_sync" : "");
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	return atomic_load(&cancel_ret);
}

static void test_timer_pending(int sync)
{
	wqt_probe_init(&p, NULL);
	WQT_CHECK_EQ(cancel_bounded(sync), 0);	/* idle */
	WQT_CHECK(queue_delayed_work_on(1, wq, &p.dw, 10));
	wqt_advance(5);
	WQT_CHECK_EQ(cancel_bounded(sync), 1);
	check_never_runs();
	/* The work is usable again. */
	WQT_CHECK(queue_delayed_work_on(2, wq, &p.dw, 3));
	wqt_advance(3);
	WQT_CHECK(wqt_probe_wait(&p, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&p.cpu), 2);
}

/* The timer fired, the work waits on the worklist behind a blocker. */
static void test_queued_sync(void)
{
	init_completion(&gate);
	wqt_probe_init(&blocker, &gate);
	wqt_probe_init(&p, NULL);
	WQT_CHECK(queue_work_on(3, wq, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	WQT_CHECK(queue_delayed_work_on(3, wq, &p.dw, 2));
	wqt_advance(2);
	WQT_CHECK(!timer_pending(&p.dw.timer));
	WQT_CHECK(delayed_work_pending(&p.dw));
	WQT_CHECK_EQ(cancel_delayed_work_sync(&p.dw), 1);
	complete_all(&gate);
	check_never_runs();
	WQT_CHECK_EQ(atomic_load(&blocker.finished), 1);
}

static void test_running(void)
{
	struct task_struct *actor;

	init_completion(&gate);
	wqt_probe_init(&p, &gate);
	atomic_store(&cancel_done, 0);
	WQT_CHECK(queue_delayed_work_on(2, wq, &p.dw, 1));
	wqt_advance(1);
	WQT_CHECK(wqt_probe_wait_started(&p, 1, 5000));

	actor = wqt_actor_start(0, cancel_sync_from_actor, &p.dw);
	WQT_CHECK(wqt_wait_blocked_or_done(actor, &cancel_done, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&cancel_done), 0);
	/* The non-sync form does not wait; nothing was pending. */
	WQT_CHECK_EQ(cancel_delayed_work(&p.dw), 0);
	WQT_CHECK_EQ(atomic_load(&p.finished), 0);

	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), 1);
	WQT_CHECK_EQ(atomic_load(&cancel_ret), 0);
	WQT_CHECK(!delayed_work_pending(&p.dw));
}

/* A delayed work that re-arms itself with a delay of one tick. */
static struct delayed_work rearm;
static _Atomic int rearm_runs;

static void rearm_fn(struct work_struct *work)
{
	atomic_fetch_add(&rearm_runs, 1);
	queue_delayed_work(wq, &rearm, 1);
}

static void test_rearming(void)
{
	int i, runs;

	INIT_DELAYED_WORK(&rearm, rearm_fn);
	atomic_store(&rearm_runs, 0);
	WQT_CHECK(queue_delayed_work_on(1, wq, &rearm, 1));
	for (i = 0; i < 200 && atomic_load(&rearm_runs) < 5; i++) {
		wqt_advance(1);
		wqt_settle(1);
	}
	WQT_CHECK(atomic_load(&rearm_runs) >= 5);
	cancel_delayed_work_sync(&rearm);
	runs = atomic_load(&rearm_runs);
	WQT_CHECK(!delayed_work_pending(&rearm));
	WQT_CHECK(!timer_pending(&rearm.timer));
	for (i = 0; i < 5; i++)
		wqt_advance(1);
	wqt_settle(20);
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&rearm_runs), runs);
}

int main(void)
{
	wqt_boot(4);
	wq = create_workqueue("cancel_delayed");
	WQT_CHECK(wq != NULL);
	test_timer_pending(0);
	test_timer_pending(1);
	test_queued_sync();
	test_running();
	test_rearming();
	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
