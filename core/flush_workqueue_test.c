/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * flush_workqueue(): "We sleep until all works which were queued on entry
 * have been handled, but we are not livelocked by new incoming ones": it
 * waits for every work queued (on any CPU) before the call, including one
 * running, and returns even while a work requeues itself forever.
 * flush_scheduled_work() does the same for keventd.
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include "core/testing/wqtest.h"

#define NCPU 4
#define PER_CPU 4

static struct workqueue_struct *wq;
static struct completion gate, gate2;
static struct wqt_probe blocker, second, probes[NCPU][PER_CPU];
static _Atomic int flush_done, finished_at_return;

static int sum_finished(void)
{
	int c, i, n = 0;

	for (c = 0; c < NCPU; c++)
		for (i = 0; i < PER_CPU; i++)
			n += atomic_load(&probes[c][i].finished);
	return n;
}

static int flush_from_actor(void *arg)
{
	if (arg)
		flush_workqueue(arg);
	else
		flush_scheduled_work();
	atomic_store(&finished_at_return, sum_finished());
	atomic_store(&flush_done, 1);
	return 0;
}

/*
 * CPU 1: blocker (gate), then second (gate2), then PER_CPU probes; the
 * other CPUs: PER_CPU probes each. flush must still wait once the blocker
 * is done and second runs, i.e. for works queued, not only for the one
 * that was running at the time of the call.
 */
static void test_waits_for_queued(struct workqueue_struct *q)
{
	struct task_struct *actor;
	int c, i;

	init_completion(&gate);
	init_completion(&gate2);
	wqt_probe_init(&blocker, &gate);
	wqt_probe_init(&second, &gate2);
	WQT_CHECK(q ? queue_work_on(1, q, &blocker.dw.work) :
		      schedule_work_on(1, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	WQT_CHECK(q ? queue_work_on(1, q, &second.dw.work) :
		      schedule_work_on(1, &second.dw.work));
	for (c = 0; c < NCPU; c++)
		for (i = 0; i < PER_CPU; i++) {
			struct work_struct *w = &probes[c][i].dw.work;

			wqt_probe_init(&probes[c][i], NULL);
			WQT_CHECK(q ? queue_work_on(c, q, w) :
				      schedule_work_on(c, w));
		}

	atomic_store(&flush_done, 0);
	actor = wqt_actor_start(2, flush_from_actor, q);
	WQT_CHECK(wqt_wait_blocked_or_done(actor, &flush_done, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&flush_done), 0);	/* CPU 1 is held */
	complete_all(&gate);
	WQT_CHECK(wqt_probe_wait_started(&second, 1, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&flush_done), 0);	/* second still runs */
	complete_all(&gate2);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), NCPU * PER_CPU);
	WQT_CHECK_EQ(atomic_load(&blocker.finished), 1);
	WQT_CHECK_EQ(atomic_load(&second.finished), 1);
}

/* A work running alone (empty worklist) is waited for too. */
static void test_waits_for_running(void)
{
	struct task_struct *actor;
	int c, i;

	for (c = 0; c < NCPU; c++)
		for (i = 0; i < PER_CPU; i++)
			wqt_probe_init(&probes[c][i], NULL);
	init_completion(&gate);
	wqt_probe_init(&probes[3][0], &gate);
	WQT_CHECK(queue_work_on(3, wq, &probes[3][0].dw.work));
	WQT_CHECK(wqt_probe_wait_started(&probes[3][0], 1, 5000));

	atomic_store(&flush_done, 0);
	actor = wqt_actor_start(0, flush_from_actor, wq);
	WQT_CHECK(wqt_wait_blocked_or_done(actor, &flush_done, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&flush_done), 0);
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), 1);
}

/* A work that requeues itself until told to stop. */
static struct work_struct forever;
static _Atomic int forever_runs, forever_stop;

static void forever_fn(struct work_struct *work)
{
	atomic_fetch_add(&forever_runs, 1);
	if (!atomic_load(&forever_stop))
		queue_work(wq, work);
}

static bool forever_ran(void *arg)
{
	return atomic_load(&forever_runs) >= *(int *)arg;
}

static void test_not_livelocked(void)
{
	struct task_struct *actor;
	int n = 3;

	INIT_WORK(&forever, forever_fn);
	atomic_store(&forever_runs, 0);
	atomic_store(&forever_stop, 0);
	WQT_CHECK(queue_work_on(3, wq, &forever));
	WQT_CHECK(wqt_wait(forever_ran, &n, 5000));

	atomic_store(&flush_done, 0);
	actor = wqt_actor_start(0, flush_from_actor, wq);
	if (!wqt_wait_int(&flush_done, 1, 20000))
		wqt_fatal(__FILE__, __LINE__,
			  "flush_workqueue livelocked by a self-requeueing work");
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	/* The work kept requeueing itself across the flush. */
	n = atomic_load(&forever_runs) + 2;
	WQT_CHECK(wqt_wait(forever_ran, &n, 5000));
	atomic_store(&forever_stop, 1);
	cancel_work_sync(&forever);
	WQT_CHECK(!work_pending(&forever));
}

int main(void)
{
	wqt_boot(NCPU);
	wq = create_workqueue("flush_wq");
	WQT_CHECK(wq != NULL);
	test_waits_for_queued(wq);
	test_waits_for_queued(NULL);	/* flush_scheduled_work, keventd */
	test_waits_for_running();
	test_not_livelocked();
	/* Nothing queued: returns at once. */
	flush_workqueue(wq);
	flush_scheduled_work();
	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
