/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * queue_delayed_work() / queue_delayed_work_on(): the work is queued only
 * after @delay jiffies (advancing the clock by delay-1 does not run it, one
 * more tick does), the return value is 0 while it is pending, a delay of 0
 * queues at once, and queue_delayed_work_on() runs it on @cpu.
 */
#include <linux/workqueue.h>
#include <linux/timer.h>
#include "core/testing/wqtest.h"

#define NCPU 4
#define DELAY 10

static struct workqueue_struct *wq;
static struct wqt_probe p;

static int queue_delayed_from_actor(void *arg)
{
	return queue_delayed_work(wq, &p.dw, (unsigned long)arg);
}

static void check_not_early(unsigned long delay)
{
	WQT_CHECK(delayed_work_pending(&p.dw));
	WQT_CHECK(timer_pending(&p.dw.timer));
	wqt_advance(delay - 1);
	wqt_settle(20);
	WQT_CHECK_EQ(atomic_load(&p.started), 0);
	WQT_CHECK(delayed_work_pending(&p.dw));
	wqt_advance(1);
	WQT_CHECK(wqt_probe_wait(&p, 1, 5000));
	WQT_CHECK(!delayed_work_pending(&p.dw));
}

int main(void)
{
	int cpu;

	wqt_boot(NCPU);
	wq = create_workqueue("delayed_test");
	WQT_CHECK(wq != NULL);

	/* queue_delayed_work from CPU 2: runs after exactly DELAY ticks. */
	wqt_probe_init(&p, NULL);
	WQT_CHECK(wqt_run_on(2, queue_delayed_from_actor, (void *)DELAY) != 0);
	WQT_CHECK_EQ(queue_delayed_work(wq, &p.dw, DELAY), 0);
	WQT_CHECK_EQ(queue_delayed_work_on(1, wq, &p.dw, 1), 0);
	WQT_CHECK_EQ(queue_work(wq, &p.dw.work), 0);
	check_not_early(DELAY);
	/* add_timer() used the submitting CPU's timer base. */
	WQT_CHECK_EQ(atomic_load(&p.cpu), 2);
	WQT_CHECK(atomic_load(&p.task) == wqt_cwq_thread(wq, 2));

	/* queue_delayed_work_on(cpu) runs on @cpu, whoever submits it. */
	for (cpu = 0; cpu < NCPU; cpu++) {
		unsigned long delay = 1 + 3 * cpu;

		wqt_probe_init(&p, NULL);
		WQT_CHECK(queue_delayed_work_on(cpu, wq, &p.dw, delay) != 0);
		WQT_CHECK_EQ(queue_delayed_work_on(cpu, wq, &p.dw, delay), 0);
		check_not_early(delay);
		WQT_CHECK_EQ(atomic_load(&p.cpu), cpu);
		WQT_CHECK(atomic_load(&p.task) == wqt_cwq_thread(wq, cpu));
	}

	/* Delay 0 is queue_work(): runs without the clock moving. */
	wqt_probe_init(&p, NULL);
	WQT_CHECK(wqt_run_on(3, queue_delayed_from_actor, (void *)0) != 0);
	WQT_CHECK(!timer_pending(&p.dw.timer));
	WQT_CHECK(wqt_probe_wait(&p, 1, 5000));
	WQT_CHECK_EQ(atomic_load(&p.cpu), 3);

	/* Through keventd: schedule_delayed_work_on. */
	wqt_probe_init(&p, NULL);
	WQT_CHECK(schedule_delayed_work_on(1, &p.dw, 5) != 0);
	WQT_CHECK_EQ(schedule_delayed_work(&p.dw, 5), 0);
	check_not_early(5);
	WQT_CHECK_EQ(atomic_load(&p.cpu), 1);
	WQT_CHECK_EQ(atomic_load(&p.keventd), 1);

	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&p.finished), 1);
	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}
