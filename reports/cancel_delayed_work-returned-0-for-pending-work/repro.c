// SPDX-License-Identifier: GPL-2.0-only
/*
 * cancel_delayed_work returned 0 for pending work
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build cancel_delayed_del_timer. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t3; the runtime
 * (core/testing/repro.h) boots the emulated kernel with 4 CPU(s),
 * replays the schedule under the controlled scheduler (PCT), and wraps calls in
 * the promise checks rp_check_*().
 *
 * Exit status: 1 when the failure occurs, 0 when it does not.
 */
#include <stdatomic.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/freezer.h>
#include <linux/hardirq.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "core/testing/repro.h"

#define q0 rp_wq[0]	/* create_workqueue("q0") */
#define q1 rp_wq[1]	/* create_singlethread_workqueue("q1") */
#define q2 rp_wq[2]	/* create_freezeable_workqueue("q2") */
static struct rp_work w0;	/* plain, on keventd */
static struct rp_work w1;	/* delayed, on keventd */
static struct rp_work w2;	/* plain, on q0 */

static void w0_fn(struct work_struct *work)
{
	(void)work;
	if (q0)
		rp_check_queue("queue_work", &w2, queue_work(q0, &w2.work));
}

static void w1_fn(struct work_struct *work)
{
	(void)work;
}

static void w2_fn(struct work_struct *work)
{
	(void)work;
	rp_check_cancel(&w1, cancel_delayed_work(&w1.dwork));
}

/* step 0, actor t0 */
static void step0_t0(void)
{
	rp_check_queue("schedule_work", &w0, schedule_work(&w0.work));
}

/* step 0, actor t1 */
static void step0_t1(void)
{
	get_online_cpus();
	if (cpu_online(2))
		rp_check_queue("schedule_delayed_work_on", &w1, schedule_delayed_work_on(2, &w1.dwork, 0));
	put_online_cpus();
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 4, .actors = 4,
		.sched = RP_PCT, .seed = 4u, .depth = 2,
		.fault = RP_FAULT_NONE, .fault_nth = 0,
	};

	rp_boot(&cfg);
	rp_init_work(&w0, 0, w0_fn, false);
	rp_init_work(&w1, 1, w1_fn, true);
	rp_init_work(&w2, 2, w2_fn, false);
	if (!rp_create(0, RP_MULTI))
		rp_fail("create_workqueue failed at setup");
	if (!rp_create(1, RP_SINGLETHREAD))
		rp_fail("create_workqueue failed at setup");
	if (!rp_create(2, RP_FREEZEABLE))
		rp_fail("create_workqueue failed at setup");
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, step0_t1, NULL, NULL });
	rp_end();
}
