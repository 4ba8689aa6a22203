// SPDX-License-Identifier: GPL-2.0-only
/*
 * deadlock in cpu_up
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build upcanceled_bind. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t1; the runtime
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

/* step 0, actor t0 */
static void step0_t0(void)
{
	cpu_down(0);
}

/* step 0, actor t1 */
static void step0_t1(void)
{
	cpu_up(0);
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 2, .actors = 2,
		.sched = RP_RANDOM, .seed = 4178723109u, .depth = 1,
		.fault = RP_FAULT_KTHREAD, .fault_nth = 2,
	};

	rp_boot(&cfg);
	if (!rp_create(0, RP_MULTI))
		rp_fail("create_workqueue failed at setup");
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, step0_t1 });
	rp_end();
}
