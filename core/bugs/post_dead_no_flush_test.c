/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * post_dead_no_flush: CPU_POST_DEAD must flush the dead CPU's cwq before
 * kthread_stop() (cleanup_workqueue_thread()): a worker preempted after
 * run_workqueue() while new works were queued sees kthread_should_stop()
 * and exits.
 *
 * Scenario (deterministic, a gate and the scheduling hook): 4 possible
 * CPUs, CPU 3 offline (the zoo build is tuned deep: it skips the flush
 * only when another CPU is down too, two works are listed and the worker
 * has not slept since run_workqueue()); a gated work W1 runs on CPU 2;
 * the hook stalls CPU 2's worker once at the end of its next
 * prepare_to_wait(), after run_workqueue() returned and before it tests
 * the list (3af24433efac's "preempted after run_workqueue(cwq)"); W, W2 are queued on CPU 2; an
 * actor calls cpu_down(2) and sleeps in CPU_POST_DEAD; then the worker is
 * released. Clean: the flush's barrier waits behind W, W2, they run, the
 * worker is stopped after. Bug: kthread_stop() came first; the worker
 * exits and W, W2 stay listed on the dead cwq, never run.
 */
#include <stdatomic.h>
#include <unistd.h>
#include "core/bugs/bugtest.h"

#define NCPU		4
#define DOWNCPU		2

static struct task_struct *_Atomic worker;
static const void *_Atomic more_work;	/* learned wait queue */
static struct wqb_downer down;
static _Atomic int armed, stalled, released;

static void sched_hook(enum kenv_sched_point sp, const void *obj, void *arg)
{
	(void)arg;
	if (current != atomic_load(&worker))
		return;
	if (sp == KENV_SP_WAIT && !atomic_load(&more_work)) {
		atomic_store(&more_work, obj);
		return;
	}
	/* at the end of prepare_to_wait(), preemptible (a stall with preemption
	 * off would hold off cpu_down()'s stop_machine) */
	if (sp != KENV_SP_WAIT || obj != atomic_load(&more_work) ||
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
	struct kenv_config cfg = { .nr_cpus = NCPU, .online_mask = 0x7 };
	static const struct kenv_sched_hook hook = { .point = sched_hook };
	static struct wqt_probe w0, w1, w, w2;
	struct workqueue_struct *wq;
	struct completion gate;
	struct task_struct *t;

	wqt_boot_cfg(&cfg);
	wq = create_workqueue("zoo_pdnf");
	WQT_CHECK(wq != NULL);
	t = wqt_cwq_thread(wq, DOWNCPU);
	WQT_CHECK(t != NULL);
	WQT_CHECK(wqt_wait(worker_asleep, t, 5000));
	atomic_store(&worker, t);
	kenv_set_sched_hook(&hook);

	/* learn the wait queue from the worker's next prepare_to_wait() */
	wqt_probe_init(&w0, NULL);
	WQT_CHECK_EQ(queue_work_on(DOWNCPU, wq, &w0.dw.work), 1);
	WQT_CHECK(wqt_probe_wait(&w0, 1, 5000));
	WQT_CHECK(wqt_wait(learned, NULL, 5000));
	WQT_CHECK(wqt_wait(worker_asleep, t, 5000));

	/* arm while W1 runs: the worker's next WAIT(more_work) ends prepare_to_wait() */
	init_completion(&gate);
	wqt_probe_init(&w1, &gate);
	WQT_CHECK_EQ(queue_work_on(DOWNCPU, wq, &w1.dw.work), 1);
	WQT_CHECK(wqt_probe_wait_started(&w1, 1, 5000));
	atomic_store(&armed, 1);
	complete_all(&gate);
	WQT_CHECK(wqt_wait_int(&stalled, 1, 5000));

	wqt_probe_init(&w, NULL);
	WQT_CHECK_EQ(queue_work_on(DOWNCPU, wq, &w.dw.work), 1);
	wqt_probe_init(&w2, NULL);
	WQT_CHECK_EQ(queue_work_on(DOWNCPU, wq, &w2.dw.work), 1);
	wqb_downer_start(&down, 0, DOWNCPU);
	/* Clean: on the flush's barrier. Bug: in kthread_stop(). */
	WQT_CHECK(wqt_wait(wqb_downer_asleep_offline, &down, 5000));
	atomic_store(&released, 1);
	WQT_CHECK_EQ(wqt_actor_join(down.task), 0);
	kenv_set_sched_hook(NULL);
	WQB_CHECK(atomic_load(&w.finished) == 1 && atomic_load(&w2.finished) == 1,
		  "works queued on the dying CPU never ran: CPU_POST_DEAD stopped the worker before it ran");
	WQT_CHECK_EQ(kenv_cpu_up(DOWNCPU), 0);
	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("post_dead_no_flush");
	return 0;
}
