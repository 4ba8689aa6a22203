/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * post_dead_no_flush: CPU_POST_DEAD must flush the dead CPU's cwq before
 * kthread_stop() (cleanup_workqueue_thread()): a worker woken for a new
 * work but not yet running sees kthread_should_stop() and exits.
 *
 * Scenario (deterministic, scheduling hook): 4 possible CPUs, CPU 3
 * offline (the zoo build is tuned deep: it skips the flush only when
 * another CPU is down too and two works are listed); CPU 2's worker
 * sleeps; the hook stalls it once where it returns from schedule(); W is
 * queued on CPU 2 (its wake-up is what the worker returns from), then W2;
 * an
 * actor calls cpu_down(2) and sleeps in CPU_POST_DEAD; then the worker
 * is released. Clean: the flush's barrier waits behind W, W runs, the
 * worker is stopped after. Bug: kthread_stop() came first; the worker
 * exits and W stays listed on the dead cwq, never run.
 */
#include <stdatomic.h>
#include <unistd.h>
#include "core/bugs/bugtest.h"

#define NCPU		4
#define DOWNCPU		2

static struct task_struct *_Atomic worker;
static struct wqb_downer down;
static _Atomic int armed, stalled, released;

static void sched_hook(enum kenv_sched_point sp, const void *obj, void *arg)
{
	(void)obj;
	(void)arg;
	if (sp != KENV_SP_UNBLOCK || current != atomic_load(&worker) ||
	    !atomic_load(&armed) || atomic_exchange(&stalled, 1))
		return;
	while (!atomic_load(&released))
		usleep(100);
}

static bool worker_asleep(void *arg)
{
	return wqb_task_asleep(arg);
}

int main(void)
{
	struct kenv_config cfg = { .nr_cpus = NCPU, .online_mask = 0x7 };
	static const struct kenv_sched_hook hook = { .point = sched_hook };
	static struct wqt_probe w, w2;
	struct workqueue_struct *wq;
	struct task_struct *t;

	wqt_boot_cfg(&cfg);
	wq = create_workqueue("zoo_pdnf");
	WQT_CHECK(wq != NULL);
	t = wqt_cwq_thread(wq, DOWNCPU);
	WQT_CHECK(t != NULL);
	WQT_CHECK(wqt_wait(worker_asleep, t, 5000));
	atomic_store(&worker, t);
	kenv_set_sched_hook(&hook);
	atomic_store(&armed, 1);

	wqt_probe_init(&w, NULL);
	WQT_CHECK_EQ(queue_work_on(DOWNCPU, wq, &w.dw.work), 1);
	WQT_CHECK(wqt_wait_int(&stalled, 1, 5000));
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
