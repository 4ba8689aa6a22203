/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cancel_work_sync(): "Returns true if @work was pending"; it cancels a
 * queued work (which then never runs), "if the work's callback appears to
 * be running, cancel_work_sync() will block until it has completed", and
 * "it is possible to use this function if the work re-queues itself":
 * afterwards the work is neither pending nor running and never runs again.
 * On a delayed work whose timer is pending it "goes into a busy-wait loop
 * until the timer expires", then takes the work off the list (returns 1).
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include "core/testing/wqtest.h"

static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe blocker, target;

/* A work that queues itself again every time it runs. */
static struct work_struct self_work;
static _Atomic int self_runs, self_active;

static void self_requeue_fn(struct work_struct *work)
{
	atomic_fetch_add(&self_active, 1);
	atomic_fetch_add(&self_runs, 1);
	queue_work(wq, work);
	atomic_fetch_sub(&self_active, 1);
}

static _Atomic int cancel_done, cancel_ret, finished_at_return;

static int cancel_from_actor(void *arg)
{
	int ret = cancel_work_sync(arg);

	atomic_store(&finished_at_return, atomic_load(&target.finished));
	atomic_store(&cancel_ret, ret);
	atomic_store(&cancel_done, 1);
	return 0;
}

struct listed_query {
	const struct work_struct *work;
	int found;
};

static int find_work(const struct wqkit_cwq_view *v, void *arg)
{
	struct listed_query *q = arg;
	int i;

	if (v->current_work == q->work)
		q->found = 1;
	for (i = 0; i < v->nr_listed && i < WQKIT_MAX_LISTED; i++)
		if (v->listed[i] == q->work)
			q->found = 1;
	return 0;
}

static bool self_ran_three(void *arg)
{
	(void)arg;
	return atomic_load(&self_runs) >= 3;
}

static void test_idle(void)
{
	wqt_probe_init(&target, NULL);
	WQT_CHECK_EQ(cancel_work_sync(&target.dw.work), 0);	/* never queued */
	WQT_CHECK(queue_work_on(2, wq, &target.dw.work));
	WQT_CHECK(wqt_probe_wait(&target, 1, 5000));
	flush_workqueue(wq);
	WQT_CHECK_EQ(cancel_work_sync(&target.dw.work), 0);	/* ran, idle */
	WQT_CHECK(!work_pending(&target.dw.work));
	WQT_CHECK_EQ(atomic_load(&target.finished), 1);
}

static void test_pending(void)
{
	init_completion(&gate);
	wqt_probe_init(&blocker, &gate);
	wqt_probe_init(&target, NULL);
	WQT_CHECK(queue_work_on(1, wq, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	WQT_CHECK(queue_work_on(1, wq, &target.dw.work));
	WQT_CHECK(work_pending(&target.dw.work));

	WQT_CHECK_EQ(cancel_work_sync(&target.dw.work), 1);
	WQT_CHECK(!work_pending(&target.dw.work));
	complete_all(&gate);
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&blocker.finished), 1);
	WQT_CHECK_EQ(atomic_load(&target.started), 0);
	/* Cancelled, not broken: it can be queued and run again. */
	WQT_CHECK(queue_work_on(1, wq, &target.dw.work));
	WQT_CHECK(wqt_probe_wait(&target, 1, 5000));
}

static void test_running(void)
{
	struct task_struct *actor;

	init_completion(&gate);
	wqt_probe_init(&target, &gate);
	atomic_store(&cancel_done, 0);
	WQT_CHECK(queue_work_on(3, wq, &target.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&target, 1, 5000));

	actor = wqt_actor_start(0, cancel_from_actor, &target.dw.work);
	WQT_CHECK(wqt_wait_blocked_or_done(actor, &cancel_done, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&cancel_done), 0);	/* still waiting */
	WQT_CHECK_EQ(atomic_load(&target.finished), 0);

	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&cancel_done), 1);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), 1);
	WQT_CHECK_EQ(atomic_load(&cancel_ret), 0);	/* running, not pending */
	WQT_CHECK(!work_pending(&target.dw.work));
}

static int cancel_delayed_from_actor(void *arg)
{
	int ret = cancel_work_sync(arg);

	atomic_store(&cancel_ret, ret);
	atomic_store(&cancel_done, 1);
	return 0;
}

static void test_timer_pending_busy_wait(void)
{
	struct task_struct *actor;

	init_completion(&gate);
	wqt_probe_init(&blocker, &gate);
	wqt_probe_init(&target, NULL);
	WQT_CHECK(queue_work_on(1, wq, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	WQT_CHECK(queue_delayed_work_on(1, wq, &target.dw, 5));

	atomic_store(&cancel_done, 0);
	actor = wqt_actor_start(2, cancel_delayed_from_actor, &target.dw.work);
	wqt_settle(30);
	WQT_CHECK_EQ(atomic_load(&cancel_done), 0);	/* spins on the timer */
	wqt_advance(5);		/* fires on CPU 1: listed behind the blocker */
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&cancel_ret), 1);
	WQT_CHECK(!work_pending(&target.dw.work));
	complete_all(&gate);
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&target.started), 0);
}

static void test_self_requeue(void)
{
	struct listed_query q = { .work = &self_work };
	int runs;

	INIT_WORK(&self_work, self_requeue_fn);
	atomic_store(&self_runs, 0);
	WQT_CHECK(queue_work_on(2, wq, &self_work));
	WQT_CHECK(wqt_wait(self_ran_three, NULL, 5000));

	cancel_work_sync(&self_work);
	runs = atomic_load(&self_runs);
	WQT_CHECK(!work_pending(&self_work));
	WQT_CHECK_EQ(atomic_load(&self_active), 0);
	wqkit_inspect_workqueue(wq, find_work, &q);
	WQT_CHECK_EQ(q.found, 0);
	wqt_settle(50);
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&self_runs), runs);
}

int main(void)
{
	wqt_boot(4);
	wq = create_workqueue("cancel_test");
	WQT_CHECK(wq != NULL);
	test_idle();
	test_pending();
	test_running();
	test_timer_pending_busy_wait();
	test_self_requeue();
	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
