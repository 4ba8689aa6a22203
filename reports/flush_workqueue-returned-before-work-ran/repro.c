// SPDX-License-Identifier: GPL-2.0-only
/*
 * flush_workqueue returned before work ran
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build flush_online_only. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t2; the runtime
 * (core/testing/repro.h) boots the emulated kernel with 2 CPU(s),
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

#define q0 rp_wq[0]	/* create_workqueue("q0") */
static struct rp_work w0;	/* plain, on q0 */
static struct rp_work w1;	/* plain, on q0 */

static void w0_fn(struct work_struct *work)
{
	(void)work;
	rp_check_flush("flush_scheduled_work", wqkit_keventd_wq(), flush_scheduled_work());
}

static void w1_fn(struct work_struct *work)
{
	(void)work;
}

/* step 0, actor t0 */
static void step0_t0(void)
{
	if (q0)
		rp_check_queue("schedule_work", &w1, schedule_work(&w1.work));
}

/* step 0, actor t1 */
static void step0_t1(void)
{
	if (q0)
		rp_check_queue("queue_work", &w0, queue_work(q0, &w0.work));
}

/* step 0, actor t2 */
static void step0_t2(void)
{
	cpu_down(0);
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 2, .actors = 3,
		.sched = RP_RANDOM, .seed = 2921304969u, .depth = 1,
		.fault = RP_FAULT_NONE, .fault_nth = 0,
	};

	rp_boot(&cfg);
	rp_init_work(&w0, 0, w0_fn, false);
	rp_init_work(&w1, 1, w1_fn, false);
	if (!rp_create(0, RP_MULTI))
		rp_fail("create_workqueue failed at setup");
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, step0_t1, step0_t2 });
	rp_end();
}
