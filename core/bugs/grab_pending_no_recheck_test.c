/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grab_pending_no_recheck: try_to_grab_pending() locks the cwq it read
 * from work->data; if the work was requeued elsewhere meanwhile, the
 * re-check of get_wq_data() after smp_rmb() must stop it from unlinking
 * the work from another cwq's list under the wrong lock.
 *
 * Scenario (deterministic, scheduling hook): W is listed on CPU 1's cwq
 * (A) behind a gated work; CPU 2's worker (cwq B) is held in another
 * gated work. An actor calls cancel_work_sync(W); the hook stalls it at
 * KENV_SP_LOCK of cwq A's lock, after it read cwq A from W. The test then
 * lets A's worker run W, which requeues itself on CPU 2 (listed on B),
 * and releases the canceller. Clean: the re-check fails, the canceller
 * retries and takes W off B under B's lock (WORK_GRABBED names cwq B).
 * Bug: WORK_GRABBED names cwq A: W was unlinked from B's list while
 * holding only A's lock.
 */
#include <stdatomic.h>
#include <unistd.h>
#include <wqkit/workqueue_events.h>
#include "core/bugs/bugtest.h"

#define CPU_A	1
#define CPU_B	2

static struct workqueue_struct *wq;
static struct work_struct w;
static _Atomic int w_runs, w_requeued = -1;
static struct task_struct *_Atomic canceller;
static const void *_Atomic stall_on;
static _Atomic int stalled, released, nr_grabbed, cancel_ret = -1;
static const void *_Atomic grabbed_cwq;
static const void *_Atomic queued_cwq;

static void w_fn(struct work_struct *work)
{
	if (atomic_fetch_add(&w_runs, 1) == 0)
		atomic_store(&w_requeued, queue_work_on(CPU_B, wq, work));
}

static void ev_hook(const struct kenv_event *ev, void *arg)
{
	(void)arg;
	if (ev->obj != &w)
		return;
	if (ev->type == WQKIT_EV_WORK_QUEUED)
		atomic_store(&queued_cwq, ev->queue);
	if (ev->type == WQKIT_EV_WORK_GRABBED) {
		atomic_store(&grabbed_cwq, ev->queue);
		atomic_fetch_add(&nr_grabbed, 1);
	}
}

static void sched_hook(enum kenv_sched_point sp, const void *obj, void *arg)
{
	struct task_struct *c = atomic_load(&canceller);

	(void)arg;
	/* spinlock_t is the first member of cpu_workqueue_struct */
	if (sp != KENV_SP_LOCK || obj != atomic_load(&stall_on) || !c ||
	    current != c || atomic_exchange(&stalled, 1))
		return;
	while (!atomic_load(&released))
		usleep(100);
}

static int cancel_actor(void *arg)
{
	(void)arg;
	atomic_store(&canceller, current);
	atomic_store(&cancel_ret, cancel_work_sync(&w));
	return 0;
}

int main(void)
{
	static const struct kenv_sched_hook hook = { .point = sched_hook };
	static struct wqt_probe ga, gb;
	struct completion gate_a, gate_b;
	const void *cwq_a, *cwq_b;
	struct task_struct *t;

	wqt_boot(4);
	wq = create_workqueue("zoo_grab");
	WQT_CHECK(wq != NULL);
	cwq_a = wqkit_wq_per_cpu(wq, CPU_A);
	cwq_b = wqkit_wq_per_cpu(wq, CPU_B);
	init_completion(&gate_a);
	init_completion(&gate_b);
	wqt_probe_init(&ga, &gate_a);
	wqt_probe_init(&gb, &gate_b);
	WQT_CHECK(queue_work_on(CPU_A, wq, &ga.dw.work));
	WQT_CHECK(queue_work_on(CPU_B, wq, &gb.dw.work));
	WQT_CHECK(wqt_probe_wait_started(&ga, 1, 5000));
	WQT_CHECK(wqt_probe_wait_started(&gb, 1, 5000));

	kenv_set_event_hook(ev_hook, NULL);
	INIT_WORK(&w, w_fn);
	WQT_CHECK(queue_work_on(CPU_A, wq, &w));
	WQT_CHECK(atomic_load(&queued_cwq) == cwq_a);

	atomic_store(&stall_on, cwq_a);
	kenv_set_sched_hook(&hook);
	t = wqt_actor_start(0, cancel_actor, NULL);
	WQT_CHECK(wqt_wait_int(&stalled, 1, 5000));
	WQT_CHECK(wqkit_get_wq_data(&w) == cwq_a);

	/* W runs on A and moves itself to B under the canceller's nose */
	complete_all(&gate_a);
	WQT_CHECK(wqt_wait_int(&w_requeued, 1, 5000));
	WQT_CHECK(atomic_load(&queued_cwq) == cwq_b);
	WQT_CHECK(wqkit_get_wq_data(&w) == cwq_b);
	atomic_store(&released, 1);
	WQT_CHECK_EQ(wqt_actor_join(t), 0);
	kenv_set_sched_hook(NULL);

	WQT_CHECK_EQ(atomic_load(&cancel_ret), 1);
	WQT_CHECK_EQ(atomic_load(&nr_grabbed), 1);
	WQB_CHECK(atomic_load(&grabbed_cwq) == cwq_b,
		  "try_to_grab_pending() unlinked the work from cwq B's list holding cwq A's lock");
	WQT_CHECK(!work_pending(&w));
	WQT_CHECK_EQ(atomic_load(&w_runs), 1);

	complete_all(&gate_b);
	flush_workqueue(wq);
	WQT_CHECK_EQ(atomic_load(&w_runs), 1);	/* cancelled: no 2nd run */
	kenv_set_event_hook(NULL, NULL);
	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("grab_pending_no_recheck");
	return 0;
}
