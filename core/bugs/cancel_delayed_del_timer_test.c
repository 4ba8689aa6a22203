/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cancel_delayed_del_timer: the inline cancel_delayed_work() (in
 * linux/workqueue.h) must use del_timer_sync(), so that a flush after a
 * cancel that returned 0 sees the work the running timer queues.
 *
 * Scenario (deterministic): the event hook holds delayed_work_timer_fn()
 * (in the CPU 1 timer softirq) at its TIMER_FIRED event, i.e. the handler
 * is running but has not queued the work. An actor calls
 * cancel_delayed_work() then flush_workqueue(). Clean: cancel sleeps in
 * del_timer_sync() until the handler is released, returns 0, and the
 * flush then waits for the work: it has run when flush returns. Bug:
 * del_timer() returns 0 at once, flush_workqueue() finds nothing queued
 * and returns before the work ran.
 *
 * This test is compiled against the bug build's patched header, so it
 * also checks that the patched inline is the one that runs.
 */
#include <stdatomic.h>
#include <unistd.h>
#include <wqkit/workqueue_events.h>
#include "core/bugs/bugtest.h"

static struct workqueue_struct *wq;
static struct wqt_probe p;
static _Atomic int fired, release_timer, done, cancel_ret = -1;
static _Atomic int finished_at_flush = -1;

static void ev_hook(const struct kenv_event *ev, void *arg)
{
	(void)arg;
	if (ev->type != WQKIT_EV_TIMER_FIRED || ev->obj != &p.dw.work)
		return;
	atomic_store(&fired, 1);
	while (!atomic_load(&release_timer))
		usleep(100);
}

static int canceller(void *arg)
{
	(void)arg;
	atomic_store(&cancel_ret, cancel_delayed_work(&p.dw));
	flush_workqueue(wq);
	atomic_store(&finished_at_flush, atomic_load(&p.finished));
	atomic_store(&done, 1);
	return 0;
}

int main(void)
{
	struct task_struct *t;

	wqt_boot(2);
	wq = create_workqueue("zoo_deltimer");
	WQT_CHECK(wq != NULL);
	wqt_probe_init(&p, NULL);
	kenv_set_event_hook(ev_hook, NULL);

	WQT_CHECK_EQ(queue_delayed_work_on(1, wq, &p.dw, 5), 1);
	kenv_advance_jiffies(5);
	WQT_CHECK(wqt_wait_int(&fired, 1, 5000));

	t = wqt_actor_start(0, canceller, NULL);
	/* Clean: asleep in del_timer_sync(). Bug: done, nothing waited. */
	WQT_CHECK(wqt_wait_blocked_or_done(t, &done, 5000));
	WQB_CHECK(!atomic_load(&done),
		  "cancel_delayed_work()+flush_workqueue() returned while the timer handler was running");
	atomic_store(&release_timer, 1);
	WQT_CHECK_EQ(wqt_actor_join(t), 0);
	WQT_CHECK_EQ(atomic_load(&cancel_ret), 0);
	WQB_CHECK(atomic_load(&finished_at_flush) == 1,
		  "flush_workqueue() after cancel_delayed_work() returned before the timer's work ran");
	WQT_CHECK(wqt_probe_wait(&p, 1, 5000));
	kenv_set_event_hook(NULL, NULL);

	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("cancel_delayed_del_timer");
	return 0;
}
