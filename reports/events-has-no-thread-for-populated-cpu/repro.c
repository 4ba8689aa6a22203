// SPDX-License-Identifier: GPL-2.0-only
/*
 * events has no thread for populated cpu
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build prepare_fail_no_undo. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t1; the runtime
 * (core/testing/repro.h) boots the emulated kernel with 2 CPU(s),
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


/* step 0, actor t0 */
static void step0_t0(void)
{
	cpu_down(1);
}

/* step 0, actor t1 */
static void step0_t1(void)
{
	cpu_up(1);
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 2, .actors = 2,
		.sched = RP_PCT, .seed = 1013904226u, .depth = 1,
		.fault = RP_FAULT_KTHREAD, .fault_nth = 1,
	};

	rp_boot(&cfg);
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, step0_t1 });
	rp_end();
}
