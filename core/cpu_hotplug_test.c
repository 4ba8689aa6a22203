/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU hotplug and the workqueue's CPU notifier: cpu_down() of a CPU whose
 * per-CPU workqueues still hold pending works (their worker blocked) loses
 * none of them: they all run, before cpu_down() returns (CPU_POST_DEAD
 * flushes the cwq), and a delayed work whose timer was on that CPU still
 * fires. The CPU's worker threads are gone afterwards. cpu_up() creates a
 * worker for every multi-threaded workqueue, bound to the new CPU:
 * queue_work_on() that CPU runs there. cpu_up() of an online CPU fails.
 */
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include "core/testing/wqtest.h"

#define NCPU 4
#define NWQ 5
#define NKEV 3

static struct workqueue_struct *wq;
static struct completion gate;
static struct wqt_probe blk_wq, blk_kev, on_wq[NWQ], on_kev[NKEV], delayed;
static struct wqt_probe after_wq, after_kev, from_actor;
static _Atomic int down_done, down_ret, finished_at_return;

static int cpu_down_from_actor(void *arg)
{
	int i, n = 0, ret = kenv_cpu_down((int)(long)arg);

	for (i = 0; i < NWQ; i++)
		n += atomic_load(&on_wq[i].finished);
	for (i = 0; i < NKEV; i++)
		n += atomic_load(&on_kev[i].finished);
	atomic_store(&finished_at_return, n);
	atomic_store(&down_ret, ret);
	atomic_store(&down_done, 1);
	return 0;
}

static int cpu_up_from_actor(void *arg)
{
	return kenv_cpu_up((int)(long)arg);
}

static int queue_from_actor(void *arg)
{
	return queue_work(wq, arg);
}

static void test_cpu_down_pending(void)
{
	struct task_struct *actor;
	int i, tasks0;

	wqt_boot(NCPU);
	wq = create_workqueue("hotplug");
	WQT_CHECK(wq != NULL);
	init_completion(&gate);
	wqt_probe_init(&blk_wq, &gate);
	wqt_probe_init(&blk_kev, &gate);
	WQT_CHECK(queue_work_on(2, wq, &blk_wq.dw.work));
	WQT_CHECK(schedule_work_on(2, &blk_kev.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&blk_wq, 1, 5000));
	WQT_CHECK(wqt_probe_wait_started(&blk_kev, 1, 5000));
	for (i = 0; i < NWQ; i++) {
		wqt_probe_init(&on_wq[i], NULL);
		WQT_CHECK(queue_work_on(2, wq, &on_wq[i].dw.work));
	}
	for (i = 0; i < NKEV; i++) {
		wqt_probe_init(&on_kev[i], NULL);
		WQT_CHECK(schedule_work_on(2, &on_kev[i].dw.work));
	}
	wqt_probe_init(&delayed, NULL);
	WQT_CHECK(queue_delayed_work_on(2, wq, &delayed.dw, 5));
	tasks0 = kenv_nr_tasks();

	atomic_store(&down_done, 0);
	actor = wqt_actor_start(0, cpu_down_from_actor, (void *)2L);
	/* Let cpu_down get as far as it can with the workers held. */
	wqt_wait_blocked_or_done(actor, &down_done, 2000);
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(actor), 0);
	WQT_CHECK_EQ(atomic_load(&down_ret), 0);
	WQT_CHECK_EQ(atomic_load(&finished_at_return), NWQ + NKEV);
	WQT_CHECK_EQ(atomic_load(&blk_wq.finished), 1);
	WQT_CHECK_EQ(atomic_load(&blk_kev.finished), 1);
	for (i = 0; i < NWQ; i++)
		WQT_CHECK_EQ(atomic_load(&on_wq[i].overlapped), 0);

	WQT_CHECK(!cpu_online(2));
	WQT_CHECK_EQ(wqkit_cpu_populated_map() & (1UL << 2), 0);
	WQT_CHECK(wqt_cwq_thread(wq, 2) == NULL);
	WQT_CHECK(wqt_cwq_thread(wqkit_keventd_wq(), 2) == NULL);
	/* keventd/2 and hotplug/2 stopped; the softirq task stays. */
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0 - 2);

	/* The timer moved off the dead CPU and still fires. */
	WQT_CHECK(delayed_work_pending(&delayed.dw));
	wqt_advance(5);
	WQT_CHECK(wqt_probe_wait(&delayed, 1, 5000));
	WQT_CHECK(atomic_load(&delayed.cpu) != 2);

	/* Back up: new workers, bound to CPU 2. */
	WQT_CHECK_EQ(kenv_cpu_up(2), 0);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0);
	WQT_CHECK(wqkit_cpu_populated_map() & (1UL << 2));
	wqt_probe_init(&after_wq, NULL);
	wqt_probe_init(&after_kev, NULL);
	WQT_CHECK(queue_work_on(2, wq, &after_wq.dw.work));
	WQT_CHECK(schedule_work_on(2, &after_kev.dw.work));
	WQT_CHECK(wqt_probe_wait(&after_wq, 1, 5000));
	WQT_CHECK(wqt_probe_wait(&after_kev, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&after_wq.cpu), 2);
	WQT_CHECK_EQ(atomic_load(&after_kev.cpu), 2);
	WQT_CHECK(atomic_load(&after_wq.task) == wqt_cwq_thread(wq, 2));
	destroy_workqueue(wq);
	wqt_shutdown();
}

