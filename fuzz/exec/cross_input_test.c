// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inputs do not leak into each other: the legal corpus programs run one
 * after the other in ONE process, as a fuzzer runs inputs, switched to
 * controlled mode (pct and random, a new seed each pass), and every run
 * must pass. Guards the reset: a task's pool thread that was still in
 * task_exit() (holding the stop_machine read side in complete()) when
 * kenv_reset() returned made a later input's cpu_down a false "deadlock
 * in cpu_down" under the controlled scheduler.
 *
 * And a controlled run does not depend on what ran before it: each legal
 * program, under PCT with a fixed seed, gives the trace hash of its first
 * run again when run in reverse order and when a free-mode run of
 * another program comes just before it (a free run leaves the pool
 * threads on the process's CPU mask and policy, a controlled one on one
 * CPU: kenv_config.one_cpu).
 */
#include <string.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/report/report.h"

#define PASSES		24
#define ORDERS		3	/* forward, reverse, after a free run */

static struct wq_exec_result r;

/* Run corpus program @i under PCT with its fixed seed; its trace hash. */
static uint64_t pct_hash(int i, const struct wq_exec_opts *o)
{
	struct wq_prog p = xt_progs[i];

	p.sched_mode = WQ_SCHED_PCT;
	p.sched_seed = 77u + i;
	if (wq_exec_run(&p, o, &r)) {
		fprintf(stderr, "%s under pct:\n", xt_names[i]);
		wq_report_print(stderr, &p, &r);
		XT_CHECK(0);
	}
	return r.trace_hash;
}

/* A free-mode run of the first legal program after @i (its verdict is
 * checked elsewhere). */
static void free_run(int i, int n, const struct wq_exec_opts *o)
{
	struct wq_prog p;

	do
		i = (i + 1) % n;
	while (xt_progs[i].misuse);
	p = xt_progs[i];
	p.sched_mode = WQ_SCHED_FREE;
	wq_exec_run(&p, o, &r);
	XT_CHECK(!r.kenv_left_up);
}

/* The same program, the same hash, whatever ran before it. */
static int check_predecessors(int n, const struct wq_exec_opts *o)
{
	static uint64_t ref[XT_MAX_PROGS];
	int order, k, i, checked = 0;

	for (order = 0; order < ORDERS; order++) {
		for (k = 0; k < n; k++) {
			i = order == 1 ? n - 1 - k : k;
			if (xt_progs[i].misuse)
				continue;
			if (order == 2)
				free_run(i, n, o);
			if (!order) {
				ref[i] = pct_hash(i, o);
				continue;
			}
			if (pct_hash(i, o) != ref[i]) {
				fprintf(stderr, "%s: trace hash %016llx after %s, %016llx first\n",
					xt_names[i], (unsigned long long)r.trace_hash,
					order == 1 ? "the reverse order" : "a free run",
					(unsigned long long)ref[i]);
				XT_CHECK(0);
			}
			checked++;
		}
	}
	return checked;
}

int main(void)
{
	struct wq_exec_opts o;
	struct wq_prog p;
	int n, pass, i, runs = 0, same;

	n = xt_load_corpus();
	xt_opts_default(&o);
	same = check_predecessors(n, &o);
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
	printf("cross_input_test: %d runs in one process, all passed; %d controlled runs after other predecessors kept their first trace hash\n",
	       runs, same);
	return 0;
}
