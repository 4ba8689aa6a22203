/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * destroy_workqueue(): "Safely destroy a workqueue. All work currently
 * pending will be done first." Works queued behind a blocked one (and on
 * other CPUs) all run before destroy_workqueue() returns; afterwards the
 * workqueue's threads are gone and its memory freed. Checked for a
 * multi-threaded and a singlethread workqueue, and for a freezeable one
 * destroyed while frozen: destroy_workqueue() then waits for the thaw and
 * the pending works still run (the worker must not see kthread_stop()
 * before it has drained its list).
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/freezer.h>
#include "core/testing/wqtest.h"

#define NCPU 4
#define NPROBES 12

static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe blocker, probes[NPROBES];
static _Atomic int destroy_done, finished_at_return;

static int destroy_from_actor(void *arg)
{
	int i, n = 0;

	destroy_workqueue(arg);
	for (i = 0; i < NPROBES; i++)
		n += atomic_load(&probes[i].finished);
	atomic_store(&finished_at_return, n);
	atomic_store(&destroy_done, 1);
	return 0;
}

static void test_destroy(int singlethread)
{
	int tasks0 = kenv_nr_tasks(), allocs0 = kenv_nr_allocations();
	int listed0 = wqkit_nr_listed_workqueues();
	struct task_struct *actor;
	int i, nthreads = singlethread ? 1 : NCPU;

	wq = singlethread ? create_singlethread_workqueue("destroy_st") :
			    create_workqueue("destroy_mt");
	WQT_CHECK(wq != NULL);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0 + nthreads);
	WQT_CHECK_EQ(wqkit_nr_listed_workqueues(), listed0 + !singlethread);

	init_completion(&gate);
	wqt_probe_init(&blocker, &gate);
	WQT_CHECK(queue_work_on(1, wq, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	for (i = 0; i < NPROBES; i++) {
		wqt_probe_init(&probes[i], NULL);
		/* Half behind the blocker, the rest spread over the CPUs. */
		WQT_CHECK(queue_work_on(i % 2 ? 1 : i % NCPU, wq,
					&probes[i].dw.work));
	}

	atomic_store(&destroy_done, 0);
	actor = wqt_actor_start(0, destroy_from_actor, wq);
	WQT_CHECK(wqt_wait_blocked_or_done(actor, &destroy_done, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&destroy_done), 0);
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), NPROBES);
	WQT_CHECK_EQ(atomic_load(&blocker.finished), 1);
	for (i = 0; i < NPROBES; i++) {
		WQT_CHECK_EQ(atomic_load(&probes[i].finished), 1);
		WQT_CHECK(!work_pending(&probes[i].dw.work));
	}
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
	WQT_CHECK_EQ(kenv_nr_allocations(), allocs0);
	WQT_CHECK_EQ(wqkit_nr_listed_workqueues(), listed0);
}

static void test_destroy_frozen(void)
{
	int tasks0 = kenv_nr_tasks(), allocs0 = kenv_nr_allocations();
	struct task_struct *actor;
	int i;

	wq = create_freezeable_workqueue("destroy_fz");
	WQT_CHECK(wq != NULL);
	/*
	 * The worker becomes freezable only when it runs set_freezable();
	 * a freeze before that would skip it. Run one work first.
	 */
	wqt_probe_init(&probes[0], NULL);
	WQT_CHECK(queue_work(wq, &probes[0].dw.work));
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&probes[0].finished), 1);
	WQT_CHECK_EQ(freeze_processes(), 0);
	for (i = 0; i < NPROBES; i++) {
		wqt_probe_init(&probes[i], NULL);
		WQT_CHECK(queue_work_on(i % NCPU, wq, &probes[i].dw.work));
	}
	atomic_store(&destroy_done, 0);
	actor = wqt_actor_start(1, destroy_from_actor, wq);
	WQT_CHECK(wqt_wait_blocked_or_done(actor, &destroy_done, 5000));
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&destroy_done), 0);
	for (i = 0; i < NPROBES; i++)
		WQT_CHECK_EQ(atomic_load(&probes[i].started), 0);
	thaw_processes();
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), NPROBES);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
	WQT_CHECK_EQ(kenv_nr_allocations(), allocs0);
}

int main(void)
{
	wqt_boot(NCPU);
	test_destroy(0);
	test_destroy(1);
	test_destroy_frozen();
	wqt_shutdown();
	return 0;
}
