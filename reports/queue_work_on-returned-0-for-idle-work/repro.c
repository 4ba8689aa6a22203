// SPDX-License-Identifier: GPL-2.0-only
/*
 * queue_work_on returned 0 for idle work
 *
 * Reproducer of a failure of the Linux 2.6.29 workqueue (wqkit's port,
 * core/workqueue.c), found on build clear_pending_late. Written by wqkit triage
 * (fuzz/report/csource.c) from the minimized program repro.wq: each
 * step's ops run at once, one per actor task t0..t0; the runtime
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

static struct rp_work w0;	/* plain, on keventd */
static _Atomic int w0_credits = 3;	/* times it requeues itself */

static bool take_credit(_Atomic int *credits)
{
	int left = atomic_load(credits);

	while (left > 0)
		if (atomic_compare_exchange_weak(credits, &left, left - 1))
			return true;
	return false;
}

static void w0_fn(struct work_struct *work)
{
	(void)work;
	if (take_credit(&w0_credits))
		rp_check_queue("schedule_work", &w0, schedule_work(&w0.work));
}

/* step 0, actor t0 */
static void step0_t0(void)
{
	get_online_cpus();
	if (cpu_online(0))
		rp_check_queue("schedule_work_on", &w0, schedule_work_on(0, &w0.work));
	put_online_cpus();
}

int main(void)
{
	static const struct rp_config cfg = {
		.cpus = 1, .actors = 1,
		.sched = RP_PCT, .seed = 2723777235u, .depth = 1,
		.fault = RP_FAULT_NONE, .fault_nth = 0,
	};

	rp_boot(&cfg);
	rp_init_work(&w0, 0, w0_fn, false);
	rp_start();

	rp_step(0, (rp_op_fn[RP_MAX_ACTORS]){ step0_t0 });
	rp_end();
}
