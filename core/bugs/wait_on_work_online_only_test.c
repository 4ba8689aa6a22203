/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wait_on_work_online_only: wait_on_work() (cancel_work_sync(),
 * cancel_delayed_work_sync()) must walk cpu_populated_map, not the
 * online CPUs: _cpu_down() takes the CPU out of cpu_online_map before
 * CPU_POST_DEAD flushes its cwq, and the work may still run there.
 *
 * Scenario (deterministic, a gate, three actors): 4 possible CPUs, CPUs 1
 * and 3 offline (tuned deep: three hotplugged CPUs, see below); a gated work
 * runs on CPU 2 and is queued again on CPU 0, behind another gated work
 * (the zoo build is tuned
 * deep: it skips the offline CPUs only when the cancel grabbed the work
 * off a list, two other CPUs are offline too and the cancel is the delayed
 * one); an actor calls cpu_down(2), which sleeps in
 * CPU_POST_DEAD's flush with CPU 2 offline; another actor calls
 * cancel_delayed_work_sync() on the work (its timer not pending). Clean: the canceller takes the queued
 * instance and sleeps until the gate opens. Bug: it returns at once,
 * while the work still runs.
 */
#include <stdatomic.h>
#include "core/bugs/bugtest.h"

#define NCPU		4
#define DOWNCPU		2

static struct wqt_probe p, q;
static struct wqb_downer down;
static _Atomic int cancelled, cancel_ret = -1;

static int canceller(void *arg)
{
	(void)arg;
	atomic_store(&cancel_ret, cancel_delayed_work_sync(&p.dw));
	atomic_store(&cancelled, 1);
	return 0;
}

int main(void)
{
	struct kenv_config cfg = { .nr_cpus = NCPU, .online_mask = 0x5 };
	struct workqueue_struct *wq;
	struct completion gate;
	struct task_struct *tc;
	bool early;

	wqt_boot_cfg(&cfg);
	wq = create_workqueue("zoo_wow");
	WQT_CHECK(wq != NULL);
	init_completion(&gate);
	wqt_probe_init(&p, &gate);
	wqt_probe_init(&q, &gate);
	WQT_CHECK_EQ(queue_work_on(DOWNCPU, wq, &p.dw.work), 1);
	WQT_CHECK(wqt_probe_wait_started(&p, 1, 5000));
	/* CPU 0's worker held by q, so the second instance stays listed. */
	WQT_CHECK_EQ(queue_work_on(0, wq, &q.dw.work), 1);
	WQT_CHECK(wqt_probe_wait_started(&q, 1, 5000));
	WQT_CHECK_EQ(queue_work_on(0, wq, &p.dw.work), 1);

	wqb_downer_start(&down, 0, DOWNCPU);
	WQT_CHECK(wqt_wait(wqb_downer_asleep_offline, &down, 5000));
	WQT_CHECK_EQ(atomic_load(&down.done), 0);
	tc = wqt_actor_start(0, canceller, NULL);
	/* Clean: asleep on the barrier behind the running work. */
	WQT_CHECK(wqt_wait_blocked_or_done(tc, &cancelled, 5000));
	early = !WQB_CHECK(!atomic_load(&cancelled),
			   "cancel_delayed_work_sync() returned while the work still ran on the dying CPU");
	if (early)
		WQT_CHECK_EQ(atomic_load(&p.finished), 0);
	complete_all(&gate);
	WQT_CHECK_EQ(wqt_actor_join(tc), 0);
	WQT_CHECK_EQ(wqt_actor_join(down.task), 0);
	WQT_CHECK_EQ(atomic_load(&cancel_ret), 1);
	WQT_CHECK_EQ(atomic_load(&p.finished), 1);
	WQT_CHECK(wqt_probe_wait(&q, 1, 5000));
	WQT_CHECK_EQ(kenv_cpu_up(DOWNCPU), 0);
	destroy_workqueue(wq);
	wqt_shutdown();
	wqb_done("wait_on_work_online_only");
	return 0;
}
