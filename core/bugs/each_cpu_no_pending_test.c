/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * each_cpu_no_pending: schedule_on_each_cpu() must queue its per-CPU
 * works with PENDING set (schedule_work_on()); before 9bfb18392ef it
 * called __queue_work() directly, and insert_work()'s set_wq_data() has
 * BUG_ON(!work_pending(work)).
 *
 * Scenario (deterministic): an actor calls schedule_on_each_cpu() on a
 * 2-CPU kernel. Clean: it returns 0 after the function ran once on each
 * CPU, no failure recorded. Bug: "kernel BUG" in set_wq_data() in the
 * actor, which is killed holding keventd's cwq->lock.
 */
#include <stdatomic.h>
#include <string.h>
#include "core/bugs/bugtest.h"

static _Atomic int ran, done, ret = -1;

static void each_fn(struct work_struct *work)
{
	(void)work;
	atomic_fetch_add(&ran, 1);
}

static bool done_or_failed(void *arg)
{
	(void)arg;
	return atomic_load(&done) || wqt_nr_failures() > 0;
}

static int caller(void *arg)
{
	(void)arg;
	atomic_store(&ret, schedule_on_each_cpu(each_fn));
	atomic_store(&done, 1);
	return 0;
}

int main(void)
{
	struct task_struct *t;
	struct kenv_failure f;

	wqt_boot(2);
	t = wqt_actor_start(0, caller, NULL);
	/* Clean: done (it may sleep in flush_work() first). Bug: BUG. */
	WQT_CHECK(wqt_wait(done_or_failed, NULL, 10000));
	if (!WQB_CHECK(wqt_nr_failures() == 0,
		       "schedule_on_each_cpu() hit BUG_ON(!work_pending()) in set_wq_data(): works queued without PENDING")) {
		WQT_CHECK(wqt_take_failure(&f));
		fprintf(stderr, "  [%s] %s\n", kenv_failure_kind_name(f.kind),
			f.title);
		WQT_CHECK_EQ(f.kind, KENV_FAIL_BUG);
		WQT_CHECK(strstr(f.title, "set_wq_data") ||
			  strstr(f.function ? f.function : "", "set_wq_data"));
		WQT_CHECK_EQ(atomic_load(&done), 0);
		/* The actor died holding keventd's cwq->lock: no reset. */
		wqb_exit_wrecked("each_cpu_no_pending");
	}
	WQT_CHECK_EQ(wqt_actor_join(t), 0);
	WQT_CHECK_EQ(atomic_load(&ret), 0);
	WQT_CHECK_EQ(atomic_load(&ran), 2);
	wqt_shutdown();
	wqb_done("each_cpu_no_pending");
	return 0;
}
