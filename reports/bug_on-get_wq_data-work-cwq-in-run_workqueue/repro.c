// SPDX-License-Identifier: GPL-2.0-only
/*
 * BUG_ON(get_wq_data(work) != cwq) in run_workqueue
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build grab_pending_no_recheck. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t3; the runtime
 * (core/testing/repro.h) boots the emulated kernel with 3 CPU(s),
 * replays the schedule under the controlled scheduler (random walk), and wraps calls in
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
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "core/testing/repro.h"

#define q0 rp_wq[0]	/* create_freezeable_workqueue("q0") */
#define q1 rp_wq[1]	/* create_freezeable_workqueue("q1") */
#define q2 rp_wq[2]	/* create_workqueue("q2") */
static struct rp_work w0;	/* plain, on keventd */

static void w0_fn(struct work_struct *work)
{
	(void)work;
}

/* step 0, actor t0 */
static void step0_t0(void)
{
	rp_check_queue("schedule_work", &w0, schedule_work(&w0.work));
}

/* step 0, actor t2 */
static void step0_t2(void)
{
	rp_check_cancel_sync("cancel_work_sync", &w0, cancel_work_sync(&w0.work));
}

/* step 0, actor t3 */
static void step0_t3(void)
{
	rp_check_cancel_sync("cancel_work_sync", &w0, cancel_work_sync(&w0.work));
}

/* step 1, actor t0 */
static void step1_t0(void)
{
	rp_check_queue("schedule_work", &w0, schedule_work(&w0.work));
}

/* step 1, actor t1 */
static void step1_t1(void)
{
	rp_check_flush_work(&w0, flush_work(&w0.work));
}

/* step 1, actor t2 */
static void step1_t2(void)
{
	rp_check_queue("schedule_work", &w0, schedule_work(&w0.work));
}

/* step 1, actor t3 */
static void step1_t3(void)
{
	get_online_cpus();
	if (cpu_online(0))
		if (q2)
			rp_check_queue("queue_work_on", &w0, queue_work_on(0, q2, &w0.work));
	put_online_cpus();
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 3, .actors = 4,
		.sched = RP_RANDOM, .seed = 4279363879u, .depth = 3,
		.fault = RP_FAULT_KTHREAD, .fault_nth = 6,
	};

	rp_boot(&cfg);
	rp_init_work(&w0, 0, w0_fn, false);
	if (!rp_create(0, RP_FREEZEABLE))
		rp_fail("create_workqueue failed at setup");
	if (!rp_create(1, RP_FREEZEABLE))
		rp_fail("create_workqueue failed at setup");
	if (!rp_create(2, RP_MULTI))
		rp_fail("create_workqueue failed at setup");
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, NULL, step0_t2, step0_t3 });
	rp_step(1, (rp_op_fn[RP_MAX_ACTORS]){ step1_t0, step1_t1, step1_t2, step1_t3 });
	rp_end();
}
