// SPDX-License-Identifier: GPL-2.0-only
/*
 * deadlock in flush_work
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build lost_wakeup. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t2; the runtime
 * (core/testing/repro.h) boots the emulated kernel with 2 CPU(s),
 * replays the schedule under the controlled scheduler (each step's own PCT plan), and wraps calls in
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

#define q0 rp_wq[0]	/* create_singlethread_workqueue("q0") */
#define q1 rp_wq[1]	/* create_workqueue("q1") */
#define q2 rp_wq[2]	/* create_workqueue("q2") */

static void internal_fn(struct work_struct *work)
{
	(void)work;
}

/* step 0, actor t0 */
static void step0_t0(void)
{
	schedule_on_each_cpu(internal_fn);
}

/* step 0, actor t2 */
static void step0_t2(void)
{
	schedule_on_each_cpu(internal_fn);
}

int main(void)
{
	/* each step's schedule: repro.wq's "step N order=K at=A,B,C" */
	static const struct rp_plan plan[] = {
		{ .order = 45, .at = { 32, 0, 0 } },	/* step 0 */
	};
	static const struct rp_config cfg = {
		.cpus = 2, .actors = 3,
		.sched = RP_STEPS, .seed = 0u, .depth = 1,
		.fault = RP_FAULT_NONE, .fault_nth = 0,
		.plan = plan, .nplan = sizeof(plan) / sizeof(plan[0]),
	};

	rp_boot(&cfg);
	if (!rp_create(0, RP_SINGLETHREAD))
		rp_fail("create_workqueue failed at setup");
	if (!rp_create(1, RP_MULTI))
		rp_fail("create_workqueue failed at setup");
	if (!rp_create(2, RP_MULTI))
		rp_fail("create_workqueue failed at setup");
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, NULL, step0_t2 });
	rp_end();
}