static void test_cpu_up_creates_threads(void)
{
	struct kenv_config cfg = { .nr_cpus = NCPU, .online_mask = 0x7 };
	int tasks0;

	wqt_boot_cfg(&cfg);
	WQT_CHECK(!cpu_online(3));
	WQT_CHECK_EQ(wqkit_cpu_populated_map(), 0x7);
	wq = create_workqueue("hotplug_up");
	WQT_CHECK(wq != NULL);
	WQT_CHECK(wqt_cwq_thread(wq, 3) == NULL);
	WQT_CHECK(kenv_cpu_up(1) != 0);		/* already online */
	tasks0 = kenv_nr_tasks();

	WQT_CHECK_EQ(wqt_run_on(1, cpu_up_from_actor, (void *)3L), 0);
	WQT_CHECK(cpu_online(3));
	WQT_CHECK_EQ(wqkit_cpu_populated_map(), 0xf);
	/* One new worker per multi-threaded workqueue: events and ours. */
	WQT_CHECK_EQ(wqkit_nr_listed_workqueues(), 2);
	WQT_CHECK_EQ(kenv_nr_tasks(), tasks0 + 2);
	WQT_CHECK(wqt_cwq_thread(wq, 3) != NULL);
	WQT_CHECK(wqt_cwq_thread(wqkit_keventd_wq(), 3) != NULL);

	wqt_probe_init(&after_wq, NULL);
	wqt_probe_init(&after_kev, NULL);
	wqt_probe_init(&from_actor, NULL);
	WQT_CHECK(queue_work_on(3, wq, &after_wq.dw.work));
	WQT_CHECK(schedule_work_on(3, &after_kev.dw.work));
	WQT_CHECK(wqt_run_on(3, queue_from_actor, &from_actor.dw.work));
	flush_workqueue(wq);
	flush_scheduled_work();
	WQT_CHECK_EQ(atomic_load(&after_wq.finished), 1);
	WQT_CHECK_EQ(atomic_load(&after_kev.finished), 1);
	WQT_CHECK_EQ(atomic_load(&from_actor.finished), 1);
	WQT_CHECK_EQ(atomic_load(&after_wq.cpu), 3);
	WQT_CHECK_EQ(atomic_load(&after_kev.cpu), 3);
	WQT_CHECK_EQ(atomic_load(&from_actor.cpu), 3);
	WQT_CHECK(atomic_load(&after_wq.task) == wqt_cwq_thread(wq, 3));
	WQT_CHECK(atomic_load(&from_actor.task) == wqt_cwq_thread(wq, 3));
	WQT_CHECK(atomic_load(&after_kev.task) ==
		  wqt_cwq_thread(wqkit_keventd_wq(), 3));
	destroy_workqueue(wq);
	wqt_shutdown();
}

int main(void)
{
	test_cpu_down_pending();
	test_cpu_up_creates_threads();
	return 0;
}
