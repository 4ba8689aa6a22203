/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * queue_work() / queue_work_on(): "Returns 0 if @work was already on a
 * queue, non-zero otherwise", queue_work() queues "to the CPU on which it
 * was submitted", queue_work_on() to the given CPU; the work runs once per
 * successful queue, in that CPU's worker thread.
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/smp.h>
#include "core/testing/wqtest.h"

#define NCPU 4

static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe blocker[NCPU];
static struct wqt_probe by_actor[NCPU];
static struct wqt_probe by_cpu[NCPU];

/* Runs in an actor on CPU k: queue_work() twice, queue_work_on() once. */
static int queue_from_actor(void *arg)
{
	int k = (int)(long)arg;
	struct work_struct *w = &by_actor[k].dw.work;
	int r1, r2, r3;

	WQT_CHECK_EQ(raw_smp_processor_id(), k);
	r1 = queue_work(wq, w);
	r2 = queue_work(wq, w);
	r3 = queue_work_on((k + 1) % NCPU, wq, w);
	WQT_CHECK(r1 != 0);
	WQT_CHECK_EQ(r2, 0);
	WQT_CHECK_EQ(r3, 0);
	WQT_CHECK(work_pending(w));
	return 0;
}

static int requeue_from_actor(void *arg)
{
	int k = (int)(long)arg;

	return queue_work(wq, &by_actor[k].dw.work);
}

int main(void)
{
	int k;

	wqt_boot(NCPU);
	wq = create_workqueue("queue_test");
	WQT_CHECK(wq != NULL);
	init_completion(&gate);

	/* Hold every worker in a gated work so nothing queued below runs. */
	for (k = 0; k < NCPU; k++) {
		wqt_probe_init(&blocker[k], &gate);
		wqt_probe_init(&by_actor[k], NULL);
		wqt_probe_init(&by_cpu[k], NULL);
		WQT_CHECK(queue_work_on(k, wq, &blocker[k].dw.work) != 0);
	}
	for (k = 0; k < NCPU; k++)
		WQT_CHECK(wqt_probe_wait_started(&blocker[k], 1, 5000));

	for (k = 0; k < NCPU; k++)
		WQT_CHECK_EQ(wqt_run_on(k, queue_from_actor, (void *)(long)k), 0);
	for (k = 0; k < NCPU; k++) {
		/* The boot task runs on CPU 0; queue_work_on ignores that. */
		WQT_CHECK(queue_work_on(k, wq, &by_cpu[k].dw.work) != 0);
		WQT_CHECK_EQ(queue_work_on(k, wq, &by_cpu[k].dw.work), 0);
		WQT_CHECK_EQ(queue_work(wq, &by_cpu[k].dw.work), 0);
	}
	wqt_settle(20);
	for (k = 0; k < NCPU; k++) {
		WQT_CHECK_EQ(atomic_load(&by_actor[k].started), 0);
		WQT_CHECK_EQ(atomic_load(&by_cpu[k].started), 0);
	}

	complete_all(&gate);
	for (k = 0; k < NCPU; k++) {
		struct task_struct *t = wqt_cwq_thread(wq, k);

		WQT_CHECK(t != NULL);
		WQT_CHECK(wqt_probe_wait(&by_actor[k], 1, 5000));
		WQT_CHECK(wqt_probe_wait(&by_cpu[k], 1, 5000));
		WQT_CHECK_EQ(atomic_load(&by_actor[k].cpu), k);
		WQT_CHECK(atomic_load(&by_actor[k].task) == t);
		WQT_CHECK_EQ(atomic_load(&by_cpu[k].cpu), k);
		WQT_CHECK(atomic_load(&by_cpu[k].task) == t);
		WQT_CHECK_EQ(atomic_load(&by_actor[k].keventd), 0);
	}

	/* Once run (PENDING cleared), queueing succeeds again and runs again. */
	for (k = 0; k < NCPU; k++) {
		WQT_CHECK(!work_pending(&by_actor[k].dw.work));
		WQT_CHECK(wqt_run_on(k, requeue_from_actor, (void *)(long)k) != 0);
	}
	flush_workqueue(wq);
	for (k = 0; k < NCPU; k++) {
		WQT_CHECK_EQ(atomic_load(&by_actor[k].finished), 2);
		WQT_CHECK_EQ(atomic_load(&by_actor[k].cpu), k);
		WQT_CHECK_EQ(atomic_load(&by_actor[k].overlapped), 0);
		WQT_CHECK_EQ(atomic_load(&by_cpu[k].finished), 1);
		WQT_CHECK_EQ(atomic_load(&blocker[k].finished), 1);
	}
	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
