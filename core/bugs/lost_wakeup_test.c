/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lost_wakeup: worker_thread() must prepare_to_wait() (join the wait
 * queue, TASK_INTERRUPTIBLE) before it tests list_empty(), or an
 * insert_work() + wake_up() in between is lost.
 *
 * Scenario (deterministic, scheduling hook): the hook learns the worker's
 * wait queue (&cwq->more_work, the object of its KENV_SP_WAIT) and then
 * stalls the worker once at KENV_SP_LOCK of that wait queue, i.e. on
 * entry to prepare_to_wait() after a work finished. In the clean code the
 * list has not been tested yet at that point; in the bug it was tested
 * (empty) just before. While the worker is stalled the test queues W
 * (its wake_up() finds nobody on the queue), then releases it. Clean: W
 * runs. Bug: the worker sleeps with W listed (bounded wait: a hang); a
 * second queue_work() wakes it and both run, so the test ends cleanly.
 */
#include <stdatomic.h>
#include <unistd.h>
#include "core/bugs/bugtest.h"

#define HANG_MS	2000

static struct task_struct *_Atomic worker;
static const void *_Atomic more_work;	/* learned wait queue */
static _Atomic int armed, stalled, released;

static void sched_hook(enum kenv_sched_point sp, const void *obj, void *arg)
{
	struct task_struct *w = atomic_load(&worker);

	(void)arg;
	if (!w || current != w)
		return;
	if (sp == KENV_SP_WAIT && !atomic_load(&more_work)) {
		atomic_store(&more_work, obj);
		return;
	}
	if (sp != KENV_SP_LOCK || obj != atomic_load(&more_work) ||
	    !atomic_load(&armed) || atomic_exchange(&stalled, 1))
		return;
	while (!atomic_load(&released))
		usleep(100);
}

static bool learned(void *arg)
{
	(void)arg;
	return atomic_load(&more_work) != NULL;
}

static bool worker_asleep(void *arg)
{
	return wqb_task_asleep(arg);
}

int main(void)
{
	static const struct kenv_sched_hook hook = { .point = sched_hook };
	static struct wqt_probe p1, p2, w, kick;
	struct workqueue_struct *wq;
	struct completion gate;
	struct task_struct *t;

	wqt_boot(2);
	wq = create_singlethread_workqueue("zoo_lw");
	WQT_CHECK(wq != NULL);
	t = wqt_cwq_thread(wq, wqkit_singlethread_cpu());
	WQT_CHECK(t != NULL);
	atomic_store(&worker, t);
	kenv_set_sched_hook(&hook);

	/*
	 * Learn the wait queue from the worker's next prepare_to_wait().
	 * Queue p1 only once the new worker sleeps: on the bug build its
	 * very first wake-up can be lost too (2 runs in 20 under ASan).
	 */
	WQT_CHECK(wqt_wait(worker_asleep, t, 5000));
	wqt_probe_init(&p1, NULL);
	WQT_CHECK(queue_work(wq, &p1.dw.work));
	WQT_CHECK(wqt_probe_wait(&p1, 1, 5000));
	WQT_CHECK(wqt_wait(learned, NULL, 5000));

	/* arm while p2 runs: the next LOCK(more_work) is prepare_to_wait() */
	WQT_CHECK(wqt_wait(worker_asleep, t, 5000));	/* as for p1 */
	init_completion(&gate);
	wqt_probe_init(&p2, &gate);
	WQT_CHECK(queue_work(wq, &p2.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&p2, 1, 5000));
	atomic_store(&armed, 1);
	complete_all(&gate);
	WQT_CHECK(wqt_wait_int(&stalled, 1, 5000));

	wqt_probe_init(&w, NULL);
	WQT_CHECK(queue_work(wq, &w.dw.work));
	atomic_store(&released, 1);
	WQB_CHECK(wqt_probe_wait(&w, 1, HANG_MS),
		  "worker slept with a work listed: wake-up from insert_work() lost");
	if (!atomic_load(&w.finished)) {
		WQT_CHECK(wqb_task_asleep(t));
		WQT_CHECK_EQ(atomic_load(&w.started), 0);
	}
	kenv_set_sched_hook(NULL);

	/* any later wake-up lets a stuck worker pick up W too */
	wqt_probe_init(&kick, NULL);
	WQT_CHECK(queue_work(wq, &kick.dw.work));
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&w.finished), 1);
	WQT_CHECK_EQ(atomic_load(&kick.finished), 1);

	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("lost_wakeup");
	return 0;
}
