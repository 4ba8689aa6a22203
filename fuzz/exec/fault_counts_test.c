// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault counts the executor records per program (feedback.h) are
 * the calls its run reached from the fault's arming: the n-th kthread
 * or allocation fault at n = the count changes the run, at n = count + 1
 * it fires nowhere (the run is the unfaulted one, trace for trace). So a
 * mutator that draws n from 1..count (fuzz/mutate) always hits a call.
 */
#include <string.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/exec/feedback.h"

/* Creation and hotplug: kthread_create() and allocations after setup. */
static const char prog_text[] =
	"cpus 2\n"
	"actors 2\n"
	"schedule pct seed=1 depth=1\n"
	"wq q0 multi\n"
	"wq q1 singlethread\n"
	"work w0 plain q0 nop\n"
	"step 0\n"
	"  t0: destroy_workqueue q1\n"
	"  t1: queue_work q0 w0\n"
	"step 1\n"
	"  t0: create_workqueue q1\n"
	"step 2\n"
	"  t0: cpu_down 1\n"
	"step 3\n"
	"  t0: cpu_up 1\n";

static uint64_t run(const struct wq_prog *p, int kind, int nth)
{
	static struct wq_exec_result r;
	struct wq_prog q = *p;

	q.fault = (uint8_t)kind;
	q.fault_nth = (uint8_t)nth;
	XT_CHECK(wq_exec_run(&q, NULL, &r) == 0);
	return r.trace_hash;
}

/* n = count fires (another run), n = count + 1 does not (the same run). */
static void check_kind(const struct wq_prog *p, int kind, unsigned long n,
		       uint64_t clean, const char *what)
{
	uint64_t at = run(p, kind, (int)n), past;

	XT_CHECK(n >= 1 && n < WQ_MAX_FAULT_NTH);
	past = run(p, kind, (int)n + 1);
	printf("fault_counts_test: %s: %lu calls; fault at %lu %s the run, at %lu %s\n",
	       what, n, n, at != clean ? "changes" : "does NOT change", n + 1,
	       past == clean ? "does not" : "DOES");
	XT_CHECK(at != clean);
	XT_CHECK(past == clean);
}

int main(void)
{
	static struct wq_prog p, other;
	unsigned long allocs = 0, kthreads = 0, a2, k2;
	uint64_t clean;

	xt_parse(prog_text, &p);
	other = p;
	other.sched_seed = 99;
	XT_CHECK(!wq_feedback_counts(&p, &allocs, &kthreads));
	clean = run(&p, WQ_FAULT_NONE, 0);
	XT_CHECK(wq_feedback_counts(&p, &allocs, &kthreads));
	/* q1's thread, then one per workqueue for cpu_up (q0, events) */
	XT_CHECK(kthreads == 3);
	XT_CHECK(allocs >= 1);
	XT_CHECK(!wq_feedback_counts(&other, &a2, &k2));
	check_kind(&p, WQ_FAULT_KTHREAD, kthreads, clean, "kthread_create");
	check_kind(&p, WQ_FAULT_ALLOC, allocs, clean, "allocations");
	printf("fault_counts_test: PASS\n");
	return 0;
}
