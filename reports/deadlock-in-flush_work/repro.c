// SPDX-License-Identifier: GPL-2.0-only
/*
 * deadlock in flush_work
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build lost_wakeup. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t1; the runtime
 * (core/testing/repro.h) boots the emulated kernel with 1 CPU(s),
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
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "core/testing/repro.h"


static void internal_fn(struct work_struct *work)
{
	(void)work;
}

/* step 0, actor t0 */
static void step0_t0(void)
{
	schedule_on_each_cpu(internal_fn);
}

/* step 0, actor t1 */
static void step0_t1(void)
{
	schedule_on_each_cpu(internal_fn);
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 1, .actors = 2,
		.sched = RP_PCT, .seed = 2069412640u, .depth = 2,
		.fault = RP_FAULT_NONE, .fault_nth = 0,
	};

	rp_boot(&cfg);
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, step0_t1 });
	rp_end();
}
