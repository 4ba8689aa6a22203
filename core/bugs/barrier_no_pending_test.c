/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * barrier_no_pending: insert_wq_barrier() must set PENDING on the barrier
 * before insert_work(), whose set_wq_data() has BUG_ON(!work_pending()).
 *
 * Scenario (deterministic): a gated work runs on CPU 1, so a
 * flush_workqueue() from an actor has to insert a barrier behind it.
 * Clean: the flusher sleeps until the gate opens, then returns with the
 * work done and no failure recorded. Bug: "kernel BUG" in set_wq_data()
 * in the flusher, which is killed (parked for good, as an oops).
 */
#include <stdatomic.h>
#include <string.h>
#include "core/bugs/bugtest.h"

static struct workqueue_struct *wq;
static _Atomic int flushed;

static int flusher(void *arg)
{
	(void)arg;
	flush_workqueue(wq);
	atomic_store(&flushed, 1);
	return 0;
}

int main(void)
{
	struct completion gate;
	static struct wqt_probe p;
	struct task_struct *t;
	struct kenv_failure f;
	bool clean;

	wqt_boot(2);
	wq = create_workqueue("zoo_barrier");
	WQT_CHECK(wq != NULL);
	init_completion(&gate);
	wqt_probe_init(&p, &gate);
	WQT_CHECK_EQ(queue_work_on(1, wq, &p.dw.work), 1);
	WQT_CHECK(wqt_probe_wait_started(&p, 1, 5000));

	t = wqt_actor_start(0, flusher, NULL);
	/* Clean: asleep on the barrier. Bug: parked by BUG (also "blocked"). */
	WQT_CHECK(wqt_wait_blocked_or_done(t, &flushed, 5000));
	WQT_CHECK_EQ(atomic_load(&flushed), 0);
	clean = WQB_CHECK(wqt_nr_failures() == 0,
			  "flush_workqueue() hit BUG_ON(!work_pending()) in set_wq_data(): barrier queued without PENDING");
	if (!clean) {
		WQT_CHECK(wqt_take_failure(&f));
		fprintf(stderr, "  [%s] %s\n", kenv_failure_kind_name(f.kind),
			f.title);
		WQT_CHECK_EQ(f.kind, KENV_FAIL_BUG);
		WQT_CHECK(strstr(f.title, "set_wq_data") ||
			  strstr(f.function ? f.function : "", "set_wq_data"));
		/*
		 * The flusher died holding cwq->lock (BUG inside
		 * insert_wq_barrier()): leave the gate closed so the worker
		 * stays asleep rather than spinning on that lock.
		 */
		wqb_exit_wrecked("barrier_no_pending");
	}
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(t), 0);
	WQT_CHECK_EQ(atomic_load(&p.finished), 1);
	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("barrier_no_pending");
	return 0;
}
