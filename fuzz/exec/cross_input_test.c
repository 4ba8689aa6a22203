// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inputs do not leak into each other: the legal corpus programs run one
 * after the other in ONE process, as a fuzzer runs inputs, switched to
 * controlled mode (pct and random, a new seed each pass), and every run
 * must pass. Guards the reset: a task's pool thread that was still in
 * task_exit() (holding the stop_machine read side in complete()) when
 * kenv_reset() returned made a later input's cpu_down a false "deadlock
 * in cpu_down" under the controlled scheduler.
 */
#include <string.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/report/report.h"

#define PASSES		24

int main(void)
{
	static struct wq_exec_result r;
	struct wq_exec_opts o;
	struct wq_prog p;
	int n, pass, i, runs = 0;

	n = xt_load_corpus();
	xt_opts_default(&o);
	for (pass = 0; pass < PASSES; pass++) {
		for (i = 0; i < n; i++) {
			if (xt_progs[i].misuse)
				continue;
			p = xt_progs[i];
			p.sched_mode = pass % 2 ? WQ_SCHED_RANDOM : WQ_SCHED_PCT;
			p.sched_seed = 1000u * pass + i;
			if (wq_exec_run(&p, &o, &r)) {
				fprintf(stderr, "pass %d, %s (run %d in this process):\n",
					pass, xt_names[i], runs + 1);
				wq_report_print(stderr, &p, &r);
				XT_CHECK(0);
			}
			runs++;
		}
	}
	printf("cross_input_test: %d runs in one process, all passed\n", runs);
	return 0;
}
