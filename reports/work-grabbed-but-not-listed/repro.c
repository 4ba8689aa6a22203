// SPDX-License-Identifier: GPL-2.0-only
/*
 * work grabbed but not listed
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build grab_pending_no_recheck. Written by wqkit triage
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

static struct rp_work w0;	/* plain, on keventd */

static void w0_fn(struct work_struct *work)
{
	(void)work;
}

/* step 0, actor t0 */
static void step0_t0(void)
{
	get_online_cpus();
	if (cpu_online(1))
		rp_check_queue("schedule_work_on", &w0, schedule_work_on(1, &w0.work));
	put_online_cpus();
}

/* step 0, actor t1 */
static void step0_t1(void)
{
	rp_check_cancel_sync("cancel_work_sync", &w0, cancel_work_sync(&w0.work));
}

/* step 0, actor t2 */
static void step0_t2(void)
{
	rp_check_queue("schedule_work", &w0, schedule_work(&w0.work));
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 2, .actors = 3,
		.sched = RP_RANDOM, .seed = 3783807086u, .depth = 2,
		.fault = RP_FAULT_NONE, .fault_nth = 0,
	};

	rp_boot(&cfg);
	rp_init_work(&w0, 0, w0_fn, false);
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0, step0_t1, step0_t2 });
	rp_end();
}
