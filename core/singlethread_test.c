/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * create_singlethread_workqueue(): one cwq, the one of singlethread_cpu
 * (the first possible CPU), and one thread. Whatever CPU a work is queued
 * from or for (queue_work from any CPU, queue_work_on any CPU, a delayed
 * work whose timer fires on another CPU), it is listed on that cwq and
 * runs in that one thread. The workqueue is not on the `workqueues` list.
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include "core/testing/wqtest.h"

#define NCPU 4

static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe blocker, from_cpu[NCPU], on_cpu[NCPU], delayed;

static int count_cwqs(const struct wqkit_cwq_view *v, void *arg)
{
	WQT_CHECK_EQ(v->cpu, wqkit_singlethread_cpu());
	(*(int *)arg)++;
	return 0;
}

static int queue_from_actor(void *arg)
{
	return queue_work(wq, arg);
}

int main(void)
{
	const void *cwq;
	struct task_struct *thread;
	int k, n = 0, tasks0, listed0;

	wqt_boot(NCPU);
	WQT_CHECK_EQ(wqkit_singlethread_cpu(), 0);
	tasks0 = kenv_nr_tasks();
	listed0 = wqkit_nr_listed_workqueues();
	wq = create_singlethread_workqueue("single");
	WQT_CHECK(wq != NULL);
	WQT_CHECK(wqkit_wq_is_singlethread(wq));
	WQT_CHECK(!wqkit_wq_is_freezeable(wq));
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0 + 1);
	WQT_CHECK_EQ(wqkit_nr_listed_workqueues(), listed0);
	wqkit_inspect_workqueue(wq, count_cwqs, &n);
	WQT_CHECK_EQ(n, 1);
	cwq = wqkit_wq_per_cpu(wq, wqkit_singlethread_cpu());
	WQT_CHECK(cwq != NULL);
	for (k = 0; k < NCPU; k++)
		WQT_CHECK(wqkit_wq_per_cpu(wq, k) == cwq);
	thread = wqt_cwq_thread(wq, wqkit_singlethread_cpu());
	WQT_CHECK(thread != NULL);

	/* Hold the thread so we can see where everything gets listed. */
	init_completion(&gate);
	wqt_probe_init(&blocker, &gate);
	WQT_CHECK(queue_work_on(2, wq, &blocker.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blocker, 1, 5000));
	wqt_probe_init(&delayed, NULL);
	WQT_CHECK(queue_delayed_work_on(3, wq, &delayed.dw, 2));
	for (k = 0; k < NCPU; k++) {
		wqt_probe_init(&from_cpu[k], NULL);
		wqt_probe_init(&on_cpu[k], NULL);
		WQT_CHECK(wqt_run_on(k, queue_from_actor, &from_cpu[k].dw.work));
		WQT_CHECK(queue_work_on(k, wq, &on_cpu[k].dw.work));
		WQT_CHECK(wqkit_get_wq_data(&from_cpu[k].dw.work) == cwq);
		WQT_CHECK(wqkit_get_wq_data(&on_cpu[k].dw.work) == cwq);
	}
	wqt_advance(2);
	WQT_CHECK(wqkit_get_wq_data(&delayed.dw.work) == cwq);
	complete_all(&gate);

	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&blocker.finished), 1);
	WQT_CHECK(atomic_load(&blocker.task) == thread);
	WQT_CHECK_EQ(atomic_load(&delayed.finished), 1);
	WQT_CHECK(atomic_load(&delayed.task) == thread);
	for (k = 0; k < NCPU; k++) {
		WQT_CHECK_EQ(atomic_load(&from_cpu[k].finished), 1);
		WQT_CHECK_EQ(atomic_load(&on_cpu[k].finished), 1);
		WQT_CHECK(atomic_load(&from_cpu[k].task) == thread);
		WQT_CHECK(atomic_load(&on_cpu[k].task) == thread);
		/* One unbound thread that never moved: one CPU for all. */
		WQT_CHECK_EQ(atomic_load(&on_cpu[k].cpu),
			     atomic_load(&blocker.cpu));
	}
	destroy_workqueue(wq);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
	wqt_shutdown();
	return 0;
}
