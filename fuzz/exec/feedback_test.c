// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interleaving counters (feedback.c) are a function of the input:
 * one program under one schedule gives the same wq_ilcov every run, and
 * runs of it under other schedule seeds whose interleaving differs (the
 * trace hash differs) give other counters: the seeds split into at least
 * as many counter sets as traces, or close to it (the counters also see
 * lock order, which the event trace does not). Prints the figures.
 */
#include <string.h>

#include "fuzz/exec/exectest.h"
#include "fuzz/exec/feedback.h"

#define REPEAT	20
#define NSEEDS	24

/* A queue/cancel/flush race with hotplug: many interleavings. */
static const char prog_text[] =
	"cpus 2\n"
	"actors 3\n"
	"schedule pct seed=1 depth=3\n"
	"wq q0 multi\n"
	"work w0 plain q0 nop\n"
	"work w1 delayed q0 nop\n"
	"step 0\n"
	"  t0: queue_work q0 w0\n"
	"  t1: cancel_work_sync w0\n"
	"  t2: queue_delayed_work_on 1 q0 w1 1\n"
	"step 1\n"
	"  t0: advance_jiffies 1\n"
	"  t1: cancel_delayed_work w1\n"
	"  t2: flush_work w0\n"
	"step 2\n"
	"  t0: cpu_down 1\n"
	"  t1: queue_work_on 1 q0 w0\n"
	"  t2: flush_workqueue q0\n";

struct run {
	uint64_t trace;
	uint8_t ilcov[WQ_ILCOV_SIZE];
};

static struct run runs[NSEEDS];

static int nonzero(const uint8_t *c)
{
	int i, n = 0;

	for (i = 0; i < WQ_ILCOV_SIZE; i++)
		n += c[i] != 0;
	return n;
}

static void run(const struct wq_prog *p, struct run *out)
{
	static struct wq_exec_result r;

	XT_CHECK(wq_exec_run(p, NULL, &r) == 0);
	out->trace = r.trace_hash;
	memcpy(out->ilcov, wq_ilcov, sizeof(out->ilcov));
}

/* The same input, REPEAT times: the same counters. */
static void test_same_input(struct wq_prog *p)
{
	static struct run first, again;
	int i;

	p->sched_seed = 1;
	run(p, &first);
	XT_CHECK(nonzero(first.ilcov) > 0);
	for (i = 1; i < REPEAT; i++) {
		run(p, &again);
		XT_CHECK(again.trace == first.trace);
		XT_CHECK(!memcmp(again.ilcov, first.ilcov, sizeof(first.ilcov)));
	}
	printf("feedback_test: same input x %d: identical counters (%d non-zero of %d)\n",
	       REPEAT, nonzero(first.ilcov), WQ_ILCOV_SIZE);
}

/* Other seeds: other interleavings, other counters. */
static void test_interleavings(struct wq_prog *p)
{
	int i, j, traces = 0, sets = 0, split = 0;

	for (i = 0; i < NSEEDS; i++) {
		p->sched_seed = 1000 + 7919u * (unsigned int)i;
		run(p, &runs[i]);
	}
	for (i = 0; i < NSEEDS; i++) {
		bool new_trace = true, new_set = true;

		for (j = 0; j < i; j++) {
			bool same_trace = runs[j].trace == runs[i].trace;
			bool same_set = !memcmp(runs[j].ilcov, runs[i].ilcov,
						 sizeof(runs[i].ilcov));

			new_trace &= !same_trace;
			new_set &= !same_set;
			split += !same_trace && !same_set;
		}
		traces += new_trace;
		sets += new_set;
	}
	printf("feedback_test: %d seeds: %d distinct traces, %d distinct counter sets; %d pairs of runs told apart by their counters\n",
	       NSEEDS, traces, sets, split);
	XT_CHECK(traces >= 4);
	/* Nearly every interleaving differs in what the counters see too. */
	XT_CHECK(sets * 4 >= traces * 3);
}

int main(void)
{
	static struct wq_prog p;

	xt_parse(prog_text, &p);
	test_same_input(&p);
	test_interleavings(&p);
	printf("feedback_test: PASS\n");
	return 0;
}
